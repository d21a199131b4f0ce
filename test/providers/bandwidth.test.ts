/**
 * Contract tests for the Bandwidth adapter: requests asserted on the wire with nock, replies and
 * callbacks from test/fixtures/bandwidth (see its README for the documented source of each).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import nock from 'nock';

import { bandwidthAdapter } from '../../nodes/providers/bandwidth';
import { queueDrainWaitMs } from '../../nodes/providers/bandwidth/codes';
import type {
	MediaFile,
	NormalizedEvent,
	OutboundMessage,
	SendBatch,
	SendOutcome,
	WebhookRequest,
} from '../../nodes/providers/types';
import { ProviderResponseError, WebhookPayloadError } from '../../nodes/providers/types';
import { messageProblems } from '../../nodes/providers/capabilities';
import { expectNoSecrets, sendViaFetch } from './wire';

const FIXTURES = path.join(__dirname, '../fixtures/bandwidth');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const fixtureJson = (name: string): unknown => JSON.parse(fixture(name));

const ORIGIN = 'https://messaging.bandwidth.com';
const credentials = {
	accountId: '9900000',
	username: 'drop-api-user',
	password: 'pw-' + randomBytes(12).toString('hex'),
	applicationId: '93de2206-9669-4e07-948d-329f4b722ee2',
	callbackUsername: 'cb-' + randomBytes(6).toString('hex'),
	callbackPassword: 'cbpw-' + randomBytes(12).toString('hex'),
	baseUrl: ORIGIN,
};
const MESSAGES_PATH = '/api/v2/users/9900000/messages';

function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
	return {
		from: '+12345678901',
		text: 'Hey, check this out!',
		media: [{ url: 'https://mySite.com/images/test_image.jpg' }],
		...overrides,
	};
}

function batch(overrides: Partial<SendBatch> = {}): SendBatch {
	return { dropId: 'drop-1', message: message(), recipients: [{ ref: 'r1', to: '+12345678902' }], ...overrides };
}

const adapter = bandwidthAdapter;
const webhook = adapter.webhook!;
const uploader = adapter.upload!;

afterEach(() => nock.cleanAll());

describe('capabilities', () => {
	it('declares the documented limits (providers.md §4)', () => {
		expect(adapter.capabilities).toEqual({
			recipientsPerRequest: 1,
			mediaPerMessage: 10,
			maxMediaBytes: 3_500_000,
			mediaStore: true,
			defaultRatePerSecond: 1,
			perMessageCallbackUrl: false,
			correlationField: 'tag',
			maxSubjectLength: null,
			maxTextLength: 2048,
		});
		expect(adapter.id).toBe('bandwidth');
		expect(adapter.credentialType).toBe('dropMmsBandwidthApi');
	});
});

describe('buildSendRequest', () => {
	it('sends one recipient as the documented JSON with Basic auth and the correlation tag', async () => {
		const spec = adapter.buildSendRequest(credentials, batch({ statusCallbackUrl: 'https://n8n.example/webhook/x?dropId=drop-1' }), 0);
		expect(spec.method).toBe('POST');
		expect(spec.url).toBe(`${ORIGIN}${MESSAGES_PATH}`);
		expect(JSON.parse(spec.body as string)).toEqual(fixtureJson('send-request-single.json'));

		const scope = nock(ORIGIN)
			.post(MESSAGES_PATH, fixtureJson('send-request-single.json') as nock.RequestBodyMatcher)
			.basicAuth({ user: credentials.username, pass: credentials.password })
			.matchHeader('content-type', 'application/json; charset=utf-8')
			.matchHeader('accept', 'application/json')
			.reply(202, fixture('send-response-202.json'), { 'content-type': 'application/json' });
		const response = await sendViaFetch(spec);
		expect(scope.isDone()).toBe(true);

		const outcomes = adapter.parseSendResponse(batch(), response);
		expect(outcomes).toEqual([{ ref: 'r1', kind: 'accepted', messageId: '14762070468292kw2fuqty55yp2b2' }]);
		expect(spec.body).not.toContain('webhook');
	});

	it('carries several media in order, uploads as store URLs, and omits `media` when there is none', () => {
		const withMedia = adapter.buildSendRequest(
			credentials,
			batch({
				message: message({
					media: [
						{ url: 'https://cdn.example/a.jpg' },
						{ mediaId: 'abc123.png', contentType: 'image/png' },
						{ url: 'https://cdn.example/c.gif' },
					],
				}),
			}),
			0,
		);
		expect(JSON.parse(withMedia.body as string).media).toEqual([
			'https://cdn.example/a.jpg',
			`${ORIGIN}/api/v2/users/9900000/media/abc123.png`,
			'https://cdn.example/c.gif',
		]);
		const textOnly = adapter.buildSendRequest(credentials, batch({ message: message({ media: [] }) }), 0);
		expect(JSON.parse(textOnly.body as string)).not.toHaveProperty('media');
	});

	it('uses the credential baseUrl as origin and falls back to the official one', () => {
		expect(adapter.buildSendRequest({ ...credentials, baseUrl: 'http://127.0.0.1:8080/' }, batch(), 0).url).toBe(
			`http://127.0.0.1:8080${MESSAGES_PATH}`,
		);
		expect(adapter.buildSendRequest({ ...credentials, baseUrl: '' }, batch(), 0).url).toBe(`${ORIGIN}${MESSAGES_PATH}`);
	});

	it('never puts several numbers in `to` (that would start a group MMS)', () => {
		const two = batch({ recipients: [{ ref: 'r1', to: '+12345678902' }, { ref: 'r2', to: '+12345678903' }] });
		expect(() => adapter.buildSendRequest(credentials, two, 0)).toThrow(/takes 1 to 1 recipients per send request; this batch has 2/);
	});
});

describe('parseSendResponse', () => {
	const json = { 'content-type': 'application/json; charset=utf-8' };
	const html = { 'content-type': 'text/html' };
	const cases: Array<[string, number, string, Record<string, string>, Partial<SendOutcome>]> = [
		['202 message object', 202, fixture('send-response-202.json'), json, { kind: 'accepted', messageId: '14762070468292kw2fuqty55yp2b2' }],
		['400 request-validation', 400, fixture('send-error-400.json'), json, { kind: 'permanent', reason: 'provider_rejected', error: { code: 'request-validation', message: 'Your request could not be accepted', httpStatus: 400 } }],
		['400 invalid `to`', 400, fixture('send-error-400-invalid-to.json'), json, { kind: 'permanent', reason: 'invalid_number', error: { code: 'request-validation', message: "Your request could not be accepted.; to: '+1500555000' must be replaced with a valid E164 formatted telephone number", httpStatus: 400 } }],
		['400 invalid media', 400, fixture('send-error-400-media.json'), json, { kind: 'permanent', reason: 'media_rejected' }],
		['401 unauthorized', 401, fixture('send-error-401.json'), json, { kind: 'fatal', reason: 'auth_failed', error: { code: 'unauthorized', message: 'Authentication Failed', httpStatus: 401 } }],
		['403 forbidden', 403, fixture('send-error-403.json'), json, { kind: 'fatal', reason: 'auth_failed', error: { code: 'forbidden', message: 'Access Denied', httpStatus: 403 } }],
		['404 path not found', 404, fixture('send-error-404.json'), json, { kind: 'permanent', reason: 'provider_rejected', error: { code: 'Not Found', message: 'Not Found', httpStatus: 404 } }],
		['500 in the framework shape', 500, '{"timestamp":"2019-09-09T19:02:19.253+0000","status":500,"error":"Internal Server Error","path":"/api/v2/users/9900000/messages"}', json, { kind: 'ambiguous', reason: 'server_error', error: { code: 'Internal Server Error', message: 'Internal Server Error', httpStatus: 500 } }],
		['415 wrong content type', 415, fixture('send-error-415.json'), json, { kind: 'permanent', reason: 'provider_rejected', error: expect.objectContaining({ code: 'unsupported-content-type' }) }],
		['429 queue full, wait hint from the allowed rate', 429, fixture('send-error-429.json'), json, { kind: 'retryable', reason: 'rate_limited', retryAfterMs: 1000, error: expect.objectContaining({ code: 'max-message-queue-size-exceeded', httpStatus: 429 }) }],
		['503 unavailable', 503, fixture('send-error-503.json'), json, { kind: 'retryable', reason: 'server_error' }],
		['500 server error', 500, fixture('send-error-500.json'), json, { kind: 'ambiguous', reason: 'server_error', error: expect.objectContaining({ code: 'internal-server-error' }) }],
		['502 HTML from a proxy', 502, fixture('send-bad-gateway.html'), html, { kind: 'ambiguous', reason: 'server_error', error: expect.objectContaining({ code: 'invalid_response', httpStatus: 502 }) }],
		['202 with a non-JSON body', 202, fixture('send-bad-gateway.html'), html, { kind: 'ambiguous', reason: 'invalid_response', error: expect.objectContaining({ code: 'invalid_response', httpStatus: 202 }) }],
		['202 JSON without an id', 202, '{"owner":"+12345678901"}', json, { kind: 'ambiguous', reason: 'invalid_response' }],
		['400 with a non-JSON body', 400, fixture('send-bad-gateway.html'), html, { kind: 'permanent', reason: 'provider_rejected', error: expect.objectContaining({ code: 'invalid_response', httpStatus: 400 }) }],
		['429 with a non-JSON body', 429, 'Too Many Requests', { 'content-type': 'text/plain' }, { kind: 'retryable', reason: 'rate_limited' }],
		['401 with a non-JSON body', 401, fixture('send-bad-gateway.html'), html, { kind: 'fatal', reason: 'auth_failed' }],
	];

	it.each(cases)('%s', async (_name, status, body, headers, expected) => {
		nock(ORIGIN).post(MESSAGES_PATH).reply(status, body, headers);
		const response = await sendViaFetch(adapter.buildSendRequest(credentials, batch(), 0));
		const outcomes = adapter.parseSendResponse(batch(), response);
		expect(outcomes).toHaveLength(1);
		expect(outcomes[0]).toEqual({ ref: 'r1', ...expected, ...(expected.error ? {} : { error: outcomes[0].error }) });
		expectNoSecrets(outcomes, credentials);
	});

	it('never throws, whatever the body', () => {
		for (const body of ['', 'null', '[]', '{"type":5}', '\u0000\u0001']) {
			for (const status of [202, 400, 429, 500]) {
				expect(adapter.parseSendResponse(batch(), { status, headers: {}, body })).toHaveLength(1);
			}
		}
	});

	// Bandwidth has no send-time opt-out error: opted-out recipients are accepted and fail later
	// with callback errorCode 4775 (see the webhook tests below).
});

describe('queueDrainWaitMs', () => {
	it.each([
		['Your allowed rate is 60 messages per minute.', 1000],
		['Your allowed rate is 1 message per second.', 1000],
		['Your allowed rate is 4 messages per second.', 250],
		['Your allowed rate is 7200 messages per hour.', 500],
		['The SMS queue for your account is full.', undefined],
		['Your allowed rate is 0 messages per minute.', undefined],
	])('%s ⇒ %s ms', (description, expected) => {
		expect(queueDrainWaitMs(description)).toBe(expected);
	});
});

describe('validateMessage', () => {
	const mediaOf = (count: number, bytes = 1000) =>
		Array.from({ length: count }, (_, index) => ({ url: `https://cdn.example/${index}.jpg`, bytes }));
	const cases: Array<[string, OutboundMessage, Record<string, unknown>, RegExp | null]> = [
		['a valid MMS', message(), credentials, null],
		['10 media totalling exactly 3.5 MB', message({ media: mediaOf(10, 350_000) }), credentials, null],
		['an uploaded media reference', message({ media: [{ mediaId: 'abc.jpg', bytes: 10 }] }), credentials, null],
		['media only, no text', message({ text: '' }), credentials, null],
		['too many media', message({ media: mediaOf(11) }), credentials, /at most 10 media per message; this one has 11/],
		['media too large in total', message({ media: mediaOf(2, 1_750_001) }), credentials, /at most 3500000 bytes of media per message; this one has 3500002/],
		['a subject', message({ subject: 'Sale' }), credentials, /no MMS subject field/],
		['text too long', message({ text: 'x'.repeat(2049) }), credentials, /at most 2048 characters of text; this one has 2049/],
		['neither text nor media', message({ text: '', media: [] }), credentials, /needs text or media/],
		['inline media without URL', message({ media: [{ data: Buffer.from('x'), fileName: 'a.jpg' }] }), credentials, /Media a\.jpg needs a public URL or an upload/],
		['a media URL over 4096 characters', message({ media: [{ url: 'https://cdn.example/' + 'a'.repeat(4100) }] }), credentials, /at most 4096/],
		['no sender', message({ from: ' ' }), credentials, /needs a sender/],
		['no application id', message(), { ...credentials, applicationId: '' }, /no Messaging Application ID/],
	];
	it.each(cases)('%s', (_name, candidate, creds, problem) => {
		const problems = messageProblems(adapter, candidate, creds);
		if (problem === null) expect(problems).toEqual([]);
		else expect(problems).toEqual([expect.stringMatching(problem)]);
	});

	it('counts emoji as one character each', () => {
		expect(messageProblems(adapter, message({ text: '😀'.repeat(2048) }), credentials)).toEqual([]);
	});
});

describe('media upload', () => {
	const data = randomBytes(2048);
	const file: MediaFile = {
		data,
		mimeType: 'image/jpeg',
		fileName: 'promo.jpeg',
		sha256: createHash('sha256').update(data).digest('hex'),
	};
	const mediaPath = `/api/v2/users/9900000/media/${file.sha256}.jpg`;

	it('PUTs the raw bytes under a content-hash name with Basic auth and Content-Type', async () => {
		const spec = uploader.buildRequest(credentials, file);
		expect(spec).toEqual({
			method: 'PUT',
			url: `${ORIGIN}${mediaPath}`,
			headers: { authorization: 'Basic ' + Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'), 'content-type': 'image/jpeg' },
			body: data,
		});
		let received: Buffer | undefined;
		const scope = nock(ORIGIN)
			.put(mediaPath)
			.basicAuth({ user: credentials.username, pass: credentials.password })
			.matchHeader('content-type', 'image/jpeg')
			.reply(function (_uri, body) {
				received = Buffer.from(body as string, 'hex');
				return [204, ''];
			});
		const response = await sendViaFetch(spec);
		expect(scope.isDone()).toBe(true);
		expect(received?.equals(data)).toBe(true);

		const ref = uploader.parseResponse(file, response);
		expect(ref).toEqual({ mediaId: `${file.sha256}.jpg`, contentType: 'image/jpeg', bytes: 2048, fileName: 'promo.jpeg' });
		const send = adapter.buildSendRequest(credentials, batch({ message: message({ media: [ref] }) }), 0);
		expect(JSON.parse(send.body as string).media).toEqual([`${ORIGIN}${mediaPath}`]);
	});

	it('names the same bytes the same way (idempotent re-upload) and takes the extension from the type, else the file name', () => {
		expect(uploader.buildRequest(credentials, { ...file, fileName: 'other.jpg' }).url).toBe(`${ORIGIN}${mediaPath}`);
		expect(uploader.buildRequest(credentials, { ...file, mimeType: 'image/png' }).url).toMatch(new RegExp(`${file.sha256}\\.png$`));
		expect(uploader.buildRequest(credentials, { ...file, mimeType: 'application/x-unknown', fileName: 'card.VCF' }).url).toMatch(new RegExp(`${file.sha256}\\.vcf$`));
		expect(uploader.buildRequest(credentials, { ...file, mimeType: 'application/x-unknown', fileName: 'noext' }).url).toMatch(new RegExp(`media/${file.sha256}$`));
	});

	it.each([
		[401, fixture('send-error-401.json'), /HTTP 401\): unauthorized: Authentication Failed/],
		[400, fixture('send-error-400.json'), /HTTP 400\): request-validation: Your request could not be accepted/],
		[502, fixture('send-bad-gateway.html'), /HTTP 502\): <html>/],
	])('a %s reply throws ProviderResponseError without secrets', (status, body, messagePattern) => {
		let thrown: unknown;
		try {
			uploader.parseResponse(file, { status, headers: {}, body });
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ProviderResponseError);
		expect((thrown as ProviderResponseError).message).toMatch(messagePattern);
		expect((thrown as ProviderResponseError).httpStatus).toBe(status);
		expectNoSecrets((thrown as Error).message, credentials);
	});
});

function callbackRequest(body: string | Buffer, options: { authorization?: string | null; query?: WebhookRequest['query'] } = {}): WebhookRequest {
	const authorization =
		options.authorization === undefined
			? 'Basic ' + Buffer.from(`${credentials.callbackUsername}:${credentials.callbackPassword}`).toString('base64')
			: options.authorization;
	return {
		method: 'POST',
		urls: ['https://n8n.example/webhook/abc/mms'],
		headers: { 'content-type': 'application/json; charset=utf-8', ...(authorization === null ? {} : { authorization }) },
		query: options.query ?? {},
		rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
	};
}

describe('webhook.verify (HTTP Basic with the application callback credentials)', () => {
	const body = fixture('callback-delivered.json');
	const basic = (user: string, pass: string) => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
	const cases: Array<[string, WebhookRequest, Record<string, unknown>, { ok: boolean; status?: number; reason?: RegExp }]> = [
		['the configured credentials', callbackRequest(body), credentials, { ok: true }],
		['a lowercase scheme', callbackRequest(body, { authorization: basic(credentials.callbackUsername, credentials.callbackPassword).replace('Basic', 'basic') }), credentials, { ok: true }],
		['a wrong password of the same length', callbackRequest(body, { authorization: basic(credentials.callbackUsername, 'x'.repeat(credentials.callbackPassword.length)) }), credentials, { ok: false, status: 401, reason: /do not match/ }],
		['a wrong username', callbackRequest(body, { authorization: basic('someone-else', credentials.callbackPassword) }), credentials, { ok: false, status: 401, reason: /do not match/ }],
		['the API credentials instead of the callback ones', callbackRequest(body, { authorization: basic(credentials.username, credentials.password) }), credentials, { ok: false, status: 401, reason: /do not match/ }],
		['no Authorization header', callbackRequest(body, { authorization: null }), credentials, { ok: false, status: 401, reason: /No Authorization header/ }],
		['a Bearer token', callbackRequest(body, { authorization: `Bearer ${credentials.callbackPassword}` }), credentials, { ok: false, status: 401, reason: /not HTTP Basic/ }],
		['no callback credentials in the credential', callbackRequest(body), { ...credentials, callbackUsername: '', callbackPassword: '' }, { ok: false, status: 401, reason: /no callback username\/password/ }],
		['known username, empty password in the credential (regression: an unset password let the user name alone in)', callbackRequest(body, { authorization: basic(credentials.callbackUsername, '') }), { ...credentials, callbackPassword: '' }, { ok: false, status: 401, reason: /no callback username\/password/ }],
		['known username, empty password presented', callbackRequest(body, { authorization: basic(credentials.callbackUsername, '') }), credentials, { ok: false, status: 401, reason: /do not match/ }],
	];

	it.each(cases)('%s', (_name, request, creds, expected) => {
		const result = webhook.verify(creds, request, Date.now());
		expect(result.ok).toBe(expected.ok);
		if (!result.ok) {
			expect(result.status).toBe(expected.status);
			expect(result.reason).toMatch(expected.reason!);
		}
		expectNoSecrets(result, credentials);
	});

	it('cannot detect a tampered body or a replay: Basic auth covers neither (providers.md §4 "Signature")', () => {
		const tampered = body.replace('"ok"', '"tampered"');
		expect(webhook.verify(credentials, callbackRequest(tampered), Date.now())).toEqual({ ok: true });
		expect(webhook.verify(credentials, callbackRequest(body), Date.now() + 7 * 24 * 3600 * 1000)).toEqual({ ok: true });
	});
});

describe('webhook.parse', () => {
	const receivedAt = new Date('2030-01-01T00:00:00.000Z');
	const parse = (name: string, query: WebhookRequest['query'] = {}) => webhook.parse(callbackRequest(fixture(name), { query }), receivedAt);
	const status = (fields: Partial<NormalizedEvent>): Partial<NormalizedEvent> => ({
		provider: 'bandwidth',
		kind: 'status',
		eventId: null,
		text: null,
		...fields,
	});

	const cases: Array<[string, Partial<NormalizedEvent>]> = [
		['callback-sending.json', status({ messageId: '1593110555875xo7watq5px6rbe5d', status: 'queued', providerStatus: 'message-sending', final: false, to: '+15554443333', from: '+15552221111', errorCode: null, errorMessage: null, optedOut: false, occurredAt: '2020-06-25T18:42:36.979Z', dropId: 'drop-1', ref: 'r1', media: [{ url: 'https://dev.bandwidth.com/images/bandwidth-logo.png', contentType: null }] })],
		['callback-sent.json', status({ status: 'sent', providerStatus: 'message-sent', final: false, ref: 'r1' })],
		['callback-delivered.json', status({ messageId: '1585321273456iprz22vjeo4tvooc', status: 'delivered', final: true, to: '+12345678902', from: '+18447242263', occurredAt: '2020-03-27T15:01:22.646Z', dropId: 'drop-1', ref: 'r2', media: [] })],
		['callback-delivered-mms-carrier.json', status({ status: 'sent', providerStatus: 'message-delivered', final: true, ref: 'r3', occurredAt: '2016-09-14T18:20:16.000Z' })],
		['callback-failed-4432.json', status({ status: 'failed', providerStatus: 'message-failed', final: true, to: '+52345678903', errorCode: '4432', errorMessage: 'forbidden to country', optedOut: false, ref: 'r4' })],
		['callback-failed-4775.json', status({ status: 'undelivered', final: true, to: '+15005550009', errorCode: '4775', errorMessage: 'destination-rejected-due-to-user-opt-out', optedOut: true, ref: 'r5' })],
		['callback-failed-9902.json', status({ status: 'undelivered', errorCode: '9902', optedOut: false, ref: 'r6' })],
		['callback-read.json', status({ status: 'read', providerStatus: 'message-read', final: true, occurredAt: '2024-05-02T10:19:42.120Z', ref: 'r7' })],
		['callback-received-mms.json', { provider: 'bandwidth', kind: 'inbound', eventId: null, messageId: '14762070468292kw2fuqty55yp2b2', status: 'received', providerStatus: 'message-received', final: true, to: '+12345678902', from: '+12345678901', errorCode: null, errorMessage: null, optedOut: false, occurredAt: '2016-09-14T18:20:16.000Z', dropId: null, ref: null, text: 'Hey, check this out!', media: [{ url: 'https://messaging.bandwidth.com/api/v2/users/9900000/media/14762070468292kw2fuqty55yp2b2/0/bw.png', contentType: null }, { url: 'https://messaging.bandwidth.com/api/v2/users/9900000/media/14762070468292kw2fuqty55yp2b2/1/clip.mp4', contentType: null }] }],
		['callback-received-stop.json', { kind: 'opt_out', status: 'received', optedOut: true, from: '+12345678902', to: '+12345678901', text: ' Stop ', media: [] }],
	];

	it.each(cases)('%s', (name, expected) => {
		const events = parse(name);
		expect(events).toHaveLength(1);
		expect(events[0]).toEqual(expect.objectContaining(expected));
		expect(events[0].raw).toEqual((fixtureJson(name) as unknown[])[0]);
		expectNoSecrets(events, credentials);
	});

	it('gives one event per array element, in order, each with its own correlation', () => {
		const events = parse('callback-batch.json');
		expect(events.map((event) => [event.messageId, event.status, event.final, event.errorCode, event.dropId, event.ref])).toEqual([
			['1714651200000batchbatch00001', 'delivered', true, null, 'drop-2', 'a1'],
			['1714651200000batchbatch00002', 'undelivered', true, '4720', 'drop-2', 'a2'],
			['1714651200000batchbatch00003', 'queued', false, null, 'drop-2', 'a3'],
		]);
		expect(events.map((event) => event.raw)).toEqual(fixtureJson('callback-batch.json'));
	});

	it('takes dropId/ref from the tag first and from the query string where the tag has none', () => {
		expect(parse('callback-delivered.json', { dropId: 'drop-q', ref: 'q1' })[0]).toMatchObject({ dropId: 'drop-1', ref: 'r2' });
		expect(parse('callback-received-mms.json', { dropId: 'drop-q', ref: ['q1', 'q2'] })[0]).toMatchObject({ dropId: 'drop-q', ref: 'q1' });
		const bareTag = JSON.stringify([{ ...(fixtureJson('callback-delivered.json') as Array<Record<string, unknown>>)[0], message: { id: 'm1', tag: 'drop-only' } }]);
		expect(webhook.parse(callbackRequest(bareTag, { query: { ref: 'q9' } }), receivedAt)[0]).toMatchObject({ dropId: 'drop-only', ref: 'q9' });
	});

	it('uses the receipt time when the callback has no readable time, and a string errorCode as is', () => {
		const events = webhook.parse(
			callbackRequest(JSON.stringify([{ type: 'message-failed', time: 'not a time', errorCode: '4775', message: { id: 'm2' } }])),
			receivedAt,
		);
		expect(events[0]).toMatchObject({ occurredAt: '2030-01-01T00:00:00.000Z', errorCode: '4775', optedOut: true, status: 'undelivered', to: null, from: null });
	});

	it('answers an empty array with no events', () => {
		expect(webhook.parse(callbackRequest('[]'), receivedAt)).toEqual([]);
	});

	it.each([
		['not JSON', '<html>nope</html>', /not valid JSON/],
		['not an array', fixture('callback-not-array.json'), /JSON array/],
		['an unknown type', fixture('callback-unknown-type.json'), /Unknown Bandwidth callback type "message-teleported"/],
		['no message object', fixture('callback-missing-message.json'), /#0: message Required/],
		['a non-numeric errorCode', JSON.stringify([{ type: 'message-failed', errorCode: 'x', message: { id: 'm' } }]), /errorCode/],
	])('rejects %s with WebhookPayloadError', (_name, body, pattern) => {
		expect(() => webhook.parse(callbackRequest(body), receivedAt)).toThrow(WebhookPayloadError);
		expect(() => webhook.parse(callbackRequest(body), receivedAt)).toThrow(pattern);
	});

	it('names the dashboard setting where the trigger URL goes', () => {
		expect(webhook.setupHint).toMatch(/Applications.*Callback URL.*Callback user ID\/password/);
	});
});
