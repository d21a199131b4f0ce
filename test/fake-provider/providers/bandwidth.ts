/**
 * Bandwidth Messaging API v2 as the fake speaks it (providers.md §4; Bandwidth/api-docs
 * createMessage.mdx, errors.mdx, mediaManagement.mdx):
 *
 *   POST /api/v2/users/{accountId}/messages      JSON message ⇒ 202 message object
 *   PUT  /api/v2/users/{accountId}/media/{id}    raw bytes    ⇒ 204 (stored, overwrites)
 *   GET  /api/v2/users/{accountId}/media/{id}    ⇒ 200 the stored bytes, 404 if absent
 *   GET  /api/v2/users/{accountId}/media         ⇒ 200 [] (the credential test)
 *
 * Every route needs HTTP Basic with the configured username/password and the configured
 * account id in the path, else 401 `{type: "unauthorized"}`. Errors use Bandwidth's
 * `{type, description, fieldErrors}` body.
 *
 * Conventions for negative cases (recipient = the single number in `to`):
 * - `+15005550001`, or anything that is not E.164 ⇒ 400 `request-validation` with a field error
 *   on `to` (an invalid number).
 * - `+15005550009` ⇒ accepted (202). Bandwidth has no send-time opt-out error: an opted-out
 *   recipient fails later with callback errorCode 4775, which this fake does not send.
 * - Several numbers in `to` ⇒ 400 on `to`. The real API would start a group MMS; a drop must
 *   never do that, so the fake refuses it loudly.
 * - A `media` URL pointing at this fake's own media store must name a stored upload, else 400 on
 *   that `media[i]` (the real API fails such a message later with 4410).
 */
import type { FakeProviderApi, FakeReply, FakeRequest } from '../types';

const json = (status: number, body: unknown): FakeReply => ({
	status,
	headers: { 'content-type': 'application/json; charset=utf-8' },
	body: JSON.stringify(body),
});

const validation = (fieldName: string, description: string): FakeReply =>
	json(400, { type: 'request-validation', description: 'Your request could not be accepted.', fieldErrors: [{ fieldName, description }] });

export const BANDWIDTH_INVALID_NUMBER = '+15005550001';
/** Accepted like any other number: Bandwidth reports an opt-out only later, as callback 4775. */
export const BANDWIDTH_OPTED_OUT_NUMBER = '+15005550009';
const E164 = /^\+[1-9]\d{1,14}$/;
/** mediaManagement.mdx: "You can upload files up to 3.75MB". */
const MAX_UPLOAD_BYTES = 3_750_000;
/** createMessage.mdx / SDK MessageRequest: text ≤ 2048, tag ≤ 1024, each media URL ≤ 4096. */
const MAX_TEXT = 2048;
const MAX_TAG = 1024;
const MAX_MEDIA_URL = 4096;
const STORE_PATH = /^\/api\/v2\/users\/(?<accountId>[^/]+)\/media\/(?<mediaId>[^/]+)$/;

function unauthorized(request: FakeRequest, credentials: Record<string, string>): FakeReply | undefined {
	const expected = 'Basic ' + Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
	if (request.headers.authorization === expected && request.params.accountId === credentials.accountId) return undefined;
	return json(401, { type: 'unauthorized', description: 'Authentication Failed' });
}

function isJson(request: FakeRequest): boolean {
	return /^application\/json\b/i.test(String(request.headers['content-type'] ?? ''));
}

export const bandwidthApi: FakeProviderApi = {
	provider: 'bandwidth',
	defaultCredentials: {
		accountId: '9900000',
		username: 'fake-api-user',
		password: 'fake-api-password',
		applicationId: '93de2206-9669-4e07-948d-329f4b722ee2',
	},
	routes: [
		{
			method: 'POST',
			path: /^\/api\/v2\/users\/(?<accountId>[^/]+)\/messages$/,
			sends: true,
			handle(request, context) {
				const denied = unauthorized(request, context.credentials);
				if (denied) return denied;
				if (!isJson(request)) {
					return json(415, {
						type: 'unsupported-content-type',
						description: `Content type '${String(request.headers['content-type'] ?? '')}' not supported. Please use 'application/json'`,
					});
				}
				let body: Record<string, unknown>;
				try {
					body = JSON.parse(request.body.toString('utf8'));
				} catch {
					return json(400, { type: 'request-validation', description: 'Your request could not be accepted' });
				}
				if (typeof body !== 'object' || body === null || Array.isArray(body)) {
					return json(400, { type: 'request-validation', description: 'Your request could not be accepted' });
				}
				if (body.applicationId !== context.credentials.applicationId) {
					return validation('applicationId', 'must be the id of a messaging application on this account');
				}
				const toList = typeof body.to === 'string' ? [body.to] : body.to;
				if (!Array.isArray(toList) || toList.length !== 1 || typeof toList[0] !== 'string') {
					return validation('to', 'this fake takes exactly one number: several would start a group message');
				}
				const to = toList[0];
				if (to === BANDWIDTH_INVALID_NUMBER || !E164.test(to)) {
					return validation('to', `'${to}' must be replaced with a valid E164 formatted telephone number`);
				}
				if (typeof body.from !== 'string' || body.from === '') return validation('from', 'must not be empty');
				const text = body.text ?? '';
				if (typeof text !== 'string' || [...text].length > MAX_TEXT) return validation('text', `must be a string of at most ${MAX_TEXT} characters`);
				const media = body.media ?? [];
				if (!Array.isArray(media)) return validation('media', 'must be an array of URLs');
				for (const [index, url] of media.entries()) {
					if (typeof url !== 'string' || url.length > MAX_MEDIA_URL || !/^https?:\/\//.test(url)) {
						return validation(`media[${index}]`, `must be a URL of at most ${MAX_MEDIA_URL} characters`);
					}
					const stored = STORE_PATH.exec(new URL(url).pathname);
					if (stored && !context.media(`${stored.groups!.accountId}/${decodeURIComponent(stored.groups!.mediaId)}`)) {
						return validation(`media[${index}]`, `no media named '${stored.groups!.mediaId}' on this account`);
					}
				}
				if (text === '' && media.length === 0) return validation('text', 'text or media is required');
				const tag = body.tag;
				if (tag !== undefined && (typeof tag !== 'string' || tag.length > MAX_TAG)) return validation('tag', `must be at most ${MAX_TAG} characters`);

				const id = context.nextId('bw');
				context.accept([
					{
						messageId: id,
						batchId: null,
						to,
						from: body.from,
						text,
						subject: null,
						media: media as string[],
						correlation: tag ?? null,
						callbackUrl: null,
					},
				]);
				return json(202, {
					id,
					owner: body.from,
					applicationId: body.applicationId,
					time: new Date().toISOString(),
					segmentCount: 1,
					direction: 'out',
					to: [to],
					from: body.from,
					text,
					...(media.length > 0 ? { media } : {}),
					...(tag !== undefined ? { tag } : {}),
					priority: 'default',
				});
			},
		},
		{
			method: 'PUT',
			path: STORE_PATH,
			handle(request, context) {
				const denied = unauthorized(request, context.credentials);
				if (denied) return denied;
				const contentType = request.headers['content-type'];
				if (!contentType) return json(400, { type: 'request-validation', description: 'Content-Type header is required' });
				if (request.body.length > MAX_UPLOAD_BYTES) {
					return json(400, { type: 'request-validation', description: `Media files are limited to ${MAX_UPLOAD_BYTES} bytes` });
				}
				context.storeMedia(`${request.params.accountId}/${decodeURIComponent(request.params.mediaId)}`, request.body, contentType);
				return { status: 204 };
			},
		},
		{
			method: 'GET',
			path: STORE_PATH,
			handle(request, context) {
				const denied = unauthorized(request, context.credentials);
				if (denied) return denied;
				const stored = context.media(`${request.params.accountId}/${decodeURIComponent(request.params.mediaId)}`);
				if (!stored) return json(404, { type: 'not-found', description: 'Media not found' });
				return { status: 200, headers: { 'content-type': stored.contentType }, body: stored.data };
			},
		},
		{
			method: 'GET',
			path: /^\/api\/v2\/users\/(?<accountId>[^/]+)\/media$/,
			handle(request, context) {
				return unauthorized(request, context.credentials) ?? json(200, []);
			},
		},
	],
	errorReply(status) {
		if (status === 429) {
			return json(429, {
				type: 'max-message-queue-size-exceeded',
				description:
					'The SMS queue for your account is full and cannot accept more messages right now. Your allowed rate is 60 messages per minute. The capacity of this queue is 900 messages (15 minutes). Reduce your message sending rate, or contact support to increase your allowed rate.',
			});
		}
		if (status === 401) return json(401, { type: 'unauthorized', description: 'Authentication Failed' });
		if (status === 503) return json(503, { type: 'service-unavailable', description: 'The messaging service is temporarily unavailable' });
		return json(status, { type: 'internal-server-error', description: 'An internal error occurred while processing the request' });
	},
};
