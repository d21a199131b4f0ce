import type { ImageInfo } from '../../nodes/media/input';
import { planMedia } from '../../nodes/media/plan';
import { resolveBudget } from '../../nodes/media/profiles';

const carrierSafe = resolveBudget('carrierSafe');
const clicksend = resolveBudget('clicksend');

const image = (overrides: Partial<ImageInfo>): ImageInfo => ({
	kind: 'image',
	format: 'jpeg',
	decoder: 'sharp',
	mimeType: 'image/jpeg',
	width: 4000,
	height: 3000,
	orientation: 1,
	pages: 1,
	hasAlpha: false,
	isPalette: false,
	space: 'srgb',
	profile: 'none',
	...overrides,
});

describe('planMedia: stills', () => {
	it('a rotated 12 MP photo: orient, fit inside 1280 px, strip, JPEG', () => {
		const plan = planMedia(image({ orientation: 6 }), 3_500_000, 'auto', carrierSafe);
		expect(plan.route).toMatchObject({ kind: 'still', format: 'jpeg', target: { width: 960, height: 1280 } });
		expect(plan.steps).toEqual([
			{ op: 'autoOrient', orientation: 6 },
			{ op: 'resize', reason: 'maxDimension', from: { width: 3000, height: 4000 }, to: { width: 960, height: 1280 } },
			{ op: 'stripMetadata' },
		]);
	});

	it('flattens alpha and converts CMYK, and says so', () => {
		const plan = planMedia(image({ width: 800, height: 600, hasAlpha: true, space: 'cmyk' }), 100_000, 'auto', carrierSafe);
		expect(plan.steps).toEqual([{ op: 'flatten', background: '#ffffff' }, { op: 'toSrgb', from: 'cmyk' }, { op: 'stripMetadata' }]);
	});

	it('converts a photo with a non-sRGB profile (Display P3, Adobe RGB)', () => {
		expect(planMedia(image({ width: 800, height: 600, profile: 'other' }), 100_000, 'auto', carrierSafe).steps).toContainEqual({ op: 'toSrgb', from: 'iccProfile' });
		expect(planMedia(image({ width: 800, height: 600, profile: 'srgb' }), 100_000, 'auto', carrierSafe).steps).toEqual([{ op: 'stripMetadata' }]);
	});

	it('auto keeps a PNG that already fits, indexed if it was indexed', () => {
		const png = image({ format: 'png', width: 600, height: 400, isPalette: true });
		expect(planMedia(png, 200_000, 'auto', carrierSafe).route).toMatchObject({ format: 'png', palette: true, kept: true });
	});

	it('auto turns a PNG into JPEG when it is over the budget or the size limit', () => {
		expect(planMedia(image({ format: 'png', width: 600, height: 400 }), 700_000, 'auto', carrierSafe).route).toMatchObject({ format: 'jpeg', kept: false });
		expect(planMedia(image({ format: 'png', width: 2000, height: 400 }), 200_000, 'auto', carrierSafe).route).toMatchObject({ format: 'jpeg' });
	});

	it('auto does not keep PNG for ClickSend, which only takes JPEG and GIF', () => {
		expect(planMedia(image({ format: 'png', width: 600, height: 400 }), 100_000, 'auto', clicksend).route).toMatchObject({ format: 'jpeg' });
	});

	it('asked-for PNG is palette-quantised; asked-for JPEG is JPEG whatever came in', () => {
		expect(planMedia(image({}), 3_000_000, 'png', carrierSafe).route).toMatchObject({ format: 'png', palette: true, kept: false });
		expect(planMedia(image({ format: 'png' }), 1_000, 'jpeg', carrierSafe).route).toMatchObject({ format: 'jpeg' });
	});

	it('HEIC is decoded by libheif, which applies its own rotation', () => {
		const plan = planMedia(image({ format: 'heif', decoder: 'heic', orientation: 6 }), 2_000_000, 'auto', carrierSafe);
		expect(plan.route).toMatchObject({ format: 'jpeg', target: { width: 1280, height: 960 } });
		expect(plan.steps[0]).toEqual({ op: 'decodeHeic' });
		expect(plan.steps.map((step) => step.op)).not.toContain('autoOrient');
	});
});

describe('planMedia: animations', () => {
	const gif = image({ format: 'gif', width: 480, height: 360, pages: 24, hasAlpha: true });

	it('auto keeps an animated GIF animated', () => {
		expect(planMedia(gif, 2_000_000, 'auto', carrierSafe).route).toMatchObject({ kind: 'animated', target: { width: 480, height: 360 } });
	});

	it('asking for JPEG or PNG takes the first frame', () => {
		const plan = planMedia(gif, 2_000_000, 'jpeg', carrierSafe);
		expect(plan.route).toMatchObject({ kind: 'still', format: 'jpeg' });
		expect(plan.steps[0]).toEqual({ op: 'firstFrame', frames: 24 });
	});

	// Issue #13 point 9: a 19 MB GIF of 4,000 frames took 9 s and 1.27 GB for one item.
	it('refuses an animation whose frames × pixels pass the bound, before decoding, naming the bound; its first frame can still be had', () => {
		const long = image({ format: 'gif', width: 300, height: 300, pages: 4_000 });
		expect(() => planMedia(long, 19_000_000, 'auto', carrierSafe)).toThrow(
			'Animation too large to resize: 4,000 frames of 300 × 300 px are 360,000,000 pixels, more than the 50,000,000 this node animates',
		);
		expect(planMedia(image({ format: 'gif', width: 300, height: 300, pages: 555 }), 1_000_000, 'auto', carrierSafe).route.kind).toBe('animated');
		expect(planMedia(long, 19_000_000, 'jpeg', carrierSafe).route).toMatchObject({ kind: 'still', format: 'jpeg' });
	});

	it('an animated WebP becomes an animated GIF only when GIF is asked for', () => {
		const webp = image({ format: 'webp', width: 480, height: 360, pages: 10 });
		expect(planMedia(webp, 500_000, 'auto', carrierSafe).route).toMatchObject({ kind: 'still', format: 'jpeg' });
		expect(planMedia(webp, 500_000, 'gif', carrierSafe).route).toMatchObject({ kind: 'animated' });
	});
});

describe('planMedia: everything else passes through or is refused', () => {
	const video = { kind: 'video' as const, mimeType: 'video/mp4', extension: 'mp4' };

	it('passes media within the budget through', () => {
		expect(planMedia(video, 570_000, 'auto', carrierSafe)).toEqual({ route: { kind: 'passThrough', info: video }, steps: [{ op: 'passThrough' }] });
	});

	it('refuses media over the budget, naming both sizes', () => {
		expect(() => planMedia(video, 570_001, 'auto', carrierSafe)).toThrow(
			'The video file (video/mp4) is 570 KB (570,001 bytes), over the carrierSafe budget of 570 KB (570,000 bytes)',
		);
	});

	it('refuses an image format for media that is not an image', () => {
		expect(() => planMedia(video, 1_000, 'jpeg', carrierSafe)).toThrow('Cannot convert video/mp4 to JPEG');
	});
});
