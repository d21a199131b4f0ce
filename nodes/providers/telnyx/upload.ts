/**
 * Telnyx Media Storage: `POST /v2/media`, multipart with the file in field `media`
 * (providers.md §2; developers.telnyx.com Media Storage quickstart).
 *
 *   201 { "data": { "media_name": "ae6b8755-0543-4366-85aa-c28261d9174d", "content_type": "image/jpeg",
 *                   "created_at": "…", "expires_at": "…", "updated_at": "…" } }
 *
 * How a stored object goes into `media_urls` is not documented (the docs show stored media used
 * by Fax, Call Control and TeXML only, and the Messaging docs say media URLs must be publicly
 * reachable). We reference it by its documented download endpoint on the official origin,
 * `https://api.telnyx.com/v2/media/{media_name}/download`, which is Telnyx's own host, and keep
 * `media_name` as `mediaId`. Unverified against the live API.
 * No `ttl_secs` is sent: the 2-day default outlives any drop the engine runs.
 */
import { isSuccess, parseJson } from '../shared';
import type { HttpRequestSpec, HttpResponse, MediaFile, MediaRef, MediaUploader, ProviderCredentials } from '../types';
import { ProviderResponseError } from '../types';
import { TELNYX_ORIGIN } from './credential';
import { apiOrigin, bearerAuth, readErrors } from './send';

export const MEDIA_PATH = '/v2/media';

/** Where Telnyx serves a stored object; always the official origin, since Telnyx fetches it itself. */
export function storedMediaUrl(mediaName: string): string {
	return `${TELNYX_ORIGIN}${MEDIA_PATH}/${encodeURIComponent(mediaName)}/download`;
}

/** Quotes and line breaks would end the header early; file names are cosmetic, so they are dropped. */
function headerSafe(value: string): string {
	return value.replace(/["\r\n\\]/g, '_');
}

function buildRequest(credentials: ProviderCredentials, file: MediaFile): HttpRequestSpec {
	// Derived from the content hash so the request is a pure function of its input (no randomness).
	const boundary = `DropMmsTelnyx${file.sha256.slice(0, 32)}`;
	const head = Buffer.from(
		`--${boundary}\r\n` +
			`Content-Disposition: form-data; name="media"; filename="${headerSafe(file.fileName)}"\r\n` +
			`Content-Type: ${headerSafe(file.mimeType)}\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return {
		method: 'POST',
		url: apiOrigin(credentials) + MEDIA_PATH,
		headers: {
			authorization: bearerAuth(credentials),
			'content-type': `multipart/form-data; boundary=${boundary}`,
			accept: 'application/json',
		},
		body: Buffer.concat([head, file.data, tail]),
	};
}

function parseResponse(file: MediaFile, response: HttpResponse): MediaRef {
	const parsed = parseJson(response.body);
	if (!isSuccess(response)) {
		const first = readErrors(parsed)?.[0];
		const what = first ? `${first.code} ${[first.title, first.detail].filter(Boolean).join(': ')}` : response.body.slice(0, 200);
		throw new ProviderResponseError(`Telnyx media upload failed (HTTP ${response.status}): ${what}`, response.status);
	}
	const mediaName = (parsed as { data?: { media_name?: unknown } } | undefined)?.data?.media_name;
	if (typeof mediaName !== 'string' || mediaName === '') {
		throw new ProviderResponseError(
			`Telnyx media upload reply has no data.media_name (HTTP ${response.status}): ${response.body.slice(0, 200)}`,
			response.status,
		);
	}
	return {
		url: storedMediaUrl(mediaName),
		mediaId: mediaName,
		contentType: file.mimeType,
		bytes: file.data.length,
		fileName: file.fileName,
	};
}

/** Telnyx names the stored object itself; a dry run stands in a name derived from the content. */
function plannedReference(file: MediaFile): MediaRef {
	const mediaName = `planned-${file.sha256.slice(0, 16)}`;
	return { url: storedMediaUrl(mediaName), mediaId: mediaName, contentType: file.mimeType, bytes: file.data.length, fileName: file.fileName };
}

export const telnyxUploader: MediaUploader = { buildRequest, parseResponse, plannedReference };
