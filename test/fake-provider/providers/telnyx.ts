/**
 * Telnyx Messaging API v2 as the fake speaks it (providers.md §2):
 *   POST /v2/messages   JSON send, one `to`; 200 `{ data: <message> }`
 *   GET  /v2/balance    the credential test request
 * Every route wants `Authorization: Bearer <apiKey>` (else 401, code 10009). Errors use Telnyx's
 * `{ errors: [{ code, title, detail, source }] }` shape.
 *
 * Conventions for negative cases (recipient `to`):
 *   +15005550009 ⇒ 409, code 40300 "Blocked due to STOP message" (opted out)
 *   +15005550001 ⇒ 400, code 10002 "Invalid phone number"
 * A `to` that is not +E.164 ⇒ 400, code 10016, as Telnyx answers.
 *
 * Media: Telnyx fetches each `media_urls` entry itself, anonymously (support.telnyx.com article 4450150
 * tells users to allow-list its fetchers' IPs, 192.76.120.192/193, to keep media private), and a message
 * whose media it cannot fetch is still accepted and goes out without it (developers.telnyx.com
 * send-receive-MMS troubleshooting: "MMS sent but recipient receives SMS only — the media URL was
 * unreachable"). The fake cannot fetch the test's example URLs, so it models the one case that matters
 * here: Telnyx's own Media Storage download, `/v2/media/{name}/download`, answers only with the API key
 * (Bearer auth like every v2 endpoint), so such a URL is accepted but never reaches the recipient.
 */
import { randomBytes } from 'node:crypto';

import type { FakeContext, FakeProviderApi, FakeReply, FakeRequest } from '../types';

export const TELNYX_OPTED_OUT_NUMBER = '+15005550009';
export const TELNYX_INVALID_NUMBER = '+15005550001';

const E164 = /^\+[1-9]\d{6,14}$/;
/** providers.md §2: up to 10 media URLs per message. */
const MAX_MEDIA_URLS = 10;
/** Telnyx's Media Storage download: an API endpoint that wants `Authorization: Bearer <API key>`. */
const AUTHENTICATED_MEDIA_PATH = /^\/v2\/media\/[^/]+\/download$/;

interface TelnyxErrorSpec {
	code: string;
	title: string;
	detail: string;
	pointer?: string;
}

function errorReply(status: number, error: TelnyxErrorSpec, headers: Record<string, string> = {}): FakeReply {
	const { pointer, ...rest } = error;
	return {
		status,
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify({ errors: [{ ...rest, ...(pointer ? { source: { pointer } } : {}) }] }),
	};
}

function json(status: number, body: unknown): FakeReply {
	return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

const UNAUTHENTICATED: TelnyxErrorSpec = {
	code: '10009',
	title: 'Authentication failed',
	detail: 'The required authentication headers were either invalid or not included in the request.',
};

function authorized(request: FakeRequest, credentials: Record<string, string>): boolean {
	return request.headers.authorization === `Bearer ${credentials.apiKey}`;
}

function badRequest(detail: string, pointer?: string): FakeReply {
	return errorReply(422, { code: '10015', title: 'Bad Request', detail, pointer });
}

function mediaType(request: FakeRequest): string {
	return String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function sendMessage(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context.credentials)) return errorReply(401, UNAUTHENTICATED);
	if (mediaType(request) !== 'application/json') {
		return errorReply(415, {
			code: '10014',
			title: 'Unsupported Media Type',
			detail: 'The request failed because the server does not support the media type.',
		});
	}
	let body: Record<string, unknown>;
	try {
		body = JSON.parse(request.body.toString('utf8'));
	} catch {
		return errorReply(400, { code: '10015', title: 'Bad Request', detail: 'The request failed because it was not well-formed.' });
	}
	const { to, text, subject, media_urls: mediaUrls, type, webhook_url: webhookUrl, messaging_profile_id: profileId } = body;
	// providers.md §2: `from` **or** `messaging_profile_id` (a number pool picks the sender); the ledger keeps the pool's id.
	const from = body.from ?? (typeof profileId === 'string' && /^[0-9a-f-]{36}$/i.test(profileId) ? profileId : undefined);
	if (typeof to !== 'string') {
		return errorReply(422, { code: '10004', title: 'Missing required parameter', detail: 'A required parameter was missing.', pointer: '/to' });
	}
	if (!E164.test(to)) {
		return errorReply(400, {
			code: '10016',
			title: 'Phone number must be in +E.164 format',
			detail: 'The specified phone number parameter must be in +E.164 format.',
			pointer: '/to',
		});
	}
	if (typeof from !== 'string' || from === '') {
		return errorReply(422, { code: '10004', title: 'Missing required parameter', detail: 'A required parameter was missing.', pointer: '/from' });
	}
	if (text !== undefined && (typeof text !== 'string' || text === '')) return badRequest('text must be a non-empty string', '/text');
	if (subject !== undefined && typeof subject !== 'string') return badRequest('subject must be a string', '/subject');
	if (type !== undefined && type !== 'SMS' && type !== 'MMS') return badRequest('type must be SMS or MMS', '/type');
	const media = mediaUrls ?? [];
	if (!Array.isArray(media) || media.some((url) => typeof url !== 'string' || !/^https?:\/\//.test(url))) {
		return errorReply(400, {
			code: '10003',
			title: 'Invalid URL',
			detail: 'The URL provided was invalid, malformed, or too long. URLs can be a maximum of 2000 characters.',
			pointer: '/media_urls',
		});
	}
	if (media.length > MAX_MEDIA_URLS) return badRequest(`At most ${MAX_MEDIA_URLS} media URLs are allowed`, '/media_urls');
	if (type === 'MMS' && media.length === 0 && text === undefined) return badRequest('An MMS needs text or media_urls');
	if (webhookUrl !== undefined && (typeof webhookUrl !== 'string' || !/^https?:\/\//.test(webhookUrl))) {
		return errorReply(400, {
			code: '10003',
			title: 'Invalid URL',
			detail: 'The URL provided was invalid, malformed, or too long. URLs can be a maximum of 2000 characters.',
			pointer: '/webhook_url',
		});
	}
	if (to === TELNYX_OPTED_OUT_NUMBER) {
		// developers.telnyx.com/api/errors/40300: "HTTP Status – 409", detail "Messages cannot be sent from {src} to {dst} …".
		return errorReply(409, {
			code: '40300',
			title: 'Blocked due to STOP message',
			detail: `Messages cannot be sent from ${from} to ${to} due to an existing block rule.`,
		});
	}
	if (to === TELNYX_INVALID_NUMBER) {
		return errorReply(400, { code: '10002', title: 'Invalid phone number', detail: 'The phone number is invalid.', pointer: '/to' });
	}

	const id = context.nextId('tlx-');
	context.accept([
		{
			messageId: id,
			batchId: null,
			to,
			from,
			text: typeof text === 'string' ? text : '',
			subject: typeof subject === 'string' ? subject : null,
			// What reaches the recipient: the media Telnyx could fetch without credentials.
			media: (media as string[]).filter(fetchableAnonymously),
			// Telnyx has no correlation field; `ref` travels in `webhook_url` (callbackUrl).
			correlation: null,
			callbackUrl: typeof webhookUrl === 'string' ? webhookUrl : null,
		},
	]);
	const now = new Date().toISOString();
	return json(200, {
		data: {
			record_type: 'message',
			direction: 'outbound',
			id,
			type: type ?? (media.length > 0 ? 'MMS' : 'SMS'),
			messaging_profile_id: typeof profileId === 'string' ? profileId : '4000eba1-a0c0-4563-9925-b25e842a7cb6',
			from: { phone_number: from === profileId ? '+18445550100' : from, carrier: 'TELNYX LLC', line_type: 'VoIP' },
			to: [{ phone_number: to, status: 'queued', carrier: 'T-MOBILE USA, INC.', line_type: 'Wireless' }],
			cc: [],
			text: text ?? null,
			subject: subject ?? null,
			media: (media as string[]).map((url) => ({ url, content_type: null, sha256: null, size: null })),
			webhook_url: webhookUrl ?? null,
			webhook_failover_url: null,
			encoding: 'GSM-7',
			parts: 1,
			tags: [],
			received_at: now,
			sent_at: null,
			completed_at: null,
			valid_until: null,
			errors: [],
		},
	});
}

function fetchableAnonymously(url: string): boolean {
	return !AUTHENTICATED_MEDIA_PATH.test(new URL(url).pathname);
}

export const telnyxApi: FakeProviderApi = {
	provider: 'telnyx',
	// Generated per run, so no key-looking literal sits in the source.
	defaultCredentials: { apiKey: `KEY${randomBytes(16).toString('hex')}`, publicKey: '' },
	routes: [
		{ method: 'POST', path: /^\/v2\/messages$/, sends: true, handle: sendMessage },
		{ method: 'GET', path: /^\/v2\/messaging_profiles\/(?<id>[^/]+)$/, handle: (request, context) => messagingProfile(request, context) },
		{ method: 'PATCH', path: /^\/v2\/messaging_profiles\/(?<id>[^/]+)$/, handle: (request, context) => updateMessagingProfile(request, context) },
		{
			method: 'GET',
			path: /^\/v2\/balance$/,
			handle: (request, context) =>
				authorized(request, context.credentials)
					? json(200, {
							data: {
								record_type: 'balance',
								balance: '300.00',
								credit_limit: '100.00',
								available_credit: '400.00',
								pending: '0.00',
								currency: 'USD',
							},
						})
					: errorReply(401, UNAUTHENTICATED),
		},
	],
	errorReply: (status) => {
		if (status === 429) {
			// providers.md §2 Throughput: Telnyx sends x-ratelimit-* headers, no Retry-After of its own.
			return errorReply(
				429,
				{ code: '10011', title: 'Too many requests', detail: 'You have exceeded the maximum number of allowed requests.' },
				{ 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' },
			);
		}
		if (status === 401) return errorReply(401, UNAUTHENTICATED);
		return errorReply(status, { code: '10007', title: 'Unexpected error', detail: 'An unexpected error occured.' });
	},
};

/**
 * Messaging profiles (GET / PATCH /v2/messaging_profiles/{id}): a test seeds one with
 * `fake.settingsOf('telnyx').set(id, { webhook_url })`; unknown ids are 404.
 */
function messagingProfile(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context.credentials)) return errorReply(401, UNAUTHENTICATED);
	const profile = context.settings.get(request.params.id);
	if (!profile) return errorReply(404, { code: '10005', title: 'Resource not found', detail: 'The requested resource or URL could not be found.' });
	return json(200, { data: { record_type: 'messaging_profile', id: request.params.id, webhook_url: profile.webhook_url || null } });
}

function updateMessagingProfile(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context.credentials)) return errorReply(401, UNAUTHENTICATED);
	const profile = context.settings.get(request.params.id);
	if (!profile) return errorReply(404, { code: '10005', title: 'Resource not found', detail: 'The requested resource or URL could not be found.' });
	let update: Record<string, unknown>;
	try {
		update = JSON.parse(request.body.toString('utf8'));
	} catch {
		return badRequest('The request body is not valid JSON');
	}
	if (!('webhook_url' in update) || (update.webhook_url !== null && typeof update.webhook_url !== 'string')) {
		return badRequest('webhook_url must be a URL or null', '/webhook_url');
	}
	profile.webhook_url = (update.webhook_url as string | null) ?? '';
	return messagingProfile(request, context);
}
