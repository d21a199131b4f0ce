/**
 * Bandwidth's media store (providers.md §4 "Media", Bandwidth/api-docs mediaManagement.mdx):
 *
 *   PUT https://messaging.bandwidth.com/api/v2/users/{accountId}/media/{mediaId}
 *   Authorization: Basic base64(username:password)
 *   Content-Type: image/jpeg
 *   <raw bytes>
 *
 *   HTTP 204 No Content
 *
 * The client names the object and a PUT to an existing name overwrites it, so naming it after
 * the content hash makes a re-upload of the same file (a re-run drop) land on the same object.
 * Stored files are kept about 48 hours: long enough for a drop, not for a schedule.
 */
import { EXTENSION_BY_MEDIA_TYPE, isSuccess, parseJson } from '../shared';
import type { HttpRequestSpec, HttpResponse, MediaFile, MediaRef, MediaUploader, ProviderCredentials } from '../types';
import { ProviderResponseError } from '../types';
import { authorization, mediaStoreUrl } from './account';

/** `<sha256>.<ext>`: stable for the same bytes, safe in a URL path segment. */
export function mediaIdFor(file: MediaFile): string {
	const fromName = /\.([A-Za-z0-9]{1,8})$/.exec(file.fileName)?.[1];
	const extension = EXTENSION_BY_MEDIA_TYPE[file.mimeType.toLowerCase()] ?? fromName?.toLowerCase();
	const hash = file.sha256.toLowerCase();
	return extension ? `${hash}.${extension}` : hash;
}

function buildRequest(credentials: ProviderCredentials, file: MediaFile): HttpRequestSpec {
	return {
		method: 'PUT',
		url: mediaStoreUrl(credentials, mediaIdFor(file)),
		headers: { authorization: authorization(credentials), 'content-type': file.mimeType },
		body: file.data,
	};
}

/**
 * The reply carries no body, and this function sees no credentials, so the reference is the
 * media id; `buildSendRequest` turns it into the store URL the message must carry.
 */
/** We name the stored object (from its hash), so the planned reference is the real one. */
function plannedReference(file: MediaFile): MediaRef {
	return { mediaId: mediaIdFor(file), contentType: file.mimeType, bytes: file.data.length, fileName: file.fileName };
}

function parseResponse(file: MediaFile, response: HttpResponse): MediaRef {
	if (isSuccess(response)) return plannedReference(file);
	const error = parseJson(response.body) as { type?: unknown; description?: unknown } | undefined;
	const detail =
		error && typeof error.type === 'string'
			? `${error.type}${typeof error.description === 'string' ? `: ${error.description}` : ''}`
			: response.body.slice(0, 200);
	throw new ProviderResponseError(`Bandwidth media upload of ${file.fileName} failed (HTTP ${response.status}): ${detail}`, response.status);
}

export const bandwidthUploader: MediaUploader = { buildRequest, parseResponse, plannedReference };
