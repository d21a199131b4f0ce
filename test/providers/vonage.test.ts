/**
 * Vonage: fixtures from test/fixtures/vonage (sources in its README) and case tables for the shared
 * runner. The application key pair and the signature secret are made in the test; webhook tokens
 * are signed here with the documented HS256 scheme.
 */
import { createHash, generateKeyPairSync, randomBytes, verify as verifySignature } from 'node:crypto';

import { vonageAdapter } from '../../nodes/providers/vonage';
import { uuidFrom } from '../../nodes/providers/vonage/jwt';
import type {
	FailureReason, MediaRef, OutboundMessage, OutcomeKind, SendBatch, SendOutcome, WebhookRequest,
} from '../../nodes/providers/types';
import { vonageAuthorization } from '../webhook-signing';
import {
	providerSuite, type Reply, runAnswerCases, runParseCases, runRefusedBatchCases, runResponseCases, runSendCases,
	runValidationCases, runVerifyCases, webhookRequest,
} from './cases';
import { runCredentialContract } from './contract';
import { runCapabilityInvariants } from './invariants';

const keys = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const credentials = {
	applicationId: '7d2a5c1e-0f3b-4a6d-9c8e-1b2a3c4d5e6f',
	privateKey: keys.privateKey,
	signatureSecret: randomBytes(32).toString('hex'),
	baseUrl: 'https://api.nexmo.com',
};
const API = 'https://api.nexmo.com';
const NOW_MS = Date.UTC(2025, 2, 1, 12, 0, 0);
const NOW_S = NOW_MS / 1000;
const TEXT = 'Spring sale: 20% off today. Reply STOP to opt out';

/** Keys that are members of every object's prototype: a request may use them as names or values (issue #13 point 7). */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString'];

function batchOf(media: MediaRef[], overrides: Partial<SendBatch> = {}): SendBatch {
	return {
		dropId: 'drop-1',
		message: { from: '+14155550100', text: TEXT, media },
		recipients: [{ ref: 'r1', to: '+14155550101' }],
		statusCallbackUrl: 'https://n8n.example.com/webhook/mms-status?dropId=drop-1',
		...overrides,
	};
}

const suite = providerSuite(vonageAdapter, {
	credentials,
	message: { from: '+14155550100', text: TEXT, media: [{ url: 'https://cdn.example.com/sale.jpg', contentType: 'image/jpeg' }] },
	nowMs: NOW_MS,
	receivedAt: new Date(Date.UTC(2025, 2, 1, 12, 10, 0)),
});
const { fixture, fixtureJson } = suite;

/** An application JWT's claims, after checking its RS256 signature against the test key pair. */
function applicationClaims(authorization: string): Record<string, unknown> {
	const token = /^Bearer (.+)$/.exec(authorization)?.[1] ?? '';
	const [header, claims, signature] = token.split('.');
	expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
	expect(verifySignature('sha256', Buffer.from(`${header}.${claims}`), keys.publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
	return JSON.parse(Buffer.from(claims, 'base64url').toString());
}

/** The JWT a request for drop-1/r1 carries at `nowMs`: a fresh, deterministic jti per attempt time. */
const applicationJwt = (nowMs: number) => (authorization: string) =>
	expect(applicationClaims(authorization)).toEqual({
		application_id: credentials.applicationId,
		iat: nowMs / 1000,
		exp: nowMs / 1000 + 900,
		jti: uuidFrom(`drop-1:r1:${nowMs}`),
	});

runCapabilityInvariants(suite);

describe('vonage media fetch window', () => {
	it('n8n-hosted media outlives the 72 h in which Vonage may still report a final status for an MMS', () => {
		expect(vonageAdapter.capabilities.mediaFetchWindowMs).toBeGreaterThanOrEqual(72 * 3600 * 1000);
	});
});

runCredentialContract(
	suite,
	[
		{ label: 'the official origin', credentials: { applicationId: credentials.applicationId, privateKey: keys.privateKey } },
		{ label: 'a proxy with a trailing slash', credentials: { applicationId: credentials.applicationId, privateKey: keys.privateKey, baseUrl: 'http://127.0.0.1:8089/' } },
		{ label: 'an emptied Base URL (the official origin)', credentials: { applicationId: credentials.applicationId, privateKey: keys.privateKey, baseUrl: '' } },
	],
	// Each request mints its own JWT: the same credential means the same application, signed by the same key.
	{ sameAuthorization: (fromTest, fromAdapter) => expect(applicationClaims(fromTest).application_id).toBe(applicationClaims(fromAdapter).application_id) },
);

const accepted: SendOutcome[] = [{ ref: 'r1', kind: 'accepted', messageId: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab' }];
const created: Reply = { status: 202, fixture: 'send-response-202.json', headers: { 'content-type': 'application/json' } };
const wireHeaders = (nowMs = NOW_MS) => ({ 'content-type': 'application/json', accept: 'application/json', authorization: applicationJwt(nowMs) });
const onWire = (label: string, media: MediaRef[], expected: string) => ({
	label: `${label}: exact body, JWT and headers on the wire`,
	batch: batchOf(media),
	request: { url: `${API}/v1/messages`, headers: wireHeaders(), body: fixtureJson(expected) as object },
	reply: created,
	outcomes: accepted,
});
const textOnly = fixtureJson<Record<string, unknown>>('send-request-text.json');
const longDropId = 'd'.repeat(99);

runSendCases(suite, [
	onWire('text only', [], 'send-request-text.json'),
	onWire('one image, text as its caption', [{ url: 'https://cdn.example.com/sale.jpg', contentType: 'image/jpeg' }], 'send-request-image.json'),
	onWire('a vCard with text, as content with a caption', [{ url: 'https://cdn.example.com/store.vcf' }], 'send-request-vcard-with-text.json'),
	onWire(
		'several media as content, kinds from content type or extension',
		[
			{ url: 'https://cdn.example.com/sale.png' },
			{ url: 'https://cdn.example.com/clip', contentType: 'video/mp4; codecs=avc1' },
			{ url: 'https://cdn.example.com/jingle.mp3' },
			{ url: 'https://cdn.example.com/terms.pdf', contentType: 'application/pdf' },
		],
		'send-request-content.json',
	),
	{
		label: 'a retry 2 s later: the same body with a new jti',
		batch: batchOf([]),
		nowMs: NOW_MS + 2_000,
		request: { url: `${API}/v1/messages`, headers: wireHeaders(NOW_MS + 2_000), body: textOnly },
		reply: created,
		outcomes: accepted,
	},
	{
		label: 'no webhook_url without a status callback URL; the credential baseUrl origin',
		batch: batchOf([], { statusCallbackUrl: undefined }),
		credentials: { ...credentials, baseUrl: 'http://127.0.0.1:8089/' },
		request: { url: 'http://127.0.0.1:8089/v1/messages', headers: wireHeaders(), body: { ...textOnly, webhook_url: undefined, webhook_version: undefined } },
		reply: created,
		outcomes: accepted,
	},
	{
		label: 'client_ref left out rather than exceed its 100 characters; the callback URL still correlates',
		batch: batchOf([], { dropId: longDropId, statusCallbackUrl: `https://n8n.example.com/hook?dropId=${longDropId}` }),
		request: {
			url: `${API}/v1/messages`,
			body: { ...textOnly, client_ref: undefined, webhook_url: `https://n8n.example.com/hook?dropId=${longDropId}&ref=r1` },
		},
		reply: created,
		outcomes: accepted,
	},
	{
		label: 'a content type and an extension named like prototype members: the media travels as a file (issue #13 point 7)',
		batch: batchOf([{ url: 'https://cdn.example.com/terms.constructor', contentType: 'toString/plain' }]),
		request: {
			url: `${API}/v1/messages`,
			headers: wireHeaders(),
			body: {
				...fixtureJson<Record<string, unknown>>('send-request-image.json'),
				message_type: 'file',
				image: undefined,
				file: { url: 'https://cdn.example.com/terms.constructor', caption: TEXT },
			},
		},
		reply: created,
		outcomes: accepted,
	},
	{
		label: 'a private key pasted with literal \\n escapes',
		batch: batchOf([]),
		credentials: { ...credentials, privateKey: keys.privateKey.replace(/\n/g, '\\n') },
		request: { url: `${API}/v1/messages`, headers: wireHeaders(), body: textOnly },
		reply: created,
		outcomes: accepted,
	},
]);

runRefusedBatchCases(suite, [
	{
		label: 'a broken private key, refused without echoing it',
		batch: batchOf([]),
		credentials: { ...credentials, privateKey: 'not-a-key-but-secret-material' },
		error: /^The Vonage private key is not a PEM private key \(paste the whole private\.key file\)$/,
	},
]);

/** An RFC 7807 problem: the `type` fragment is the code, "title: detail" the message. */
function failed(file: string, status: number, kind: OutcomeKind, reason: FailureReason): SendOutcome[] {
	const { type, title, detail } = fixtureJson<{ type: string; title: string; detail: string }>(file);
	return [{ ref: 'r1', kind, reason, error: { code: type.slice(type.lastIndexOf('#') + 1), message: `${title}: ${detail}`, httpStatus: status } }];
}

function unreadable(status: number, kind: OutcomeKind, reason: FailureReason): SendOutcome[] {
	return [{ ref: 'r1', kind, reason, error: { code: 'invalid_response', message: expect.stringContaining(`HTTP ${status}`), httpStatus: status } }];
}

const problem = (status: number, file: string, headers: Record<string, string> = {}): Reply => ({
	status,
	fixture: file,
	headers: { 'content-type': 'application/problem+json', ...headers },
});
const html = (status: number, file: string): Reply => ({ status, fixture: file, headers: { 'content-type': 'text/html' } });

// The engine reads the standard Retry-After itself: no outcome carries retryAfterMs.
runResponseCases(suite, batchOf([{ url: 'https://cdn.example.com/sale.jpg' }]), [
	{ label: '401 bad credentials ⇒ fatal', reply: problem(401, 'error-401-unauthorized.json'), outcomes: failed('error-401-unauthorized.json', 401, 'fatal', 'auth_failed') },
	{ label: '403 forbidden ⇒ fatal', reply: problem(403, 'error-403-forbidden.json'), outcomes: failed('error-403-forbidden.json', 403, 'fatal', 'auth_failed') },
	{ label: 'low balance ⇒ fatal insufficient_funds', reply: problem(402, 'error-402-low-balance.json'), outcomes: failed('error-402-low-balance.json', 402, 'fatal', 'insufficient_funds') },
	{ label: '429 ⇒ retryable', reply: problem(429, 'error-429-rate-limit.json', { 'retry-after': '2' }), outcomes: failed('error-429-rate-limit.json', 429, 'retryable', 'rate_limited') },
	{ label: '503 ⇒ retryable', reply: problem(503, 'error-503-unavailable.json'), outcomes: failed('error-503-unavailable.json', 503, 'retryable', 'server_error') },
	{ label: '500 ⇒ ambiguous (may have been accepted)', reply: problem(500, 'error-500-1030-internal.json'), outcomes: failed('error-500-1030-internal.json', 500, 'ambiguous', 'server_error') },
	{
		label: '422 invalid sender ⇒ permanent provider_rejected',
		reply: problem(422, 'error-422-1120-invalid-sender.json'),
		outcomes: failed('error-422-1120-invalid-sender.json', 422, 'permanent', 'provider_rejected'),
	},
	{ label: '422 naming `to` ⇒ permanent invalid_number', reply: problem(422, 'error-422-invalid-to.json'), outcomes: failed('error-422-invalid-to.json', 422, 'permanent', 'invalid_number') },
	{ label: '422 code 1240 (STOP) ⇒ permanent opted_out', reply: problem(422, 'error-422-1240-opted-out.json'), outcomes: failed('error-422-1240-opted-out.json', 422, 'permanent', 'opted_out') },
	{
		label: '422 code 1381 ⇒ permanent media_rejected',
		reply: problem(422, 'error-422-1381-media-too-large.json'),
		outcomes: failed('error-422-1381-media-too-large.json', 422, 'permanent', 'media_rejected'),
	},
	{ label: '202 that is not JSON ⇒ ambiguous invalid_response', reply: html(202, 'proxy-error.html'), outcomes: unreadable(202, 'ambiguous', 'invalid_response') },
	{
		label: '202 JSON without message_uuid ⇒ ambiguous invalid_response',
		reply: problem(202, 'send-response-202-without-uuid.json'),
		outcomes: unreadable(202, 'ambiguous', 'invalid_response'),
	},
	{ label: '400 that is not JSON ⇒ permanent, by status', reply: html(400, 'proxy-error.html'), outcomes: unreadable(400, 'permanent', 'provider_rejected') },
	// Issue #13 point 7: a code named like a prototype member is an unknown code, read by the HTTP status.
	...PROTOTYPE_NAMES.map((code) => ({
		label: `a problem type whose code is named ${code}`,
		reply: { status: 422, body: JSON.stringify({ type: `https://developer.nexmo.com/api-errors/messages#${code}`, title: 'Odd' }), headers: { 'content-type': 'application/problem+json' } },
		outcomes: [{ ref: 'r1', kind: 'permanent' as const, reason: 'provider_rejected' as const, error: { code, message: 'Odd', httpStatus: 422 } }],
	})),
	{ label: '502 that is not JSON ⇒ ambiguous', reply: html(502, 'proxy-error.html'), outcomes: unreadable(502, 'ambiguous', 'server_error') },
]);

const message = (overrides: Partial<OutboundMessage>): OutboundMessage => ({ from: '+14155550100', text: TEXT, media: [], ...overrides });
const image = (n: number, bytes?: number): MediaRef => ({ url: `https://cdn.example.com/${n}.jpg`, contentType: 'image/jpeg', bytes });

runValidationCases(suite, [
	{ label: 'a plain valid message', message: message({ media: [image(1, 200_000)] }), problems: [] },
	{ label: 'ten media (the cap)', message: message({ media: Array.from({ length: 10 }, (_, i) => image(i)) }), problems: [] },
	{ label: 'a blank subject is fine', message: message({ subject: '  ' }), problems: [] },
	{ label: 'text of exactly 2000 emoji characters', message: message({ text: '😀'.repeat(2000) }), problems: [] },
	{ label: 'eleven media', message: message({ media: Array.from({ length: 11 }, (_, i) => image(i)) }), problems: ['Vonage takes at most 10 media per message; this one has 11'] },
	{
		label: 'media over 1 MB in total',
		message: message({ media: [image(1, 600_000), image(2, 400_001)] }),
		problems: ['Vonage takes at most 1000000 bytes of media per message; this one has 1000001'],
	},
	{ label: 'text over 2000 characters', message: message({ text: 'x'.repeat(2001) }), problems: ['Vonage takes at most 2000 characters of text; this one has 2001'] },
	{
		label: 'binary media without a public URL',
		message: message({ media: [{ data: Buffer.from('x'), fileName: 'photo.jpg' }] }),
		problems: ['Vonage takes media by public http(s) URL only (providers.md §6); "photo.jpg" is not one'],
	},
	{ label: 'nothing to send', message: message({ text: '' }), problems: ['Vonage needs text or media'] },
]);

// ---------------------------------------------------------------------------------------------
// Webhooks

const TRIGGER_URL = 'https://n8n.example.com/webhook/mms-status';
const sha256Hex = (body: string) => createHash('sha256').update(body).digest('hex');
const deliveredBody = fixture('webhook-status-delivered.json');
const claims = { iat: NOW_S - 5, jti: 'b4c8e2a0-1d3f-4e5a-9b7c-0123456789ab', iss: 'Vonage', api_key: 'abcd1234', payload_hash: sha256Hex(deliveredBody) };
const signed = (authorization: string | undefined, body = deliveredBody): WebhookRequest =>
	webhookRequest({ url: TRIGGER_URL, body, headers: authorization ? { authorization } : {} });
const token = (overrides: Record<string, unknown> = {}, secret = credentials.signatureSecret) => vonageAuthorization(secret, { ...claims, ...overrides });
const unsignedHeader = token().replace(/^Bearer [^.]+/, `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}`);

runVerifyCases(suite, {
	valid: [
		{ label: 'a valid signature and payload_hash', request: signed(token()) },
		{ label: 'a payload_hash in upper-case hex', request: signed(token({ payload_hash: sha256Hex(deliveredBody).toUpperCase() })) },
	],
	forged: [
		{ label: 'signed with another secret', request: signed(token({}, randomBytes(32).toString('hex'))), reason: /signature does not match/ },
		{ label: 'a body changed after signing', request: signed(token(), deliveredBody.replace('delivered', 'rejected')), reason: /payload_hash/ },
		{ label: 'a stale token (301 s old)', request: signed(token({ iat: NOW_S - 301 })), status: 403, reason: /301 s ago/ },
		{ label: 'a token from 301 s in the future', request: signed(token({ iat: NOW_S + 301 })), status: 403, reason: /in the future/ },
		{ label: 'a token without iat', request: signed(token({ iat: undefined })), reason: /no iat/ },
		{ label: 'an unsigned token (alg none)', request: signed(unsignedHeader), reason: /not HS256/ },
		{ label: 'not a JWT', request: signed('Bearer abc.def'), reason: /not a JWT/ },
		// Issue #13 point 6: a token that signs no body would carry any body for 300 s.
		{ label: 'a token without payload_hash, on any body', request: signed(token({ payload_hash: undefined }), '{"status":"forged"}'), reason: /no payload_hash/ },
		{ label: 'a token without payload_hash, on the very body it came with', request: signed(token({ payload_hash: undefined })), reason: /no payload_hash/ },
		{ label: 'a payload_hash that is not a string', request: signed(token({ payload_hash: 1 })), reason: /no payload_hash/ },
	],
	missing: [
		{ label: 'no Authorization header', request: signed(undefined), reason: /Missing Authorization/ },
		{ label: 'a credential without signature secret', request: signed(token({}, '')), credentials: { ...credentials, signatureSecret: '' }, reason: /no signature secret/ },
	],
});

/** Vonage gives no event id: the key is the message, its status and the hash of the signed body. */
const contentKey = (messageId: string, status: string) => expect.stringMatching(new RegExp(`^${messageId}:${status}:[\\w-]{22}$`));
const statusBase = { provider: 'vonage', kind: 'status', text: null, media: [] };
const posted = (file: string, url = TRIGGER_URL) => webhookRequest({ url, body: fixture(file) });
const mapped = (label: string, file: string, fields: object, url?: string) => ({
	label,
	request: posted(file, url),
	events: [expect.objectContaining({ ...fields, raw: fixtureJson(file) })],
});

runParseCases(suite, {
	events: [
		{
			label: 'submitted ⇒ sent, not final; dropId/ref from the callback URL',
			request: posted('webhook-status-submitted.json', `${TRIGGER_URL}?dropId=drop-from-url&ref=r-url`),
			events: [
				{
					...statusBase,
					eventId: contentKey('aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab', 'submitted'),
					messageId: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab',
					status: 'sent',
					providerStatus: 'submitted',
					final: false,
					to: '+14155550101',
					from: '+14155550100',
					errorCode: null,
					errorMessage: null,
					optedOut: false,
					occurredAt: '2025-03-01T12:00:01.000Z',
					dropId: 'drop-from-url',
					ref: 'r-url',
					raw: fixtureJson('webhook-status-submitted.json'),
				},
			],
		},
		mapped('delivered ⇒ delivered, final; dropId/ref from client_ref', 'webhook-status-delivered.json', {
			status: 'delivered',
			final: true,
			dropId: 'drop-1',
			ref: 'r1',
			occurredAt: '2025-03-01T12:00:09.000Z',
		}),
		mapped('read ⇒ read, final', 'webhook-status-read.json', { status: 'read', providerStatus: 'read', final: true }),
		mapped('rejected with 1240 ⇒ failed and opted out', 'webhook-status-rejected-opted-out.json', {
			status: 'failed',
			providerStatus: 'rejected',
			final: true,
			errorCode: '1240',
			errorMessage: expect.stringMatching(/^Illegal Number/),
			optedOut: true,
			to: '+14155550109',
			ref: 'r9',
		}),
		mapped('rejected by TTL expiry (1360) ⇒ undelivered', 'webhook-status-rejected-carrier.json', {
			status: 'undelivered',
			providerStatus: 'rejected',
			final: true,
			errorCode: '1360',
			optedOut: false,
		}),
		mapped('undeliverable ⇒ failed', 'webhook-status-undeliverable.json', { status: 'failed', providerStatus: 'undeliverable', final: true, errorCode: '1380', optedOut: false }),
		{
			label: 'an inbound MMS with several attachments ⇒ one inbound event with every media URL once',
			request: posted('webhook-inbound-image.json'),
			events: [
				{
					provider: 'vonage',
					kind: 'inbound',
					eventId: contentKey('eeeeeeee-ffff-4aaa-8bbb-0123456789ab', 'inbound'),
					messageId: 'eeeeeeee-ffff-4aaa-8bbb-0123456789ab',
					status: 'received',
					providerStatus: 'inbound',
					final: true,
					to: '+14155550100',
					from: '+14155550101',
					errorCode: null,
					errorMessage: null,
					optedOut: false,
					occurredAt: '2025-03-01T12:03:00.000Z',
					dropId: null,
					ref: null,
					text: 'Here is my receipt',
					media: [
						{ url: 'https://api-us.nexmo.com/v3/media/1b2c3d4e-0000-4000-8000-000000000001', contentType: null },
						{ url: 'https://api-us.nexmo.com/v3/media/1b2c3d4e-0000-4000-8000-000000000002', contentType: null },
					],
					raw: fixtureJson('webhook-inbound-image.json'),
				},
			],
		},
		mapped('an inbound STOP (on the SMS channel) ⇒ opt_out', 'webhook-inbound-stop.json', { kind: 'opt_out', optedOut: true, text: 'Stop ', from: '+14155550101', media: [] }),
		mapped('an inbound text without a timestamp ⇒ occurredAt = receivedAt', 'webhook-inbound-text.json', {
			kind: 'inbound',
			text: 'What time do you open?',
			occurredAt: suite.receivedAt.toISOString(),
		}),
	],
	malformed: [
		{ label: 'not JSON', request: webhookRequest({ url: TRIGGER_URL, body: '<xml/>' }), error: /not valid JSON/ },
		{ label: 'an array', request: webhookRequest({ url: TRIGGER_URL, body: `[${deliveredBody}]` }), error: /one JSON object/ },
		{ label: 'another provider', request: posted('webhook-unknown.json'), error: /Neither a Vonage status nor an inbound/ },
		{ label: 'the v0.1 shape', request: posted('webhook-status-v0.1.json'), error: /webhook version v1.*to/ },
		{
			label: 'an unknown status word',
			request: webhookRequest({ url: TRIGGER_URL, body: JSON.stringify({ ...fixtureJson<object>('webhook-status-delivered.json'), status: 'teleported' }) }),
			error: /Unknown Vonage message status "teleported"/,
		},
		...PROTOTYPE_NAMES.map((status) => ({
			label: `a status named ${status}`,
			request: webhookRequest({ url: TRIGGER_URL, body: JSON.stringify({ ...fixtureJson<object>('webhook-status-delivered.json'), status }) }),
			error: new RegExp(`Unknown Vonage message status "${status}"`),
		})),
		{
			label: 'an image message without its image',
			request: webhookRequest({ url: TRIGGER_URL, body: JSON.stringify({ ...fixtureJson<object>('webhook-inbound-image.json'), image: undefined }) }),
			error: /without its "image" object/,
		},
	],
});

describe('vonage event ids come from the signed body (issue #13 point 5)', () => {
	const eventIdOf = (body: string) => [...vonageAdapter.webhook!.parse(webhookRequest({ url: TRIGGER_URL, body }), suite.receivedAt)][0].eventId;

	it('a delivery repeated with the same body is the same event; any other body is another', () => {
		expect(eventIdOf(deliveredBody)).toBe(eventIdOf(deliveredBody));
		expect(eventIdOf(deliveredBody.replace('12:00:09', '12:00:10'))).not.toBe(eventIdOf(deliveredBody));
		expect(eventIdOf(fixture('webhook-status-read.json'))).not.toBe(eventIdOf(deliveredBody));
	});
});

runAnswerCases(suite, {
	setupSteps: [/Applications.*Inbound URL.*Status URL/],
	answers: [{ label: 'the default empty 200', request: posted('webhook-status-delivered.json'), answer: undefined }],
});
