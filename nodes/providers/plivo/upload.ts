/*
 * Plivo's media store (providers.md §3 "Media"; Plivo "Upload media" docs):
 *
 *   POST https://api.plivo.com/v1/Account/{authId}/Media/   multipart/form-data, field `file`
 *
 *   200 {"api_id":"…","objects":[{"content_type":"image/jpeg","file_name":"a.jpg",
 *        "media_id":"801c2056-…","size":85277,"status":"success","status_code":201,
 *        "upload_time":"2021-02-17T07:16:09.153289Z",
 *        "media_url":"https://media.plivo.com/Account/{authId}/Media/801c2056-…"}]}
 *
 * Unused uploads are deleted after 6 hours, so the engine uploads right before sending.
 */
import { z } from 'zod';

import { isSuccess, parseJson } from '../shared';
import type { HttpRequestSpec, HttpResponse, MediaFile, MediaRef, MediaUploader, ProviderCredentials } from '../types';
import { ProviderResponseError } from '../types';
import { accountUrl, authorizationOf } from './send';

/**
 * A boundary derived from the content hash keeps the request a pure function of its input; it
 * is lengthened in the (theoretical) case that the file itself contains it.
 */
function boundaryFor(file: MediaFile): string {
	let boundary = `DropMmsPlivo${file.sha256.slice(0, 32)}`;
	while (file.data.includes(boundary)) boundary += 'x';
	return boundary;
}

/** A quoted-string for Content-Disposition: no quotes, backslashes or line breaks inside. */
function quotedFileName(fileName: string): string {
	return `"${fileName.replace(/["\\\r\n]/g, '_')}"`;
}

function buildUploadRequest(credentials: ProviderCredentials, file: MediaFile): HttpRequestSpec {
	const boundary = boundaryFor(file);
	const head =
		`--${boundary}\r\n` +
		`Content-Disposition: form-data; name="file"; filename=${quotedFileName(file.fileName)}\r\n` +
		`Content-Type: ${file.mimeType}\r\n\r\n`;
	return {
		method: 'POST',
		url: `${accountUrl(credentials)}Media/`,
		headers: {
			authorization: authorizationOf(credentials),
			'content-type': `multipart/form-data; boundary=${boundary}`,
			accept: 'application/json',
		},
		body: Buffer.concat([Buffer.from(head), file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
	};
}

const uploadReply = z.object({
	objects: z
		.array(
			z.object({
				media_id: z.string().min(1),
				media_url: z.string().optional(),
				content_type: z.string().optional(),
				size: z.number().optional(),
				status: z.string().optional(),
			}),
		)
		.min(1),
});

function parseUploadResponse(file: MediaFile, response: HttpResponse): MediaRef {
	const body = parseJson(response.body);
	if (!isSuccess(response)) {
		const error = (body as { error?: unknown } | undefined)?.error;
		const detail = typeof error === 'string' ? error : response.body.slice(0, 200);
		throw new ProviderResponseError(`Plivo media upload of ${file.fileName} failed (HTTP ${response.status}): ${detail}`, response.status);
	}
	const parsed = uploadReply.safeParse(body);
	if (!parsed.success) {
		throw new ProviderResponseError(`Unreadable Plivo media upload response (HTTP ${response.status})`, response.status);
	}
	const [stored] = parsed.data.objects;
	if (stored.status !== undefined && stored.status !== 'success') {
		throw new ProviderResponseError(`Plivo did not store ${file.fileName}: status ${stored.status}`, response.status);
	}
	return {
		mediaId: stored.media_id,
		url: stored.media_url,
		contentType: stored.content_type ?? file.mimeType,
		bytes: stored.size ?? file.data.length,
		fileName: file.fileName,
	};
}

export const plivoUploader: MediaUploader = {
	buildRequest: buildUploadRequest,
	parseResponse: parseUploadResponse,
	// Plivo assigns the media_id; a dry run stands in one derived from the content.
	plannedReference: (file) => ({ mediaId: `planned-${file.sha256.slice(0, 16)}`, contentType: file.mimeType, bytes: file.data.length, fileName: file.fileName }),
};
