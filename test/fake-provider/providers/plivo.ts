/**
 * Plivo's Message, Media and Account endpoints as the fake provider speaks them
 * (providers.md §3; test/fixtures/plivo/README.md lists the documented shapes).
 *
 * Conventions for negative cases, by destination number (with or without `+`):
 * - `15005550001` is returned in `invalid_number` (HTTP 202, no message), as Plivo does for
 *   numbers it cannot route.
 * - `15005550009` is opted out. Plivo does not refuse it at send time: the request is accepted
 *   and the message later fails with callback ErrorCode 200. The fake answers the same way (a
 *   `message_uuid`, recorded in the ledger), so tests can check that nothing invents a
 *   send-time opt-out.
 * Anything else that is not 8–15 digits also lands in `invalid_number`.
 * - A number outside the account's Messaging Geo Permissions refuses the whole request with 403
 *   (what plivo-node's `isGeoPermissionError` reads as GeoPermissionError; "blocked immediately at
 *   the API level", plivo.com/docs/messaging/concepts/geo-permissions). New accounts have only the
 *   US and Canada enabled (support.plivo.com "How can I block or allow outbound SMS messages to a
 *   specific list of countries"), which the fake approximates by calling code `1`; a test widens
 *   it with the credential `geoPermissions` (calling codes, comma-separated). Plivo documents no
 *   text for this 403; the fake words it like the voice API's ("… destination country are barred").
 *
 * Strictness: Basic auth must match the credentials and the Auth ID in the path (else 401);
 * the send body must be JSON with `src`, `dst` (≤ 1,000 numbers joined by `<`), `type`
 * `sms`|`mms`, media only on MMS (≤ 10, `media_ids` must have been uploaded here), `url` an
 * http(s) URL and `method` GET|POST; uploads must be multipart with `file` parts of ≤ 2 MB.
 * Everything else is a 400 in Plivo's `{api_id, error}` shape.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import type { FakeContext, FakeProviderApi, FakeReply, FakeRequest } from '../types';

export const PLIVO_INVALID_NUMBER = '15005550001';
export const PLIVO_OPTED_OUT_NUMBER = '15005550009';

/** Calling codes of the countries a new account may message: the US and Canada (see above). */
const DEFAULT_GEO_PERMISSIONS = '1';

/** providers.md §3: "dst accepts up to 1,000 unique numbers"; uploads "≤10 files, ≤2 MB each". */
const MAX_DESTINATIONS = 1000;
const MAX_MEDIA = 10;
const MAX_UPLOAD_BYTES = 2_000_000;

function plivoError(status: number, error: string): FakeReply {
	return {
		status,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ api_id: randomUUID(), error }),
	};
}

function json(status: number, body: unknown): FakeReply {
	return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_id: randomUUID(), ...(body as object) }) };
}

/** Plivo-style UUID built from the server's counter, so runs stay reproducible. */
function messageUuid(context: FakeContext): string {
	const digits = context.nextId('');
	return `00000000-0000-4000-8000-${digits.slice(-12)}`;
}

function authorized(request: FakeRequest, context: FakeContext): boolean {
	const { authId, authToken } = context.credentials;
	const expected = 'Basic ' + Buffer.from(`${authId}:${authToken}`).toString('base64');
	return request.headers.authorization === expected && request.params.authId === authId;
}

const isStringArray = (value: unknown): value is string[] =>
	Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');

function send(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context)) return plivoError(401, 'authentication failed');
	if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
		return plivoError(400, 'content-type must be application/json');
	}
	let body: Record<string, unknown>;
	try {
		body = JSON.parse(request.body.toString('utf8'));
	} catch {
		return plivoError(400, 'invalid JSON body');
	}
	if (typeof body !== 'object' || body === null) return plivoError(400, 'invalid JSON body');
	const { src, dst, text, type = 'sms', media_urls: mediaUrls = [], media_ids: mediaIds = [], url, method = 'POST' } = body;

	if (typeof src !== 'string' || !/^\+?[0-9A-Za-z]{3,15}$/.test(src)) return plivoError(400, "invalid 'src' parameter");
	if (typeof dst !== 'string' || dst === '') return plivoError(400, "invalid 'dst' parameter");
	if (text !== undefined && typeof text !== 'string') return plivoError(400, "invalid 'text' parameter");
	if (type !== 'sms' && type !== 'mms') return plivoError(400, "invalid 'type' parameter");
	if (!isStringArray(mediaUrls) || !mediaUrls.every((item) => /^https?:\/\//.test(item))) return plivoError(400, "invalid 'media_urls' parameter");
	if (!isStringArray(mediaIds)) return plivoError(400, "invalid 'media_ids' parameter");
	const media = [...mediaUrls, ...mediaIds];
	if (type === 'sms' && media.length > 0) return plivoError(400, 'media is only allowed with type mms');
	if (type === 'mms' && media.length === 0 && !text) return plivoError(400, 'mms needs text or media');
	if (media.length > MAX_MEDIA) return plivoError(400, `media: at most ${MAX_MEDIA} items allowed`);
	const unknownId = mediaIds.find((id) => !context.media(id));
	if (unknownId) return plivoError(400, `invalid media_ids: ${unknownId} not found`);
	if (url !== undefined && (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url))) return plivoError(400, "invalid 'url' parameter");
	if (method !== 'GET' && method !== 'POST') return plivoError(400, "invalid 'method' parameter");

	// Plivo drops repeated numbers before queueing (providers.md §3 "Bulk").
	const numbers = [...new Set(dst.split('<').map((number) => number.trim().replace(/^\+/, '')))];
	if (numbers.length > MAX_DESTINATIONS) return plivoError(400, `dst: at most ${MAX_DESTINATIONS} numbers per request`);
	const invalid = numbers.filter((number) => number === PLIVO_INVALID_NUMBER || !/^\d{8,15}$/.test(number));
	const queued = numbers.filter((number) => !invalid.includes(number));
	const enabled = (context.credentials.geoPermissions ?? DEFAULT_GEO_PERMISSIONS).split(',').map((code) => code.trim());
	if (queued.some((number) => !enabled.some((code) => number.startsWith(code)))) {
		return plivoError(403, 'Messages to this destination country are barred.');
	}

	const uuids = queued.map(() => messageUuid(context));
	context.accept(
		queued.map((number, index) => ({
			messageId: uuids[index],
			batchId: null,
			to: `+${number}`,
			from: src,
			text: typeof text === 'string' ? text : '',
			subject: null,
			media,
			correlation: null,
			callbackUrl: typeof url === 'string' ? url : null,
		})),
	);
	return json(202, {
		message: 'message(s) queued',
		message_uuid: uuids,
		...(invalid.length > 0 ? { invalid_number: invalid } : {}),
	});
}

interface FilePart {
	name: string;
	fileName: string | null;
	contentType: string;
	data: Buffer;
}

/** Just enough of RFC 7578 to read what a client uploads: parts, their headers, their bytes. */
function multipartParts(body: Buffer, boundary: string): FilePart[] | null {
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: FilePart[] = [];
	let position = body.indexOf(delimiter);
	if (position < 0) return null;
	for (;;) {
		position += delimiter.length;
		if (body.subarray(position, position + 2).toString() === '--') return parts;
		if (body.subarray(position, position + 2).toString() !== '\r\n') return null;
		const next = body.indexOf(delimiter, position);
		if (next < 0) return null;
		const part = body.subarray(position + 2, next - 2);
		const headerEnd = part.indexOf('\r\n\r\n');
		if (headerEnd < 0) return null;
		const headers = part.subarray(0, headerEnd).toString('utf8');
		const disposition = /^content-disposition:\s*form-data;\s*name="([^"]*)"(?:;\s*filename="([^"]*)")?/im.exec(headers);
		if (!disposition) return null;
		parts.push({
			name: disposition[1],
			fileName: disposition[2] ?? null,
			contentType: /^content-type:\s*(.+)$/im.exec(headers)?.[1].trim() ?? 'application/octet-stream',
			data: Buffer.from(part.subarray(headerEnd + 4)),
		});
		position = next;
	}
}

function upload(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context)) return plivoError(401, 'authentication failed');
	const boundary = /^multipart\/form-data;\s*boundary=(.+)$/.exec(String(request.headers['content-type'] ?? ''))?.[1];
	if (!boundary) return plivoError(400, 'content-type must be multipart/form-data');
	const files = multipartParts(request.body, boundary.replace(/^"|"$/g, ''))?.filter((part) => part.name === 'file');
	if (!files || files.length === 0 || files.some((part) => part.fileName === null)) return plivoError(400, "'file' parameter is required");
	if (files.length > MAX_MEDIA) return plivoError(400, `at most ${MAX_MEDIA} files per upload`);
	const tooLarge = files.find((part) => part.data.length > MAX_UPLOAD_BYTES);
	if (tooLarge) return plivoError(400, `file size exceeds 2MB: ${tooLarge.fileName}`);

	const objects = files.map((part) => {
		const mediaId = messageUuid(context);
		context.storeMedia(mediaId, part.data, part.contentType);
		return {
			content_type: part.contentType,
			file_name: part.fileName,
			media_id: mediaId,
			size: part.data.length,
			status: 'success',
			status_code: 201,
			upload_time: new Date().toISOString(),
			media_url: `https://media.plivo.com/Account/${request.params.authId}/Media/${mediaId}`,
		};
	});
	return json(200, { objects });
}

function account(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context)) return plivoError(401, 'authentication failed');
	return json(200, {
		account_type: 'standard',
		auth_id: request.params.authId,
		billing_mode: 'prepaid',
		cash_credits: '24.53200',
		name: 'Drop MMS fake account',
		resource_uri: `/v1/Account/${request.params.authId}/`,
		timezone: 'America/Los_Angeles',
	});
}

const ERROR_TEXT: Record<number, string> = {
	429: 'too many requests',
	500: 'internal server error',
	503: 'service unavailable',
};

export const plivoApi: FakeProviderApi = {
	provider: 'plivo',
	// A fresh token per run: nothing secret-shaped lives in the source.
	defaultCredentials: { authId: 'MAEXAMPLEFAKEPLIVO01', authToken: randomBytes(16).toString('hex') },
	errorReply: (status) => plivoError(status, ERROR_TEXT[status] ?? 'error'),
	routes: [
		{ method: 'POST', path: /^\/v1\/Account\/(?<authId>[^/]+)\/Message\/$/, sends: true, handle: send },
		{ method: 'POST', path: /^\/v1\/Account\/(?<authId>[^/]+)\/Media\/$/, handle: upload },
		{ method: 'GET', path: /^\/v1\/Account\/(?<authId>[^/]+)\/$/, handle: account },
		{ method: 'GET', path: /^\/v1\/Account\/(?<authId>[^/]+)\/Application\/(?<appId>[^/]+)\/$/, handle: application },
		{ method: 'POST', path: /^\/v1\/Account\/(?<authId>[^/]+)\/Application\/(?<appId>[^/]+)\/$/, handle: updateApplication },
	],
};

/**
 * Applications (GET / POST /v1/Account/{auth_id}/Application/{app_id}/): a test seeds one with
 * `fake.settingsOf('plivo').set(appId, { message_url, message_method })`; unknown ids are 404.
 */
function application(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context)) return plivoError(401, 'authentication failed');
	const app = context.settings.get(request.params.appId);
	if (!app) return plivoError(404, 'not found');
	return json(200, { api_id: messageUuid(context), app_id: request.params.appId, app_name: 'drop', ...app });
}

function updateApplication(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context)) return plivoError(401, 'authentication failed');
	const app = context.settings.get(request.params.appId);
	if (!app) return plivoError(404, 'not found');
	let update: Record<string, unknown>;
	try {
		update = JSON.parse(request.body.toString('utf8'));
	} catch {
		return plivoError(400, 'invalid JSON');
	}
	for (const [field, value] of Object.entries(update)) {
		if (field !== 'message_url' && field !== 'message_method') return plivoError(400, `unknown parameter ${field}`);
		if (typeof value !== 'string') return plivoError(400, `${field} must be a string`);
		app[field] = value;
	}
	return json(202, { api_id: messageUuid(context), message: 'changed' });
}
