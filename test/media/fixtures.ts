/**
 * Test inputs, generated with sharp at test time (nothing large is committed). Each says what
 * it stands for.
 */
import { crc32, deflateSync } from 'node:zlib';

import sharp from 'sharp';

/** Marker colour painted at the stored top-left corner of the photo, to check the rotation. */
export const MARKER = { r: 255, g: 0, b: 0 };

/**
 * Photo-like: smooth colour fields (a tiny random image enlarged), shapes, and film-grain noise
 * blended over it, like media.md §3's synthetic inputs (σ = 40 is its "noisy" worst case).
 */
export async function photo(width: number, height: number, options: { seed: number; grain: number }): Promise<Buffer> {
	const cells = Buffer.alloc(8 * 6 * 3);
	let state = options.seed;
	for (let i = 0; i < cells.length; i++) {
		state = (state * 1103515245 + 12345) & 0x7fffffff;
		cells[i] = state >> 23;
	}
	const base = await sharp(cells, { raw: { width: 8, height: 6, channels: 3 } }).resize(width, height, { kernel: 'cubic' }).png().toBuffer();
	const shapes = Array.from({ length: 40 }, (_, i) => {
		const x = (i * 977) % width;
		const y = (i * 613) % height;
		const r = 40 + ((i * 131) % (width / 10));
		return `<circle cx="${x}" cy="${y}" r="${r}" fill="hsl(${(i * 47) % 360},70%,50%)" fill-opacity="0.6"/>`;
	}).join('');
	const marker = `<rect x="0" y="0" width="${Math.round(width / 8)}" height="${Math.round(height / 8)}" fill="rgb(${MARKER.r},${MARKER.g},${MARKER.b})"/>`;
	const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes}${marker}</svg>`);
	const grain = await sharp({
		create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: options.grain } },
	})
		.png()
		.toBuffer();
	const layered = await sharp(base)
		.composite([{ input: svg }, { input: grain, blend: 'soft-light' }])
		.png()
		.toBuffer();
	return layered;
}

/**
 * A 12 MP phone photo as stored by a camera held upright: 4000 × 3000 pixels with EXIF
 * orientation 6 (display turned 90° clockwise) and GPS coordinates that must not leak.
 */
export async function phoneJpeg(): Promise<Buffer> {
	const pixels = await photo(4000, 3000, { seed: 7, grain: 20 });
	return sharp(pixels)
		.jpeg({ quality: 92 })
		.withExif({
			IFD0: { Make: 'TestPhone', Model: 'Fixture 12' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 26/1 4632/100', GPSLongitudeRef: 'W', GPSLongitude: '79/1 58/1 5616/100' },
		})
		.withMetadata({ orientation: 6 })
		.toBuffer();
}

/** A logo-like RGBA PNG: a disc on a fully transparent background, half-transparent ring. */
export async function logoPng(size: number): Promise<Buffer> {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
		<circle cx="${size / 2}" cy="${size / 2}" r="${size * 0.4}" fill="#1a73e8" stroke="#34a853" stroke-opacity="0.5" stroke-width="${size / 20}"/></svg>`;
	return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A photo with an alpha channel (a cut-out): too large as PNG, so it must become JPEG. */
export async function rgbaPhotoPng(width: number, height: number): Promise<Buffer> {
	const rgb = await sharp(await photo(width, height, { seed: 3, grain: 30 }))
		.removeAlpha()
		.raw()
		.toBuffer();
	const rgba = Buffer.alloc(width * height * 4);
	for (let p = 0; p < width * height; p++) {
		rgb.copy(rgba, p * 4, p * 3, p * 3 + 3);
		// the left quarter is cut out (fully transparent)
		rgba[p * 4 + 3] = p % width < width / 4 ? 0 : 255;
	}
	return sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer();
}

/** An animated GIF: a ball moving over a gradient, `frames` frames of 80 ms. */
export async function animatedGif(width: number, height: number, frames: number, options: { noise?: boolean } = {}): Promise<Buffer> {
	const frameBytes = width * height * 3;
	const roll = Buffer.alloc(frameBytes * frames);
	let state = 99;
	for (let f = 0; f < frames; f++) {
		const cx = ((f + 0.5) / frames) * width;
		const cy = height / 2;
		for (let y = 0; y < height; y++) {
			for (let x = 0; x < width; x++) {
				const i = f * frameBytes + (y * width + x) * 3;
				const inBall = (x - cx) ** 2 + (y - cy) ** 2 < (height / 5) ** 2;
				state = (state * 1103515245 + 12345) & 0x7fffffff;
				const jitter = options.noise ? (state >> 26) - 16 : 0;
				roll[i] = inBall ? 230 : Math.max(0, Math.min(255, ((x * 255) / width) + jitter));
				roll[i + 1] = inBall ? 40 : Math.max(0, Math.min(255, ((y * 255) / height) + jitter));
				roll[i + 2] = inBall ? 40 : 160;
			}
		}
	}
	return sharp(roll, { raw: { width, height: height * frames, channels: 3, pageHeight: height } })
		// lowest effort: the fixture only has to be a valid animation, fast to make
		.gif({ delay: new Array(frames).fill(80), loop: 0, effort: 1 })
		.toBuffer();
}

/**
 * An iPhone-style HEIC (HEVC in HEIF, brand `heic`), 160 × 120: a gradient PNG made with sharp,
 * encoded by libheif's `heif-enc -q 40` (Debian libheif-examples 1.15.1; sharp cannot write
 * HEVC). 680 bytes, so it lives here as text.
 */
export const HEIC_160x120 = Buffer.from(
	'AAAAHGZ0eXBoZWljAAAAAG1pZjFoZWljbWlhZgAAAUJtZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAA' +
		'AA5waXRtAAAAAAABAAAAImlsb2MAAAAAREAAAQABAAAAAAFmAAEAAAAAAAABQgAAACNpaW5mAAAAAAABAAAAFWluZmUCAAAAAAEA' +
		'AGh2YzEAAAAAwmlwcnAAAACkaXBjbwAAAHhodmNDAQNwAAAAAAAAAAAAHvAA/P34+AAADwMgAAEAGEABDAH//wNwAAADAJAAAAMA' +
		'AAMAHroCQCEAAQArQgEBA3AAAAMAkAAAAwAAAwAeoBQgeWW6kkprm4EBAwIAAAMAAgAAAwACECIAAQAHRAHBcrBiQAAAABRpc3Bl' +
		'AAAAAAAAAKAAAAB4AAAAEHBpeGkAAAAAAwgICAAAABZpcG1hAAAAAAAAAAEAAQOBAoMAAAFKbWRhdAAAAT4oAa9UIlb5Ho4dEpso' +
		'ulXTxgcQMdGSuNKcePRLtAkBllm7VrdH+48p0SAFp+6MvsD2FutR30VStvIn9lzSReFxWor/KD+0tt/Jo3xxFYD28ymQibajHSyH' +
		'TEIYGNZPLZwRrXcf0RqKKH0W388BIrQ8MNSeAKFofmjfe1IlEV4KasQv5dX/+b8ZJKeawOLb4JKJILlHJKVDRomfGTU+sYtT+nST' +
		'WA3ZuvCz0mr1bF7kzPhaZOgJlgOvAtzOjP/xe2DH6QL11QJKa5TbA0QEYyfU4y8o37iHlavZkzkpbTXfqjRFm9uRrpuAPExFa5XQ' +
		'B3698q6weCq6+IuUZ7LrOhmoJ83mvg9GbqWmMX/fLC5YViYs0weQuJWSNNFH2Zd8QnL16SWS8mAenk6PUDSyXYS0hq7b2yWIMrFL' +
		'PRuIrKw=',
	'base64',
);

/** A JPEG cut off part-way through its entropy-coded data (an interrupted upload). */
export async function truncatedJpeg(): Promise<Buffer> {
	const whole = await sharp(await photo(800, 600, { seed: 11, grain: 20 })).jpeg({ quality: 85 }).toBuffer();
	return whole.subarray(0, Math.floor(whole.length * 0.6));
}

function pngChunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** A decompression bomb: a valid PNG of a few dozen bytes declaring 100,000 × 100,000 RGB pixels. */
export function pixelBombPng(): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(100_000, 0);
	header.writeUInt32BE(100_000, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // truecolour
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/** An MP4 as far as identification goes: an `ftyp` box (brand isom) followed by `size` bytes of media data. */
export function mp4Stub(size: number): Buffer {
	const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\x02\0isomiso2', 'latin1')]);
	return Buffer.concat([ftyp, Buffer.alloc(Math.max(0, size - ftyp.length), 7)]);
}

export const VCARD = Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Drop Test\r\nTEL;TYPE=CELL:+15551234567\r\nEND:VCARD\r\n');

/** The bytes n8n keeps for an in-memory binary. */
export function binary(data: Buffer, fileName: string, mimeType: string) {
	return { data: data.toString('base64'), fileName, mimeType };
}
