/**
 * Geometry: how large the delivered image is. Pure functions, no pixels.
 */
export interface Size {
	width: number;
	height: number;
}

/** EXIF orientations 5–8 store the picture turned by 90°: displayed width and height swap. */
export function orientedSize(width: number, height: number, orientation: number): Size {
	return orientation >= 5 && orientation <= 8 ? { width: height, height: width } : { width, height };
}

/** Fit inside a square of `maxDimension`, keeping the aspect ratio and never enlarging (sharp's `fit: 'inside'`). */
export function fitInside(size: Size, maxDimension: number): Size {
	const scale = Math.min(1, maxDimension / Math.max(size.width, size.height));
	if (scale >= 1) return { ...size };
	return {
		width: Math.max(1, Math.round(size.width * scale)),
		height: Math.max(1, Math.round(size.height * scale)),
	};
}

/**
 * Smallest long edge worth sending: OMA's "Image Basic" class, 160 × 120 (media.md §1.4). A budget
 * that cannot be met at this size is reported as impossible rather than met with a thumbnail.
 */
export const MIN_LONG_EDGE = 160;

/** Each shrink keeps at least half and at most 95 % of the edge, so the loop always progresses. */
const SHRINK_LIMITS = { min: 0.5, max: 0.95 };

/**
 * The next, smaller size to try when even the lowest quality was `bytes` against a `budget`.
 * Encoded size grows roughly with the pixel count, so the edge scales with √(budget / bytes),
 * with 5 % to spare. Returns undefined when the result would fall below MIN_LONG_EDGE.
 */
export function shrinkToward(size: Size, bytes: number, budget: number): Size | undefined {
	const longEdge = Math.max(size.width, size.height);
	if (longEdge <= MIN_LONG_EDGE) return undefined;
	const scale = Math.min(SHRINK_LIMITS.max, Math.max(SHRINK_LIMITS.min, Math.sqrt(budget / bytes) * 0.95));
	const target = Math.max(MIN_LONG_EDGE, Math.floor(longEdge * scale));
	return fitInside(size, target);
}
