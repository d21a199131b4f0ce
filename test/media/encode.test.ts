import sharp from 'sharp';

import { type RawImage, decodeImage, dropFrames, encodeGif, encodeJpeg, jpegSample, resizeStill } from '../../nodes/media/encode';
import { MediaError } from '../../nodes/media/errors';
import { animatedGif, logoPng, photo, truncatedJpeg } from './fixtures';

/** Four 2 × 1 frames whose pixels carry the frame number. */
const strip = (): RawImage => ({
	data: Buffer.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3]),
	width: 2,
	height: 1,
	channels: 3,
	pages: 4,
	delay: [100, 50, 70, 30],
	loop: 0,
});

describe('dropFrames', () => {
	it('keeps every n-th frame and gives it the time of the frames dropped after it', () => {
		const kept = dropFrames(strip(), 2);
		expect(kept.pages).toBe(2);
		expect([...kept.data]).toEqual([0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2]);
		expect(kept.delay).toEqual([150, 100]);
	});

	it('handles a last group shorter than n', () => {
		expect(dropFrames(strip(), 3).delay).toEqual([220, 30]);
	});

	it('keeping every frame changes nothing', () => {
		const image = strip();
		expect(dropFrames(image, 1)).toBe(image);
	});
});

describe('decode and encode', () => {
	it('decodes to 3-channel sRGB inside the target, alpha flattened onto white', async () => {
		const image = await decodeImage(await logoPng(300), { target: { width: 100, height: 100 }, animated: false, profileIsSrgb: true });
		expect(image).toMatchObject({ width: 100, height: 100, channels: 3, pages: 1 });
		expect([...image.data.subarray(0, 3)]).toEqual([255, 255, 255]);
	});

	it('never enlarges', async () => {
		const image = await decodeImage(await logoPng(50), { target: { width: 1280, height: 1280 }, animated: false, profileIsSrgb: true });
		expect(image).toMatchObject({ width: 50, height: 50 });
	});

	it('resizes every frame of an animation and re-encodes it with its timing', async () => {
		const frames = await decodeImage(await animatedGif(64, 48, 5), { target: { width: 32, height: 32 }, animated: true, profileIsSrgb: true });
		expect(frames).toMatchObject({ width: 32, height: 24, pages: 5 });
		const gif = await encodeGif({ ...frames, delay: [80, 80, 80, 80, 400], loop: 0 }, { colours: 16, dither: 0, interFrameMaxError: 8 });
		expect(await sharp(gif, { animated: true }).metadata()).toMatchObject({ pages: 5, width: 32, pageHeight: 24, delay: [80, 80, 80, 80, 400] });
	});

	it('shrinks a decoded still and encodes JPEG at the quality asked', async () => {
		const image = await decodeImage(await logoPng(200), { target: { width: 200, height: 200 }, animated: false, profileIsSrgb: true });
		const smaller = await resizeStill(image, { width: 50, height: 50 });
		const low = await encodeJpeg(smaller, 40);
		const high = await encodeJpeg(smaller, 95);
		expect(await sharp(low).metadata()).toMatchObject({ format: 'jpeg', width: 50, height: 50 });
		expect(low.length).toBeLessThan(high.length);
	});

	it('turns a truncated file into a MediaError that says so', async () => {
		const attempt = decodeImage(await truncatedJpeg(), { target: { width: 100, height: 100 }, animated: false, profileIsSrgb: true });
		await expect(attempt).rejects.toBeInstanceOf(MediaError);
		await expect(attempt).rejects.toThrow('The image could not be decoded: it is corrupt or truncated');
	});
});

describe('jpegSample', () => {
	const solid = (width: number, height: number): RawImage => ({ data: Buffer.alloc(width * height * 3, 9), width, height, channels: 3, pages: 1 });

	it('keeps every fourth 16-pixel row of blocks and says how to scale its size', () => {
		const sample = jpegSample(solid(100, 300))!;
		// 300 px = 4 groups of 64 rows (and 44 left over): 4 strips of 16
		expect(sample.image).toMatchObject({ width: 100, height: 64, pages: 1 });
		expect(sample.scale).toBeCloseTo(300 / 64);
	});

	it('is not worth it for short images', () => {
		expect(jpegSample(solid(1000, 255))).toBeUndefined();
	});

	it('predicts the real file size within a few per cent on a photo', async () => {
		const image = await decodeImage(await photo(1280, 960, { seed: 4, grain: 20 }), { target: { width: 1280, height: 960 }, animated: false, profileIsSrgb: true });
		const sample = jpegSample(image)!;
		for (const quality of [85, 95]) {
			const estimate = (await encodeJpeg(sample.image, quality, false)).length * sample.scale;
			const real = (await encodeJpeg(image, quality)).length;
			expect(estimate / real).toBeGreaterThan(0.9);
			expect(estimate / real).toBeLessThan(1.15);
		}
	});
});
