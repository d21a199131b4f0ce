import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import nock from 'nock';

import { telnyxAdapter } from '../../nodes/providers/telnyx';
import type {
	FailureReason,
	MediaFile,
	NormalizedEvent,
	OutboundMessage,
	OutcomeKind,
	SendBatch,
	WebhookRequest,
} from '../../nodes/providers/types';
import { ProviderResponseError, WebhookPayloadError } from '../../nodes/providers/types';
import { messageProblems } from '../../nodes/providers/capabilities';
import { expectNoSecrets, sendViaFetch } from './wire';

const FIXTURES = path.join(__dirname, '../fixtures/telnyx');
const fixtureText = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const fixture = (name: string) => JSON.parse(fixtureText(name));

const API = 'https://api.telnyx.com';
const apiKey = `KEY${randomBytes(16).toString('hex')}`;

/** Base64 of the raw 32-byte key, as the Telnyx portal shows it. */
function rawPublicKeyBase64(key: KeyObject): string {
	const spki = key.export({ format: 'der', type: 'spki' });
	return spki.subarray(spki.length - 32).toString('base64');
}

const signingKeys = generateKeyPairSync('ed25519');
const otherKeys = generateKeyPairSync('ed25519');
const credentials = { apiKey, publicKey: rawPublicKeyBase64(signingKeys.publicKey), baseUrl: API };

const webhook = telnyxAdapter.webhook!;
const upload = telnyxAdapter.upload!;

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

afterEach(() => nock.cleanAll());

describe('telnyx capabilities', () => {
	it('declares the documented limits', () => {
		expect(telnyxAdapter.capabilities).toEqual({
			recipientsPerRequest: 1,
			mediaPerMessage: 10,
			maxMediaBytes: 1_000_000,
			mediaStore: true,
			defaultRatePerSecond: 15,
			perMessageCallbackUrl: true,
			correlationField: null,
		});
		expect(telnyxAdapter.credentialType).toBe('dropMmsTelnyxApi');
	});
});

describe('telnyx send request', () => {
	it('puts the documented JSON request on the wire and reads the message id', async () => {
		const scope = nock(API, {
			reqheaders: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
		})
			.post('/v2/messages', fixture('send-request.json'))
			.reply(200, fixtureText('send-response-200.json'), { 'content-type': 'application/json' });

		const sent = batch();
		const spec = telnyxAdapter.buildSendRequest(credentials, sent, 1_700_000_000_000);
		expect(spec.method).toBe('POST');
		expect(spec.url).toBe(`${API}/v2/messages`);
		const outcomes = telnyxAdapter.parseSendResponse(sent, await sendViaFetch(spec));

		expect(scope.isDone()).toBe(true);
		expect(outcomes).toEqual([{ ref: 'r1', kind: 'accepted', messageId: '40385f64-5717-4562-b3fc-2c963f66afa6' }]);
		expectNoSecrets(outcomes, credentials);
	});

	it('sends to the credential baseUrl origin, without a trailing slash', () => {
		const spec = telnyxAdapter.buildSendRequest({ ...credentials, baseUrl: 'http://telnyx-proxy.internal:8080/' }, batch(), 0);
		expect(spec.url).toBe('http://telnyx-proxy.internal:8080/v2/messages');
	});

	it('falls back to the official origin when baseUrl is empty', () => {
		expect(telnyxAdapter.buildSendRequest({ ...credentials, baseUrl: '' }, batch(), 0).url).toBe(`${API}/v2/messages`);
	});

	it('carries ten media URLs in order, leaves out empty text and subject, and has no webhook_url without a callback', async () => {
		const media = Array.from({ length: 10 }, (_, index) => ({ url: `https://cdn.example.com/m/${index}.jpg` }));
		const scope = nock(API)
			.post('/v2/messages', {
				from: '+18445550001',
				to: '+18665550001',
				media_urls: media.map((item) => item.url),
				type: 'MMS',
			})
			.matchHeader('authorization', `Bearer ${apiKey}`)
			.reply(200, fixtureText('send-response-200.json'));

		const sent = batch({ message: message({ text: '', subject: undefined, media }), statusCallbackUrl: undefined });
		const outcomes = telnyxAdapter.parseSendResponse(sent, await sendViaFetch(telnyxAdapter.buildSendRequest(credentials, sent, 0)));
		expect(scope.isDone()).toBe(true);
		expect(outcomes.map((outcome) => outcome.kind)).toEqual(['accepted']);
	});

	it('does not depend on the clock', () => {
		expect(telnyxAdapter.buildSendRequest(credentials, batch(), 1)).toEqual(telnyxAdapter.buildSendRequest(credentials, batch(), 9e12));
	});
});

interface ErrorCase {
	name: string;
	status: number;
	body: string;
	headers?: Record<string, string>;
	expected: { kind: OutcomeKind; reason: FailureReason; retryAfterMs?: number; error: { code: string; httpStatus: number } };
}

const errorCases: ErrorCase[] = [
	{
		name: '40300 opted out (HTTP 409)',
		status: 409,
		body: fixtureText('error-40300-opted-out.json'),
		expected: { kind: 'permanent', reason: 'opted_out', error: { code: '40300', httpStatus: 409 } },
	},
	{
		name: '10002 invalid number',
		status: 400,
		body: fixtureText('error-10002-invalid-number.json'),
		expected: { kind: 'permanent', reason: 'invalid_number', error: { code: '10002', httpStatus: 400 } },
	},
	{
		name: '10016 not +E.164',
		status: 400,
		body: fixtureText('error-10016-not-e164.json'),
		expected: { kind: 'permanent', reason: 'invalid_number', error: { code: '10016', httpStatus: 400 } },
	},
	{
		name: '10003 on a media URL',
		status: 400,
		body: fixtureText('error-10003-media-url.json'),
		expected: { kind: 'permanent', reason: 'media_rejected', error: { code: '10003', httpStatus: 400 } },
	},
	{
		name: '40001 not routable',
		status: 422,
		body: fixtureText('error-40001-not-routable.json'),
		expected: { kind: 'permanent', reason: 'unsupported_destination', error: { code: '40001', httpStatus: 422 } },
	},
	{
		name: 'an unlisted 4xx code',
		status: 422,
		body: fixtureText('error-10015-bad-request.json'),
		expected: { kind: 'permanent', reason: 'provider_rejected', error: { code: '10015', httpStatus: 422 } },
	},
	{
		name: '429 / 10011 with x-ratelimit-reset',
		status: 429,
		headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '7' },
		body: fixtureText('error-10011-rate-limited.json'),
		expected: { kind: 'retryable', reason: 'rate_limited', retryAfterMs: 7000, error: { code: '10011', httpStatus: 429 } },
	},
	{
		name: '429 / 10011 without a wait hint',
		status: 429,
		body: fixtureText('error-10011-rate-limited.json'),
		expected: { kind: 'retryable', reason: 'rate_limited', error: { code: '10011', httpStatus: 429 } },
	},
	{
		name: '503',
		status: 503,
		body: fixtureText('error-10007-unexpected.json'),
		expected: { kind: 'retryable', reason: 'server_error', error: { code: '10007', httpStatus: 503 } },
	},
	{
		name: '401 / 10009 bad API key',
		status: 401,
		body: fixtureText('error-10009-unauthenticated.json'),
		expected: { kind: 'fatal', reason: 'auth_failed', error: { code: '10009', httpStatus: 401 } },
	},
	{
		name: '403 / 10010 not permitted',
		status: 403,
		body: fixtureText('error-10010-forbidden.json'),
		expected: { kind: 'fatal', reason: 'auth_failed', error: { code: '10010', httpStatus: 403 } },
	},
	{
		name: '500 may have been accepted',
		status: 500,
		body: fixtureText('error-10007-unexpected.json'),
		expected: { kind: 'ambiguous', reason: 'server_error', error: { code: '10007', httpStatus: 500 } },
	},
	{
		name: 'non-JSON 2xx',
		status: 200,
		body: fixtureText('proxy-error.html'),
		expected: { kind: 'ambiguous', reason: 'invalid_response', error: { code: 'invalid_response', httpStatus: 200 } },
	},
	{
		name: '2xx JSON without data.id',
		status: 200,
		body: JSON.stringify({ data: { record_type: 'message' } }),
		expected: { kind: 'ambiguous', reason: 'invalid_response', error: { code: 'invalid_response', httpStatus: 200 } },
	},
	{
		name: 'non-JSON 4xx',
		status: 400,
		body: fixtureText('proxy-error.html'),
		expected: { kind: 'permanent', reason: 'provider_rejected', error: { code: 'invalid_response', httpStatus: 400 } },
	},
	{
		name: 'non-JSON 502',
		status: 502,
		body: fixtureText('proxy-error.html'),
		expected: { kind: 'ambiguous', reason: 'server_error', error: { code: 'invalid_response', httpStatus: 502 } },
	},
	{
		name: 'non-JSON 429 still honours x-ratelimit-reset',
		status: 429,
		headers: { 'x-ratelimit-reset': '2' },
		body: 'Too Many Requests',
		expected: { kind: 'retryable', reason: 'rate_limited', retryAfterMs: 2000, error: { code: 'invalid_response', httpStatus: 429 } },
	},
	{
		name: 'a JSON 4xx in another shape',
		status: 404,
		body: JSON.stringify({ message: 'Not Found' }),
		expected: { kind: 'permanent', reason: 'provider_rejected', error: { code: 'invalid_response', httpStatus: 404 } },
	},
];

describe('telnyx send response classification', () => {
	it.each(errorCases)('$name', async ({ status, body, headers, expected }) => {
		const scope = nock(API).post('/v2/messages').matchHeader('authorization', `Bearer ${apiKey}`).reply(status, body, headers);
		const sent = batch();
		const outcomes = telnyxAdapter.parseSendResponse(sent, await sendViaFetch(telnyxAdapter.buildSendRequest(credentials, sent, 0)));

		expect(scope.isDone()).toBe(true);
		expect(outcomes).toHaveLength(1);
		const [outcome] = outcomes;
		expect(outcome).toMatchObject({ ref: 'r1', ...expected });
		if (expected.retryAfterMs === undefined) expect(outcome.retryAfterMs).toBeUndefined();
		expect(outcome.messageId).toBeUndefined();
		expect(outcome.error?.message).toEqual(expect.any(String));
		expectNoSecrets(outcomes, credentials);
	});

	it('never throws and answers with the documented title and detail', () => {
		const outcomes = telnyxAdapter.parseSendResponse(batch(), { status: 409, headers: {}, body: fixtureText('error-40300-opted-out.json') });
		expect(outcomes[0].error?.message).toBe(
			'Blocked due to STOP message: Messages cannot be sent from +18445550001 to +18665550001 due to an existing block rule.',
		);
		expect(() => telnyxAdapter.parseSendResponse(batch(), { status: 200, headers: {}, body: '' })).not.toThrow();
	});

	it('lets a known code decide over an unknown one listed first', () => {
		const body = JSON.stringify({
			errors: [
				{ code: '99999', title: 'Something else', detail: '' },
				{ code: '40300', title: 'Blocked due to STOP message', detail: '' },
			],
		});
		expect(telnyxAdapter.parseSendResponse(batch(), { status: 409, headers: {}, body })[0]).toMatchObject({
			kind: 'permanent',
			reason: 'opted_out',
			error: { code: '40300' },
		});
	});
});

describe('telnyx validateMessage', () => {
	const cases: Array<{ name: string; message: OutboundMessage; problem: RegExp | null }> = [
		{ name: 'a normal MMS', message: message(), problem: null },
		{
			name: 'ten media totalling exactly 1 MB',
			message: message({ media: Array.from({ length: 10 }, (_, i) => ({ url: `https://cdn.example.com/${i}.jpg`, bytes: 100_000 })) }),
			problem: null,
		},
		{
			name: 'eleven media',
			message: message({ media: Array.from({ length: 11 }, (_, i) => ({ url: `https://cdn.example.com/${i}.jpg` })) }),
			problem: /at most 10 media/,
		},
		{
			name: 'media over 1 MB in total',
			message: message({
				media: [
					{ url: 'https://cdn.example.com/a.jpg', bytes: 600_000 },
					{ url: 'https://cdn.example.com/b.jpg', bytes: 400_001 },
				],
			}),
			problem: /at most 1000000 bytes of media per message; this one has 1000001/,
		},
		{ name: 'media without a URL', message: message({ media: [{ mediaId: 'abc', bytes: 10 }] }), problem: /as a URL/ },
		{ name: 'no text and no media', message: message({ text: ' ', media: [] }), problem: /needs text or media/ },
		{ name: 'a long subject (Telnyx documents no limit)', message: message({ subject: 'S'.repeat(200) }), problem: null },
	];

	it.each(cases)('$name', ({ message: candidate, problem }) => {
		const problems = messageProblems(telnyxAdapter, candidate, credentials);
		if (problem === null) expect(problems).toEqual([]);
		else expect(problems).toEqual([expect.stringMatching(problem)]);
	});
});

describe('telnyx media upload', () => {
	const file: MediaFile = {
		data: Buffer.from('JFIF-fake-jpeg-bytes-for-the-test'),
		mimeType: 'image/jpeg',
		fileName: 'spring "sale".jpg',
		sha256: 'c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc',
	};

	it('uploads multipart field `media` and references the stored object by its download URL', async () => {
		let received = '';
		const scope = nock(API, { reqheaders: { authorization: `Bearer ${apiKey}` } })
			.matchHeader('content-type', /^multipart\/form-data; boundary=DropMmsTelnyx[0-9a-f]{32}$/)
			.post('/v2/media', (body: string) => {
				received = body;
				return true;
			})
			.reply(201, fixtureText('upload-response-201.json'), { 'content-type': 'application/json' });

		const spec = upload.buildRequest(credentials, file);
		const ref = upload.parseResponse(file, await sendViaFetch(spec));

		expect(scope.isDone()).toBe(true);
		const boundary = String(spec.headers['content-type']).split('boundary=')[1];
		expect(received).toBe(
			`--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="spring _sale_.jpg"\r\n` +
				`Content-Type: image/jpeg\r\n\r\nJFIF-fake-jpeg-bytes-for-the-test\r\n--${boundary}--\r\n`,
		);
		expect(ref).toEqual({
			url: 'https://api.telnyx.com/v2/media/ae6b8755-0543-4366-85aa-c28261d9174d/download',
			mediaId: 'ae6b8755-0543-4366-85aa-c28261d9174d',
			contentType: 'image/jpeg',
			bytes: file.data.length,
			fileName: 'spring "sale".jpg',
		});
	});

	it('uploads to the credential baseUrl', () => {
		expect(upload.buildRequest({ ...credentials, baseUrl: 'http://127.0.0.1:9/' }, file).url).toBe('http://127.0.0.1:9/v2/media');
	});

	it.each([
		{ name: '422 error body', status: 422, body: fixtureText('upload-error-422.json'), message: /HTTP 422\): 10015 Bad Request/ },
		{ name: '401', status: 401, body: fixtureText('error-10009-unauthenticated.json'), message: /HTTP 401\): 10009 Authentication failed/ },
		{ name: '201 without media_name', status: 201, body: JSON.stringify({ data: {} }), message: /no data\.media_name/ },
		{ name: 'non-JSON 201', status: 201, body: fixtureText('proxy-error.html'), message: /no data\.media_name/ },
	])('rejects an unusable reply: $name', ({ status, body, message: expected }) => {
		let thrown: unknown;
		try {
			upload.parseResponse(file, { status, headers: {}, body });
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ProviderResponseError);
		expect((thrown as ProviderResponseError).message).toMatch(expected);
		expect((thrown as ProviderResponseError).httpStatus).toBe(status);
		expectNoSecrets((thrown as Error).message, credentials);
	});
});

const NOW_MS = 1_772_445_600_000;
const nowSeconds = String(Math.floor(NOW_MS / 1000));

function signed(body: string, options: { timestamp?: string; key?: KeyObject; headers?: Record<string, string | undefined> } = {}) {
	const timestamp = options.timestamp ?? nowSeconds;
	const signature = sign(null, Buffer.from(`${timestamp}|${body}`), options.key ?? signingKeys.privateKey).toString('base64');
	const headers: Record<string, string | undefined> = {
		'content-type': 'application/json',
		'telnyx-signature-ed25519': signature,
		'telnyx-timestamp': timestamp,
		...options.headers,
	};
	return request(body, headers);
}

function request(body: string, headers: WebhookRequest['headers'] = {}, query: WebhookRequest['query'] = {}): WebhookRequest {
	return {
		method: 'POST',
		urls: ['https://n8n.example.com/webhook/mms-status?dropId=drop-1&ref=r1'],
		headers,
		query,
		rawBody: Buffer.from(body),
	};
}

describe('telnyx webhook verify', () => {
	const body = fixtureText('webhook-message-finalized-delivered.json');

	const cases: Array<{ name: string; request: WebhookRequest; creds?: Record<string, unknown>; expected: unknown }> = [
		{ name: 'a valid signature', request: signed(body), expected: { ok: true } },
		{ name: 'a timestamp 299 s old', request: signed(body, { timestamp: String(Number(nowSeconds) - 299) }), expected: { ok: true } },
		{
			name: 'header names in another case',
			request: (() => {
				const valid = signed(body);
				return request(body, {
					'Telnyx-Signature-Ed25519': valid.headers['telnyx-signature-ed25519'],
					'Telnyx-Timestamp': valid.headers['telnyx-timestamp'],
				});
			})(),
			expected: { ok: true },
		},
		{ name: 'a signature by another key', request: signed(body, { key: otherKeys.privateKey }), expected: { ok: false, status: 401 } },
		{
			name: 'a tampered body',
			request: { ...signed(body), rawBody: Buffer.from(body.replace('"delivered"', '"delivery_failed"')) },
			expected: { ok: false, status: 401 },
		},
		{
			name: 'a timestamp header changed after signing',
			request: signed(body, { headers: { 'telnyx-timestamp': String(Number(nowSeconds) + 1) } }),
			expected: { ok: false, status: 401 },
		},
		{ name: 'a stale timestamp (301 s old)', request: signed(body, { timestamp: String(Number(nowSeconds) - 301) }), expected: { ok: false, status: 403 } },
		{ name: 'a timestamp 301 s in the future', request: signed(body, { timestamp: String(Number(nowSeconds) + 301) }), expected: { ok: false, status: 403 } },
		{ name: 'a missing signature header', request: signed(body, { headers: { 'telnyx-signature-ed25519': undefined } }), expected: { ok: false, status: 401 } },
		{ name: 'a missing timestamp header', request: signed(body, { headers: { 'telnyx-timestamp': undefined } }), expected: { ok: false, status: 401 } },
		{ name: 'a non-numeric timestamp', request: signed(body, { timestamp: '2026-03-02T10:00:00Z' }), expected: { ok: false, status: 401 } },
		{
			name: 'a truncated signature',
			request: signed(body, { headers: { 'telnyx-signature-ed25519': Buffer.alloc(32, 1).toString('base64') } }),
			expected: { ok: false, status: 401 },
		},
		{ name: 'a credential without public key', request: signed(body), creds: { ...credentials, publicKey: '' }, expected: { ok: false, status: 401 } },
		{
			name: 'a public key that is not 32 bytes',
			request: signed(body),
			creds: { ...credentials, publicKey: Buffer.alloc(31, 7).toString('base64') },
			expected: { ok: false, status: 401 },
		},
		{
			name: 'the public key of another account',
			request: signed(body),
			creds: { ...credentials, publicKey: rawPublicKeyBase64(otherKeys.publicKey) },
			expected: { ok: false, status: 401 },
		},
	];

	it.each(cases)('$name', ({ request: incoming, creds, expected }) => {
		const result = webhook.verify(creds ?? credentials, incoming, NOW_MS);
		expect(result).toMatchObject(expected as object);
		if (!result.ok) expect(result.reason).toEqual(expect.any(String));
		expectNoSecrets(result, credentials);
	});
});

describe('telnyx webhook parse', () => {
	const receivedAt = new Date('2026-03-02T13:00:00.000Z');
	const parse = (name: string, query: WebhookRequest['query'] = {}) => webhook.parse(request(fixtureText(name), {}, query), receivedAt);
	const base = { provider: 'telnyx' as const, dropId: null, ref: null, errorCode: null, errorMessage: null, optedOut: false };

	const cases: Array<{ name: string; fixture: string; query?: WebhookRequest['query']; expected: Array<Partial<NormalizedEvent>> }> = [
		{
			name: 'message.sent ⇒ sent, not final, correlation from the query',
			fixture: 'webhook-message-sent.json',
			query: { dropId: 'drop-1', ref: 'r1' },
			expected: [
				{
					...base,
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
				},
			],
		},
		{
			name: 'message.finalized delivered ⇒ delivered, final',
			fixture: 'webhook-message-finalized-delivered.json',
			query: { dropId: 'drop-1', ref: 'r1' },
			expected: [
				{
					...base,
					kind: 'status',
					eventId: '4ee8c3a6-4995-4309-a3c6-38e3db9ea4be',
					status: 'delivered',
					providerStatus: 'delivered',
					final: true,
					occurredAt: '2026-03-02T10:00:14.148Z',
					dropId: 'drop-1',
					ref: 'r1',
				},
			],
		},
		{
			name: 'error 40300 ⇒ failed, optedOut',
			fixture: 'webhook-message-finalized-opted-out.json',
			query: { dropId: 'drop-1', ref: 'r2' },
			expected: [
				{
					...base,
					kind: 'status',
					status: 'failed',
					providerStatus: 'sending_failed',
					final: true,
					to: '+18665550002',
					errorCode: '40300',
					errorMessage:
						'Blocked due to STOP message: Messages cannot be sent from +18445550001 to +18665550002 due to an existing block rule.',
					optedOut: true,
					dropId: 'drop-1',
					ref: 'r2',
					media: [],
				},
			],
		},
		{
			name: 'several recipients ⇒ one event each, in order',
			fixture: 'webhook-message-finalized-group.json',
			query: { dropId: 'drop-9' },
			expected: [
				{ ...base, to: '+18665550003', status: 'delivered', providerStatus: 'delivered', final: true, errorCode: '40008', errorMessage: 'Undeliverable: Carrier did not accept the message.', dropId: 'drop-9' },
				{ ...base, to: '+18665550004', status: 'undelivered', providerStatus: 'delivery_failed', final: true, errorCode: '40008', errorMessage: 'Undeliverable: Carrier did not accept the message.', dropId: 'drop-9' },
				{ ...base, to: '+18665550005', status: 'sent', providerStatus: 'delivery_unconfirmed', final: true, errorCode: '40008', errorMessage: 'Undeliverable: Carrier did not accept the message.', dropId: 'drop-9' },
			],
		},
		{
			name: 'inbound MMS ⇒ received with its media',
			fixture: 'webhook-message-received-mms.json',
			expected: [
				{
					...base,
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
				},
			],
		},
		{
			name: 'inbound STOP ⇒ opt_out',
			fixture: 'webhook-message-received-stop.json',
			expected: [{ ...base, kind: 'opt_out', status: 'received', from: '+18665550002', to: '+18445550001', text: ' Stop ', media: [] }],
		},
	];

	it.each(cases)('$name', ({ fixture: name, query, expected }) => {
		const events = parse(name, query);
		expect(events).toHaveLength(expected.length);
		expected.forEach((event, index) => expect(events[index]).toMatchObject(event));
		for (const event of events) expect(event.raw).toEqual(fixture(name));
		expectNoSecrets(events, credentials);
	});

	it('takes dropId and ref from the echoed webhook_url when the query has none', () => {
		expect(parse('webhook-message-sent.json')[0]).toMatchObject({ dropId: 'drop-1', ref: 'r1' });
	});

	it('prefers the query string over the echoed webhook_url', () => {
		expect(parse('webhook-message-sent.json', { dropId: 'drop-q', ref: 'r-q' })[0]).toMatchObject({ dropId: 'drop-q', ref: 'r-q' });
	});

	it('uses the receive time when the event has no occurred_at', () => {
		const body = fixture('webhook-message-sent.json');
		delete body.data.occurred_at;
		expect(webhook.parse(request(JSON.stringify(body)), receivedAt)[0].occurredAt).toBe('2026-03-02T13:00:00.000Z');
	});

	it.each([
		{ name: 'non-JSON', body: 'data=not-json' },
		{ name: 'a JSON array', body: '[]' },
		{ name: 'an unknown event type', body: fixtureText('webhook-unknown-event.json') },
		{ name: 'an event without payload', body: fixtureText('webhook-missing-payload.json') },
		{ name: 'an unknown delivery status', body: fixtureText('webhook-message-sent.json').replace('"status": "sent"', '"status": "teleported"') },
		{ name: 'a status event without recipients', body: JSON.stringify({ data: { id: 'e', event_type: 'message.sent', payload: { id: 'm', to: [] } } }) },
	])('rejects $name with WebhookPayloadError', ({ body }) => {
		expect(() => webhook.parse(request(body), receivedAt)).toThrow(WebhookPayloadError);
	});

	it('names the setting where the trigger URL goes', () => {
		expect(webhook.setupHint).toMatch(/Messaging Profile/);
	});
});
