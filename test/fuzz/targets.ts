/**
 * What the webhook fuzz needs to know about each provider, and nothing else: the trigger's
 * credential, valid requests built from the documented shapes (the fixtures in
 * test/fixtures/<provider>/, with this case's ids), and the provider's way of authenticating a
 * request (the signers in test/webhook-signing.ts), genuinely, with a wrong secret, spoiled, or not
 * at all. The fuzz itself (cases.ts) is the same for every provider.
 *
 * Every request carries its case's marker as `dropId` in the query string, and every adapter takes
 * `dropId` from the query where the body names none, so an item is traced to the request that
 * made it however that request's body was mangled. Bodies that carry a correlation of their own
 * (Bandwidth's `tag`, the sandbox's `dropId`) lose it here.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { adapterFor } from '../../nodes/providers';
import { sandboxCredentials } from '../../nodes/providers/sandbox/installation';
import type { CredentialsByType } from '../harness/credentials-helper';
import {
	basicAuthorization, plivoV2Signature, plivoV3Signature, rawEd25519PublicKey, sandboxHeaders, sinchSignatureHeaders, telnyxHeaders, twilioSignature, vonageAuthorization,
} from '../webhook-signing';
import type { Random } from './random';

export type BodyFormat = 'json' | 'form' | 'xml' | 'multipart' | 'none';

/** A request before its credentials. `url` is the trigger URL with the case's query. */
export interface Unsigned {
	method: 'GET' | 'POST';
	url: string;
	contentType?: string;
	body: Buffer;
}

/** A valid request as the provider sends it, and how many events (items) it holds. */
export interface Draft extends Unsigned {
	format: BodyFormat;
	events: number;
}

export interface FuzzRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: Buffer;
}

export interface SpoiledRequest {
	variant: string;
	request: FuzzRequest;
}

/** The credential the trigger holds, or another one (a forger's, an old one). */
export type Secret = 'genuine' | 'wrong';

export interface FuzzTarget {
	provider: string;
	credentialType?: string;
	credentials?: CredentialsByType;
	/** The trigger's body limit for this provider (webhook.ts, the adapter's `maxBodyBytes`). */
	maxBodyBytes: number;
	/** What the provider's authentication covers: a change to it after signing must be refused. */
	signs: { body: boolean; query: boolean; timestamp: boolean };
	/** A valid request, documented shape, ids made from `marker`; `url` already carries `dropId`. */
	draft(random: Random, marker: string, url: string): Draft;
	/** `timestampOffsetSeconds` moves the signed time (providers that sign one). */
	authenticate(request: Unsigned, secret: Secret, timestampOffsetSeconds?: number): FuzzRequest;
	/** What a forger might send instead of credentials (garbage, a scheme the credential does not allow, half of a pair), one request per way. */
	spoiledCredentials(request: FuzzRequest, random: Random): SpoiledRequest[];
	stripCredentials(request: FuzzRequest): FuzzRequest;
}

/** The trigger's limit where the adapter sets none (webhook.ts, MAX_BODY_BYTES). */
const DEFAULT_BODY_LIMIT = 1_000_000;

function bodyLimitOf(provider: string): number {
	return adapterFor(provider).webhook?.maxBodyBytes ?? DEFAULT_BODY_LIMIT;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** Replies a handset can send, valid in every provider's shape: keywords, Unicode, form-significant characters, long text. */
const TEXTS = ['Hi there', 'STOP', ' stop ', 'START', 'Ünïcödé ✓ 中文', '🙂🙃 emoji', 'مرحبا بالعالم', 'a&b=c%d+e;f', 'line one\nline two', 'x'.repeat(1_500), ''];

function fixture(provider: string, file: string): string {
	return readFileSync(path.join(__dirname, '..', 'fixtures', provider, file), 'utf8');
}

function fixtureJson<T = Record<string, unknown>>(provider: string, file: string): T {
	return JSON.parse(fixture(provider, file)) as T;
}

function withQuery(url: string, params: Record<string, string>): string {
	const next = new URL(url);
	for (const [name, value] of Object.entries(params)) next.searchParams.append(name, value);
	return next.toString();
}

function sha256Hex(body: Buffer): string {
	return createHash('sha256').update(body).digest('hex');
}

function jsonDraft(url: string, value: unknown, events: number): Draft {
	return { method: 'POST', url, contentType: JSON_TYPE, body: Buffer.from(JSON.stringify(value)), format: 'json', events };
}

function formDraft(url: string, form: URLSearchParams): Draft {
	return { method: 'POST', url, contentType: FORM, body: Buffer.from(form.toString()), format: 'form', events: 1 };
}

function withoutHeaders(request: FuzzRequest, ...names: string[]): FuzzRequest {
	const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !names.includes(name.toLowerCase())));
	return { ...request, headers };
}

function withHeaders(request: FuzzRequest, headers: Record<string, string>): FuzzRequest {
	return { ...request, headers: { ...request.headers, ...headers } };
}

function contentTypeOf(request: Unsigned): Record<string, string> {
	return request.contentType === undefined ? {} : { 'content-type': request.contentType };
}

/** Each way of spoiling as its own request, the spoiled headers set over the genuine ones. */
function withEachHeaders(request: FuzzRequest, variants: Array<[string, Record<string, string>]>): SpoiledRequest[] {
	return variants.map(([variant, headers]) => ({ variant, request: withHeaders(request, headers) }));
}

/** Basic credentials a forger might try, for the providers that check HTTP Basic. */
function spoiledBasic(request: FuzzRequest, user: string, password: string): SpoiledRequest[] {
	const encoded = (text: string) => Buffer.from(text).toString('base64');
	const variants: Array<[string, string]> = [
		['Basic without credentials', 'Basic'],
		['Basic with non-base64 garbage', 'Basic !!!###'],
		['Basic without a colon', `Basic ${encoded(`${user}${password}`)}`],
		['the user without a password', `Basic ${encoded(`${user}:`)}`],
		['the password without a user', `Basic ${encoded(`:${password}`)}`],
		['the right password for another user', basicAuthorization(`${user}x`, password)],
		['a Bearer token instead of Basic', `Bearer ${encoded(`${user}:${password}`)}`],
		['an 8 KB Basic header', `Basic ${'A'.repeat(8_000)}`],
	];
	return withEachHeaders(request, variants.map(([variant, authorization]) => [variant, { authorization }]));
}

// ---------------------------------------------------------------------------------------------

const TWILIO_TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const TWILIO_FORMS = ['status-delivered.form.txt', 'status-sent.form.txt', 'status-undelivered-30007.form.txt', 'status-failed-21610.form.txt', 'inbound-stop.form.txt', 'inbound-mms.form.txt', 'inbound-advanced-opt-out.form.txt'];

function twilioForm(random: Random, marker: string): URLSearchParams {
	const form = new URLSearchParams(fixture('twilio', random.pick(TWILIO_FORMS)));
	for (const id of ['MessageSid', 'SmsSid', 'SmsMessageSid']) if (form.has(id)) form.set(id, marker);
	if (form.has('Body')) form.set('Body', random.pick(TEXTS));
	return form;
}

export const twilio: FuzzTarget = {
	provider: 'twilio',
	credentialType: 'dropMmsTwilioApi',
	credentials: { dropMmsTwilioApi: { accountSid: 'AC3c1e5f7a9b2d4f6e8a0c2e4f6a8b0d2e', authToken: TWILIO_TOKEN } },
	maxBodyBytes: bodyLimitOf('twilio'),
	signs: { body: true, query: true, timestamp: false },
	draft(random, marker, url) {
		const shape = random.int(0, 9);
		const ref = random.text(10);
		// A console option: the same parameters in the query string of a GET.
		if (shape === 8) {
			const form = twilioForm(random, marker);
			return { method: 'GET', url: `${withQuery(url, { ref })}&${form.toString()}`, body: Buffer.alloc(0), format: 'none', events: 1 };
		}
		// An Event Streams sink: a JSON array of CloudEvents, one of them not a message event.
		if (shape === 9) {
			const batch = fixtureJson<Array<{ id: string; type: string; data: Record<string, unknown> }>>('twilio', 'event-streams-batch.json');
			batch.forEach((event, index) => {
				event.id = `${marker}-${index}`;
				if ('messageSid' in event.data) event.data.messageSid = `${marker}.${index}`;
			});
			return jsonDraft(url, batch, batch.filter((event) => event.type.startsWith('com.twilio.messaging.message.')).length);
		}
		return formDraft(withQuery(url, { ref }), twilioForm(random, marker));
	},
	authenticate(request, secret) {
		const token = secret === 'genuine' ? TWILIO_TOKEN : '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
		// JSON bodies are signed through their SHA-256 in the URL (providers.md §1).
		if (request.contentType === JSON_TYPE) {
			const url = withQuery(request.url, { bodySHA256: sha256Hex(request.body) });
			return { method: request.method, url, headers: { ...contentTypeOf(request), 'x-twilio-signature': twilioSignature(token, url) }, body: request.body };
		}
		const signature = request.method === 'GET' ? twilioSignature(token, request.url) : twilioSignature(token, request.url, request.body.toString('utf8'));
		return { method: request.method, url: request.url, headers: { ...contentTypeOf(request), 'x-twilio-signature': signature }, body: request.body };
	},
	spoiledCredentials(request, random) {
		const variants: Array<[string, Record<string, string>]> = [
			['a random signature', { 'x-twilio-signature': random.text(28, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') }],
			['an empty signature', { 'x-twilio-signature': '' }],
			['an 8 KB signature', { 'x-twilio-signature': 'A'.repeat(8_000) }],
			['the signature of the URL without its query', { 'x-twilio-signature': twilioSignature(TWILIO_TOKEN, request.url.split('?')[0], request.body?.toString('utf8') ?? '') }],
			['a signing-settings header naming an unknown algorithm', { 'x-twilio-webhooks-signature-settings': 'key=KS1,algorithm=ROT13' }],
			// The credential has no shared key: whatever the header says, nothing else may verify the request.
			['a signing-settings header naming a shared key the credential lacks', { 'x-twilio-webhooks-signature-settings': 'key=KS00000000000000000000000000000000,algorithm=HMAC_SHA256' }],
		];
		return withEachHeaders(request, variants);
	},
	stripCredentials: (request) => withoutHeaders(request, 'x-twilio-signature'),
};

// ---------------------------------------------------------------------------------------------

const telnyxKeys = generateKeyPairSync('ed25519');
const telnyxForgerKeys = generateKeyPairSync('ed25519');
const TELNYX_EVENTS = [
	'webhook-message-finalized-delivered.json',
	'webhook-message-finalized-group.json',
	'webhook-message-finalized-opted-out.json',
	'webhook-message-sent.json',
	'webhook-message-received-mms.json',
	'webhook-message-received-stop.json',
];

interface TelnyxEvent {
	data: { id: string; event_type: string; payload: { id: string; to: unknown[]; text?: string | null; webhook_url?: string | null } };
}

export const telnyx: FuzzTarget = {
	provider: 'telnyx',
	credentialType: 'dropMmsTelnyxApi',
	credentials: { dropMmsTelnyxApi: { apiKey: 'KEYfuzz', publicKey: rawEd25519PublicKey(telnyxKeys.publicKey) } },
	maxBodyBytes: bodyLimitOf('telnyx'),
	signs: { body: true, query: false, timestamp: true },
	draft(random, marker, url) {
		const event = fixtureJson<TelnyxEvent>('telnyx', random.pick(TELNYX_EVENTS));
		event.data.id = `${marker}-event`;
		event.data.payload.id = marker;
		const inbound = event.data.event_type === 'message.received';
		if (inbound) event.data.payload.text = random.pick(TEXTS);
		// One status event per recipient; an inbound message is one event.
		return jsonDraft(url, event, inbound ? 1 : event.data.payload.to.length);
	},
	authenticate(request, secret, timestampOffsetSeconds = 0) {
		const key = secret === 'genuine' ? telnyxKeys.privateKey : telnyxForgerKeys.privateKey;
		const headers = telnyxHeaders(key, request.body, Math.floor(Date.now() / 1000) + timestampOffsetSeconds);
		return { method: request.method, url: request.url, headers: { ...contentTypeOf(request), ...headers }, body: request.body };
	},
	spoiledCredentials(request) {
		const timestamp = Number(request.headers['telnyx-timestamp']);
		const variants: Array<[string, Record<string, string>]> = [
			['a signature that is not base64', { 'telnyx-signature-ed25519': '***not base64***' }],
			['a 63-byte signature', { 'telnyx-signature-ed25519': Buffer.alloc(63, 7).toString('base64') }],
			['an all-zero 64-byte signature', { 'telnyx-signature-ed25519': Buffer.alloc(64).toString('base64') }],
			['a timestamp that is not a number', { 'telnyx-timestamp': 'yesterday' }],
			['a 30-digit timestamp', { 'telnyx-timestamp': '9'.repeat(30) }],
			['the signature with the timestamp one second on', { 'telnyx-timestamp': String(timestamp + 1) }],
		];
		return withEachHeaders(request, variants);
	},
	stripCredentials: (request) => withoutHeaders(request, 'telnyx-signature-ed25519', 'telnyx-timestamp'),
};

// ---------------------------------------------------------------------------------------------

const PLIVO_TOKEN = 'plivo-token-7c1d2e';
const PLIVO_FORMS = [
	'status-delivered.form',
	'status-queued.form',
	'status-failed-credit.form',
	'status-undelivered-opted-out.form',
	'status-bulk-no-sequence.form',
	'inbound-mms.form',
	'inbound-stop.form',
	'inbound-start.form',
];

function plivoFields(random: Random, marker: string, text: string): URLSearchParams {
	const form = new URLSearchParams(text);
	for (const id of ['MessageUUID', 'ParentMessageUUID']) if (form.has(id)) form.set(id, marker);
	for (const field of ['Text', 'Body']) if (form.has(field) && !form.has('MessageIntent')) form.set(field, random.pick(TEXTS));
	return form;
}

export const plivo: FuzzTarget = {
	provider: 'plivo',
	credentialType: 'dropMmsPlivoApi',
	credentials: { dropMmsPlivoApi: { authId: 'MA0000000000000000', authToken: PLIVO_TOKEN } },
	maxBodyBytes: bodyLimitOf('plivo'),
	signs: { body: true, query: true, timestamp: false },
	draft(random, marker, url) {
		// A status callback with `method: GET` on the send request: the fields in the query string.
		if (random.int(0, 8) === 8) {
			const fields = plivoFields(random, marker, fixture('plivo', 'status-sent.query'));
			return { method: 'GET', url: `${url}&${fields.toString()}`, body: Buffer.alloc(0), format: 'none', events: 1 };
		}
		return formDraft(url, plivoFields(random, marker, fixture('plivo', random.pick(PLIVO_FORMS))));
	},
	authenticate(request, secret) {
		const token = secret === 'genuine' ? PLIVO_TOKEN : 'plivo-token-000000';
		// Plivo's nonces are 20 digits; these follow from the request, so a run repeats exactly.
		const nonce = BigInt(`0x${sha256Hex(Buffer.concat([Buffer.from(request.url), request.body]))}`).toString().slice(0, 20);
		const form = request.method === 'POST' ? new URLSearchParams(request.body.toString('utf8')) : new URLSearchParams();
		const headers = { 'x-plivo-signature-v3': plivoV3Signature(token, request.method, request.url, form, nonce), 'x-plivo-signature-v3-nonce': nonce };
		return { method: request.method, url: request.url, headers: { ...contentTypeOf(request), ...headers }, body: request.body };
	},
	spoiledCredentials(request, random) {
		const nonce = request.headers['x-plivo-signature-v3-nonce'];
		const v3 = request.headers['x-plivo-signature-v3'];
		const withoutV3 = withoutHeaders(request, 'x-plivo-signature-v3', 'x-plivo-signature-v3-nonce');
		const variants: Array<[string, FuzzRequest]> = [
			// V2 signs only the URL and nonce: the credential does not accept it (issue #13).
			['a genuine V2 signature, which covers no field', withHeaders(withoutV3, { 'x-plivo-signature-v2': plivoV2Signature(PLIVO_TOKEN, request.url, nonce), 'x-plivo-signature-v2-nonce': nonce })],
			['the V3 signature without its nonce', withoutHeaders(request, 'x-plivo-signature-v3-nonce')],
			['the V3 signature with another nonce', withHeaders(request, { 'x-plivo-signature-v3-nonce': `${nonce}1` })],
			['fifty comma-separated random signatures', withHeaders(request, { 'x-plivo-signature-v3': Array.from({ length: 50 }, () => random.text(44)).join(',') })],
			['garbage in both the V3 and the main-account V3 header', withHeaders(request, { 'x-plivo-signature-v3': 'garbage', 'x-plivo-signature-ma-v3': `${v3}x` })],
		];
		return variants.map(([variant, spoiled]) => ({ variant, request: spoiled }));
	},
	stripCredentials: (request) => withoutHeaders(request, 'x-plivo-signature-v3', 'x-plivo-signature-v3-nonce'),
};

// ---------------------------------------------------------------------------------------------

const BANDWIDTH_CALLBACK = { user: 'bw-callback', password: 'bw-callback-secret-42' };
const BANDWIDTH_CALLBACKS = [
	'callback-batch.json',
	'callback-delivered.json',
	'callback-delivered-mms-carrier.json',
	'callback-failed-4775.json',
	'callback-failed-9902.json',
	'callback-sending.json',
	'callback-sent.json',
	'callback-read.json',
	'callback-received-stop.json',
	'callback-received-mms.json',
	'callback-rbm-mixed.json',
];
/** Callback types the adapter has an item for (RBM replies in the same array are acknowledged without one). */
const BANDWIDTH_MESSAGE_TYPES = new Set(['message-sending', 'message-sent', 'message-delivered', 'message-failed', 'message-read', 'message-received']);

interface BandwidthCallback {
	type: string;
	message: { id: string; text?: string; tag?: string };
}

export const bandwidth: FuzzTarget = {
	provider: 'bandwidth',
	credentialType: 'dropMmsBandwidthApi',
	credentials: {
		dropMmsBandwidthApi: { accountId: '9900000', username: 'api-user', password: 'api-secret', applicationId: 'app-1', callbackUsername: BANDWIDTH_CALLBACK.user, callbackPassword: BANDWIDTH_CALLBACK.password },
	},
	maxBodyBytes: bodyLimitOf('bandwidth'),
	signs: { body: false, query: false, timestamp: false },
	draft(random, marker, url) {
		const callbacks = fixtureJson<BandwidthCallback[]>('bandwidth', random.pick(BANDWIDTH_CALLBACKS));
		callbacks.forEach((callback, index) => {
			callback.message.id = `${marker}.${index}`;
			delete callback.message.tag;
			if (callback.type === 'message-received') callback.message.text = random.pick(TEXTS);
		});
		return jsonDraft(url, callbacks, callbacks.filter((callback) => BANDWIDTH_MESSAGE_TYPES.has(callback.type)).length);
	},
	authenticate(request, secret) {
		const password = secret === 'genuine' ? BANDWIDTH_CALLBACK.password : 'guessed-password';
		return { method: request.method, url: request.url, headers: { ...contentTypeOf(request), authorization: basicAuthorization(BANDWIDTH_CALLBACK.user, password) }, body: request.body };
	},
	spoiledCredentials: (request) => spoiledBasic(request, BANDWIDTH_CALLBACK.user, BANDWIDTH_CALLBACK.password),
	stripCredentials: (request) => withoutHeaders(request, 'authorization'),
};

// ---------------------------------------------------------------------------------------------

const SINCH_CALLBACK = { user: 'sinch-callback', password: 'sinch-callback-secret', signingSecret: 'sinch-signing-secret-3f9a' };
const SINCH_CALLBACKS = [
	'dlr-recipient-mms-delivered.json',
	'dlr-recipient-mms-dispatched.json',
	'dlr-recipient-mms-opted-out.json',
	'dlr-recipient-mms-unknown.json',
	'dlr-recipient-sms-expired.json',
	'dlr-batch-full.json',
	'dlr-batch-summary.json',
	'mo-text.json',
	'mo-text-stop.json',
	'mo-binary.json',
	'mo-media.json',
];

interface SinchCallback {
	type: string;
	batch_id?: string;
	id?: string;
	body?: unknown;
	statuses?: Array<{ recipients?: string[] }>;
}

export const sinch: FuzzTarget = {
	provider: 'sinch',
	credentialType: 'dropMmsSinchApi',
	credentials: {
		dropMmsSinchApi: {
			servicePlanId: 'plan-1',
			apiToken: 'api-token',
			region: 'us',
			callbackUsername: SINCH_CALLBACK.user,
			callbackPassword: SINCH_CALLBACK.password,
			callbackSigningSecret: SINCH_CALLBACK.signingSecret,
		},
	},
	maxBodyBytes: bodyLimitOf('sinch'),
	// With a signing secret in the credential the body is signed; Sinch enforces no age on the timestamp.
	signs: { body: true, query: false, timestamp: false },
	draft(random, marker, url) {
		const callback = fixtureJson<SinchCallback>('sinch', random.pick(SINCH_CALLBACKS));
		if (callback.batch_id !== undefined) callback.batch_id = marker;
		if (callback.id !== undefined) callback.id = marker;
		if (callback.type === 'mo_text') callback.body = random.pick(TEXTS);
		// A batch report: one event per recipient it names, or per status where it names none.
		const events = callback.statuses ? callback.statuses.reduce((sum, entry) => sum + (entry.recipients?.length ?? 1), 0) : 1;
		return jsonDraft(url, callback, events);
	},
	authenticate(request, secret) {
		const signingSecret = secret === 'genuine' ? SINCH_CALLBACK.signingSecret : 'not-the-signing-secret';
		const nonce = sha256Hex(Buffer.concat([Buffer.from(request.url), request.body])).slice(0, 26);
		const headers = { authorization: basicAuthorization(SINCH_CALLBACK.user, SINCH_CALLBACK.password), ...sinchSignatureHeaders(signingSecret, request.body, nonce) };
		return { method: request.method, url: request.url, headers: { ...contentTypeOf(request), ...headers }, body: request.body };
	},
	spoiledCredentials(request) {
		const variants: Array<[string, FuzzRequest]> = [
			['a genuine signature with the wrong Basic password', withHeaders(request, { authorization: basicAuthorization(SINCH_CALLBACK.user, 'guessed') })],
			['genuine Basic auth without the signature', withoutHeaders(request, 'x-sinch-webhook-signature')],
			['the signature without its nonce', withoutHeaders(request, 'x-sinch-webhook-signature-nonce')],
			['the signature with another nonce', withHeaders(request, { 'x-sinch-webhook-signature-nonce': 'another-nonce' })],
			['an algorithm other than HmacSHA256', withHeaders(request, { 'x-sinch-webhook-signature-algorithm': 'HmacSHA1' })],
			['genuine Basic auth with a signature made by the Basic password', withHeaders(request, sinchSignatureHeaders(SINCH_CALLBACK.password, request.body ?? '', 'n0nce'))],
		];
		return variants.map(([variant, spoiled]) => ({ variant, request: spoiled }));
	},
	stripCredentials: (request) =>
		withoutHeaders(request, 'authorization', 'x-sinch-webhook-signature', 'x-sinch-webhook-signature-nonce', 'x-sinch-webhook-signature-timestamp', 'x-sinch-webhook-signature-algorithm'),
};

// ---------------------------------------------------------------------------------------------

const CLICKSEND_TOKEN = 'tok-5f2a9c81d3';
const CLICKSEND_JSON = ['receipt-delivered.json', 'receipt-sent.json', 'receipt-cancelled.json', 'receipt-temporary.json', 'receipts-batch.json', 'inbound.json', 'inbound-mms-reply.json'];
const CLICKSEND_FORMS = ['inbound-stop.form.txt', 'receipt-undelivered.form.txt'];

export const clicksend: FuzzTarget = {
	provider: 'clicksend',
	credentialType: 'dropMmsClickSendApi',
	credentials: { dropMmsClickSendApi: { username: 'user', apiKey: 'api-key', webhookToken: CLICKSEND_TOKEN } },
	maxBodyBytes: bodyLimitOf('clicksend'),
	// ClickSend signs nothing: the token on the URL is the only proof (providers.md §7).
	signs: { body: false, query: false, timestamp: false },
	draft(random, marker, url) {
		if (random.int(0, 4) === 0) {
			const form = new URLSearchParams(fixture('clicksend', random.pick(CLICKSEND_FORMS)));
			form.set('message_id', marker);
			form.delete('custom_string');
			if (form.has('body')) form.set('body', random.pick(TEXTS));
			return formDraft(url, form);
		}
		const body = fixtureJson<Record<string, unknown> | Array<Record<string, unknown>>>('clicksend', random.pick(CLICKSEND_JSON));
		const items = Array.isArray(body) ? body : [body];
		items.forEach((item, index) => {
			item.message_id = Array.isArray(body) ? `${marker}.${index}` : marker;
			delete item.custom_string;
			if ('from' in item && 'body' in item) item.body = random.pick(TEXTS);
		});
		return jsonDraft(url, body, items.length);
	},
	authenticate(request, secret) {
		const url = withQuery(request.url, { token: secret === 'genuine' ? CLICKSEND_TOKEN : 'tok-0000000000' });
		return { method: request.method, url, headers: contentTypeOf(request), body: request.body };
	},
	spoiledCredentials(request) {
		const stripped = this.stripCredentials(request);
		const variants: Array<[string, string]> = [
			['an empty token', withQuery(stripped.url, { token: '' })],
			['a 4,000-character token', withQuery(stripped.url, { token: CLICKSEND_TOKEN.repeat(400) })],
			['the token with a trailing space', withQuery(stripped.url, { token: `${CLICKSEND_TOKEN} ` })],
			['the token in upper case', withQuery(stripped.url, { token: CLICKSEND_TOKEN.toUpperCase() })],
			['the token under another name', withQuery(stripped.url, { Token: CLICKSEND_TOKEN })],
			['the token as a header instead of the query', stripped.url],
		];
		return variants.map(([variant, url]) => {
			const headers = variant.includes('header') ? { ...stripped.headers, token: CLICKSEND_TOKEN } : stripped.headers;
			return { variant, request: { ...stripped, url, headers } };
		});
	},
	stripCredentials(request) {
		const url = new URL(request.url);
		url.searchParams.delete('token');
		return { ...request, url: url.toString() };
	},
};

// ---------------------------------------------------------------------------------------------

const VONAGE_SECRET = 'vonage-signature-secret-8d1c';
const VONAGE_WEBHOOKS = [
	'webhook-status-delivered.json',
	'webhook-status-submitted.json',
	'webhook-status-read.json',
	'webhook-status-rejected-carrier.json',
	'webhook-status-rejected-opted-out.json',
	'webhook-status-undeliverable.json',
	'webhook-inbound-image.json',
	'webhook-inbound-text.json',
	'webhook-inbound-stop.json',
];

function vonageClaims(body: Buffer, iat: number): Record<string, unknown> {
	return { iat, jti: sha256Hex(body).slice(0, 32), api_key: 'abcd1234', payload_hash: sha256Hex(body) };
}

function unsignedJwt(claims: Record<string, unknown>): string {
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `Bearer ${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

export const vonage: FuzzTarget = {
	provider: 'vonage',
	credentialType: 'dropMmsVonageApi',
	credentials: { dropMmsVonageApi: { applicationId: 'app-1', privateKey: '', signatureSecret: VONAGE_SECRET } },
	maxBodyBytes: bodyLimitOf('vonage'),
	signs: { body: true, query: false, timestamp: true },
	draft(random, marker, url) {
		const webhook = fixtureJson('vonage', random.pick(VONAGE_WEBHOOKS));
		webhook.message_uuid = marker;
		delete webhook.client_ref;
		if (webhook.message_type === 'text') webhook.text = random.pick(TEXTS);
		return jsonDraft(url, webhook, 1);
	},
	authenticate(request, secret, timestampOffsetSeconds = 0) {
		const iat = Math.floor(Date.now() / 1000) + timestampOffsetSeconds;
		const authorization = vonageAuthorization(secret === 'genuine' ? VONAGE_SECRET : 'another-signature-secret', vonageClaims(request.body, iat));
		return { method: request.method, url: request.url, headers: { ...contentTypeOf(request), authorization }, body: request.body };
	},
	spoiledCredentials(request, random) {
		const body = request.body ?? Buffer.alloc(0);
		const claims = vonageClaims(body, Math.floor(Date.now() / 1000));
		const without = (name: string) => Object.fromEntries(Object.entries(claims).filter(([claim]) => claim !== name));
		const variants: Array<[string, string]> = [
			['an unsigned token (alg none)', unsignedJwt(claims)],
			['a genuine token without payload_hash', vonageAuthorization(VONAGE_SECRET, without('payload_hash'))],
			['a genuine token without iat', vonageAuthorization(VONAGE_SECRET, without('iat'))],
			['a genuine token with iat as text', vonageAuthorization(VONAGE_SECRET, { ...claims, iat: String(claims.iat) })],
			['a two-part token', `Bearer ${random.text(20)}.${random.text(40)}`],
			['Basic instead of Bearer', basicAuthorization('abcd1234', VONAGE_SECRET)],
			['the token without the Bearer scheme', vonageAuthorization(VONAGE_SECRET, claims).replace(/^Bearer /, '')],
		];
		return withEachHeaders(request, variants.map(([variant, authorization]) => [variant, { authorization }]));
	},
	stripCredentials: (request) => withoutHeaders(request, 'authorization'),
};

// ---------------------------------------------------------------------------------------------

const MM7_CALLBACK = { user: 'mmsc-callback', password: 'mmsc-callback-secret-7f3a' };
const MM7_VASP = { user: 'vasp', password: 'vasp-secret-19c2' };
const MM7_REPORTS = [
	'delivery-report-retrieved-6.8.0.xml',
	'delivery-report-retrieved-5.3.0.xml',
	'delivery-report-condition-not-met-6.8.0.xml',
	'delivery-report-deferred-5.3.0.xml',
	'delivery-report-expired-5.3.0.xml',
	'delivery-report-forwarded-5.3.0.xml',
	'delivery-report-indeterminate-5.3.0.xml',
	'delivery-report-rejected-5.3.0.xml',
	'delivery-report-unrecognised-5.3.0.xml',
];
const MM7_DELIVERS = ['deliver-mo-stop.mime', 'deliver-mo-image.mime', 'deliver-mo-quoted-printable.mime', 'deliver-mo-unreferenced.mime'];
/** The boundary every DeliverReq fixture is written with (test/fixtures/mm7/README.md). */
export const MM7_MULTIPART_TYPE = 'multipart/related; start="soap-start"; type="text/xml"; boundary="----=_Part_139078_1411587550.1397492135426"';

/** This case's ids in an MM7 body: the message's (or, for an MO without one, the LinkedID) and the transaction's. */
function mm7WithIds(text: string, marker: string): string {
	// Elements with or without a namespace prefix (`mm7:MessageID`), as MMSCs write them (providers.md §9).
	return text
		.replace(/(<(?:\w+:)?MessageID>)[^<]*/, `$1${marker}`)
		.replace(/(<(?:\w+:)?LinkedID>)[^<]*/, `$1${marker}`)
		.replace(/(<(?:\w+:)?TransactionID[^>]*>)[^<]*/, `$1${marker}-tx`);
}

export const mm7: FuzzTarget = {
	provider: 'mm7',
	credentialType: 'dropMmsMm7Api',
	credentials: {
		dropMmsMm7Api: { url: 'https://mmsc.example/mm7', username: MM7_VASP.user, password: MM7_VASP.password, vaspId: 'V', mm7Version: '6.8.0', callbackUsername: MM7_CALLBACK.user, callbackPassword: MM7_CALLBACK.password },
	},
	maxBodyBytes: bodyLimitOf('mm7'),
	// HTTP Basic only (providers.md §9): it proves who called, not what was sent.
	signs: { body: false, query: false, timestamp: false },
	draft(random, marker, url) {
		if (random.int(0, 2) === 0) {
			const body = mm7WithIds(fixture('mm7', random.pick(MM7_DELIVERS)), marker);
			return { method: 'POST', url, contentType: MM7_MULTIPART_TYPE, body: Buffer.from(body), format: 'multipart', events: 1 };
		}
		const body = mm7WithIds(fixture('mm7', random.pick(MM7_REPORTS)), marker);
		return { method: 'POST', url, contentType: 'text/xml; charset=utf-8', body: Buffer.from(body), format: 'xml', events: 1 };
	},
	authenticate(request, secret) {
		const password = secret === 'genuine' ? MM7_CALLBACK.password : 'guessed-password';
		const headers = { ...contentTypeOf(request), soapaction: '""', authorization: basicAuthorization(MM7_CALLBACK.user, password) };
		return { method: request.method, url: request.url, headers, body: request.body };
	},
	spoiledCredentials(request) {
		return [
			// The VASP's own pair is what the trigger sends to the MMSC, not what the MMSC presents.
			{ variant: "the VASP's own pair instead of the callback pair", request: withHeaders(request, { authorization: basicAuthorization(MM7_VASP.user, MM7_VASP.password) }) },
			...spoiledBasic(request, MM7_CALLBACK.user, MM7_CALLBACK.password),
		];
	},
	stripCredentials: (request) => withoutHeaders(request, 'authorization'),
};

// ---------------------------------------------------------------------------------------------

const SANDBOX_STATUSES: Array<{ status: string; errorCode?: string }> = [
	{ status: 'sent' },
	{ status: 'delivered' },
	{ status: 'undelivered', errorCode: '30003' },
	{ status: 'undelivered', errorCode: '21610' },
];

/** This installation's sandbox key (n8n's folder is the test file's own, test/setup-env.js). */
function sandboxKey(): string {
	return String(sandboxCredentials().signingKey);
}

export const sandbox: FuzzTarget = {
	provider: 'sandbox',
	maxBodyBytes: bodyLimitOf('sandbox'),
	signs: { body: true, query: false, timestamp: true },
	draft(random, marker, url) {
		// The simulator's reports (nodes/providers/sandbox/webhook.ts); dropId and ref come from the query here.
		const common = { eventId: `${marker}-event`, messageId: marker, occurredAt: new Date(Date.UTC(2026, 0, 2, 10, 0, random.int(0, 59))).toISOString(), sandbox: true };
		const report =
			random.int(0, 3) === 0
				? { type: 'message.inbound', ...common, to: '+14155550100', from: '+14155550195', text: random.pick(TEXTS) }
				: { type: 'message.status', ...common, to: '+14155550101', from: '+14155550100', ...random.pick(SANDBOX_STATUSES) };
		return jsonDraft(url, report, 1);
	},
	authenticate(request, secret, timestampOffsetSeconds = 0) {
		const key = secret === 'genuine' ? sandboxKey() : 'ab'.repeat(32);
		const headers = sandboxHeaders(key, request.body, Math.floor(Date.now() / 1000) + timestampOffsetSeconds);
		return { method: request.method, url: request.url, headers: { ...contentTypeOf(request), ...headers }, body: request.body };
	},
	spoiledCredentials(request, random) {
		const signature = request.headers['x-sandbox-signature'] ?? '';
		const variants: Array<[string, Record<string, string>]> = [
			['a random v1 signature', { 'x-sandbox-signature': `v1=${random.text(64, '0123456789abcdef')}` }],
			['the genuine signature as v2', { 'x-sandbox-signature': signature.replace('v1=', 'v2=') }],
			['the genuine signature in upper case', { 'x-sandbox-signature': signature.toUpperCase() }],
			['a timestamp that is not a number', { 'x-sandbox-timestamp': 'now' }],
			['a 13-digit timestamp (milliseconds)', { 'x-sandbox-timestamp': String(Date.now()) }],
			['the signature with the timestamp one second on', { 'x-sandbox-timestamp': String(Number(request.headers['x-sandbox-timestamp']) + 1) }],
		];
		return withEachHeaders(request, variants);
	},
	stripCredentials: (request) => withoutHeaders(request, 'x-sandbox-signature', 'x-sandbox-timestamp'),
};

export const TARGETS: FuzzTarget[] = [twilio, telnyx, plivo, bandwidth, sinch, clicksend, vonage, mm7, sandbox];
