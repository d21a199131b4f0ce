/**
 * Telnyx send: one `POST /v2/messages` per recipient (providers.md §2).
 *
 *   POST https://api.telnyx.com/v2/messages
 *   Authorization: Bearer KEY0123…
 *   Content-Type: application/json
 *
 *   { "from": "+18445550001", "to": "+18665550001", "text": "Spring sale!", "subject": "Sale",
 *     "media_urls": ["https://cdn.example.com/a.jpg"], "type": "MMS",
 *     "webhook_url": "https://n8n.example.com/webhook/mms?dropId=d1&ref=r1" }
 *
 *   200 { "data": { "record_type": "message", "id": "40385f64-5717-4562-b3fc-2c963f66afa6",
 *                   "to": [{ "phone_number": "+18665550001", "status": "queued" }], … } }
 *   409 { "errors": [{ "code": "40300", "title": "Blocked due to STOP message", "detail": "…" }] }
 *   429 x-ratelimit-reset: 3   { "errors": [{ "code": "10011", "title": "Too many requests", … }] }
 */
import {
	acceptedUnder, callbackUrlFor, classifyStatus, header, isSuccess, lookup, originOf, outcomeForAll, parseJson, recordOf,
	unreadableResponse,
} from '../shared';
import type { ErrorMeaning, HttpRequestSpec, HttpResponse, OutboundMessage, ProviderCredentials, SendBatch, SendOutcome } from '../types';
import { INVALID_URL_CODE, SEND_ERROR_CODES } from './codes';
import { TELNYX_ORIGIN, telnyxCredential } from './credential';

export const MESSAGES_PATH = '/v2/messages';

export function bearerAuth(credentials: ProviderCredentials): string {
	return `Bearer ${telnyxCredential.read(credentials).apiKey}`;
}

/** The credential's origin, where every API path hangs. */
export function apiOrigin(credentials: ProviderCredentials): string {
	return originOf(telnyxCredential.read(credentials).baseUrl, TELNYX_ORIGIN);
}

export function validateMessage(message: OutboundMessage): string[] {
	// `media_urls` is the only way to attach media; Telnyx fetches each URL at send time.
	return message.media.some((media) => !media.url) ? ['Telnyx needs every media item as a URL'] : [];
}

/**
 * A messaging profile's id as the sender: its number pool picks the number (providers.md §2: `from`
 * **or** `messaging_profile_id`; telnyx-node MessagingProfile `number_pool_settings`).
 */
const MESSAGING_PROFILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function buildSendRequest(credentials: ProviderCredentials, batch: SendBatch): HttpRequestSpec {
	const [recipient] = batch.recipients;
	const { message } = batch;
	const sender = MESSAGING_PROFILE_ID.test(message.from) ? { messaging_profile_id: message.from } : { from: message.from };
	const body: Record<string, unknown> = { ...sender, to: recipient.to };
	// Telnyx wants `text` non-empty when present; a media-only MMS leaves it out.
	if (message.text !== '') body.text = message.text;
	if (message.subject) body.subject = message.subject;
	body.media_urls = message.media.flatMap((media) => (media.url ? [media.url] : []));
	// Forced MMS: without media Telnyx would otherwise send (and bill) SMS segments.
	body.type = 'MMS';
	const webhookUrl = callbackUrlFor(batch, recipient);
	if (webhookUrl) body.webhook_url = webhookUrl;

	return {
		method: 'POST',
		url: apiOrigin(credentials) + MESSAGES_PATH,
		headers: {
			authorization: bearerAuth(credentials),
			'content-type': 'application/json',
			accept: 'application/json',
		},
		body: JSON.stringify(body),
	};
}

interface TelnyxError {
	code: string;
	title: string;
	detail: string;
	pointer: string | null;
}

/** `{ errors: [{ code, title, detail, source: { pointer } }] }`, or undefined for any other shape. */
function readErrors(parsed: unknown): TelnyxError[] | undefined {
	const errors = (parsed as { errors?: unknown } | undefined)?.errors;
	if (!Array.isArray(errors) || errors.length === 0) return undefined;
	const read: TelnyxError[] = [];
	for (const entry of errors) {
		const item = entry as { code?: unknown; title?: unknown; detail?: unknown; source?: { pointer?: unknown } } | null;
		if (!item || (typeof item.code !== 'string' && typeof item.code !== 'number')) return undefined;
		read.push({
			code: String(item.code),
			title: typeof item.title === 'string' ? item.title : '',
			detail: typeof item.detail === 'string' ? item.detail : '',
			pointer: typeof item.source?.pointer === 'string' ? item.source.pointer : null,
		});
	}
	return read;
}

/**
 * A documented code is a definite answer whatever HTTP status carries it: 40300 (opted out) is about
 * one recipient even if it came with a 403, and must not stop the drop. Other 401/403 replies do.
 */
function classifyError(error: TelnyxError, status: number): ErrorMeaning {
	const known = lookup(SEND_ERROR_CODES, error.code);
	if (known) return known;
	if (status === 401 || status === 403) return { kind: 'fatal', reason: 'auth_failed' };
	if (error.code === INVALID_URL_CODE && error.pointer?.startsWith('/media_urls')) {
		return { kind: 'permanent', reason: 'media_rejected' };
	}
	const fallback = classifyStatus(status);
	return { kind: fallback.kind, reason: fallback.reason ?? 'provider_rejected' };
}

/** Telnyx's wait hint: `x-ratelimit-reset` = seconds until the window resets (providers.md §2 Throughput). */
function rateLimitResetMs(response: HttpResponse): number | undefined {
	const value = header(response.headers, 'x-ratelimit-reset');
	if (value === undefined || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
	return Math.round(Number(value) * 1000);
}

export function parseSendResponse(batch: SendBatch, response: HttpResponse): SendOutcome[] {
	const parsed = parseJson(response.body);
	if (isSuccess(response)) return acceptedUnder(batch, response, recordOf(recordOf(parsed)?.data)?.id, 'Telnyx send');

	const errors = readErrors(parsed);
	if (!errors) {
		const outcomes = unreadableResponse(batch, response, 'Telnyx send');
		const retryAfterMs = rateLimitResetMs(response);
		return outcomes.map((outcome) =>
			outcome.kind === 'retryable' && retryAfterMs !== undefined ? { ...outcome, retryAfterMs } : outcome,
		);
	}

	// The most specific error decides: the first one the code table knows, else the first one.
	const decisive = errors.find((error) => lookup(SEND_ERROR_CODES, error.code)) ?? errors[0];
	const { kind, reason } = classifyError(decisive, response.status);
	const retryAfterMs = kind === 'retryable' ? rateLimitResetMs(response) : undefined;
	return outcomeForAll(batch, kind, {
		reason,
		error: {
			code: decisive.code,
			message: [decisive.title, decisive.detail].filter((part) => part !== '').join(': ') || `HTTP ${response.status}`,
			httpStatus: response.status,
		},
		...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
	});
}
