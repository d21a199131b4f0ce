import { Readable } from 'node:stream';

import sharp from 'sharp';

import { MediaError } from '../../nodes/media/errors';
import { type HttpGet, MAX_INPUT_PIXELS, download, fileNameFromUrl, iccIsSrgb, identify, parseMediaUrl, redactUrl } from '../../nodes/media/input';
import { HEIC_160x120, VCARD, animatedGif, logoPng, mp4Stub, pixelBombPng, truncatedJpeg } from './fixtures';

const ftyp = (major: string, ...compatible: string[]) => {
	const body = Buffer.from(`ftyp${major}\0\0\0\0${compatible.join('')}`, 'latin1');
	const size = Buffer.alloc(4);
	size.writeUInt32BE(body.length + 4);
	return Buffer.concat([size, body, Buffer.alloc(64)]);
};

describe('identify: media MMS carries besides images', () => {
	it.each([
		['MP4', mp4Stub(1_000), 'video', 'video/mp4', 'mp4'],
		['3GP', ftyp('3gp4', '3gp4isom'), 'video', 'video/3gpp', '3gp'],
		['3G2', ftyp('3g2a', '3g2a'), 'video', 'video/3gpp2', '3g2'],
		['QuickTime', ftyp('qt  ', 'qt  '), 'video', 'video/quicktime', 'mov'],
		['M4A', ftyp('M4A ', 'M4A mp42isom'), 'audio', 'audio/mp4', 'm4a'],
		['WebM', Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]), 'video', 'video/webm', 'webm'],
		['AMR', Buffer.from('#!AMR\n\x3c\x91\x17', 'latin1'), 'audio', 'audio/amr', 'amr'],
		['AMR-WB', Buffer.from('#!AMR-WB\n\x04', 'latin1'), 'audio', 'audio/amr-wb', 'awb'],
		['MP3 with ID3', Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), 'audio', 'audio/mpeg', 'mp3'],
		['MP3 frame', Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 0]), 'audio', 'audio/mpeg', 'mp3'],
		['ADTS AAC', Buffer.from([0xff, 0xf1, 0x50, 0x80, 0, 0x1f]), 'audio', 'audio/aac', 'aac'],
		['Ogg', Buffer.from('OggS\0\x02', 'latin1'), 'audio', 'audio/ogg', 'ogg'],
		['WAV', Buffer.from('RIFF\x24\0\0\0WAVEfmt ', 'latin1'), 'audio', 'audio/wav', 'wav'],
		['PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'pdf', 'application/pdf', 'pdf'],
		['vCard', VCARD, 'vcard', 'text/vcard', 'vcf'],
		['vCard with BOM, lower case', Buffer.from('\uFEFF\r\nbegin:vcard\r\nversion:4.0\r\nend:vcard\r\n'), 'vcard', 'text/vcard', 'vcf'],
		['iCalendar', Buffer.from('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n'), 'calendar', 'text/calendar', 'ics'],
	])('%s', async (_name, bytes, kind, mimeType, extension) => {
		expect(await identify(bytes)).toEqual({ kind, mimeType, extension });
	});
});

describe('identify: images, from their headers', () => {
	it('reads a PNG header without decoding it', async () => {
		expect(await identify(await logoPng(64))).toMatchObject({ kind: 'image', format: 'png', decoder: 'sharp', mimeType: 'image/png', width: 64, height: 64, hasAlpha: true, pages: 1 });
	});

	it('reads the EXIF orientation, which the stored size does not reflect', async () => {
		const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#888' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
		expect(await identify(jpeg)).toMatchObject({ format: 'jpeg', width: 40, height: 30, orientation: 6 });
	});

	it('counts frames and keeps the delays of an animated GIF', async () => {
		expect(await identify(await animatedGif(32, 24, 5))).toMatchObject({ format: 'gif', width: 32, height: 24, pages: 5, delay: [80, 80, 80, 80, 80] });
	});

	it('sends HEVC-coded HEIF to the HEIC decoder and AVIF to sharp', async () => {
		expect(await identify(HEIC_160x120)).toMatchObject({ format: 'heif', decoder: 'heic', width: 160, height: 120 });
		const avif = await sharp({ create: { width: 16, height: 16, channels: 3, background: 'red' } }).avif().toBuffer();
		expect(await identify(avif)).toMatchObject({ format: 'heif', decoder: 'sharp', mimeType: 'image/avif' });
	});

	it('a truncated JPEG still has a readable header: decoding is what fails', async () => {
		expect(await identify(await truncatedJpeg())).toMatchObject({ kind: 'image', format: 'jpeg' });
	});
});

describe('ICC profiles', () => {
	const withProfile = (profile: string) =>
		sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } }).jpeg().withIccProfile(profile).toBuffer();

	it('recognises an sRGB profile (nothing to convert) and tells others apart', async () => {
		expect(await identify(await withProfile('srgb'))).toMatchObject({ profile: 'srgb' });
		expect(await identify(await withProfile('p3'))).toMatchObject({ profile: 'other' });
		expect(await identify(await logoPng(8))).toMatchObject({ profile: 'none' });
	});

	it('reads ICC v2 `desc` text as well as v4 `mluc` records', () => {
		const v2 = Buffer.alloc(256);
		v2.writeUInt32BE(1, 128);
		v2.write('desc', 132, 'latin1');
		v2.writeUInt32BE(144, 136);
		v2.writeUInt32BE(40, 140);
		v2.write('desc', 144, 'latin1');
		v2.writeUInt32BE(18, 152);
		v2.write('sRGB IEC61966-2.1\0', 156, 'latin1');
		expect(iccIsSrgb(v2)).toBe(true);
		v2.write('Adobe RGB (1998)\0\0', 156, 'latin1');
		expect(iccIsSrgb(v2)).toBe(false);
		expect(iccIsSrgb(Buffer.alloc(100))).toBe(false);
	});
});

describe('identify: refusals', () => {
	const refusal = async (bytes: Buffer) => {
		try {
			await identify(bytes);
		} catch (error) {
			expect(error).toBeInstanceOf(MediaError);
			return (error as MediaError).message;
		}
		throw new Error('identify accepted it');
	};

	it('empty input', async () => {
		expect(await refusal(Buffer.alloc(0))).toBe('The input file is empty (0 bytes)');
	});

	it('bytes that are no known format', async () => {
		expect(await refusal(Buffer.from('PK\x03\x04 a zip, not media', 'latin1'))).toBe('Unsupported or unrecognized file type');
	});

	it('an image format the pipeline does not take (SVG)', async () => {
		expect(await refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'))).toBe('Unsupported image format: svg');
	});

	it('a pixel bomb, from its header alone', async () => {
		expect(await refusal(pixelBombPng())).toBe(`Image too large: 100000 × 100000 px exceeds the ${MAX_INPUT_PIXELS.toLocaleString('en-US')} pixel limit`);
	});
});

describe('download', () => {
	const respond = (statusCode: number, body: Buffer | Buffer[], headers: Record<string, unknown> = {}): HttpGet => async () => ({
		statusCode,
		headers,
		body: Readable.from(Array.isArray(body) ? body : [body]),
	});
	const failure = async (promise: Promise<unknown>) => {
		await expect(promise).rejects.toBeInstanceOf(MediaError);
		return promise.catch((error: Error) => error.message);
	};

	it('returns the body and passes the redirect and time limits to the client', async () => {
		const calls: unknown[] = [];
		const get: HttpGet = async (url, options) => {
			calls.push({ url, timeoutMs: options.timeoutMs, maxRedirects: options.maxRedirects });
			return { statusCode: 200, headers: {}, body: Readable.from([Buffer.from('ab'), Buffer.from('cd')]) };
		};
		expect((await download(get, ' https://cdn.example.test/a.jpg ')).toString()).toBe('abcd');
		expect(calls).toEqual([{ url: 'https://cdn.example.test/a.jpg', timeoutMs: 30_000, maxRedirects: 5 }]);
	});

	it('refuses schemes other than http and https, and malformed URLs', async () => {
		expect(() => parseMediaUrl('ftp://example.test/a.jpg')).toThrow('Unsupported URL scheme "ftp:"');
		expect(() => parseMediaUrl('file:///etc/passwd')).toThrow('Unsupported URL scheme "file:"');
		expect(() => parseMediaUrl('not a url')).toThrow('Invalid media URL');
	});

	it('refuses a declared Content-Length over the cap before reading the body', async () => {
		const limits = { maxBytes: 1_000, timeoutMs: 1_000, maxRedirects: 5 };
		expect(await failure(download(respond(200, Buffer.alloc(10), { 'content-length': '5000' }), 'https://x.test/big', limits))).toBe(
			'The file at https://x.test/big is too large to fetch',
		);
	});

	it('stops reading once the body passes the cap, whatever the headers said', async () => {
		const limits = { maxBytes: 1_000, timeoutMs: 1_000, maxRedirects: 5 };
		const chunks = Array.from({ length: 5 }, () => Buffer.alloc(400));
		expect(await failure(download(respond(200, chunks), 'https://x.test/chunked', limits))).toBe('The file at https://x.test/chunked is too large to fetch');
	});

	it('names the HTTP status of a failed fetch', async () => {
		expect(await failure(download(respond(404, Buffer.from('nope')), 'https://x.test/missing.jpg'))).toBe('Fetching https://x.test/missing.jpg failed with HTTP 404');
	});

	it('explains a redirect loop', async () => {
		const get: HttpGet = async () => {
			throw new Error('Maximum number of redirects exceeded');
		};
		expect(await failure(download(get, 'https://x.test/loop'))).toBe('Fetching https://x.test/loop failed: more than 5 redirects');
	});

	it('gives up after the timeout', async () => {
		const get: HttpGet = (_url, { signal }) =>
			new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
		expect(await failure(download(get, 'https://x.test/slow', { maxBytes: 1_000, timeoutMs: 20, maxRedirects: 5 }))).toBe(
			'Fetching https://x.test/slow timed out after 0.02 s',
		);
	});

	it('stops when the execution is cancelled', async () => {
		const get: HttpGet = (_url, { signal }) =>
			new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
		const cancel = new AbortController();
		const fetching = download(get, 'https://x.test/slow', { maxBytes: 1_000, timeoutMs: 60_000, maxRedirects: 5 }, cancel.signal);
		cancel.abort();
		expect(await failure(fetching)).toBe('Fetching https://x.test/slow was cancelled');
	});

	// Issue #13 point 8: errors echoed user:password@ and signed query strings.
	it('never repeats credentials or query values of the URL in an error', async () => {
		const secretUrl = 'https://media-user:s3cret-pass@cdn.example.test/offer.jpg?X-Amz-Signature=abcdef0123&token=t0ken';
		const throwsWithUrl: HttpGet = async (url) => {
			throw new Error(`connect ECONNREFUSED while fetching ${url}`);
		};
		const messages = [
			await failure(download(respond(404, Buffer.from('nope')), secretUrl)),
			await failure(download(respond(200, Buffer.alloc(10), { 'content-length': '5000' }), secretUrl, { maxBytes: 1_000, timeoutMs: 1_000, maxRedirects: 5 })),
			await failure(download(throwsWithUrl, secretUrl)),
		];
		for (const message of messages) {
			expect(message).toContain('https://cdn.example.test/offer.jpg?X-Amz-Signature=…&token=…');
			expect(message).not.toMatch(/s3cret|media-user|abcdef0123|t0ken/);
		}
		expect(redactUrl(new URL('https://cdn.example.test/a.jpg'))).toBe('https://cdn.example.test/a.jpg');
	});

	it('names the output after the last path segment', () => {
		expect(fileNameFromUrl('https://cdn.example.test/a/b/Summer%20Sale.png?v=2')).toBe('Summer Sale.png');
		expect(fileNameFromUrl('https://cdn.example.test/')).toBeUndefined();
	});
});
