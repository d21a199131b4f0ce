/**
 * Telnyx: fixtures from test/fixtures/telnyx (sources in its README) and case tables for the shared
 * runner. Webhooks are signed here with Ed25519 keys made in the test.
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';

import { telnyxAdapter } from '../../nodes/providers/telnyx';
import type {
	FailureReason, OutboundMessage, OutcomeKind, SendBatch, SendOutcome, WebhookRequest,
} from '../../nodes/providers/types';
import { rawEd25519PublicKey, telnyxHeaders } from '../webhook-signing';
import {
	providerSuite, type Reply, runParseCases, runAnswerCases, runResponseCases, runSendCases, runValidationCases,
	runVerifyCases, webhookRequest,
} from './cases';
import { runCredentialContract } from './contract';
import { runCapabilityInvariants } from './invariants';

const API = 'https://api.telnyx.com';
const apiKey = `KEY${randomBytes(16).toString('hex')}`;
const signingKeys = generateKeyPairSync('ed25519');
const otherKeys = generateKeyPairSync('ed25519');
const credentials = { apiKey, publicKey: rawEd25519PublicKey(signingKeys.publicKey), baseUrl: API };
const wireHeaders = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept: 'application/json' };

/** Keys that are members of every object's prototype: a request may use them as names or values (issue #13 point 7). */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString'];

function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
	return {
		from: '+18445550001',
		text: 'Spring sale: 20% off today\nReply STOP to opt out',
		subject: 'Spring sale',
		media: [{ url: 'https://cdn.example.com/sale/a.jpg' }, { url: 'https://cdn.example.com/sale/b.png' }],
		...overrides,
	};
}

function batch(overrides: Partial<SendBatch> = {}): SendBatch {
	return {
		dropId: 'drop-1',
		message: message(),
		recipients: [{ ref: 'r1', to: '+18665550001' }],
		statusCallbackUrl: 'https://n8n.example.com/webhook/mms-status?dropId=drop-1',
		...overrides,
	};
}

const suite = providerSuite(telnyxAdapter, { credentials, message: message(), nowMs: 1_772_445_600_000, receivedAt: new Date('2026-03-02T13:00:00.000Z') });
const { fixture, fixtureJson } = suite;

runCapabilityInvariants(suite);

runCredentialContract(suite, [
	{ label: 'the official origin', credentials: { apiKey } },
	{ label: 'a proxy with a trailing slash', credentials: { apiKey, baseUrl: 'http://telnyx-proxy.internal:8080/' } },
	{ label: 'an emptied Base URL (the official origin)', credentials: { apiKey, baseUrl: '' } },
]);

const accepted: SendOutcome[] = [{ ref: 'r1', kind: 'accepted', messageId: '40385f64-5717-4562-b3fc-2c963f66afa6' }];
const ok: Reply = { status: 200, fixture: 'send-response-200.json', headers: { 'content-type': 'application/json' } };
const tenMedia = Array.from({ length: 10 }, (_, index) => ({ url: `https://cdn.example.com/m/${index}.jpg` }));

runSendCases(suite, [
	{
		label: 'the documented JSON request, answered with the message id',
		batch: batch(),
		request: { url: `${API}/v2/messages`, headers: wireHeaders, body: fixtureJson('send-request.json') as object },
		reply: ok,
		outcomes: accepted,
	},
	{
		label: 'the same request at any time: nothing in it depends on the clock',
		batch: batch(),
		nowMs: 9e12,
		request: { url: `${API}/v2/messages`, headers: wireHeaders, body: fixtureJson('send-request.json') as object },
		reply: ok,
		outcomes: accepted,
	},
	{
		label: 'the credential baseUrl origin, without its trailing slash',
		batch: batch(),
		credentials: { ...credentials, baseUrl: 'http://telnyx-proxy.internal:8080/' },
		request: { url: 'http://telnyx-proxy.internal:8080/v2/messages', headers: wireHeaders, body: fixtureJson('send-request.json') as object },
		reply: ok,
		outcomes: accepted,
	},
	{
		label: 'the official origin when baseUrl is empty',
		batch: batch(),
		credentials: { ...credentials, baseUrl: '' },
		request: { url: `${API}/v2/messages`, headers: wireHeaders },
		reply: ok,
		outcomes: accepted,
	},
	{
		label: "a messaging profile's id as the sender: its number pool picks the number (messaging_profile_id instead of from)",
		batch: batch({ message: message({ from: '3fa85f64-5717-4562-b3fc-2c963f66afa6', text: '', subject: undefined, media: tenMedia.slice(0, 1) }), statusCallbackUrl: undefined }),
		request: {
			url: `${API}/v2/messages`,
			headers: wireHeaders,
			body: { messaging_profile_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', to: '+18665550001', media_urls: [tenMedia[0].url], type: 'MMS' },
		},
		reply: ok,
		outcomes: accepted,
	},
	{
		label: 'ten media URLs in order; empty text and subject left out; no webhook_url without a callback',
		batch: batch({ message: message({ text: '', subject: undefined, media: tenMedia }), statusCallbackUrl: undefined }),
		request: {
			url: `${API}/v2/messages`,
			headers: wireHeaders,
			body: { from: '+18445550001', to: '+18665550001', media_urls: tenMedia.map((item) => item.url), type: 'MMS' },
		},
		reply: ok,
		outcomes: accepted,
	},
]);

/** The outcome of a Telnyx error body: its first error's code, "title: detail" as the message. */
function failed(file: string, status: number, kind: OutcomeKind, reason: FailureReason, retryAfterMs?: number): SendOutcome[] {
	const [first] = fixtureJson<{ errors: Array<{ code: string; title: string; detail: string }> }>(file).errors;
	return [{ ref: 'r1', kind, reason, error: { code: first.code, message: `${first.title}: ${first.detail}`, httpStatus: status }, ...(retryAfterMs ? { retryAfterMs } : {}) }];
}

/** A reply that is not Telnyx's error shape: classified by HTTP status. */
function unreadable(status: number, kind: OutcomeKind, reason: FailureReason, retryAfterMs?: number): SendOutcome[] {
	return [
		{
			ref: 'r1',
			kind,
			reason,
			error: { code: 'invalid_response', message: expect.stringContaining(`HTTP ${status}`), httpStatus: status },
			...(retryAfterMs ? { retryAfterMs } : {}),
		},
	];
}

runResponseCases(suite, batch(), [
	// Issue #12 point 2.9: 409 is what Telnyx documents for 40300 (developers.telnyx.com/api/errors/40300);
	// an opt-out is about one recipient whatever status carries it, a 403 included.
	...[409, 403, 400, 422].map((status) => ({
		label: `40300 opted out (HTTP ${status})`,
		reply: { status, fixture: 'error-40300-opted-out.json' },
		outcomes: failed('error-40300-opted-out.json', status, 'permanent', 'opted_out'),
	})),
	{ label: 'an unlisted code on a 403 still stops the drop', reply: { status: 403, body: JSON.stringify({ errors: [{ code: '99999', title: 'Odd', detail: '' }] }) }, outcomes: [{ ref: 'r1', kind: 'fatal', reason: 'auth_failed', error: { code: '99999', message: 'Odd', httpStatus: 403 } }] },
	{ label: '10002 invalid number', reply: { status: 400, fixture: 'error-10002-invalid-number.json' }, outcomes: failed('error-10002-invalid-number.json', 400, 'permanent', 'invalid_number') },
	{ label: '10016 not +E.164', reply: { status: 400, fixture: 'error-10016-not-e164.json' }, outcomes: failed('error-10016-not-e164.json', 400, 'permanent', 'invalid_number') },
	{ label: '10003 on a media URL', reply: { status: 400, fixture: 'error-10003-media-url.json' }, outcomes: failed('error-10003-media-url.json', 400, 'permanent', 'media_rejected') },
	{ label: '40001 not routable', reply: { status: 422, fixture: 'error-40001-not-routable.json' }, outcomes: failed('error-40001-not-routable.json', 422, 'permanent', 'unsupported_destination') },
	{ label: 'an unlisted 4xx code', reply: { status: 422, fixture: 'error-10015-bad-request.json' }, outcomes: failed('error-10015-bad-request.json', 422, 'permanent', 'provider_rejected') },
	{
		label: '429 / 10011 with x-ratelimit-reset',
		reply: { status: 429, fixture: 'error-10011-rate-limited.json', headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '7' } },
		outcomes: failed('error-10011-rate-limited.json', 429, 'retryable', 'rate_limited', 7000),
	},
	{ label: '429 / 10011 without a wait hint', reply: { status: 429, fixture: 'error-10011-rate-limited.json' }, outcomes: failed('error-10011-rate-limited.json', 429, 'retryable', 'rate_limited') },
	{ label: '503', reply: { status: 503, fixture: 'error-10007-unexpected.json' }, outcomes: failed('error-10007-unexpected.json', 503, 'retryable', 'server_error') },
	{ label: '401 / 10009 bad API key', reply: { status: 401, fixture: 'error-10009-unauthenticated.json' }, outcomes: failed('error-10009-unauthenticated.json', 401, 'fatal', 'auth_failed') },
	{ label: '403 / 10010 not permitted', reply: { status: 403, fixture: 'error-10010-forbidden.json' }, outcomes: failed('error-10010-forbidden.json', 403, 'fatal', 'auth_failed') },
	{ label: '500 may have been accepted', reply: { status: 500, fixture: 'error-10007-unexpected.json' }, outcomes: failed('error-10007-unexpected.json', 500, 'ambiguous', 'server_error') },
	{ label: 'non-JSON 2xx', reply: { status: 200, fixture: 'proxy-error.html' }, outcomes: unreadable(200, 'ambiguous', 'invalid_response') },
	{ label: '2xx JSON without data.id', reply: { status: 200, body: JSON.stringify({ data: { record_type: 'message' } }) }, outcomes: unreadable(200, 'ambiguous', 'invalid_response') },
	{ label: 'non-JSON 4xx', reply: { status: 400, fixture: 'proxy-error.html' }, outcomes: unreadable(400, 'permanent', 'provider_rejected') },
	{ label: 'non-JSON 502', reply: { status: 502, fixture: 'proxy-error.html' }, outcomes: unreadable(502, 'ambiguous', 'server_error') },
	{
		label: 'non-JSON 429 still honours x-ratelimit-reset',
		reply: { status: 429, body: 'Too Many Requests', headers: { 'x-ratelimit-reset': '2' } },
		outcomes: unreadable(429, 'retryable', 'rate_limited', 2000),
	},
	{ label: 'a JSON 4xx in another shape', reply: { status: 404, body: JSON.stringify({ message: 'Not Found' }) }, outcomes: unreadable(404, 'permanent', 'provider_rejected') },
	// Issue #13 point 7: a code named like a prototype member is an unknown code, read by the HTTP status.
	...PROTOTYPE_NAMES.map((code) => ({
		label: `an error code named ${code}`,
		reply: { status: 422, body: JSON.stringify({ errors: [{ code, title: 'Odd', detail: '' }] }) },
		outcomes: [{ ref: 'r1', kind: 'permanent' as const, reason: 'provider_rejected' as const, error: { code, message: 'Odd', httpStatus: 422 } }],
	})),
	{
		label: 'a known code decides over an unknown one listed first',
		reply: {
			status: 409,
			body: JSON.stringify({
				errors: [
					{ code: '99999', title: 'Something else', detail: '' },
					{ code: '40300', title: 'Blocked due to STOP message', detail: '' },
				],
			}),
		},
		outcomes: [{ ref: 'r1', kind: 'permanent', reason: 'opted_out', error: { code: '40300', message: 'Blocked due to STOP message', httpStatus: 409 } }],
	},
]);

runValidationCases(suite, [
	{ label: 'a normal MMS', message: message(), problems: [] },
	{
		label: 'ten media totalling exactly 1 MB',
		message: message({ media: Array.from({ length: 10 }, (_, i) => ({ url: `https://cdn.example.com/${i}.jpg`, bytes: 100_000 })) }),
		problems: [],
	},
	{ label: 'a long subject (Telnyx documents no limit)', message: message({ subject: 'S'.repeat(200) }), problems: [] },
	{
		label: 'eleven media',
		message: message({ media: Array.from({ length: 11 }, (_, i) => ({ url: `https://cdn.example.com/${i}.jpg` })) }),
		problems: ['Telnyx takes at most 10 media per message; this one has 11'],
	},
	{
		label: 'media over 1 MB in total',
		message: message({ media: [{ url: 'https://cdn.example.com/a.jpg', bytes: 600_000 }, { url: 'https://cdn.example.com/b.jpg', bytes: 400_001 }] }),
		problems: ['Telnyx takes at most 1000000 bytes of media per message; this one has 1000001'],
	},
	{ label: 'media without a URL', message: message({ media: [{ mediaId: 'abc', bytes: 10 }] }), problems: ['Telnyx needs every media item as a URL'] },
	{ label: 'no text and no media', message: message({ text: ' ', media: [] }), problems: ['Telnyx needs text or media'] },
]);

// ---------------------------------------------------------------------------------------------
// Webhooks

const TRIGGER_URL = 'https://n8n.example.com/webhook/mms-status?dropId=drop-1&ref=r1';
const nowSeconds = Math.floor(suite.nowMs / 1000);

/** A request as Telnyx signs it; `headers` changes or removes (undefined) a header after signing. */
function signed(body: string, options: { timestamp?: number; key?: KeyObject; headers?: Record<string, string | undefined> } = {}): WebhookRequest {
	const headers = telnyxHeaders(options.key ?? signingKeys.privateKey, body, options.timestamp ?? nowSeconds);
	return webhookRequest({ url: TRIGGER_URL, body, contentType: 'application/json', headers: { ...headers, ...options.headers } });
}

const delivered = fixture('webhook-message-finalized-delivered.json');
const validPair = telnyxHeaders(signingKeys.privateKey, delivered, nowSeconds);

runVerifyCases(suite, {
	valid: [
		{ label: 'a valid signature', request: signed(delivered) },
		{ label: 'a timestamp 299 s old', request: signed(delivered, { timestamp: nowSeconds - 299 }) },
		{
			label: 'header names in another case',
			request: webhookRequest({
				url: TRIGGER_URL,
				body: delivered,
				headers: { 'Telnyx-Signature-Ed25519': validPair['telnyx-signature-ed25519'], 'Telnyx-Timestamp': validPair['telnyx-timestamp'] },
			}),
		},
	],
	forged: [
		{ label: 'a signature by another key', request: signed(delivered, { key: otherKeys.privateKey }), reason: /does not match/ },
		{ label: 'a body changed after signing', request: { ...signed(delivered), rawBody: Buffer.from(delivered.replace('"delivered"', '"delivery_failed"')) }, reason: /does not match/ },
		{ label: 'a timestamp header changed after signing', request: signed(delivered, { headers: { 'telnyx-timestamp': String(nowSeconds + 1) } }), reason: /does not match/ },
		{ label: 'a stale timestamp (301 s old)', request: signed(delivered, { timestamp: nowSeconds - 301 }), status: 403, reason: /301 s ago, more than 300 s/ },
		{ label: 'a timestamp 301 s in the future', request: signed(delivered, { timestamp: nowSeconds + 301 }), status: 403, reason: /301 s in the future/ },
		{ label: 'a non-numeric timestamp', request: signed(delivered, { headers: { 'telnyx-timestamp': '2026-03-02T10:00:00Z' } }), reason: /Malformed telnyx-timestamp/ },
		{ label: 'a truncated signature', request: signed(delivered, { headers: { 'telnyx-signature-ed25519': Buffer.alloc(32, 1).toString('base64') } }), reason: /Malformed Ed25519 signature/ },
		{
			label: 'the public key of another account',
			request: signed(delivered),
			credentials: { ...credentials, publicKey: rawEd25519PublicKey(otherKeys.publicKey) },
			reason: /does not match/,
		},
	],
	missing: [
		{ label: 'no signature header', request: signed(delivered, { headers: { 'telnyx-signature-ed25519': undefined } }), reason: /Missing telnyx-signature-ed25519/ },
		{ label: 'no timestamp header', request: signed(delivered, { headers: { 'telnyx-timestamp': undefined } }), reason: /or telnyx-timestamp header/ },
		{ label: 'a credential without public key', request: signed(delivered), credentials: { ...credentials, publicKey: '' }, reason: /no valid Telnyx public key/ },
		{
			label: 'a public key that is not 32 bytes',
			request: signed(delivered),
			credentials: { ...credentials, publicKey: Buffer.alloc(31, 7).toString('base64') },
			reason: /no valid Telnyx public key/,
		},
	],
});

const base = { provider: 'telnyx', dropId: null, ref: null, errorCode: null, errorMessage: null, optedOut: false };
const unsigned = (body: string, url = 'https://n8n.example.com/webhook/mms-status') => webhookRequest({ url, body });
const event = (name: string, fields: object) => expect.objectContaining({ ...base, ...fields, raw: fixtureJson(name) });
const withoutOccurredAt = JSON.stringify({ ...fixtureJson<{ data: object }>('webhook-message-sent.json'), data: { ...fixtureJson<{ data: object }>('webhook-message-sent.json').data, occurred_at: undefined } });
const groupError = { errorCode: '40008', errorMessage: 'Undeliverable: Carrier did not accept the message.', dropId: 'drop-9' };

runParseCases(suite, {
	events: [
		{
			label: 'message.sent ⇒ sent, not final, correlation from the query',
			request: unsigned(fixture('webhook-message-sent.json'), 'https://n8n.example.com/webhook/mms-status?dropId=drop-1&ref=r1'),
			events: [
				event('webhook-message-sent.json', {
					kind: 'status',
					eventId: '86f58db9-0fe3-4adc-9d1f-46e66e6e9323',
					messageId: '40385f64-5717-4562-b3fc-2c963f66afa6',
					status: 'sent',
					providerStatus: 'sent',
					final: false,
					to: '+18665550001',
					from: '+18445550001',
					occurredAt: '2026-03-02T10:00:02.574Z',
					dropId: 'drop-1',
					ref: 'r1',
					text: 'Spring sale: 20% off today\nReply STOP to opt out',
					media: [{ url: 'https://cdn.example.com/sale/a.jpg', contentType: 'image/jpeg' }],
				}),
			],
		},
		{
			label: 'message.finalized delivered ⇒ delivered, final',
			request: unsigned(delivered, 'https://n8n.example.com/webhook/mms-status?dropId=drop-1&ref=r1'),
			events: [
				event('webhook-message-finalized-delivered.json', {
					kind: 'status',
					eventId: '4ee8c3a6-4995-4309-a3c6-38e3db9ea4be',
					status: 'delivered',
					providerStatus: 'delivered',
					final: true,
					occurredAt: '2026-03-02T10:00:14.148Z',
					dropId: 'drop-1',
					ref: 'r1',
				}),
			],
		},
		{
			label: 'error 40300 ⇒ failed, optedOut',
			request: unsigned(fixture('webhook-message-finalized-opted-out.json'), 'https://n8n.example.com/webhook/mms-status?dropId=drop-1&ref=r2'),
			events: [
				event('webhook-message-finalized-opted-out.json', {
					kind: 'status',
					status: 'failed',
					providerStatus: 'sending_failed',
					final: true,
					to: '+18665550002',
					errorCode: '40300',
					errorMessage: 'Blocked due to STOP message: Messages cannot be sent from +18445550001 to +18665550002 due to an existing block rule.',
					optedOut: true,
					dropId: 'drop-1',
					ref: 'r2',
					media: [],
				}),
			],
		},
		{
			label: 'several recipients ⇒ one event each, in order',
			request: unsigned(fixture('webhook-message-finalized-group.json'), 'https://n8n.example.com/webhook/mms-status?dropId=drop-9'),
			events: [
				// Each recipient's event has its own key (issue #13: one key for all flagged the others as repeats).
				event('webhook-message-finalized-group.json', { eventId: '0b0c7f5e-7d6a-4a7f-9a51-0c5d1e2f3a4b/+18665550003', to: '+18665550003', status: 'delivered', providerStatus: 'delivered', final: true, ...groupError }),
				event('webhook-message-finalized-group.json', { eventId: '0b0c7f5e-7d6a-4a7f-9a51-0c5d1e2f3a4b/+18665550004', to: '+18665550004', status: 'undelivered', providerStatus: 'delivery_failed', final: true, ...groupError }),
				event('webhook-message-finalized-group.json', { eventId: '0b0c7f5e-7d6a-4a7f-9a51-0c5d1e2f3a4b/+18665550005', to: '+18665550005', status: 'sent', providerStatus: 'delivery_unconfirmed', final: true, ...groupError }),
			],
		},
		{
			label: 'an inbound MMS ⇒ received with its media',
			request: unsigned(fixture('webhook-message-received-mms.json')),
			events: [
				event('webhook-message-received-mms.json', {
					kind: 'inbound',
					eventId: 'bf6307bd-884d-4c1f-b6ea-c62b8c495d3c',
					messageId: '7ee4241c-f127-47e5-9c34-3aac291f8058',
					status: 'received',
					providerStatus: 'webhook_delivered',
					final: true,
					from: '+18665550001',
					to: '+18445550001',
					text: 'Here is my receipt',
					occurredAt: '2026-03-02T12:00:00.574Z',
					media: [
						{ url: 'https://media.telnyx.com/abc123/receipt.jpg', contentType: 'image/jpeg' },
						{ url: 'https://media.telnyx.com/abc123/note.vcf', contentType: 'text/vcard' },
					],
				}),
			],
		},
		{
			label: 'an inbound STOP ⇒ opt_out',
			request: unsigned(fixture('webhook-message-received-stop.json')),
			// Every opt_out event says optedOut, a STOP reply included (issue #12 point 2.10).
			events: [event('webhook-message-received-stop.json', { kind: 'opt_out', optedOut: true, status: 'received', from: '+18665550002', to: '+18445550001', text: ' Stop ', media: [] })],
		},
		{
			label: 'dropId and ref from the echoed webhook_url when the query has none',
			request: unsigned(fixture('webhook-message-sent.json')),
			events: [expect.objectContaining({ dropId: 'drop-1', ref: 'r1' })],
		},
		{
			label: 'the query string wins over the echoed webhook_url',
			request: unsigned(fixture('webhook-message-sent.json'), 'https://n8n.example.com/webhook/mms-status?dropId=drop-q&ref=r-q'),
			events: [expect.objectContaining({ dropId: 'drop-q', ref: 'r-q' })],
		},
		{
			label: 'keys named like prototype members in the event are carried, not obeyed',
			request: unsigned(fixture('webhook-message-sent.json').replace('"payload": {', '"payload": { "__proto__": { "id": "forged" }, "constructor": "x", "toString": "y",')),
			events: [expect.objectContaining({ messageId: '40385f64-5717-4562-b3fc-2c963f66afa6', status: 'sent' })],
		},
		{
			label: 'the receive time where the event has no occurred_at',
			request: unsigned(withoutOccurredAt),
			events: [expect.objectContaining({ occurredAt: '2026-03-02T13:00:00.000Z' })],
		},
	],
	malformed: [
		{ label: 'not JSON', request: unsigned('data=not-json'), error: /not valid JSON/ },
		{ label: 'a JSON array', request: unsigned('[]'), error: /Not a Telnyx messaging event/ },
		{ label: 'an unknown event type', request: unsigned(fixture('webhook-unknown-event.json')), error: /Unknown Telnyx event type/ },
		{ label: 'an event without payload', request: unsigned(fixture('webhook-missing-payload.json')), error: /Not a Telnyx messaging event: data\.payload/ },
		{
			label: 'an unknown delivery status',
			request: unsigned(fixture('webhook-message-sent.json').replace('"status": "sent"', '"status": "teleported"')),
			error: /Unknown Telnyx delivery status: teleported/,
		},
		...PROTOTYPE_NAMES.map((status) => ({
			label: `a delivery status named ${status}`,
			request: unsigned(fixture('webhook-message-sent.json').replace('"status": "sent"', `"status": "${status}"`)),
			error: new RegExp(`Unknown Telnyx delivery status: ${status}`),
		})),
		{
			label: 'a status event without recipients',
			request: unsigned(JSON.stringify({ data: { id: 'e', event_type: 'message.sent', payload: { id: 'm', to: [] } } })),
			error: /message\.sent without recipients/,
		},
	],
});

runAnswerCases(suite, { setupSteps: [/Messaging Profile/], answers: [{ label: 'the default empty 200 (no ack of its own)', request: unsigned(delivered), answer: undefined }] });
