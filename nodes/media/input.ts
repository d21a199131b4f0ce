/**
 * Getting the bytes (a binary property or a URL) and telling what they are from the bytes
 * themselves, never from a file name or a Content-Type header.
 *
 * Why not `file-type`: it is ESM-only. Node ≥ 20.19 loads it from this CommonJS package through
 * require(esm), but Jest (ts-jest, CommonJS) can only run ES modules with
 * --experimental-vm-modules, so the node could not be tested through the engine as it runs.
 * Images are instead identified by libvips itself (sharp's header-only `metadata()`, the same
 * parser that will decode them), and the few container formats MMS carries besides images by
 * the small signature table below.
 */
import sharp, { type Metadata } from 'sharp';

import { MediaError, formatBytes } from './errors';

export type PassThroughKind = 'video' | 'audio' | 'vcard' | 'calendar' | 'pdf';

export interface ImageInfo {
	kind: 'image';
	/** libvips' name for the container: jpeg, png, webp, gif, tiff, heif. */
	format: string;
	/** HEVC-coded HEIF (iPhone photos): sharp's prebuilt libvips cannot decode it (media.md §2). */
	decoder: 'sharp' | 'heic';
	mimeType: string;
	/** As stored, before EXIF orientation. */
	width: number;
	height: number;
	/** EXIF orientation 1–8; 5–8 swap width and height. */
	orientation: number;
	pages: number;
	hasAlpha: boolean;
	/** Indexed colour (PNG palette). */
	isPalette: boolean;
	space: string;
	/** Embedded ICC profile: none, an sRGB one (nothing to convert), or another that must be converted. */
	profile: 'none' | 'srgb' | 'other';
	delay?: number[];
	loop?: number;
}

export interface OtherInfo {
	kind: PassThroughKind;
	mimeType: string;
	extension: string;
}

export type MediaInfo = ImageInfo | OtherInfo;

/**
 * Largest image accepted, in pixels: libvips' own default (0x3FFF², media.md §2 "Safety"), which
 * admits a 200 MP phone photo. The header is checked against it before anything is decoded, so
 * a file declaring 100,000 × 100,000 px fails in milliseconds.
 */
export const MAX_INPUT_PIXELS = 268_402_689;

/**
 * heic-decode returns the full-size image as RGBA in wasm memory (4 B/px): 64 MP (256 MB)
 * admits the iPhone's 48 MP HEIC with room to spare and bounds what one item can allocate.
 */
export const MAX_HEIC_PIXELS = 64_000_000;

/** Image containers the pipeline decodes (sharp's prebuilt formats, media.md §2; HEIC via heic-decode). */
const IMAGE_MIME: Record<string, string> = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	gif: 'image/gif',
	tiff: 'image/tiff',
	heif: 'image/heif',
};

interface Signature {
	kind: PassThroughKind;
	mimeType: string;
	extension: string;
	matches(bytes: Buffer): boolean;
}

const ascii = (bytes: Buffer, offset: number, text: string) =>
	bytes.length >= offset + text.length && bytes.toString('latin1', offset, offset + text.length) === text;

/** ISO-BMFF (MP4 family): `ftyp` box first; the major brand names the flavour. */
const ftypBrands = (bytes: Buffer): string[] => {
	if (!ascii(bytes, 4, 'ftyp')) return [];
	const boxSize = Math.min(bytes.readUInt32BE(0), bytes.length);
	const brands = [bytes.toString('latin1', 8, 12)];
	for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(bytes.toString('latin1', offset, offset + 4));
	return brands;
};
const majorBrandIn = (brands: string[]) => (bytes: Buffer) => brands.includes(ftypBrands(bytes)[0] ?? '');

/** Leading text after an optional UTF-8 byte-order mark and blank lines, upper-cased. */
const textStart = (bytes: Buffer) =>
	bytes
		.subarray(0, 64)
		.toString('utf8')
		.replace(/^\uFEFF/, '')
		.trimStart()
		.toUpperCase();

/**
 * What MMS carries besides images (media.md §1.3): MP4/3GP/QuickTime video, AMR/MP3/AAC/Ogg/WAV
 * audio, vCard, iCalendar and PDF. Signatures from each format's specification (ISO/IEC 14496-12
 * brands, RFC 4867 §5 AMR magic, RFC 6350 / 5545 BEGIN lines, ISO 32000 `%PDF-`).
 */
const SIGNATURES: Signature[] = [
	{ kind: 'video', mimeType: 'video/3gpp', extension: '3gp', matches: majorBrandIn(['3gp4', '3gp5', '3gp6', '3gp7', '3gs7', '3ge6', '3ge7', '3gg6']) },
	{ kind: 'video', mimeType: 'video/3gpp2', extension: '3g2', matches: majorBrandIn(['3g2a', '3g2b', '3g2c']) },
	{ kind: 'video', mimeType: 'video/quicktime', extension: 'mov', matches: majorBrandIn(['qt  ']) },
	{ kind: 'audio', mimeType: 'audio/mp4', extension: 'm4a', matches: majorBrandIn(['M4A ', 'M4B ', 'F4A ']) },
	{
		kind: 'video',
		mimeType: 'video/mp4',
		extension: 'mp4',
		matches: majorBrandIn(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'dash', 'M4V ', 'mmp4', 'MSNV', 'f4v ']),
	},
	{ kind: 'video', mimeType: 'video/webm', extension: 'webm', matches: (b) => b.length >= 4 && b.readUInt32BE(0) === 0x1a45dfa3 },
	{ kind: 'video', mimeType: 'video/x-msvideo', extension: 'avi', matches: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'AVI ') },
	{ kind: 'audio', mimeType: 'audio/wav', extension: 'wav', matches: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE') },
	{ kind: 'audio', mimeType: 'audio/amr-wb', extension: 'awb', matches: (b) => ascii(b, 0, '#!AMR-WB\n') },
	{ kind: 'audio', mimeType: 'audio/amr', extension: 'amr', matches: (b) => ascii(b, 0, '#!AMR\n') },
	{ kind: 'audio', mimeType: 'audio/ogg', extension: 'ogg', matches: (b) => ascii(b, 0, 'OggS') },
	{ kind: 'audio', mimeType: 'audio/mpeg', extension: 'mp3', matches: (b) => ascii(b, 0, 'ID3') },
	// ADTS AAC: 12-bit sync, layer 00 (an MPEG audio frame has a non-zero layer)
	{ kind: 'audio', mimeType: 'audio/aac', extension: 'aac', matches: (b) => b.length >= 2 && b[0] === 0xff && (b[1] & 0xf6) === 0xf0 },
	// MPEG-1/2 audio frame: 11-bit sync, layer ≠ 00 (JPEG's FF D8 fails the sync test)
	{ kind: 'audio', mimeType: 'audio/mpeg', extension: 'mp3', matches: (b) => b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0 && (b[1] & 0x06) !== 0 },
	{ kind: 'pdf', mimeType: 'application/pdf', extension: 'pdf', matches: (b) => ascii(b, 0, '%PDF-') },
	{ kind: 'vcard', mimeType: 'text/vcard', extension: 'vcf', matches: (b) => textStart(b).startsWith('BEGIN:VCARD') },
	{ kind: 'calendar', mimeType: 'text/calendar', extension: 'ics', matches: (b) => textStart(b).startsWith('BEGIN:VCALENDAR') },
];

/** Identifies the bytes. Throws a MediaError for empty, unknown, unsupported or oversized input. */
export async function identify(bytes: Buffer): Promise<MediaInfo> {
	if (bytes.length === 0) throw new MediaError('The input file is empty (0 bytes)');
	const signature = SIGNATURES.find((candidate) => candidate.matches(bytes));
	if (signature) return { kind: signature.kind, mimeType: signature.mimeType, extension: signature.extension };

	let metadata: Metadata;
	try {
		// Header only: nothing is decoded yet (media.md §2 "check metadata() before decoding").
		metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
	} catch (error) {
		throw new MediaError('Unsupported or unrecognized file type', `The file (${formatBytes(bytes.length)}) is not an image, video, audio, vCard, iCalendar or PDF file this node can read: ${(error as Error).message}`);
	}
	const format = metadata.format as string;
	if (!(format in IMAGE_MIME)) {
		throw new MediaError(`Unsupported image format: ${format}`, `Supported images are JPEG, PNG, GIF, WebP, TIFF, HEIC/HEIF and AVIF.`);
	}
	const width = metadata.width ?? 0;
	const height = metadata.height ?? 0;
	const pages = metadata.pages ?? 1;
	const decoder = format === 'heif' && metadata.compression === 'hevc' ? 'heic' : 'sharp';
	// an animated file decodes every frame: the whole strip counts against the limit
	const pixels = width * (metadata.pageHeight ?? height) * pages;
	const limit = decoder === 'heic' ? MAX_HEIC_PIXELS : MAX_INPUT_PIXELS;
	if (width <= 0 || height <= 0) throw new MediaError('The image declares no size: the file is corrupt');
	if (pixels > limit) {
		throw new MediaError(
			`Image too large: ${width} × ${height} px${pages > 1 ? ` × ${pages} frames` : ''} exceeds the ${limit.toLocaleString('en-US')} pixel limit`,
			'Refused before decoding: a file declaring this many pixels is either far larger than any photo or a decompression bomb.',
		);
	}
	return {
		kind: 'image',
		format,
		decoder,
		mimeType: format === 'heif' && decoder === 'sharp' ? 'image/avif' : IMAGE_MIME[format],
		width,
		height: metadata.pageHeight ?? height,
		orientation: metadata.orientation ?? 1,
		pages,
		hasAlpha: metadata.hasAlpha ?? false,
		isPalette: metadata.isPalette ?? false,
		space: metadata.space ?? 'srgb',
		profile: !metadata.icc ? 'none' : iccIsSrgb(metadata.icc) ? 'srgb' : 'other',
		delay: metadata.delay,
		loop: metadata.loop,
	};
}

/**
 * Whether an ICC profile is sRGB, by its description tag (ICC.1 §9.2.41): v2 `desc` holds ASCII,
 * v4 `mluc` UTF-16BE records. Converting sRGB to sRGB through lcms cost 80–100 ms of a 110–180 ms
 * decode of a 2560 × 1600 photo here, for no change; other profiles (Display P3, Adobe RGB) are
 * converted.
 */
export function iccIsSrgb(icc: Buffer): boolean {
	if (icc.length < 132) return false;
	const tags = Math.min(icc.readUInt32BE(128), Math.floor((icc.length - 132) / 12));
	for (let index = 0; index < tags; index++) {
		const entry = 132 + index * 12;
		if (icc.toString('latin1', entry, entry + 4) !== 'desc') continue;
		const offset = icc.readUInt32BE(entry + 4);
		const end = Math.min(icc.length, offset + icc.readUInt32BE(entry + 8));
		const type = icc.toString('latin1', offset, offset + 4);
		let text = '';
		if (type === 'desc' && offset + 12 <= end) {
			text = icc.toString('latin1', offset + 12, Math.min(end, offset + 12 + icc.readUInt32BE(offset + 8)));
		} else if (type === 'mluc' && offset + 28 <= end) {
			// first record: language, country, length, offset (from the tag start)
			const length = icc.readUInt32BE(offset + 20);
			const start = offset + icc.readUInt32BE(offset + 24);
			const utf16 = Buffer.from(icc.subarray(start, Math.min(end, start + length)));
			text = utf16.subarray(0, utf16.length - (utf16.length % 2)).swap16().toString('utf16le');
		}
		return /\bsRGB\b/.test(text);
	}
	return false;
}

// ---------------------------------------------------------------------------------------------
// URL source

/** Download cap: Sinch's largest media upload limit (video, 50,000 KB; media.md §1.1). */
export const MAX_DOWNLOAD_BYTES = 50_000_000;
/** Whole download, headers and body: the drop's default request timeout (DESIGN.md `requestTimeoutMs`). */
export const FETCH_TIMEOUT_MS = 30_000;
/** A CDN or a link shortener needs one or two hops; more than a few is a loop or a trap. */
export const MAX_REDIRECTS = 5;

export interface HttpResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: AsyncIterable<Buffer | Uint8Array>;
}

/** A GET that follows at most `maxRedirects` redirects and streams the body (n8n's httpRequest in the node). */
export type HttpGet = (
	url: string,
	options: { timeoutMs: number; maxRedirects: number; signal: AbortSignal },
) => Promise<HttpResponse>;

export interface DownloadLimits {
	maxBytes: number;
	timeoutMs: number;
	maxRedirects: number;
}

export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = {
	maxBytes: MAX_DOWNLOAD_BYTES,
	timeoutMs: FETCH_TIMEOUT_MS,
	maxRedirects: MAX_REDIRECTS,
};

/**
 * A URL as it may appear in an error: without `user:password@` and without the query string's
 * values (signed URLs carry their signature there), so an error never hands a secret on.
 */
export function redactUrl(url: URL): string {
	const shown = new URL(url.href);
	shown.username = '';
	shown.password = '';
	for (const key of [...new Set(shown.searchParams.keys())]) shown.searchParams.set(key, '…');
	shown.hash = '';
	return shown.href.replace(/%E2%80%A6/g, '…');
}

export function parseMediaUrl(raw: string): URL {
	let url: URL;
	try {
		url = new URL(raw.trim());
	} catch {
		throw new MediaError(`Invalid media URL: "${raw.length > 80 ? raw.slice(0, 77) + '…' : raw}"`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new MediaError(`Unsupported URL scheme "${url.protocol}"`, 'Only http and https URLs can be fetched.');
	}
	return url;
}

/** Fetches a URL into memory, refusing anything larger than `limits.maxBytes` as soon as that is known; `cancel` is the execution's. */
export async function download(get: HttpGet, raw: string, limits: DownloadLimits = DEFAULT_DOWNLOAD_LIMITS, cancel?: AbortSignal): Promise<Buffer> {
	const url = parseMediaUrl(raw);
	const shown = redactUrl(url);
	const timeout = AbortSignal.timeout(limits.timeoutMs);
	const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
	const tooLarge = (size: string) =>
		new MediaError(`The file at ${shown} is too large to fetch`, `It is ${size}; at most ${formatBytes(limits.maxBytes)} is downloaded.`);
	try {
		const response = await get(url.href, { timeoutMs: limits.timeoutMs, maxRedirects: limits.maxRedirects, signal });
		if (response.statusCode < 200 || response.statusCode >= 300) {
			throw new MediaError(`Fetching ${shown} failed with HTTP ${response.statusCode}`);
		}
		const declared = Number(response.headers['content-length']);
		if (Number.isFinite(declared) && declared > limits.maxBytes) throw tooLarge(formatBytes(declared));
		const chunks: Buffer[] = [];
		let received = 0;
		for await (const chunk of response.body) {
			received += chunk.length;
			if (received > limits.maxBytes) throw tooLarge(`more than ${formatBytes(limits.maxBytes)}`);
			chunks.push(Buffer.from(chunk));
		}
		return Buffer.concat(chunks);
	} catch (error) {
		if (error instanceof MediaError) throw error;
		if (cancel?.aborted) throw new MediaError(`Fetching ${shown} was cancelled`);
		if (timeout.aborted) throw new MediaError(`Fetching ${shown} timed out after ${limits.timeoutMs / 1000} s`);
		// The HTTP client's own message may repeat the URL, secrets included.
		const message = ((error as Error).message ?? String(error)).split(url.href).join(shown);
		if (/redirect/i.test(message)) {
			throw new MediaError(`Fetching ${shown} failed: more than ${limits.maxRedirects} redirects`);
		}
		throw new MediaError(`Fetching ${shown} failed: ${message}`);
	}
}

/** The last path segment of a URL, for naming the output file. */
export function fileNameFromUrl(raw: string): string | undefined {
	try {
		const segment = new URL(raw).pathname.split('/').filter(Boolean).pop();
		return segment ? decodeURIComponent(segment) : undefined;
	} catch {
		return undefined;
	}
}
