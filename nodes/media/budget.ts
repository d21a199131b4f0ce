/**
 * Meeting a byte budget: the JPEG quality search and the animated-GIF ladder. Pure decisions;
 * the encoder is passed in, so the strategy is testable without pixels.
 */

/**
 * JPEG quality range. The ceiling is 100 because the goal is the best-looking file that fits,
 * the same ceiling ImageMagick's `jpeg:extent` search uses (media.md §3). Below 40 blocking is
 * worse than the softness of a smaller picture, so the floor is where shrinking starts instead
 * (media.md §3: the 30 KB case settled at q40 after shrinking).
 */
export const JPEG_QUALITY = { cap: 100, floor: 40 };

/**
 * Full-size encodes per size. The search itself runs on estimates (see QualityProbe); real
 * encodes only confirm, calibrate and, rarely, correct it.
 */
export const MAX_REAL_ENCODES = 4;

/**
 * How a quality search sees the encoder. `estimate` must be cheap and roughly right (within a
 * few per cent near the answer, and rising with quality); `encode` makes the real file.
 */
export interface QualityProbe {
	estimate(quality: number): Promise<number>;
	encode(quality: number): Promise<Buffer>;
}

export interface QualityResult {
	/** The highest quality found that fits, with its file; undefined when even the floor is too big. */
	fit?: { quality: number; buffer: Buffer };
	/** Real size at the floor, when the floor was encoded: how far off the budget the image is. */
	floorBytes?: number;
}

interface Point {
	quality: number;
	bytes: number;
}

/**
 * libjpeg turns quality into a scale for its quantisation tables (jcparam.c,
 * jpeg_quality_scaling): 5000/q below 50, 200 − 2q from 50 up. File size is close to linear in
 * log(size) against log(scale) over the whole range, where against quality it bends sharply
 * above ~90, so the interpolation below works in log(scale). q100 (scale 0, every step 1) is
 * placed at scale 1.
 */
const logScale = (quality: number) => Math.log(quality < 50 ? 5000 / quality : Math.max(1, 200 - 2 * quality));
const qualityAt = (logScaleValue: number) => {
	const scale = Math.exp(logScaleValue);
	return scale > 100 ? 5000 / scale : (200 - scale) / 2;
};

/** Where log(size) crosses log(budget) on the line through two tried points (media.md §3 "guess"). */
function interpolate(low: Point, high: Point, budget: number): number {
	const span = Math.log(high.bytes) - Math.log(low.bytes);
	if (span <= 0) return Math.floor((low.quality + high.quality) / 2);
	const share = (Math.log(budget) - Math.log(low.bytes)) / span;
	return Math.round(qualityAt(logScale(low.quality) + share * (logScale(high.quality) - logScale(low.quality))));
}

/**
 * The highest integer quality whose file fits `budget`, as media.md §3 recommends: try the cap
 * first, then the floor, then interpolate on log(size) — run on the probe's estimates, with a
 * bisection after any step that moved the same end of the bracket twice (interpolation alone
 * converges from one side where size explodes near q100). Each real encode then checks the
 * answer and recalibrates the estimates (real ÷ estimated size), and the search resumes in the
 * range still open: above a quality that fitted, below one that did not.
 */
export async function searchQuality(probe: QualityProbe, budget: number, range = JPEG_QUALITY, maxRealEncodes = MAX_REAL_ENCODES): Promise<QualityResult> {
	const estimates = new Map<number, number>();
	const estimate = async (quality: number) => {
		if (!estimates.has(quality)) estimates.set(quality, await probe.estimate(quality));
		return estimates.get(quality) as number;
	};
	let calibration = 1;
	const fitsEstimate = async (quality: number) => (await estimate(quality)) * calibration <= budget;

	let fit: QualityResult['fit'];
	// lowest quality whose real file was too big
	let tooBig = range.cap + 1;

	/** The next quality to encode for real, in the range still open; undefined when the answer is known. */
	const candidate = async (): Promise<number | undefined> => {
		const bottom = fit ? fit.quality + 1 : range.floor;
		const top = tooBig - 1;
		if (bottom > top) return undefined;
		if (await fitsEstimate(top)) return top;
		// nothing above a known fit looks like fitting: that fit is the answer; with no fit yet, the floor decides
		if (!(await fitsEstimate(bottom))) return fit ? undefined : range.floor;
		let low: Point = { quality: bottom, bytes: await estimate(bottom) };
		let high: Point = { quality: top, bytes: await estimate(top) };
		let lastMoved: 'low' | 'high' | undefined;
		let repeated = false;
		while (high.quality - low.quality > 1) {
			const guess = repeated ? Math.floor((low.quality + high.quality) / 2) : interpolate(low, high, budget / calibration);
			const quality = Math.min(high.quality - 1, Math.max(low.quality + 1, guess));
			const point = { quality, bytes: await estimate(quality) };
			const moved = point.bytes * calibration <= budget ? 'low' : 'high';
			if (moved === 'low') low = point;
			else high = point;
			repeated = moved === lastMoved;
			lastMoved = moved;
		}
		return low.quality;
	};

	for (let encodes = 0; encodes < maxRealEncodes; encodes++) {
		const quality = await candidate();
		if (quality === undefined) break;
		const buffer = await probe.encode(quality);
		calibration = buffer.length / (await estimate(quality));
		if (buffer.length <= budget) {
			fit = { quality, buffer };
		} else {
			tooBig = quality;
			if (quality === range.floor) return { floorBytes: buffer.length };
		}
	}
	if (fit) return { fit };
	// the encode limit ran out on misses above the floor: the floor still decides between fitting and shrinking
	const floor = await probe.encode(range.floor);
	return floor.length <= budget ? { fit: { quality: range.floor, buffer: floor } } : { floorBytes: floor.length };
}

// ---------------------------------------------------------------------------------------------
// Animated GIF

export interface GifRung {
	/** Long edge cap for this rung (the profile's own cap still applies). */
	maxDimension: number;
	interFrameMaxError: number;
	colours: number;
	dither: number;
	/** Keep every n-th frame. */
	keepEvery: number;
	/**
	 * Size relative to a plain re-encode at the same dimensions and frame count, measured on
	 * media.md §4.1's 800 × 800, 40-frame GIF. Only used to pick where to start; every result
	 * is checked against the budget.
	 */
	relativeSize: number;
}

/**
 * Each rung gives up more than the one before (media.md §4.1, "ladder: width 480→360→320,
 * ifme 8→16→32, colours 256→16, drop frames"). Colour counts go 256 → 16 in one step because
 * libvips rounds the palette to a bit depth: 17–256 colours all produce the same file (§2).
 */
export const GIF_LADDER: GifRung[] = [
	{ maxDimension: Infinity, interFrameMaxError: 0, colours: 256, dither: 1, keepEvery: 1, relativeSize: 1 },
	// 2118 / 2404 KiB at 480 px
	{ maxDimension: 480, interFrameMaxError: 8, colours: 256, dither: 1, keepEvery: 1, relativeSize: 0.88 },
	// 311 / 2404 KiB: 16 colours, no dither, ifme 16
	{ maxDimension: 360, interFrameMaxError: 16, colours: 16, dither: 0, keepEvery: 1, relativeSize: 0.13 },
	// the above with every second frame dropped (×0.56: 1180 / 2118 KiB)
	{ maxDimension: 320, interFrameMaxError: 32, colours: 16, dither: 0, keepEvery: 2, relativeSize: 0.07 },
];

/** GIF encodes cost 1–3 s each (media.md §4.1): a GIF gets at most this many before falling back to a still. */
export const MAX_GIF_ENCODES = 3;

export interface RungShape {
	/** Pixels per frame at this rung. */
	pixels: number;
	frames: number;
}

/**
 * Predicted bytes of each rung, scaled from one known size: either the source file (before any
 * encode) or the last attempt (`known`, at rung `knownRung`). Size is taken as proportional to
 * pixels × frames × the rung's relative size.
 */
export function predictGifSizes(shapes: RungShape[], known: { bytes: number; shape: RungShape; relativeSize: number }): number[] {
	const perUnit = known.bytes / (known.shape.pixels * known.shape.frames * known.relativeSize);
	return shapes.map((shape, index) => perUnit * shape.pixels * shape.frames * GIF_LADDER[index].relativeSize);
}

/**
 * The next rung to encode after `after` (−1 before the first): the first predicted to fit, or
 * the last rung as a final try when none is. Undefined when the ladder is exhausted.
 */
export function nextGifRung(predicted: number[], budget: number, after: number): number | undefined {
	for (let rung = after + 1; rung < predicted.length; rung++) if (predicted[rung] <= budget) return rung;
	const last = predicted.length - 1;
	return after < last ? last : undefined;
}
