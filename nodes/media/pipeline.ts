/**
 * One file in, the prepared file out: identify → plan → run the plan → describe what was done.
 */
import { GIF_LADDER, MAX_GIF_ENCODES, type RungShape, nextGifRung, predictGifSizes, searchQuality } from './budget';
import { type RawImage, decodeHeic, decodeImage, dropFrames, encodeGif, encodeJpeg, encodePng, jpegSample, resizeStill } from './encode';
import { MediaError, formatBytes } from './errors';
import { type Size, fitInside, shrinkToward } from './fit';
import { type ImageInfo, identify } from './input';
import { type RequestedFormat, type StillRoute, type Step, planMedia, planStill } from './plan';
import type { Budget, OutputFormat } from './profiles';

export interface MediaJson {
	bytes: number;
	width: number | null;
	height: number | null;
	mimeType: string;
	/** jpeg, png or gif for images; the file extension (mp4, vcf, pdf, …) for what passes through. */
	format: string;
	animated: boolean;
	originalBytes: number;
	/** JPEG quality chosen; null for lossless, palette and pass-through output. */
	quality: number | null;
	fits: boolean;
	steps: Step[];
	note?: string;
}

export interface PreparedMedia {
	data: Buffer;
	mimeType: string;
	extension: string;
	json: MediaJson;
}

export interface PrepareOptions {
	budget: Budget;
	format: RequestedFormat;
}

const OUTPUT: Record<OutputFormat, { mimeType: string; extension: string }> = {
	jpeg: { mimeType: 'image/jpeg', extension: 'jpg' },
	png: { mimeType: 'image/png', extension: 'png' },
	gif: { mimeType: 'image/gif', extension: 'gif' },
};

interface Encoded {
	data: Buffer;
	format: OutputFormat;
	size: Size;
	quality: number | null;
	animated: boolean;
	steps: Step[];
	note?: string;
}

export async function prepareMedia(bytes: Buffer, options: PrepareOptions): Promise<PreparedMedia> {
	const info = await identify(bytes);
	const plan = planMedia(info, bytes.length, options.format, options.budget);
	const { route } = plan;
	if (route.kind === 'passThrough') {
		return {
			data: bytes,
			mimeType: route.info.mimeType,
			extension: route.info.extension,
			json: describe(bytes, bytes.length, options.budget, {
				mimeType: route.info.mimeType,
				format: route.info.extension,
				size: null,
				quality: null,
				animated: false,
				steps: plan.steps,
			}),
		};
	}
	const encoded =
		route.kind === 'animated'
			? await runAnimated(bytes, route.info, route.target, plan.steps, options.budget)
			: ((await smallerThanInput(bytes, route, plan.steps, options.budget)) ?? (await runStill(bytes, route, plan.steps, options.budget.fileBytes)));
	const { mimeType, extension } = OUTPUT[encoded.format];
	return {
		data: encoded.data,
		mimeType,
		extension,
		json: describe(encoded.data, bytes.length, options.budget, { ...encoded, mimeType, size: encoded.size }),
	};
}

function describe(
	data: Buffer,
	originalBytes: number,
	budget: Budget,
	result: { mimeType: string; format: string; size: Size | null; quality: number | null; animated: boolean; steps: Step[]; note?: string },
): MediaJson {
	return {
		bytes: data.length,
		width: result.size?.width ?? null,
		height: result.size?.height ?? null,
		mimeType: result.mimeType,
		format: result.format,
		animated: result.animated,
		originalBytes,
		quality: result.quality,
		fits: data.length <= budget.fileBytes,
		steps: result.steps,
		...(result.note ? { note: result.note } : {}),
	};
}

// ---------------------------------------------------------------------------------------------
// Stills

interface Attempt {
	fit?: { buffer: Buffer; quality: number | null };
	/** Full-size encodes. */
	attempts: number;
	/** Sample encodes that steered the JPEG search. */
	probes: number;
	/** The smallest file this size produced: what the next shrink aims down from. */
	smallestBytes: number;
}

async function encodeOnce(encode: () => Promise<Buffer>, budget: number): Promise<Attempt> {
	const buffer = await encode();
	return { fit: buffer.length <= budget ? { buffer, quality: null } : undefined, attempts: 1, probes: 0, smallestBytes: buffer.length };
}

/** The JPEG quality search: estimates from a sample of the image when it is large enough, real encodes otherwise. */
async function searchJpeg(image: RawImage, budget: number): Promise<Attempt> {
	const files = new Map<number, Promise<Buffer>>();
	let probes = 0;
	const encode = (quality: number) => {
		if (!files.has(quality)) files.set(quality, encodeJpeg(image, quality));
		return files.get(quality) as Promise<Buffer>;
	};
	const sample = jpegSample(image);
	const estimate = sample
		? async (quality: number) => {
				probes++;
				return (await encodeJpeg(sample.image, quality, false)).length * sample.scale;
			}
		: async (quality: number) => (await encode(quality)).length;
	const result = await searchQuality({ estimate, encode }, budget);
	return { fit: result.fit, attempts: files.size, probes, smallestBytes: result.floorBytes ?? Number.POSITIVE_INFINITY };
}

function attemptAtSize(image: RawImage, format: OutputFormat, palette: boolean, budget: number): Promise<Attempt> {
	if (format === 'png') return encodeOnce(() => encodePng(image, { palette }), budget);
	if (format === 'gif') return encodeOnce(() => encodeGif(image, { colours: 256, dither: 1, interFrameMaxError: 0 }), budget);
	return searchJpeg(image, budget);
}

/**
 * A JPEG that already fits comes out no larger than it came in (a 231 KB JPEG used to come out at
 * 268 KB, quality 100, issue #15): the best quality is searched below the input's own size, at the
 * same dimensions. Undefined when no quality gets there; the budget's search runs instead.
 */
async function smallerThanInput(bytes: Buffer, route: StillRoute, planned: Step[], budget: Budget): Promise<Encoded | undefined> {
	if (bytes.length > budget.fileBytes || route.format !== 'jpeg' || route.info.format !== 'jpeg') return undefined;
	return await runStill(bytes, route, planned, bytes.length, false);
}

async function runStill(bytes: Buffer, route: StillRoute, planned: Step[], budget: number): Promise<Encoded>;
async function runStill(bytes: Buffer, route: StillRoute, planned: Step[], budget: number, shrink: false): Promise<Encoded | undefined>;
async function runStill(bytes: Buffer, route: StillRoute, planned: Step[], budget: number, shrink = true): Promise<Encoded | undefined> {
	let image =
		route.info.decoder === 'heic'
			? await decodeHeic(bytes, route.target)
			: await decodeImage(bytes, { target: route.target, animated: false, profileIsSrgb: route.info.profile !== 'other' });
	const decoded: Size = { width: image.width, height: image.height };
	let { format, palette } = route;
	let attempts = 0;
	let probes = 0;
	for (;;) {
		const attempt = await attemptAtSize(image, format, palette, budget);
		attempts += attempt.attempts;
		probes += attempt.probes;
		if (attempt.fit) {
			const size = { width: image.width, height: image.height };
			const steps: Step[] = [...planned];
			if (size.width !== decoded.width || size.height !== decoded.height) steps.push({ op: 'resize', reason: 'budget', from: decoded, to: size });
			steps.push({ op: 'encode', format, quality: attempt.fit.quality, palette, attempts, probes });
			return { data: attempt.fit.buffer, format, size, quality: attempt.fit.quality, animated: false, steps };
		}
		if (!shrink) return undefined;
		if (route.kept && format !== 'jpeg') {
			// `auto` kept PNG/GIF because the original fitted; re-encoded it does not: JPEG instead
			format = 'jpeg';
			palette = false;
			continue;
		}
		const next = shrinkToward({ width: image.width, height: image.height }, attempt.smallestBytes, budget);
		if (!next) {
			throw new MediaError(
				`The image cannot be made to fit ${formatBytes(budget)}`,
				`Even at ${image.width} × ${image.height} px and the lowest quality it takes ${formatBytes(attempt.smallestBytes)}.`,
			);
		}
		image = await resizeStill(image, next);
	}
}

// ---------------------------------------------------------------------------------------------
// Animated GIF

async function runAnimated(bytes: Buffer, info: ImageInfo, target: Size, planned: Step[], budget: Budget): Promise<Encoded> {
	const shapes: Array<RungShape & { size: Size }> = GIF_LADDER.map((rung) => {
		const size = fitInside(target, rung.maxDimension);
		return { size, pixels: size.width * size.height, frames: Math.ceil(info.pages / rung.keepEvery) };
	});
	// the source file stands in for a plain re-encode at its own size until a real attempt exists
	let predicted = predictGifSizes(shapes, { bytes: bytes.length, shape: { pixels: info.width * info.height, frames: info.pages }, relativeSize: 1 });
	let rung = nextGifRung(predicted, budget.fileBytes, -1);
	let smallest = Number.POSITIVE_INFINITY;
	const decodedAt = new Map<string, RawImage>();

	for (let encodes = 0; rung !== undefined && encodes < MAX_GIF_ENCODES; encodes++) {
		const settings = GIF_LADDER[rung];
		const { size } = shapes[rung];
		const key = `${size.width}x${size.height}`;
		let frames = decodedAt.get(key);
		if (!frames) {
			// animated resizing works per frame only from the file itself, so each size is its own decode
			frames = { ...(await decodeImage(bytes, { target: size, animated: true, profileIsSrgb: info.profile !== 'other' })), delay: info.delay, loop: info.loop };
			decodedAt.set(key, frames);
		}
		const kept = dropFrames(frames, settings.keepEvery);
		const data = await encodeGif(kept, settings);
		smallest = Math.min(smallest, data.length);
		if (data.length <= budget.fileBytes) {
			const steps: Step[] = [...planned];
			if (size.width !== target.width || size.height !== target.height) steps.push({ op: 'resize', reason: 'budget', from: target, to: size });
			if (kept.pages !== frames.pages) steps.push({ op: 'dropFrames', from: frames.pages, to: kept.pages });
			if (settings.colours < 256 || settings.interFrameMaxError > 0) {
				steps.push({ op: 'reduceColours', colours: settings.colours, interFrameMaxError: settings.interFrameMaxError });
			}
			steps.push({ op: 'encode', format: 'gif', quality: null, palette: true, attempts: encodes + 1, probes: 0 });
			return { data, format: 'gif', size, quality: null, animated: true, steps };
		}
		predicted = predictGifSizes(shapes, { bytes: data.length, shape: shapes[rung], relativeSize: settings.relativeSize });
		rung = nextGifRung(predicted, budget.fileBytes, rung);
	}

	const still = planStill(info, bytes.length, 'jpeg', budget);
	const frame = await runStill(bytes, still.route, still.steps, budget.fileBytes);
	const tried = Number.isFinite(smallest) ? `the smallest animation tried was ${formatBytes(smallest)}` : 'it was predicted far too large to try';
	return {
		...frame,
		note: `The ${info.pages}-frame animation does not fit ${formatBytes(budget.fileBytes)} (${tried}): its first frame was sent as a JPEG still.`,
	};
}

/**
 * A short file name: Twilio recommends ≤ 20 characters in Content-Disposition (media.md §1.1),
 * so the base keeps 16 safe characters before the extension.
 */
export function outputFileName(sourceName: string | undefined, extension: string): string {
	const base = (sourceName ?? '')
		.replace(/\.[^.]*$/, '')
		.replace(/[^A-Za-z0-9_-]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 16);
	return `${base || 'media'}.${extension}`;
}
