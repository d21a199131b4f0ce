/**
 * Small helpers every adapter needs. Provider knowledge stays in the provider folders; what is
 * here is HTTP plumbing that would otherwise be written seven times.
 */
import { createHash } from 'node:crypto';

import type {
	BatchRecipient, FailureReason, HttpResponse, OutcomeKind, SendBatch, SendOutcome, WebhookRequest,
} from './types';
import { WebhookPayloadError } from './types';

/** `baseUrl` from the credential, without white space or trailing slash; the official origin when that leaves nothing. */
export function originOf(baseUrl: unknown, fallback: string): string {
	return (typeof baseUrl === 'string' ? baseUrl.trim().replace(/\/+$/, '') : '') || fallback;
}

/**
 * `originOf` as an n8n expression, for a credential's `test` request: the test must reach the
 * origin the adapter's requests reach. `fallback` is an expression too (a quoted origin, or
 * Sinch's regional host).
 */
export function originExpression(fallback: string): string {
	return `={{ String($credentials.baseUrl ?? "").trim().replace(/\\/+$/, "") || ${fallback} }}`;
}

export function basicAuth(user: unknown, password: unknown): string {
	return 'Basic ' + Buffer.from(`${String(user ?? '')}:${String(password ?? '')}`).toString('base64');
}

/** The status callback URL for one recipient: the batch URL plus `ref`. */
export function callbackUrlFor(batch: SendBatch, recipient: BatchRecipient): string | undefined {
	if (!batch.statusCallbackUrl) return undefined;
	const url = new URL(batch.statusCallbackUrl);
	url.searchParams.set('ref', recipient.ref);
	return url.toString();
}

export function header(headers: HttpResponse['headers'] | WebhookRequest['headers'], name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined) continue;
		return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}

/** JSON body or undefined (providers sometimes answer HTML from a proxy). */
export function parseJson(body: string): unknown {
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}

/** Same outcome for every recipient of a batch (a batch-level error or a batch-level accept). */
export function outcomeForAll(batch: SendBatch, kind: OutcomeKind, fields: Omit<SendOutcome, 'ref' | 'kind'> = {}): SendOutcome[] {
	return batch.recipients.map((recipient) => ({ ref: recipient.ref, kind, ...fields }));
}

/** A 2xx reply: the provider took the request. */
export function isSuccess(response: HttpResponse): boolean {
	return response.status >= 200 && response.status < 300;
}

/** A JSON object's fields, or undefined for anything else (arrays, text, null). */
export function recordOf(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * A 2xx reply that names the message: every recipient accepted under that id (a batch id too where
 * one id covers the whole request). A 2xx without a usable id is unreadable, hence ambiguous.
 */
export function acceptedUnder(batch: SendBatch, response: HttpResponse, id: unknown, what: string, wholeBatch = false): SendOutcome[] {
	if (typeof id !== 'string' || id === '') return unreadableResponse(batch, response, what);
	return outcomeForAll(batch, 'accepted', wholeBatch ? { messageId: id, batchId: id } : { messageId: id });
}

/**
 * The default classification of an HTTP status, for replies an adapter has no more specific
 * rule for: 401/403 stop the drop, 429 and 503 were not processed, other 5xx may have been,
 * other 4xx were refused.
 */
export function classifyStatus(status: number): { kind: OutcomeKind; reason?: FailureReason } {
	if (status >= 200 && status < 300) return { kind: 'accepted' };
	if (status === 401 || status === 403) return { kind: 'fatal', reason: 'auth_failed' };
	if (status === 429) return { kind: 'retryable', reason: 'rate_limited' };
	if (status === 503) return { kind: 'retryable', reason: 'server_error' };
	if (status >= 500) return { kind: 'ambiguous', reason: 'server_error' };
	return { kind: 'permanent', reason: 'provider_rejected' };
}

/** A reply we cannot read: if it was a 2xx the message may exist, so it is ambiguous. */
export function unreadableResponse(batch: SendBatch, response: HttpResponse, what: string): SendOutcome[] {
	const { kind, reason } = isSuccess(response)
		? { kind: 'ambiguous' as const, reason: 'invalid_response' as const }
		: classifyStatus(response.status);
	return outcomeForAll(batch, kind, {
		reason: reason ?? 'invalid_response',
		error: {
			code: 'invalid_response',
			message: `Unreadable ${what} response (HTTP ${response.status}): ${response.body.slice(0, 200)}`,
			httpStatus: response.status,
		},
	});
}

/**
 * The most fields a form webhook may have. No provider sends more than a few dozen (Twilio's inbound
 * MMS with ten media: about 40), and n8n's own body parser keeps 1,000 (middlewares/body-parser.js,
 * `maxKeys`). Twilio and Plivo must read the form to check its signature: a forger's 1 MB of 75,000
 * fields held the event loop for 0.4 to 0.9 s of CPU before it was refused (issue #13).
 */
export const MAX_FORM_FIELDS = 1_000;

/** How many fields a form body holds, counted without parsing it. */
export function formFieldCount(raw: Buffer): number {
	let count = raw.length > 0 ? 1 : 0;
	for (let at = raw.indexOf(0x26); at >= 0; at = raw.indexOf(0x26, at + 1)) count++;
	return count;
}

/** Form-encoded body as an object of arrays (repeated keys kept), for webhook parsing; more than MAX_FORM_FIELDS fields is no webhook. */
export function parseForm(raw: Buffer | string): Record<string, string[]> {
	const body = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
	if (formFieldCount(body) > MAX_FORM_FIELDS) throw new WebhookPayloadError(`The form has more than ${MAX_FORM_FIELDS} fields`);
	const params = new URLSearchParams(body.toString('utf8'));
	// No prototype: a field named __proto__ or constructor is a field like any other.
	const result: Record<string, string[]> = Object.create(null);
	for (const [key, value] of params) (result[key] ??= []).push(value);
	return result;
}

/**
 * A row of a provider's table (status words, error codes) for a key that came from a request:
 * own entries only, so "constructor" or "toString" is an unknown key, not a prototype member.
 */
export function lookup<Row>(table: Readonly<Record<string, Row>>, key: string | null | undefined): Row | undefined {
	return key !== null && key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * Single query value, first of repeats. n8n parses query strings with qs (Express's 'extended'
 * parser), which makes `?token[x]=1` an object: no value of ours, whatever the type says.
 */
export function queryValue(query: WebhookRequest['query'], name: string): string | undefined {
	const value: unknown = query[name];
	const first: unknown = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first : undefined;
}

export interface Correlation {
	dropId: string | null;
	ref: string | null;
}

/** `dropId` and `ref` the Send node put on the status callback URL. */
export function correlationFromQuery(query: WebhookRequest['query']): Correlation {
	return { dropId: queryValue(query, 'dropId') ?? null, ref: queryValue(query, 'ref') ?? null };
}

/** `dropId` and `ref` on a callback URL a provider echoes back in its payload; none if it is no URL. */
export function correlationFromUrl(url: string | null | undefined): Correlation {
	if (!url) return { dropId: null, ref: null };
	try {
		const { searchParams } = new URL(url);
		return { dropId: searchParams.get('dropId'), ref: searchParams.get('ref') };
	} catch {
		return { dropId: null, ref: null };
	}
}

/** Each of `dropId` and `ref` from the first source that has it, in the caller's order of trust. */
export function correlationOf(...sources: Correlation[]): Correlation {
	return {
		dropId: sources.find((source) => source.dropId !== null)?.dropId ?? null,
		ref: sources.find((source) => source.ref !== null)?.ref ?? null,
	};
}

/**
 * Provider webhooks nest a few levels (Telnyx's data.payload.to[] is five); MM7's XML reader stops
 * at the same depth (XML_LIMITS.maxDepth).
 */
const MAX_JSON_DEPTH = 32;

export function parseJsonBody(request: WebhookRequest): unknown {
	const text = request.rawBody.toString('utf8');
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw new WebhookPayloadError('Body is not valid JSON');
	}
	// A value nested thousands deep parses, but cannot be written out again (JSON.stringify runs out
	// of stack): its event could never be kept, and a provider answered 503 retries it for a day (issue #13).
	if (deeperThan(body, MAX_JSON_DEPTH)) throw new WebhookPayloadError(`Body is nested deeper than ${MAX_JSON_DEPTH} levels`);
	return body;
}

/** Whether `value` holds objects or arrays more than `levels` deep; the recursion stops there, so any depth is safe. */
function deeperThan(value: unknown, levels: number): boolean {
	if (typeof value !== 'object' || value === null) return false;
	if (levels === 0) return true;
	if (Array.isArray(value)) return value.some((child) => deeperThan(child, levels - 1));
	return Object.keys(value).some((key) => deeperThan((value as Record<string, unknown>)[key], levels - 1));
}

/** Opt-out keywords carriers and providers honour; matched case- and whitespace-insensitively. */
const OPT_OUT_KEYWORDS = new Set([
	'STOP',
	'STOPALL',
	'UNSUBSCRIBE',
	'CANCEL',
	'END',
	'QUIT',
	'REVOKE',
	'OPTOUT',
]);
const OPT_IN_KEYWORDS = new Set(['START', 'UNSTOP']);

/** 'opt_out' / 'opt_in' when an inbound text is exactly such a keyword, else 'inbound'. */
export function inboundKind(text: string | null | undefined): 'inbound' | 'opt_out' | 'opt_in' {
	// A keyword is at most 11 letters (UNSUBSCRIBE): a longer reply is not one, and an 8 MB MM7 text
	// part need not be scanned whole to tell.
	const value = text ?? '';
	if (value.length > 64 && value.trim().length > 64) return 'inbound';
	const word = value.replace(/\s+/g, '').toUpperCase();
	if (OPT_OUT_KEYWORDS.has(word)) return 'opt_out';
	if (OPT_IN_KEYWORDS.has(word)) return 'opt_in';
	return 'inbound';
}

/**
 * Value for a provider's per-message correlation field (tag, client_ref, custom_string):
 * `<dropId>:<ref>`, so a delivery report carries both even where no callback URL can be set
 * per message. Provider field limits (≥ 20 characters everywhere we use one) fit it.
 */
export function encodeCorrelation(dropId: string, ref: string): string {
	return `${dropId}:${ref}`;
}

/** Inverse of encodeCorrelation; a value without ':' is taken as a bare drop id (batch-level fields). */
export function decodeCorrelation(value: string | null | undefined): Correlation {
	if (!value) return { dropId: null, ref: null };
	const split = value.lastIndexOf(':');
	if (split < 0) return { dropId: value, ref: null };
	return { dropId: value.slice(0, split) || null, ref: value.slice(split + 1) || null };
}

/** File extensions for the MMS media types carriers and handsets know (media.md §1.3), so a stored or attached file's name says what it is. */
export const EXTENSION_BY_MEDIA_TYPE: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'image/bmp': 'bmp',
	'image/webp': 'webp',
	'video/mp4': 'mp4',
	'video/3gpp': '3gp',
	'video/quicktime': 'mov',
	'audio/mpeg': 'mp3',
	'audio/mp4': 'm4a',
	'audio/amr': 'amr',
	'audio/wav': 'wav',
	'text/vcard': 'vcf',
	'text/x-vcard': 'vcf',
	'text/calendar': 'ics',
	'text/plain': 'txt',
	'application/pdf': 'pdf',
};

/**
 * A recipient's `ref`: 10 base-36 characters from the drop id and the E.164 number, stable across
 * re-runs of a drop. Providers that carry back only the drop (Sinch batches, Plivo bulk) get the
 * same ref in their delivery reports from `dropId` and `to`. `salt` > 0 only tells apart the same
 * number sent twice in one drop (dedupe off), which such reports cannot.
 */
export function refFor(dropId: string, to: string, salt = 0): string {
	const digest = createHash('sha256').update(`${dropId}|${to}|${salt}`).digest();
	return digest.readBigUInt64BE(0).toString(36).padStart(13, '0').slice(-10);
}

/** The largest body a provider that posts events in arrays (Bandwidth, Sinch) may send: room for about 10,000 events. */
export const ARRAY_BODY_BYTES = 5_000_000;
