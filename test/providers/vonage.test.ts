/**
 * Vonage adapter contract: requests on the wire (nock), every documented reply class, message
 * limits, signed-webhook verification with real HS256 tokens, and webhook normalization.
 * Bodies come from test/fixtures/vonage (see its README for sources).
 */
import { createHash, createHmac, generateKeyPairSync, randomBytes, verify as verifySignature } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import nock from 'nock';

import { vonageAdapter } from '../../nodes/providers/vonage';
import type {
	HttpResponse,
	MediaRef,
	OutboundMessage,
	SendBatch,
	WebhookRequest,
} from '../../nodes/providers/types';
import { WebhookPayloadError } from '../../nodes/providers/types';
import { messageProblems } from '../../nodes/providers/capabilities';
import { expectNoSecrets, sendViaFetch } from './wire';

const FIXTURES = path.join(__dirname, '../fixtures/vonage');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const fixtureJson = (name: string) => JSON.parse(fixture(name)) as Record<string, unknown>;

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
const NOW_MS = Date.UTC(2025, 2, 1, 12, 0, 0);
const NOW_S = NOW_MS / 1000;
const TEXT = 'Spring sale: 20% off today. Reply STOP to opt out';

function batchOf(media: MediaRef[], overrides: Partial<SendBatch> = {}): SendBatch {
	return {
		dropId: 'drop-1',
		message: { from: '+14155550100', text: TEXT, media },
		recipients: [{ ref: 'r1', to: '+14155550101' }],
		statusCallbackUrl: 'https://n8n.example.com/webhook/mms-status?dropId=drop-1',
		...overrides,
	};
}

/** Decodes an application JWT and checks its RS256 signature against the test key pair. */
function applicationClaims(authorization: string | undefined): Record<string, unknown> {
	const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
	const [header, claims, signature] = token.split('.');
	expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
	const signed = verifySignature('sha256', Buffer.from(`${header}.${claims}`), keys.publicKey, Buffer.from(signature, 'base64url'));
	expect(signed).toBe(true);
	return JSON.parse(Buffer.from(claims, 'base64url').toString());
}

afterEach(() => nock.cleanAll());
afterAll(() => nock.restore());

describe('vonage send request', () => {
	const cases: Array<{ name: string; media: MediaRef[]; expected: string }> = [
		{ name: 'text only', media: [], expected: 'send-request-text.json' },
		{
			name: 'one image, text as its caption',
			media: [{ url: 'https://cdn.example.com/sale.jpg', contentType: 'image/jpeg' }],
			expected: 'send-request-image.json',
		},
		{
			name: 'a vCard with text, as content with a caption',
			media: [{ url: 'https://cdn.example.com/store.vcf' }],
			expected: 'send-request-vcard-with-text.json',
		},
		{
			name: 'several media as content, kinds from content type or extension',
			media: [
				{ url: 'https://cdn.example.com/sale.png' },
				{ url: 'https://cdn.example.com/clip', contentType: 'video/mp4; codecs=avc1' },
				{ url: 'https://cdn.example.com/jingle.mp3' },
				{ url: 'https://cdn.example.com/terms.pdf', contentType: 'application/pdf' },
			],
			expected: 'send-request-content.json',
		},
	];

	it.each(cases)('$name: exact body, JWT and headers on the wire', async ({ media, expected }) => {
		let authorization: string | undefined;
		const scope = nock('https://api.nexmo.com', {
			reqheaders: {
				'content-type': 'application/json',
				accept: 'application/json',
				authorization: (value) => {
					authorization = value;
					return value.startsWith('Bearer ');
				},
			},
		})
			.post('/v1/messages', fixtureJson(expected) as nock.DataMatcherMap)
			.reply(202, fixture('send-response-202.json'), { 'content-type': 'application/json' });

		const batch = batchOf(media);
		const spec = vonageAdapter.buildSendRequest(credentials, batch, NOW_MS);
		const outcomes = vonageAdapter.parseSendResponse(batch, await sendViaFetch(spec));

		expect(scope.isDone()).toBe(true);
		expect(outcomes).toEqual([{ ref: 'r1', kind: 'accepted', messageId: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab' }]);
		const claims = applicationClaims(authorization);
		expect(claims).toEqual({
			application_id: credentials.applicationId,
			iat: NOW_S,
			exp: NOW_S + 900,
			jti: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/),
		});
		expectNoSecrets(outcomes, credentials);
	});

	it('is deterministic for the same batch and time, with a fresh jti per attempt time', () => {
		const batch = batchOf([]);
		const first = vonageAdapter.buildSendRequest(credentials, batch, NOW_MS);
		expect(vonageAdapter.buildSendRequest(credentials, batch, NOW_MS)).toEqual(first);
		const retry = vonageAdapter.buildSendRequest(credentials, batch, NOW_MS + 2_000);
		expect(applicationClaims(retry.headers.authorization).jti).not.toEqual(applicationClaims(first.headers.authorization).jti);
	});

	it('leaves out webhook_url without a status callback URL, and uses the credential baseUrl origin', async () => {
		const scope = nock('http://127.0.0.1:8089')
			.post('/v1/messages', (body) => !('webhook_url' in body) && !('webhook_version' in body) && body.client_ref === 'drop-1:r1')
			.reply(202, fixture('send-response-202.json'));
		const batch = batchOf([], { statusCallbackUrl: undefined });
		const spec = vonageAdapter.buildSendRequest({ ...credentials, baseUrl: 'http://127.0.0.1:8089/' }, batch, NOW_MS);
		expect(spec.url).toBe('http://127.0.0.1:8089/v1/messages');
		await sendViaFetch(spec);
		expect(scope.isDone()).toBe(true);
	});

	it('leaves out client_ref rather than exceed its 100 characters; the callback URL still correlates', () => {
		const dropId = 'd'.repeat(99);
		const batch = batchOf([], { dropId, statusCallbackUrl: `https://n8n.example.com/hook?dropId=${dropId}` });
		const body = JSON.parse(String(vonageAdapter.buildSendRequest(credentials, batch, NOW_MS).body));
		expect(body).not.toHaveProperty('client_ref');
		expect(body.webhook_url).toBe(`https://n8n.example.com/hook?dropId=${dropId}&ref=r1`);
	});

	it('accepts a private key pasted with literal \\n escapes, and refuses a broken key without echoing it', () => {
		const escaped = { ...credentials, privateKey: keys.privateKey.replace(/\n/g, '\\n') };
		const spec = vonageAdapter.buildSendRequest(escaped, batchOf([]), NOW_MS);
		expect(applicationClaims(spec.headers.authorization).application_id).toBe(credentials.applicationId);

		const broken = { ...credentials, privateKey: 'not-a-key-but-secret-material' };
		expect(() => vonageAdapter.buildSendRequest(broken, batchOf([]), NOW_MS)).toThrow(/not a PEM private key/);
		try {
			vonageAdapter.buildSendRequest(broken, batchOf([]), NOW_MS);
		} catch (error) {
			expect((error as Error).message).not.toContain('secret-material');
		}
	});

	it('refuses a batch of more than one recipient (one `to` per request)', () => {
		const batch = batchOf([], { recipients: [{ ref: 'r1', to: '+14155550101' }, { ref: 'r2', to: '+14155550102' }] });
		expect(() => vonageAdapter.buildSendRequest(credentials, batch, NOW_MS)).toThrow(/takes 1 to 1 recipients per send request; this batch has 2/);
	});
});

describe('vonage send response classification', () => {
	const html = { 'content-type': 'text/html' };
	const problem = { 'content-type': 'application/problem+json' };
	const cases: Array<{
		name: string;
		status: number;
		body: string;
		headers?: Record<string, string>;
		expected: Record<string, unknown>;
	}> = [
		{
			name: '401 bad credentials ⇒ fatal',
			status: 401,
			body: fixture('error-401-unauthorized.json'),
			expected: { kind: 'fatal', reason: 'auth_failed', error: { code: 'unathorized', httpStatus: 401, message: expect.stringContaining('correct credentials') } },
		},
		{
			name: '403 forbidden ⇒ fatal',
			status: 403,
			body: fixture('error-403-forbidden.json'),
			expected: { kind: 'fatal', reason: 'auth_failed', error: expect.objectContaining({ code: 'forbidden', httpStatus: 403 }) },
		},
		{
			name: 'low balance ⇒ fatal insufficient_funds',
			status: 402,
			body: fixture('error-402-low-balance.json'),
			expected: { kind: 'fatal', reason: 'insufficient_funds', error: expect.objectContaining({ code: 'low-balance' }) },
		},
		{
			name: '429 ⇒ retryable (the engine reads the standard Retry-After itself)',
			status: 429,
			body: fixture('error-429-rate-limit.json'),
			headers: { ...problem, 'retry-after': '2' },
			expected: { kind: 'retryable', reason: 'rate_limited', error: expect.objectContaining({ httpStatus: 429 }) },
		},
		{
			name: '503 ⇒ retryable',
			status: 503,
			body: fixture('error-503-unavailable.json'),
			expected: { kind: 'retryable', reason: 'server_error', error: expect.objectContaining({ code: 'service-unavailable' }) },
		},
		{
			name: '500 ⇒ ambiguous (may have been accepted)',
			status: 500,
			body: fixture('error-500-1030-internal.json'),
			expected: { kind: 'ambiguous', reason: 'server_error', error: expect.objectContaining({ code: '1030', httpStatus: 500 }) },
		},
		{
			name: '422 invalid sender ⇒ permanent provider_rejected',
			status: 422,
			body: fixture('error-422-1120-invalid-sender.json'),
			expected: {
				kind: 'permanent',
				reason: 'provider_rejected',
				error: { code: '1120', httpStatus: 422, message: 'Invalid sender: The `from` parameter is invalid for the given channel.' },
			},
		},
		{
			name: '422 naming `to` ⇒ permanent invalid_number',
			status: 422,
			body: fixture('error-422-invalid-to.json'),
			expected: { kind: 'permanent', reason: 'invalid_number', error: expect.objectContaining({ code: '1150' }) },
		},
		{
			name: '422 code 1240 (STOP) ⇒ permanent opted_out',
			status: 422,
			body: fixture('error-422-1240-opted-out.json'),
			expected: { kind: 'permanent', reason: 'opted_out', error: expect.objectContaining({ code: '1240' }) },
		},
		{
			name: '422 code 1381 ⇒ permanent media_rejected',
			status: 422,
			body: fixture('error-422-1381-media-too-large.json'),
			expected: { kind: 'permanent', reason: 'media_rejected', error: expect.objectContaining({ code: '1381' }) },
		},
		{
			name: '202 that is not JSON ⇒ ambiguous invalid_response',
			status: 202,
			body: fixture('proxy-error.html'),
			headers: html,
			expected: { kind: 'ambiguous', reason: 'invalid_response', error: expect.objectContaining({ code: 'invalid_response', httpStatus: 202 }) },
		},
		{
			name: '202 JSON without message_uuid ⇒ ambiguous invalid_response',
			status: 202,
			body: fixture('send-response-202-without-uuid.json'),
			expected: { kind: 'ambiguous', reason: 'invalid_response', error: expect.objectContaining({ code: 'invalid_response' }) },
		},
		{
			name: '400 that is not JSON ⇒ permanent, by status',
			status: 400,
			body: fixture('proxy-error.html'),
			headers: html,
			expected: { kind: 'permanent', reason: 'provider_rejected', error: expect.objectContaining({ code: 'invalid_response', httpStatus: 400 }) },
		},
		{
			name: '502 that is not JSON ⇒ ambiguous',
			status: 502,
			body: fixture('proxy-error.html'),
			headers: html,
			expected: { kind: 'ambiguous', reason: 'server_error', error: expect.objectContaining({ code: 'invalid_response', httpStatus: 502 }) },
		},
	];

	it.each(cases)('$name', async ({ status, body, headers, expected }) => {
		const scope = nock('https://api.nexmo.com').post('/v1/messages').reply(status, body, headers ?? problem);
		const batch = batchOf([{ url: 'https://cdn.example.com/sale.jpg' }]);
		const response: HttpResponse = await sendViaFetch(vonageAdapter.buildSendRequest(credentials, batch, NOW_MS));
		const outcomes = vonageAdapter.parseSendResponse(batch, response);
		expect(scope.isDone()).toBe(true);
		expect(outcomes).toHaveLength(1);
		expect(outcomes[0]).toEqual({ ref: 'r1', ...expected });
		expect(outcomes[0].retryAfterMs).toBeUndefined();
		expectNoSecrets(outcomes, credentials);
	});
});

describe('vonage validateMessage', () => {
	const message = (overrides: Partial<OutboundMessage>): OutboundMessage => ({ from: '+14155550100', text: TEXT, media: [], ...overrides });
	const image = (n: number, bytes?: number): MediaRef => ({ url: `https://cdn.example.com/${n}.jpg`, contentType: 'image/jpeg', bytes });

	it.each([
		{ name: 'a plain valid message', message: message({ media: [image(1, 200_000)] }), problems: [] },
		{ name: 'ten media (the cap)', message: message({ media: Array.from({ length: 10 }, (_, i) => image(i)) }), problems: [] },
		{
			name: 'eleven media',
			message: message({ media: Array.from({ length: 11 }, (_, i) => image(i)) }),
			problems: [expect.stringMatching(/at most 10 media per message; this one has 11/)],
		},
		{
			name: 'media over 1 MB in total',
			message: message({ media: [image(1, 600_000), image(2, 400_001)] }),
			problems: [expect.stringMatching(/at most 1000000 bytes of media per message; this one has 1000001/)],
		},
		{ name: 'a subject', message: message({ subject: 'Sale' }), problems: [expect.stringMatching(/no MMS subject field/)] },
		{ name: 'a blank subject is fine', message: message({ subject: '  ' }), problems: [] },
		{
			name: 'text over 2000 characters',
			message: message({ text: 'x'.repeat(2001) }),
			problems: [expect.stringMatching(/at most 2000 characters of text; this one has 2001/)],
		},
		{ name: 'text of exactly 2000 emoji characters', message: message({ text: '😀'.repeat(2000) }), problems: [] },
		{
			name: 'binary media without a public URL',
			message: message({ media: [{ data: Buffer.from('x'), fileName: 'photo.jpg' }] }),
			problems: [expect.stringMatching(/public http\(s\) URL only.*photo\.jpg/)],
		},
		{ name: 'nothing to send', message: message({ text: '' }), problems: [expect.stringMatching(/needs text or media/)] },
	])('$name', ({ message: outbound, problems }) => {
		expect(messageProblems(vonageAdapter, outbound, credentials)).toEqual(problems);
	});
});

/** An HS256 webhook token as Vonage signs it (claims per providers.md §6). */
function webhookToken(claims: Record<string, unknown>, secret = credentials.signatureSecret, alg = 'HS256'): string {
	const header = Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
	const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
	const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
	return `${header}.${payload}.${signature}`;
}

function webhookRequest(body: string, headers: WebhookRequest['headers'] = {}, query: WebhookRequest['query'] = {}): WebhookRequest {
	return { method: 'POST', urls: ['https://n8n.example.com/webhook/mms-status'], headers, query, rawBody: Buffer.from(body) };
}

const sha256Hex = (body: string) => createHash('sha256').update(body).digest('hex');

describe('vonage webhook verify', () => {
	const webhook = vonageAdapter.webhook!;
	const body = fixture('webhook-status-delivered.json');
	const claims = { iat: NOW_S - 5, jti: 'b4c8e2a0-1d3f-4e5a-9b7c-0123456789ab', iss: 'Vonage', api_key: 'abcd1234', payload_hash: sha256Hex(body) };
	const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

	it.each([
		{ name: 'valid signature and payload_hash', request: webhookRequest(body, bearer(webhookToken(claims))), expected: { ok: true } },
		{
			name: 'valid signature without payload_hash (optional claim)',
			request: webhookRequest(body, bearer(webhookToken({ ...claims, payload_hash: undefined }))),
			expected: { ok: true },
		},
		{
			name: 'signed with another secret',
			request: webhookRequest(body, bearer(webhookToken(claims, randomBytes(32).toString('hex')))),
			expected: { ok: false, status: 401, reason: expect.stringMatching(/signature does not match/) },
		},
		{
			name: 'tampered body',
			request: webhookRequest(body.replace('delivered', 'rejected'), bearer(webhookToken(claims))),
			expected: { ok: false, status: 401, reason: expect.stringMatching(/payload_hash/) },
		},
		{
			name: 'stale token (301 s old)',
			request: webhookRequest(body, bearer(webhookToken({ ...claims, iat: NOW_S - 301 }))),
			expected: { ok: false, status: 403, reason: expect.stringMatching(/301 s ago/) },
		},
		{
			name: 'token from 301 s in the future',
			request: webhookRequest(body, bearer(webhookToken({ ...claims, iat: NOW_S + 301 }))),
			expected: { ok: false, status: 403, reason: expect.stringMatching(/in the future/) },
		},
		{
			name: 'token without iat',
			request: webhookRequest(body, bearer(webhookToken({ ...claims, iat: undefined }))),
			expected: { ok: false, status: 401, reason: expect.stringMatching(/no iat/) },
		},
		{
			name: 'unsigned token (alg none)',
			request: webhookRequest(body, bearer(webhookToken(claims).replace(/^[^.]+/, Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')))),
			expected: { ok: false, status: 401, reason: expect.stringMatching(/not HS256/) },
		},
		{
			name: 'not a JWT',
			request: webhookRequest(body, bearer('abc.def')),
			expected: { ok: false, status: 401, reason: expect.stringMatching(/not a JWT/) },
		},
		{
			name: 'missing Authorization header',
			request: webhookRequest(body),
			expected: { ok: false, status: 401, reason: expect.stringMatching(/Missing Authorization/) },
		},
	])('$name', ({ request, expected }) => {
		const result = webhook.verify(credentials, request, NOW_MS);
		expect(result).toEqual(expected);
		expectNoSecrets(result, credentials);
	});

	it('refuses everything when the credential has no signature secret', () => {
		const request = webhookRequest(body, bearer(webhookToken(claims, '')));
		expect(webhook.verify({ ...credentials, signatureSecret: '' }, request, NOW_MS)).toEqual({
			ok: false,
			status: 401,
			reason: expect.stringMatching(/no signature secret/),
		});
	});

	it('names the exact console setting for the trigger URL', () => {
		expect(webhook.setupHint).toMatch(/Applications.*Inbound URL.*Status URL/);
	});
});

describe('vonage webhook parse', () => {
	const webhook = vonageAdapter.webhook!;
	const receivedAt = new Date(Date.UTC(2025, 2, 1, 12, 10, 0));
	const parse = (name: string, query: WebhookRequest['query'] = {}) => webhook.parse(webhookRequest(fixture(name), {}, query), receivedAt);
	const statusBase = { provider: 'vonage', kind: 'status', eventId: null, text: null, media: [] };

	it.each([
		{
			name: 'submitted ⇒ sent, not final; dropId/ref from the callback URL',
			file: 'webhook-status-submitted.json',
			query: { dropId: 'drop-from-url', ref: 'r-url' },
			expected: {
				...statusBase,
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
		},
		{
			name: 'delivered ⇒ delivered, final; dropId/ref from client_ref',
			file: 'webhook-status-delivered.json',
			expected: expect.objectContaining({ status: 'delivered', final: true, dropId: 'drop-1', ref: 'r1', occurredAt: '2025-03-01T12:00:09.000Z' }),
		},
		{
			name: 'read ⇒ read, final',
			file: 'webhook-status-read.json',
			expected: expect.objectContaining({ status: 'read', providerStatus: 'read', final: true }),
		},
		{
			name: 'rejected with 1240 ⇒ failed and opted out',
			file: 'webhook-status-rejected-opted-out.json',
			expected: expect.objectContaining({
				status: 'failed',
				providerStatus: 'rejected',
				final: true,
				errorCode: '1240',
				errorMessage: expect.stringMatching(/^Illegal Number/),
				optedOut: true,
				to: '+14155550109',
				ref: 'r9',
			}),
		},
		{
			name: 'rejected by TTL expiry (1360) ⇒ undelivered',
			file: 'webhook-status-rejected-carrier.json',
			expected: expect.objectContaining({ status: 'undelivered', providerStatus: 'rejected', final: true, errorCode: '1360', optedOut: false }),
		},
		{
			name: 'undeliverable ⇒ failed',
			file: 'webhook-status-undeliverable.json',
			expected: expect.objectContaining({ status: 'failed', providerStatus: 'undeliverable', final: true, errorCode: '1380', optedOut: false }),
		},
	])('$name', ({ file, query, expected }) => {
		const events = parse(file, query);
		expect(events).toEqual([expected]);
		expect(events[0].raw).toEqual(fixtureJson(file));
	});

	it('inbound MMS with several attachments ⇒ one inbound event with every media URL once', () => {
		expect(parse('webhook-inbound-image.json')).toEqual([
			{
				provider: 'vonage',
				kind: 'inbound',
				eventId: null,
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
		]);
	});

	it('inbound STOP (on the SMS channel) ⇒ opt_out', () => {
		expect(parse('webhook-inbound-stop.json')).toEqual([
			expect.objectContaining({ kind: 'opt_out', optedOut: true, text: 'Stop ', from: '+14155550101', media: [] }),
		]);
	});

	it('inbound text without a timestamp ⇒ inbound, occurredAt = receivedAt', () => {
		expect(parse('webhook-inbound-text.json')).toEqual([
			expect.objectContaining({ kind: 'inbound', text: 'What time do you open?', occurredAt: receivedAt.toISOString() }),
		]);
	});

	it.each([
		{ name: 'not JSON', body: '<xml/>', message: /not valid JSON/ },
		{ name: 'an array', body: `[${fixture('webhook-status-delivered.json')}]`, message: /one JSON object/ },
		{ name: 'another provider', body: fixture('webhook-unknown.json'), message: /Neither a Vonage status nor an inbound/ },
		{ name: 'the v0.1 shape', body: fixture('webhook-status-v0.1.json'), message: /webhook version v1.*to/ },
		{
			name: 'an unknown status word',
			body: JSON.stringify({ ...fixtureJson('webhook-status-delivered.json'), status: 'teleported' }),
			message: /Unknown Vonage message status "teleported"/,
		},
		{
			name: 'an image message without its image',
			body: JSON.stringify({ ...fixtureJson('webhook-inbound-image.json'), image: undefined }),
			message: /without its "image" object/,
		},
	])('$name ⇒ WebhookPayloadError', ({ body, message }) => {
		const act = () => webhook.parse(webhookRequest(body), receivedAt);
		expect(act).toThrow(WebhookPayloadError);
		expect(act).toThrow(message);
	});
});

describe('vonage capabilities', () => {
	it('declares the documented limits', () => {
		expect(vonageAdapter.capabilities).toEqual({
			recipientsPerRequest: 1,
			mediaPerMessage: 10,
			maxMediaBytes: 1_000_000,
			mediaStore: false,
			defaultRatePerSecond: 30,
			perMessageCallbackUrl: true,
			correlationField: 'client_ref',
			maxSubjectLength: null,
			maxTextLength: 2000,
		});
		expect(vonageAdapter.upload).toBeUndefined();
		expect(vonageAdapter.credentialType).toBe('dropMmsVonageApi');
	});
});
