/**
 * Everything that touches pixels, through sharp/libvips. Stills are decoded once to raw sRGB at
 * the delivery size and then encoded as often as the budget search asks (media.md §3: decode
 * is the expensive part, an encode at 1280 px costs 10–30 ms).
 */
import heicDecode from 'heic-decode';
import sharp, { type OutputInfo, type Sharp, type SharpOptions } from 'sharp';

import { MediaError } from './errors';
import type { Size } from './fit';
import { MAX_INPUT_PIXELS } from './input';

/** MMS shows transparency as white, black or the bubble colour (media.md §1.2): pick white. */
export const FLATTEN_BACKGROUND = '#ffffff';

/** Frames stacked top to bottom (libvips' "toilet roll"); `height` is one frame's. */
export interface RawImage {
	data: Buffer;
	width: number;
	height: number;
	channels: 3;
	pages: number;
	/** Per-frame delays in ms, animated images only. */
	delay?: number[];
	loop?: number;
}

export interface DecodeOptions {
	target: Size;
	/** Decode every frame (animated GIF); otherwise the first frame only. */
	animated: boolean;
	/**
	 * The embedded profile is sRGB already: skip libvips' profile-to-sRGB conversion, which costs
	 * most of the decode and changes nothing (see iccIsSrgb).
	 */
	profileIsSrgb: boolean;
}

/**
 * sharp with the guards every untrusted input gets: the pixel limit checked once more by libvips
 * itself, and `failOn: 'warning'` (sharp's default, "use with untrusted input", media.md §2) so a
 * truncated or corrupt file is an error instead of a half-grey picture.
 */
function open(bytes: Buffer, options: SharpOptions = {}): Sharp {
	return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning', ...options });
}

/**
 * One decode: EXIF auto-orientation, shrink-on-load resize inside `target` (never enlarging),
 * alpha flattened onto white, converted to 8-bit sRGB. Metadata does not survive raw pixels.
 */
function toRaw(pipeline: Sharp, target: Size): Promise<{ data: Buffer; info: OutputInfo }> {
	return pipeline
		.resize(target.width, target.height, { fit: 'inside', withoutEnlargement: true })
		.flatten({ background: FLATTEN_BACKGROUND })
		.toColourspace('srgb')
		.raw()
		.toBuffer({ resolveWithObject: true });
}

async function decodeWith<T>(what: string, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		if (error instanceof MediaError) throw error;
		throw new MediaError(`The ${what} could not be decoded: it is corrupt or truncated`, (error as Error).message);
	}
}

export async function decodeImage(bytes: Buffer, options: DecodeOptions): Promise<RawImage> {
	return decodeWith('image', async () => {
		const pipeline = open(bytes, options.animated ? { animated: true, autoOrient: true } : { page: 0, autoOrient: true });
		const { data, info } = await toRaw(options.profileIsSrgb ? pipeline.keepIccProfile() : pipeline, options.target);
		const pages = info.pages ?? 1;
		return { data, width: info.width, height: info.pageHeight ?? info.height, channels: 3, pages };
	});
}

/** iPhone HEIC (HEVC in HEIF): decoded by libheif (wasm) since sharp's prebuilt libvips has no HEVC (media.md §2). */
export async function decodeHeic(bytes: Buffer, target: Size): Promise<RawImage> {
	// libheif hands back plain RGB(A), no profile: nothing to convert
	return decodeWith('HEIC image', async () => {
		const decoded = await heicDecode({ buffer: bytes });
		const rgba = Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
		const { data, info } = await toRaw(sharp(rgba, { raw: { width: decoded.width, height: decoded.height, channels: 4 } }), target);
		return { data, width: info.width, height: info.height, channels: 3, pages: 1 };
	});
}

function fromRaw(image: RawImage): Sharp {
	return sharp(image.data, {
		raw: { width: image.width, height: image.height * image.pages, channels: image.channels, pageHeight: image.height },
	});
}

/** A further shrink of a decoded still, when even the lowest quality did not fit. */
export async function resizeStill(image: RawImage, size: Size): Promise<RawImage> {
	const data = await fromRaw(image).resize(size.width, size.height, { fit: 'fill' }).raw().toBuffer();
	return { ...image, data, width: size.width, height: size.height };
}

/** Keeps every `keepEvery`-th frame; a kept frame also shows for the time of the ones dropped after it. */
export function dropFrames(image: RawImage, keepEvery: number): RawImage {
	if (keepEvery <= 1) return image;
	const frameBytes = image.width * image.height * image.channels;
	const delays = image.delay ?? [];
	const frames: Buffer[] = [];
	const delay: number[] = [];
	for (let page = 0; page < image.pages; page += keepEvery) {
		frames.push(image.data.subarray(page * frameBytes, (page + 1) * frameBytes));
		let shown = 0;
		for (let dropped = page; dropped < Math.min(page + keepEvery, image.pages); dropped++) shown += delays[dropped] ?? 0;
		delay.push(shown);
	}
	return { ...image, data: Buffer.concat(frames), pages: frames.length, delay };
}

/**
 * libjpeg-turbo path, 4:2:0 (mozjpeg costs ~6× the time for ±0.003 SSIM, media.md §3). Huffman
 * optimisation makes files 3–25 % smaller and doubles the encode time, so only real files get it.
 */
export function encodeJpeg(image: RawImage, quality: number, optimiseCoding = true): Promise<Buffer> {
	return fromRaw(image).jpeg({ quality, chromaSubsampling: '4:2:0', optimiseCoding }).toBuffer();
}

/** Height of a row of JPEG blocks (one MCU row at 4:2:0): a sample cut on these lines encodes to the same blocks. */
const MCU_ROW = 16;
/** Keep one MCU row in this many: a quarter of the pixels. */
const SAMPLE_EVERY = 4;

export interface JpegSample {
	image: RawImage;
	/** Multiply a sample's size by this to estimate the whole image's. */
	scale: number;
}

/**
 * Every fourth row of JPEG blocks, stacked: encoded without Huffman optimisation it costs a
 * tenth of a real encode and predicts the real size within a few per cent near the answer
 * (measured on the bench photos: 0.97–1.08 × at q85–q95). Undefined for images too short to
 * sample (fewer than four sampled rows), which are cheap to encode whole.
 */
export function jpegSample(image: RawImage): JpegSample | undefined {
	const rowBytes = image.width * image.channels;
	const rows = Math.floor(image.height / (MCU_ROW * SAMPLE_EVERY));
	if (image.pages !== 1 || rows < 4) return undefined;
	const strips: Buffer[] = [];
	for (let row = 0; row < rows; row++) {
		const top = row * MCU_ROW * SAMPLE_EVERY;
		strips.push(image.data.subarray(top * rowBytes, (top + MCU_ROW) * rowBytes));
	}
	return {
		image: { data: Buffer.concat(strips), width: image.width, height: rows * MCU_ROW, channels: 3, pages: 1 },
		scale: image.height / (rows * MCU_ROW),
	};
}

export interface PngOptions {
	/** Quantise to an indexed palette (libimagequant) instead of lossless truecolour. */
	palette: boolean;
}

export function encodePng(image: RawImage, options: PngOptions): Promise<Buffer> {
	return fromRaw(image)
		// palette effort 4: the default 7 took 5.5 s on a 1280 × 960 photo here, 4 took 0.7 s for a file 1 % larger
		.png(options.palette ? { palette: true, colours: 256, dither: 1, effort: 4 } : { compressionLevel: 9, adaptiveFiltering: true })
		.toBuffer();
}

export interface GifOptions {
	colours: number;
	dither: number;
	interFrameMaxError: number;
}

export function encodeGif(image: RawImage, options: GifOptions): Promise<Buffer> {
	return fromRaw(image)
		.gif({
			colours: options.colours,
			dither: options.dither,
			interFrameMaxError: options.interFrameMaxError,
			// explicit delays: a scalar or missing delay reads back as [80, 0, 0, …] (media.md §4.1)
			...(image.pages > 1 ? { delay: image.delay, loop: image.loop ?? 0 } : {}),
		})
		.toBuffer();
}
