/**
 * Plivo adapter contract: the exact requests on the wire (nock), one outcome per recipient for
 * every documented reply, media upload, message limits, and webhooks (V3/V2 signatures computed
 * here with freshly generated tokens, payloads from test/fixtures/plivo).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import nock from 'nock';

import { plivoAdapter } from '../../nodes/providers/plivo';
import type {
	MediaFile,
	NormalizedEvent,
	OutboundMessage,
	SendBatch,
	SendOutcome,
	WebhookRequest,
} from '../../nodes/providers/types';
import { ProviderResponseError, WebhookPayloadError } from '../../nodes/providers/types';
import { plivoV3Signature } from '../webhook-signing';
import { messageProblems } from '../../nodes/providers/capabilities';
import { expectNoSecrets, sendViaFetch } from './wire';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '../fixtures/plivo', name), 'utf8');

const AUTH_ID = 'MAEXAMPLEACCOUNT0001';
const credentials = { authId: AUTH_ID, authToken: randomBytes(20).toString('hex'), baseUrl: 'https://api.plivo.com' };
const API = 'https://api.plivo.com';
const MESSAGE_PATH = `/v1/Account/${AUTH_ID}/Message/`;
const MEDIA_PATH = `/v1/Account/${AUTH_ID}/Media/`;
const STATUS_URL = 'https://n8n.example.com/webhook/mms-status?dropId=drop-1';

const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
	from: '+14155550100',
	text: 'Spring sale: 20% off today',
	media: [{ url: 'https://cdn.example.com/a.jpg', contentType: 'image/jpeg', bytes: 120_000 }],
	...overrides,
});

const batchOf = (numbers: string[], overrides: Partial<SendBatch> = {}): SendBatch => ({
	dropId: 'drop-1',
	message: message(),
	recipients: numbers.map((to, index) => ({ ref: `r${index + 1}`, to })),
	statusCallbackUrl: STATUS_URL,
	...overrides,
});

/** Builds the adapter's request, lets nock check it exactly, and parses what nock answers. */
async function roundTrip(
	batch: SendBatch,
	expectedBody: nock.DataMatcherMap,
	reply: { status: number; body: string; headers?: Record<string, string> },
): Promise<SendOutcome[]> {
	const scope = nock(API)
		.post(MESSAGE_PATH, expectedBody)
		.basicAuth({ user: AUTH_ID, pass: credentials.authToken })
		.matchHeader('content-type', 'application/json')
		.reply(reply.status, reply.body, reply.headers ?? { 'content-type': 'application/json' });
	const spec = plivoAdapter.buildSendRequest(credentials, batch, Date.parse('2026-05-04T17:00:00Z'));
	const outcomes = plivoAdapter.parseSendResponse(batch, await sendViaFetch(spec));
	expect(scope.isDone()).toBe(true);
	expect(outcomes.map((outcome) => outcome.ref)).toEqual(batch.recipients.map((recipient) => recipient.ref));
	expectNoSecrets(outcomes, credentials);
	return outcomes;
}

const singleBody = {
	src: '14155550100',
	dst: '14155550111',
	text: 'Spring sale: 20% off today',
	type: 'mms',
	media_urls: ['https://cdn.example.com/a.jpg'],
	url: `${STATUS_URL}&ref=r1`,
	method: 'POST',
};

afterEach(() => nock.cleanAll());

describe('plivo capabilities', () => {
	it('declares the documented limits', () => {
		expect(plivoAdapter.capabilities).toEqual({
			recipientsPerRequest: 1000,
			mediaPerMessage: 10,
			maxMediaBytes: 5_000_000,
			mediaStore: true,
			defaultRatePerSecond: 1000,
			perMessageCallbackUrl: false,
			correlationField: null,
			maxSubjectLength: null,
			maxTextLength: 1600,
		});
		expect(plivoAdapter.credentialType).toBe('dropMmsPlivoApi');
	});
});

describe('plivo send: accepted replies', () => {
	it('single recipient: dst without +, media URL, callback URL with dropId and ref', async () => {
		const outcomes = await roundTrip(batchOf(['+14155550111']), singleBody, { status: 202, body: fixture('send-accepted-single.json') });
		expect(outcomes).toEqual([{ ref: 'r1', kind: 'accepted', messageId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196' }]);
	});

	it('uses the credential baseUrl origin (trailing slash ignored)', async () => {
		const scope = nock('http://plivo-proxy.internal:8080')
			.post(MESSAGE_PATH, singleBody)
			.basicAuth({ user: AUTH_ID, pass: credentials.authToken })
			.reply(202, fixture('send-accepted-single.json'));
		const proxied = { ...credentials, baseUrl: 'http://plivo-proxy.internal:8080/' };
		const batch = batchOf(['+14155550111']);
		const outcomes = plivoAdapter.parseSendResponse(batch, await sendViaFetch(plivoAdapter.buildSendRequest(proxied, batch, 0)));
		expect(scope.isDone()).toBe(true);
		expect(outcomes[0]).toMatchObject({ kind: 'accepted' });
	});

	it('batch: dst joined with <, callback URL with dropId only, invalid_number mapped back by number', async () => {
		const batch = batchOf(['+14155550111', '+15005550001', '+14155550122']);
		const outcomes = await roundTrip(
			batch,
			{ ...singleBody, dst: '14155550111<15005550001<14155550122', url: STATUS_URL },
			{ status: 202, body: fixture('send-accepted-batch.json') },
		);
		expect(outcomes).toEqual([
			{ ref: 'r1', kind: 'accepted', messageId: '4a6c1d2e-0f1e-11f0-9c2b-0242ac110003' },
			{
				ref: 'r2',
				kind: 'permanent',
				reason: 'invalid_number',
				error: { code: 'invalid_number', message: 'Plivo returned +15005550001 in invalid_number', httpStatus: 202 },
			},
			{ ref: 'r3', kind: 'accepted', messageId: '4a6c1f90-0f1e-11f0-9c2b-0242ac110003' },
		]);
	});

	it('several media: uploaded ones by media_ids, the others by media_urls; no url when no callback', async () => {
		const batch = batchOf(['+14155550111'], {
			statusCallbackUrl: undefined,
			message: message({
				media: [
					{ url: 'https://cdn.example.com/a.jpg' },
					{ mediaId: '801c2056-33ab-499c-80ef-58b574a462a2', url: 'https://media.plivo.com/Account/x/Media/801c2056' },
					{ url: 'https://cdn.example.com/b.gif' },
					{ mediaId: '901d3167-44bc-4aad-91f0-69c685b573b3' },
				],
			}),
		});
		const body = {
			src: '14155550100',
			dst: '14155550111',
			text: 'Spring sale: 20% off today',
			type: 'mms',
			media_urls: ['https://cdn.example.com/a.jpg', 'https://cdn.example.com/b.gif'],
			media_ids: ['801c2056-33ab-499c-80ef-58b574a462a2', '901d3167-44bc-4aad-91f0-69c685b573b3'],
		};
		const outcomes = await roundTrip(batch, body, { status: 202, body: fixture('send-accepted-single.json') });
		expect(outcomes[0].kind).toBe('accepted');
	});

	it('a number repeated in one request: Plivo sends once, the repeat is not reported as sent', async () => {
		const batch = batchOf(['+14155550111', '+14155550111']);
		const outcomes = await roundTrip(
			batch,
			{ ...singleBody, dst: '14155550111<14155550111', url: STATUS_URL },
			{ status: 202, body: fixture('send-accepted-single.json') },
		);
		expect(outcomes[0]).toEqual({ ref: 'r1', kind: 'accepted', messageId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196' });
		expect(outcomes[1]).toMatchObject({ kind: 'permanent', reason: 'provider_rejected', error: { code: 'duplicate_destination' } });
	});

	it('message_uuid that cannot be aligned with dst: ambiguous, never guessed', async () => {
		const batch = batchOf(['+14155550111', '+14155550122']);
		const outcomes = await roundTrip(
			batch,
			{ ...singleBody, dst: '14155550111<14155550122', url: STATUS_URL },
			{ status: 202, body: fixture('send-accepted-too-few-uuids.json') },
		);
		expect(outcomes.map((outcome) => [outcome.kind, outcome.reason, outcome.messageId])).toEqual([
			['ambiguous', 'invalid_response', undefined],
			['ambiguous', 'invalid_response', undefined],
		]);
	});
});

describe('plivo send: error replies', () => {
	const cases: Array<{
		name: string;
		numbers?: string[];
		status: number;
		file: string;
		headers?: Record<string, string>;
		expected: Partial<SendOutcome>;
	}> = [
		{ name: '400 bad dst, one recipient ⇒ invalid_number', status: 400, file: 'error-400-dst.json', expected: { kind: 'permanent', reason: 'invalid_number', error: { code: '400', message: "Plivo: invalid 'dst' parameter (api_id 97ceeb52-58b6-11e1-86da-77300b68f8bb)", httpStatus: 400 } } },
		{ name: '400 bad dst, several recipients ⇒ provider_rejected (not every number is bad)', numbers: ['+14155550111', '+14155550122'], status: 400, file: 'error-400-dst.json', expected: { kind: 'permanent', reason: 'provider_rejected' } },
		{ name: '400 bad src ⇒ provider_rejected', status: 400, file: 'error-400-src.json', expected: { kind: 'permanent', reason: 'provider_rejected' } },
		{ name: '400 media ⇒ media_rejected', status: 400, file: 'error-400-media.json', expected: { kind: 'permanent', reason: 'media_rejected' } },
		{ name: '400 Insufficient Credit ⇒ fatal insufficient_funds', status: 400, file: 'error-400-insufficient-credit.json', expected: { kind: 'fatal', reason: 'insufficient_funds' } },
		{ name: '401 ⇒ fatal auth_failed', status: 401, file: 'error-401.json', expected: { kind: 'fatal', reason: 'auth_failed', error: { code: '401', message: 'Plivo: authentication failed (api_id 97ceeb52-58b6-11e1-86da-77300b68f8bf)', httpStatus: 401 } } },
		{ name: '403 ⇒ fatal auth_failed', status: 403, file: 'error-401.json', expected: { kind: 'fatal', reason: 'auth_failed' } },
		{ name: '404 on the account Message resource ⇒ fatal', status: 404, file: 'error-404.json', expected: { kind: 'fatal', reason: 'provider_rejected' } },
		{ name: '429 ⇒ retryable; Plivo sends no own wait hint, Retry-After is left to the engine', status: 429, file: 'error-429.json', headers: { 'content-type': 'application/json', 'retry-after': '2' }, expected: { kind: 'retryable', reason: 'rate_limited', retryAfterMs: undefined } },
		{ name: '503 ⇒ retryable', status: 503, file: 'error-503.json', expected: { kind: 'retryable', reason: 'server_error' } },
		{ name: '500 ⇒ ambiguous', status: 500, file: 'error-500.json', expected: { kind: 'ambiguous', reason: 'server_error' } },
		{ name: '202 with a non-JSON body ⇒ ambiguous invalid_response', status: 202, file: 'gateway-error.html', headers: { 'content-type': 'text/html' }, expected: { kind: 'ambiguous', reason: 'invalid_response', error: expect.objectContaining({ code: 'invalid_response', httpStatus: 202 }) } },
		{ name: '202 JSON without message_uuid ⇒ ambiguous invalid_response', status: 202, file: 'send-accepted-no-uuid-field.json', expected: { kind: 'ambiguous', reason: 'invalid_response' } },
		{ name: '401 with a non-JSON body ⇒ still fatal', status: 401, file: 'gateway-error.html', headers: { 'content-type': 'text/html' }, expected: { kind: 'fatal', reason: 'auth_failed', error: expect.objectContaining({ code: 'invalid_response' }) } },
		{ name: '400 with a non-JSON body ⇒ permanent provider_rejected', status: 400, file: 'gateway-error.html', headers: { 'content-type': 'text/html' }, expected: { kind: 'permanent', reason: 'provider_rejected', error: expect.objectContaining({ code: 'invalid_response' }) } },
		{ name: '502 with a non-JSON body ⇒ ambiguous', status: 502, file: 'gateway-error.html', headers: { 'content-type': 'text/html' }, expected: { kind: 'ambiguous', reason: 'server_error' } },
	];

	it.each(cases)('$name', async ({ numbers = ['+14155550111'], status, file, headers, expected }) => {
		const batch = batchOf(numbers);
		const body = numbers.length === 1 ? singleBody : { ...singleBody, dst: numbers.map((n) => n.slice(1)).join('<'), url: STATUS_URL };
		const outcomes = await roundTrip(batch, body, { status, body: fixture(file), headers });
		expect(outcomes).toHaveLength(numbers.length);
		for (const outcome of outcomes) {
			expect(outcome).toEqual({ ref: outcome.ref, ...expected, error: expected.error ?? expect.objectContaining({ httpStatus: status }) });
			expect(outcome.messageId).toBeUndefined();
		}
	});
});

describe('plivo media upload', () => {
	const data = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2044)]);
	const file: MediaFile = {
		data,
		mimeType: 'image/jpeg',
		fileName: 'photo.jpg',
		sha256: createHash('sha256').update(data).digest('hex'),
	};

	it('posts one multipart `file` part and returns the media id for media_ids', async () => {
		const spec = plivoAdapter.upload!.buildRequest(credentials, file);
		const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(spec.headers['content-type'])?.[1];
		expect(boundary).toBeDefined();
		const expectedBody = Buffer.concat([
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
			data,
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]);
		// nock hands a binary body over as hex, a text one as UTF-8.
		const scope = nock(API)
			.post(MEDIA_PATH, (body: string) => body === expectedBody.toString('hex') || body === expectedBody.toString('utf8'))
			.basicAuth({ user: AUTH_ID, pass: credentials.authToken })
			.matchHeader('content-type', `multipart/form-data; boundary=${boundary}`)
			.reply(200, fixture('media-upload.json'), { 'content-type': 'application/json' });
		const ref = plivoAdapter.upload!.parseResponse(file, await sendViaFetch(spec));
		expect(scope.isDone()).toBe(true);
		expect(ref).toEqual({
			mediaId: '801c2056-33ab-499c-80ef-58b574a462a2',
			url: `https://media.plivo.com/Account/${AUTH_ID}/Media/801c2056-33ab-499c-80ef-58b574a462a2`,
			contentType: 'image/jpeg',
			bytes: 2048,
			fileName: 'photo.jpg',
		});
		expectNoSecrets(ref, credentials);

		const send = plivoAdapter.buildSendRequest(credentials, batchOf(['+14155550111'], { message: message({ media: [ref] }) }), 0);
		expect(JSON.parse(String(send.body))).toMatchObject({ media_ids: ['801c2056-33ab-499c-80ef-58b574a462a2'] });
		expect(JSON.parse(String(send.body)).media_urls).toBeUndefined();
	});

	it('keeps the boundary out of the file and the quotes out of the file name', () => {
		const tricky: MediaFile = { ...file, fileName: 'a"b\r\n.jpg' };
		const first = plivoAdapter.upload!.buildRequest(credentials, tricky);
		const boundary = /boundary=(.+)$/.exec(first.headers['content-type'])![1];
		const containing: MediaFile = { ...tricky, data: Buffer.concat([data, Buffer.from(boundary)]) };
		const second = plivoAdapter.upload!.buildRequest(credentials, containing);
		const secondBoundary = /boundary=(.+)$/.exec(second.headers['content-type'])![1];
		expect(secondBoundary).not.toBe(boundary);
		expect(containing.data.includes(secondBoundary)).toBe(false);
		expect(String(first.body)).toContain('filename="a_b__.jpg"');
	});

	it.each([
		{ name: '400 error body', status: 400, body: '{"api_id":"x","error":"file size exceeds 2MB"}', message: /HTTP 400\): file size exceeds 2MB/ },
		{ name: '401', status: 401, body: fixture('error-401.json'), message: /HTTP 401/ },
		{ name: 'non-JSON 200', status: 200, body: fixture('gateway-error.html'), message: /Unreadable Plivo media upload response/ },
		{ name: '200 with a failed object', status: 200, body: '{"api_id":"x","objects":[{"media_id":"m1","status":"failed"}]}', message: /did not store photo.jpg/ },
	])('throws ProviderResponseError on $name', async ({ status, body, message: expected }) => {
		nock(API).post(MEDIA_PATH).reply(status, body);
		const response = await sendViaFetch(plivoAdapter.upload!.buildRequest(credentials, file));
		let thrown: unknown;
		try {
			plivoAdapter.upload!.parseResponse(file, response);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ProviderResponseError);
		expect((thrown as ProviderResponseError).message).toMatch(expected);
		expect((thrown as ProviderResponseError).httpStatus).toBe(status);
		expectNoSecrets((thrown as Error).message, credentials);
	});
});

describe('plivo validateMessage', () => {
	const image = (bytes: number) => ({ url: 'https://cdn.example.com/x.jpg', contentType: 'image/jpeg', bytes });
	it.each([
		{ name: 'a valid MMS', message: message(), problems: [] },
		{ name: 'media only, no text', message: message({ text: '' }), problems: [] },
		{ name: '11 media', message: message({ media: Array.from({ length: 11 }, () => image(1_000)) }), problems: ['Plivo takes at most 10 media per message; this one has 11'] },
		{ name: 'media total over 5 MB', message: message({ media: [image(3_000_000), image(2_000_001)] }), problems: ['Plivo takes at most 5000000 bytes of media per message; this one has 5000001'] },
		{ name: 'an upload over 2 MB', message: message({ media: [{ data: Buffer.alloc(2_000_001), contentType: 'image/png' }] }), problems: ["Media 1 is 2000001 bytes; Plivo's media store takes at most 2000000 per file"] },
		{ name: 'a subject (Plivo has none)', message: message({ subject: 'Sale' }), problems: ['Plivo has no MMS subject field; leave the subject empty'] },
		{ name: 'text over 1600 characters', message: message({ text: 'x'.repeat(1601) }), problems: ['Plivo takes at most 1600 characters of text; this one has 1601'] },
		{ name: 'an unsupported media type', message: message({ media: [{ url: 'https://cdn.example.com/a.heic', contentType: 'image/heic' }] }), problems: ['Media 1 is image/heic; Plivo takes JPEG, PNG, GIF, MP4, PDF and text'] },
		{ name: 'a non-http media URL', message: message({ media: [{ url: 'ftp://cdn.example.com/a.jpg' }] }), problems: ['Media 1 URL must be http(s): ftp://cdn.example.com/a.jpg'] },
		{ name: 'a media item with nothing in it', message: message({ media: [{}] }), problems: ['Media 1 has neither a URL nor a file to upload'] },
		{ name: 'neither text nor media', message: message({ text: ' ', media: [] }), problems: ['Plivo needs text or media'] },
		{ name: 'no sender', message: message({ from: '' }), problems: ['Plivo needs a sender (`src`): a Plivo number or short code'] },
	])('$name', ({ message: candidate, problems }) => {
		expect(messageProblems(plivoAdapter, candidate, credentials)).toEqual(problems);
	});

	it('reports a credential without token', () => {
		expect(messageProblems(plivoAdapter, message(), { authId: AUTH_ID })).toEqual(['The Plivo credential has no Auth Token']);
	});
});

// ---------------------------------------------------------------------------------------------
// Webhooks

const TRIGGER_URL = 'https://n8n.example.com/webhook/mms-status';


function signV2(token: string, url: string, nonce: string): string {
	return createHmac('sha256', token).update(url.split('?')[0] + nonce).digest('base64');
}

function webhookRequest(options: {
	method?: 'GET' | 'POST';
	url?: string;
	body?: string;
	headers?: Record<string, string>;
	urls?: string[];
}): WebhookRequest {
	const method = options.method ?? 'POST';
	const url = new URL(options.url ?? `${TRIGGER_URL}?dropId=drop-1`);
	const query: Record<string, string | string[]> = {};
	for (const [key, value] of url.searchParams) {
		const existing = query[key];
		query[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
	}
	return {
		method,
		urls: options.urls ?? [url.toString()],
		headers: options.headers ?? {},
		query,
		rawBody: Buffer.from(options.body ?? ''),
	};
}

describe('plivo webhook verify', () => {
	const token = credentials.authToken;
	const body = fixture('status-delivered.form');
	const url = `${TRIGGER_URL}?dropId=drop-1`;
	const nonce = '05691729841532165417';
	const v3 = (sig: string, extra: Record<string, string> = {}) => ({ 'X-Plivo-Signature-V3': sig, 'X-Plivo-Signature-V3-Nonce': nonce, ...extra });
	const good = plivoV3Signature(token, 'POST', url, new URLSearchParams(body), nonce);
	const otherToken = randomBytes(20).toString('hex');

	const cases: Array<{ name: string; request: WebhookRequest; ok: boolean; reason?: RegExp }> = [
		{ name: 'V3 over URL, query and form', request: webhookRequest({ body, headers: v3(good) }), ok: true },
		{ name: 'V3 on a GET callback (query only)', request: webhookRequest({ method: 'GET', url: `${url}&${fixture('status-sent.query')}`, headers: v3(plivoV3Signature(token, 'GET', `${url}&${fixture('status-sent.query')}`, new URLSearchParams(), nonce)) }), ok: true },
		{ name: 'V3 header holding several signatures, one of them right', request: webhookRequest({ body, headers: v3(`${plivoV3Signature(otherToken, 'POST', url, new URLSearchParams(body), nonce)},${good}`) }), ok: true },
		{ name: 'main-account V3 header only', request: webhookRequest({ body, headers: { 'x-plivo-signature-ma-v3': good, 'x-plivo-signature-v3-nonce': nonce } }), ok: true },
		{ name: 'V3 signed for another of the trigger URLs (explicit port)', request: webhookRequest({ body, urls: [url, url.replace('n8n.example.com', 'n8n.example.com:443')], headers: v3(plivoV3Signature(token, 'POST', url.replace('n8n.example.com', 'n8n.example.com:443'), new URLSearchParams(body), nonce)) }), ok: true },
		{ name: 'V3 with a POST without form fields', request: webhookRequest({ body: '', headers: v3(plivoV3Signature(token, 'POST', url, new URLSearchParams(), nonce)) }), ok: true },
		{ name: 'V3 signed with another token', request: webhookRequest({ body, headers: v3(plivoV3Signature(otherToken, 'POST', url, new URLSearchParams(body), nonce)) }), ok: false, reason: /V3 does not match/ },
		{ name: 'V3 with a tampered body', request: webhookRequest({ body: body.replace('Status=delivered', 'Status=failed'), headers: v3(good) }), ok: false, reason: /V3 does not match/ },
		{ name: 'V3 with a tampered query (dropId)', request: webhookRequest({ url: `${TRIGGER_URL}?dropId=drop-2`, body, headers: v3(good) }), ok: false, reason: /V3 does not match/ },
		{ name: 'V3 with another nonce', request: webhookRequest({ body, headers: { 'X-Plivo-Signature-V3': good, 'X-Plivo-Signature-V3-Nonce': '1' } }), ok: false, reason: /V3 does not match/ },
		{ name: 'V3 signature of the wrong length', request: webhookRequest({ body, headers: v3(good.slice(0, -2)) }), ok: false, reason: /V3 does not match/ },
		{ name: 'V3 failing while a valid V2 is present (V2 does not cover the body)', request: webhookRequest({ body, headers: { ...v3('bm9wZQ=='), 'X-Plivo-Signature-V2': signV2(token, url, nonce), 'X-Plivo-Signature-V2-Nonce': nonce } }), ok: false, reason: /V3 does not match/ },
		{ name: 'V2 over the URL without query', request: webhookRequest({ body, headers: { 'X-Plivo-Signature-V2': signV2(token, url, nonce), 'X-Plivo-Signature-V2-Nonce': nonce } }), ok: true },
		{ name: 'V2 signed with another token', request: webhookRequest({ body, headers: { 'X-Plivo-Signature-V2': signV2(otherToken, url, nonce), 'X-Plivo-Signature-V2-Nonce': nonce } }), ok: false, reason: /V2 does not match/ },
		{ name: 'V2 signed for another path', request: webhookRequest({ body, headers: { 'X-Plivo-Signature-V2': signV2(token, 'https://n8n.example.com/webhook/other', nonce), 'X-Plivo-Signature-V2-Nonce': nonce } }), ok: false, reason: /V2 does not match/ },
		{ name: 'no signature headers', request: webhookRequest({ body }), ok: false, reason: /Missing X-Plivo-Signature/ },
		{ name: 'signature without its nonce', request: webhookRequest({ body, headers: { 'X-Plivo-Signature-V3': good } }), ok: false, reason: /Missing X-Plivo-Signature/ },
	];

	it.each(cases)('$name', ({ request, ok, reason }) => {
		const result = plivoAdapter.webhook!.verify(credentials, request, Date.now());
		if (ok) expect(result).toEqual({ ok: true });
		else expect(result).toEqual({ ok: false, status: 401, reason: expect.stringMatching(reason!) });
		expectNoSecrets(result, credentials);
	});

	it('has no timestamp: an old signed request still verifies (nothing to call stale)', () => {
		const request = webhookRequest({ body, headers: v3(good) });
		expect(plivoAdapter.webhook!.verify(credentials, request, Date.parse('2036-01-01T00:00:00Z'))).toEqual({ ok: true });
	});

	it('without an auth token nothing verifies', () => {
		const result = plivoAdapter.webhook!.verify({ authId: AUTH_ID }, webhookRequest({ body, headers: v3(good) }), 0);
		expect(result).toEqual({ ok: false, status: 401, reason: expect.stringMatching(/no Auth Token/) });
	});
});

describe('plivo webhook parse', () => {
	const receivedAt = new Date('2026-05-04T17:05:00.000Z');
	const base: Omit<NormalizedEvent, 'raw'> = {
		provider: 'plivo',
		kind: 'status',
		eventId: null,
		messageId: null,
		status: 'queued',
		providerStatus: '',
		final: false,
		to: null,
		from: null,
		errorCode: null,
		errorMessage: null,
		optedOut: false,
		occurredAt: receivedAt.toISOString(),
		dropId: 'drop-1',
		ref: null,
		text: null,
		media: [],
	};

	const cases: Array<{ name: string; request: WebhookRequest; expected: Partial<NormalizedEvent> }> = [
		{
			name: 'delivered (POST form), dropId from the query, time from DeliveryReportTime',
			request: webhookRequest({ body: fixture('status-delivered.form') }),
			expected: { eventId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196:3', messageId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196', status: 'delivered', providerStatus: 'delivered', final: true, to: '+14155550111', from: '+14155550100', occurredAt: '2026-05-04T17:02:15.987Z' },
		},
		{
			name: 'single-recipient callback carries ref too',
			request: webhookRequest({ url: `${TRIGGER_URL}?dropId=drop-1&ref=r7`, body: fixture('status-delivered.form') }),
			expected: { eventId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196:3', messageId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196', status: 'delivered', providerStatus: 'delivered', final: true, to: '+14155550111', from: '+14155550100', occurredAt: '2026-05-04T17:02:15.987Z', ref: 'r7' },
		},
		{
			name: 'undelivered with ErrorCode 200 ⇒ optedOut',
			request: webhookRequest({ body: fixture('status-undelivered-opted-out.form') }),
			expected: { eventId: '4a6c1f90-0f1e-11f0-9c2b-0242ac110003:2', messageId: '4a6c1f90-0f1e-11f0-9c2b-0242ac110003', status: 'undelivered', providerStatus: 'undelivered', final: true, to: '+14155550122', from: '+14155550100', errorCode: '200', errorMessage: 'Destination opted out (DND/STOP)', optedOut: true, occurredAt: '2026-05-04T17:02:11.950Z' },
		},
		{
			name: 'queued ⇒ not final, time from QueuedTime, empty ErrorCode ⇒ null',
			request: webhookRequest({ body: fixture('status-queued.form') }),
			expected: { eventId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196:1', messageId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196', status: 'queued', providerStatus: 'queued', final: false, to: '+14155550111', from: '+14155550100', occurredAt: '2026-05-04T17:02:11.200Z' },
		},
		{
			name: 'sent as a GET query callback',
			request: webhookRequest({ method: 'GET', url: `${TRIGGER_URL}?dropId=drop-1&${fixture('status-sent.query')}` }),
			expected: { eventId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196:2', messageId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196', status: 'sent', providerStatus: 'sent', final: false, to: '+14155550111', from: '+14155550100', occurredAt: '2026-05-04T17:02:12.004Z' },
		},
		{
			name: 'failed with ErrorCode 900',
			request: webhookRequest({ body: fixture('status-failed-credit.form') }),
			expected: { eventId: '7d3f9c42-0f1e-11f0-9c2b-0242ac110003:2', messageId: '7d3f9c42-0f1e-11f0-9c2b-0242ac110003', status: 'failed', providerStatus: 'failed', final: true, to: '+14155550133', from: '+14155550100', errorCode: '900', errorMessage: 'Insufficient credit', occurredAt: '2026-05-04T17:02:11.123Z' },
		},
		{
			name: 'legacy rejected ⇒ failed; no time fields ⇒ receivedAt; no Sequence ⇒ no event id',
			request: webhookRequest({ url: TRIGGER_URL, body: fixture('status-rejected-legacy.form') }),
			expected: { messageId: '8e4a0d53-0f1e-11f0-9c2b-0242ac110003', status: 'failed', providerStatus: 'rejected', final: true, to: '+14155550144', from: '+14155550100', errorCode: '50', errorMessage: 'Invalid destination number', dropId: null },
		},
		{
			name: 'inbound MMS with media',
			request: webhookRequest({ url: 'https://n8n.example.com/webhook/mms-inbound', body: fixture('inbound-mms.form') }),
			expected: {
				kind: 'inbound', eventId: '9f5b1e64-0f1e-11f0-9c2b-0242ac110003', messageId: '9f5b1e64-0f1e-11f0-9c2b-0242ac110003', status: 'received', providerStatus: 'received', final: true, to: '+14155550100', from: '+14155550111', text: 'Looks great!', dropId: null,
				media: [
					{ url: `https://media.plivo.com/Account/${AUTH_ID}/Media/a0c1e2f3-1111-4a4a-9b9b-000000000001`, contentType: null },
					{ url: `https://media.plivo.com/Account/${AUTH_ID}/Media/a0c1e2f3-1111-4a4a-9b9b-000000000002`, contentType: null },
				],
			},
		},
		{
			name: 'inbound STOP ⇒ opt_out',
			request: webhookRequest({ url: 'https://n8n.example.com/webhook/mms-inbound', body: fixture('inbound-stop.form') }),
			expected: { kind: 'opt_out', eventId: 'a06c2f75-0f1e-11f0-9c2b-0242ac110003', messageId: 'a06c2f75-0f1e-11f0-9c2b-0242ac110003', status: 'received', providerStatus: 'received', final: true, to: '+14155550100', from: '+14155550111', text: 'Stop', optedOut: true, dropId: null },
		},
		{
			name: "inbound UNSUB: Plivo's MessageIntent=optout ⇒ opt_out",
			request: webhookRequest({ url: 'https://n8n.example.com/webhook/mms-inbound', body: fixture('inbound-unsub-intent.form') }),
			expected: { kind: 'opt_out', eventId: 'b17d3086-0f1e-11f0-9c2b-0242ac110003', messageId: 'b17d3086-0f1e-11f0-9c2b-0242ac110003', status: 'received', providerStatus: 'received', final: true, to: '+14155550100', from: '+14155550111', text: 'unsub', optedOut: true, dropId: null },
		},
		{
			name: 'inbound START ⇒ opt_in',
			request: webhookRequest({ url: 'https://n8n.example.com/webhook/mms-inbound', body: fixture('inbound-start.form') }),
			expected: { kind: 'opt_in', eventId: 'c28e4197-0f1e-11f0-9c2b-0242ac110003', messageId: 'c28e4197-0f1e-11f0-9c2b-0242ac110003', status: 'received', providerStatus: 'received', final: true, to: '+14155550100', from: '+14155550111', text: 'START', dropId: null },
		},
	];

	it.each(cases)('$name', ({ request, expected }) => {
		const events = plivoAdapter.webhook!.parse(request, receivedAt);
		const fields = request.method === 'GET'
			? Object.fromEntries(Object.entries(request.query).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]))
			: Object.fromEntries(new URLSearchParams(request.rawBody.toString()));
		expect(events).toEqual([{ ...base, ...expected, raw: fields }]);
		expectNoSecrets(events, credentials);
	});

	it.each([
		{ name: 'a voice callback', request: webhookRequest({ body: fixture('unknown-voice.form') }), message: /Not a Plivo message callback/ },
		{ name: 'an unknown Status word', request: webhookRequest({ body: fixture('status-unknown-word.form') }), message: /Unknown Plivo message Status 'exploded'/ },
		{ name: 'a status without MessageUUID', request: webhookRequest({ body: 'Status=delivered&To=14155550111' }), message: /without MessageUUID/ },
		{ name: 'an inbound without From', request: webhookRequest({ body: 'To=14155550100&Text=hi&MessageUUID=x' }), message: /without From/ },
		{ name: 'a JSON body', request: webhookRequest({ body: '{"MessageUUID":"x","Status":"delivered"}' }), message: /Not a Plivo message callback/ },
		{ name: 'an empty body', request: webhookRequest({ body: '' }), message: /Not a Plivo message callback/ },
	])('rejects $name with WebhookPayloadError', ({ request, message: expected }) => {
		expect(() => plivoAdapter.webhook!.parse(request, receivedAt)).toThrow(WebhookPayloadError);
		expect(() => plivoAdapter.webhook!.parse(request, receivedAt)).toThrow(expected);
	});

	it('answers inbound messages with an empty Message XML and status callbacks with a bare 200', () => {
		const inbound = webhookRequest({ body: fixture('inbound-mms.form') });
		const status = webhookRequest({ body: fixture('status-delivered.form') });
		const ack = plivoAdapter.webhook!.ack!;
		expect(ack(inbound, plivoAdapter.webhook!.parse(inbound, receivedAt))).toEqual({ status: 200, contentType: 'application/xml', body: '<Response></Response>' });
		expect(ack(status, plivoAdapter.webhook!.parse(status, receivedAt))).toEqual({ status: 200 });
	});

	it('names where the trigger URL goes', () => {
		expect(plivoAdapter.webhook!.setupHint).toMatch(/Messaging → Applications .* Message URL/);
	});
});
