/**
 * Decides what will be done to one file before any pixel is touched: the route, the output
 * format and the list of steps. The pipeline runs this list, adds what only running can tell
 * (the quality found, a shrink for the budget, frames dropped) and returns it as `steps`.
 */
import { FLATTEN_BACKGROUND } from './encode';
import { MediaError, formatBytes } from './errors';
import { type Size, fitInside, orientedSize } from './fit';
import type { ImageInfo, MediaInfo } from './input';
import type { Budget, OutputFormat } from './profiles';

export type RequestedFormat = 'auto' | OutputFormat;

export type Step =
	| { op: 'passThrough' }
	| { op: 'decodeHeic' }
	| { op: 'firstFrame'; frames: number }
	| { op: 'autoOrient'; orientation: number }
	| { op: 'resize'; reason: 'maxDimension' | 'budget'; from: Size; to: Size }
	| { op: 'flatten'; background: string }
	| { op: 'toSrgb'; from: string }
	| { op: 'stripMetadata' }
	| { op: 'dropFrames'; from: number; to: number }
	| { op: 'reduceColours'; colours: number; interFrameMaxError: number }
	| { op: 'encode'; format: OutputFormat; quality: number | null; palette: boolean; attempts: number; probes: number };

export type Route =
	| { kind: 'passThrough'; info: Exclude<MediaInfo, ImageInfo> }
	| {
			kind: 'still';
			info: ImageInfo;
			format: OutputFormat;
			palette: boolean;
			/** Kept from the input by `auto`: if the re-encode does not fit after all, JPEG it is. */
			kept: boolean;
			target: Size;
	  }
	| { kind: 'animated'; info: ImageInfo; target: Size };

export interface Plan {
	route: Route;
	steps: Step[];
}

/**
 * Frames × pixels an animation may have for the animated route, which decodes every frame at every
 * size it tries: a 19 MB GIF of 4,000 frames within the decode limit took 9 s and 1.27 GB for one
 * item (issue #13). 50 million is a 1280 × 1280 animation of 30 frames, or 320 × 240 of 650.
 */
export const MAX_ANIMATION_PIXELS = 50_000_000;

/** Colour spaces libvips turns into sRGB without anything worth reporting. */
const RGB_SPACES = ['srgb', 'rgb', 'rgb16', 'b-w', 'grey16'];

/** Input containers `auto` may keep as they are. */
const KEEPABLE: Record<string, OutputFormat> = { png: 'png', gif: 'gif' };

/**
 * `auto` keeps PNG and GIF only when the file already fits the budget and the size limit and the
 * profile accepts the format; every other image becomes JPEG (media.md §1.5, issue #5).
 */
function stillFormat(
	info: ImageInfo,
	originalBytes: number,
	requested: RequestedFormat,
	budget: Budget,
	displayed: Size,
): { format: OutputFormat; palette: boolean; kept: boolean } {
	// asked-for PNG is palette-quantised: lossless truecolour rarely fits an MMS budget
	if (requested === 'png') return { format: 'png', palette: true, kept: false };
	if (requested !== 'auto') return { format: requested, palette: false, kept: false };
	const kept = KEEPABLE[info.format];
	const alreadyFits = originalBytes <= budget.fileBytes && Math.max(displayed.width, displayed.height) <= budget.maxDimension;
	if (kept && info.pages === 1 && alreadyFits && budget.keepFormats.includes(kept)) {
		// an indexed PNG stays indexed: re-quantising a palette image loses nothing
		return { format: kept, palette: kept === 'png' && info.isPalette, kept: true };
	}
	return { format: 'jpeg', palette: false, kept: false };
}

export type StillRoute = Extract<Route, { kind: 'still' }>;

export function planMedia(info: MediaInfo, originalBytes: number, requested: RequestedFormat, budget: Budget): Plan {
	if (info.kind !== 'image') {
		if (requested !== 'auto') {
			throw new MediaError(`Cannot convert ${info.mimeType} to ${requested.toUpperCase()}`, 'Format applies to images; set it to Auto to pass other media through.');
		}
		if (originalBytes > budget.fileBytes) {
			throw new MediaError(
				`The ${info.kind} file (${info.mimeType}) is ${formatBytes(originalBytes)}, over the ${budget.profile} budget of ${formatBytes(budget.fileBytes)}`,
				`The budget is ${formatBytes(budget.messageBytes)} per message less 5 % for text and headers. Only images are resized for now: shorten or compress this file before sending it.`,
			);
		}
		return { route: { kind: 'passThrough', info }, steps: [{ op: 'passThrough' }] };
	}
	const animated = info.pages > 1 && (requested === 'gif' || (requested === 'auto' && info.format === 'gif' && budget.keepFormats.includes('gif')));
	if (!animated) return planStill(info, originalBytes, requested, budget);
	const work = info.width * info.height * info.pages;
	if (work > MAX_ANIMATION_PIXELS) {
		throw new MediaError(
			`Animation too large to resize: ${info.pages.toLocaleString('en-US')} frames of ${info.width} × ${info.height} px are ${work.toLocaleString('en-US')} pixels, more than the ${MAX_ANIMATION_PIXELS.toLocaleString('en-US')} this node animates`,
			'Use an animation with fewer or smaller frames, or set Format to JPEG to send its first frame as a still.',
		);
	}
	const { displayed, target } = geometry(info, budget);
	return { route: { kind: 'animated', info, target }, steps: imageSteps(info, displayed, target, false) };
}

/** A still image (the first frame of an animation): also the fallback for a GIF that cannot stay animated. */
export function planStill(info: ImageInfo, originalBytes: number, requested: RequestedFormat, budget: Budget): { route: StillRoute; steps: Step[] } {
	const { displayed, target } = geometry(info, budget);
	return {
		route: { kind: 'still', info, target, ...stillFormat(info, originalBytes, requested, budget, displayed) },
		steps: imageSteps(info, displayed, target, info.pages > 1),
	};
}

function geometry(info: ImageInfo, budget: Budget): { displayed: Size; target: Size } {
	// libheif applies HEIF's own rotation while decoding; EXIF orientation is sharp's to apply
	const displayed = orientedSize(info.width, info.height, info.decoder === 'sharp' ? info.orientation : 1);
	return { displayed, target: fitInside(displayed, budget.maxDimension) };
}

function imageSteps(info: ImageInfo, displayed: Size, target: Size, firstFrame: boolean): Step[] {
	const steps: Step[] = [];
	if (info.decoder === 'heic') steps.push({ op: 'decodeHeic' });
	if (firstFrame) steps.push({ op: 'firstFrame', frames: info.pages });
	if (info.decoder === 'sharp' && info.orientation > 1) steps.push({ op: 'autoOrient', orientation: info.orientation });
	if (target.width !== displayed.width || target.height !== displayed.height) {
		steps.push({ op: 'resize', reason: 'maxDimension', from: displayed, to: target });
	}
	if (info.hasAlpha) steps.push({ op: 'flatten', background: FLATTEN_BACKGROUND });
	if (!RGB_SPACES.includes(info.space)) steps.push({ op: 'toSrgb', from: info.space });
	else if (info.profile === 'other') steps.push({ op: 'toSrgb', from: 'iccProfile' });
	steps.push({ op: 'stripMetadata' });
	return steps;
}

const size = ({ width, height }: Size) => `${width}×${height}`;

/** One step as a reader says it: "resized 3000×4000 → 960×1280", "JPEG quality 78". */
function sayStep(step: Step): string {
	switch (step.op) {
		case 'passThrough':
			return 'passed through unchanged';
		case 'decodeHeic':
			return 'HEIC decoded';
		case 'firstFrame':
			return `first of ${step.frames} frames`;
		case 'autoOrient':
			return `rotated upright (EXIF orientation ${step.orientation})`;
		case 'resize':
			return `resized ${size(step.from)} → ${size(step.to)}${step.reason === 'budget' ? ' to fit the budget' : ''}`;
		case 'flatten':
			return `flattened onto ${step.background === FLATTEN_BACKGROUND ? 'white' : step.background}`;
		case 'toSrgb':
			return `colours ${step.from} → sRGB`;
		case 'stripMetadata':
			return 'metadata removed';
		case 'dropFrames':
			return `frames ${step.from} → ${step.to}`;
		case 'reduceColours':
			return `${step.colours} colours`;
		case 'encode': {
			const format = step.format.toUpperCase();
			const how = step.quality !== null ? ` quality ${step.quality}` : step.palette && step.format === 'png' ? ' (palette)' : '';
			return `${format}${how}${step.attempts > 1 ? ` (${step.attempts} encodes)` : ''}`;
		}
	}
}

/**
 * The steps as one line, the way Media Prep's output shows them: a list of objects made every row
 * of n8n's table view hundreds of pixels tall (issue #15).
 */
export function describeSteps(steps: Step[]): string {
	return steps.map(sayStep).join(' · ');
}
