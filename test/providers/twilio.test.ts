import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import nock from 'nock';

import { twilioAdapter } from '../../nodes/providers/twilio';
import type {
	FailureReason,
	MediaRef,
	NormalizedEvent,
	OutboundMessage,
	OutcomeKind,
	SendBatch,
	WebhookRequest,
} from '../../nodes/providers/types';
import { WebhookPayloadError } from '../../nodes/providers/types';
import { twilioSignature } from '../webhook-signing';
import { messageProblems } from '../../nodes/providers/capabilities';
import { expectNoSecrets, sendViaFetch } from './wire';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/twilio', name), 'utf8');
const fixtureJson = (name: string) => JSON.parse(fixture(name)) as Record<string, unknown>;

const accountSid = 'AC' + randomBytes(16).toString('hex');
const authToken = randomBytes(16).toString('hex');
const credentials = { accountSid, authToken, baseUrl: 'https://api.twilio.com' };
const basic = 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64');
const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
const webhook = twilioAdapter.webhook!;
const NOW = Date.parse('2025-03-01T12:00:00Z');

function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
	return { from: '+15017122661', text: 'Spring sale! Reply STOP to opt out', media: [], ...overrides };
}

function batch(overrides: Partial<SendBatch> = {}): SendBatch {
	return {
		dropId: 'drop-42',
		message: message({
			media: [{ url: 'https://cdn.example.com/drops/hero.jpg' }, { url: 'https://cdn.example.com/drops/coupon.png' }],
		}),
		recipients: [{ ref: 'r7', to: '+15558675310' }],
		statusCallbackUrl: 'https://n8n.example.com/webhook/mms-events?dropId=drop-42',
		...overrides,
	};
}

afterEach(() => nock.cleanAll());

describe('twilio capabilities', () => {
	it('declares the documented limits', () => {
		expect(twilioAdapter.capabilities).toEqual({
			recipientsPerRequest: 1,
			mediaPerMessage: 10,
			maxMediaBytes: 5_000_000,
			mediaStore: false,
			defaultRatePerSecond: 1,
			perMessageCallbackUrl: true,
			correlationField: null,
			maxSubjectLength: null,
			maxTextLength: 1600,
		});
		expect(twilioAdapter.upload).toBeUndefined();
		expect(twilioAdapter.credentialType).toBe('dropMmsTwilioApi');
	});
});

describe('twilio send request on the wire', () => {
	const sendCases: Array<{ name: string; batch: SendBatch; base?: string; body: string; origin?: string }> = [
		{
			name: 'one MMS with two media and a per-message StatusCallback carrying dropId and ref',
			batch: batch(),
			body: fixture('send-request-mms.form.txt'),
		},
		{
			name: 'an MG… sender as MessagingServiceSid, media without text, no callback',
			batch: batch({
				message: message({ from: 'MG9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b', text: '', media: [{ url: 'https://cdn.example.com/drops/hero.jpg' }] }),
				statusCallbackUrl: undefined,
			}),
			body: fixture('send-request-service-media-only.form.txt'),
		},
		{
			name: 'a regional baseUrl with a trailing slash',
			batch: batch({ message: message(), statusCallbackUrl: undefined }),
			base: 'https://api.dublin.ie1.twilio.com/',
			origin: 'https://api.dublin.ie1.twilio.com',
			body: 'To=%2B15558675310&From=%2B15017122661&Body=Spring+sale%21+Reply+STOP+to+opt+out',
		},
	];

	it.each(sendCases)('$name', async ({ batch: sent, base, origin = 'https://api.twilio.com', body }) => {
		const scope = nock(origin, {
			reqheaders: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
		})
			.post(messagesPath, body)
			.reply(201, fixture('send-201.json'), { 'content-type': 'application/json' });

		const spec = twilioAdapter.buildSendRequest({ ...credentials, baseUrl: base ?? credentials.baseUrl }, sent, NOW);
		const outcomes = twilioAdapter.parseSendResponse(sent, await sendViaFetch(spec));

		expect(scope.isDone()).toBe(true);
		expect(outcomes).toEqual([{ ref: 'r7', kind: 'accepted', messageId: 'MM5f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e' }]);
		expectNoSecrets(outcomes, credentials);
	});

	it('repeats MediaUrl once per file, in order, for the maximum of ten', () => {
		const media: MediaRef[] = Array.from({ length: 10 }, (_, index) => ({ url: `https://cdn.example.com/m/${index}.jpg` }));
		const spec = twilioAdapter.buildSendRequest(credentials, batch({ message: message({ media }) }), NOW);
		const form = new URLSearchParams(spec.body as string);
		expect(form.getAll('MediaUrl')).toEqual(media.map((item) => item.url));
		expect(form.get('StatusCallback')).toBe('https://n8n.example.com/webhook/mms-events?dropId=drop-42&ref=r7');
	});

	it('keeps an alphanumeric sender that merely starts with MG in From', () => {
		const spec = twilioAdapter.buildSendRequest(credentials, batch({ message: message({ from: 'MGMResorts' }) }), NOW);
		const form = new URLSearchParams(spec.body as string);
		expect(form.get('From')).toBe('MGMResorts');
		expect(form.has('MessagingServiceSid')).toBe(false);
	});

	it('refuses a batch of several recipients: the Messages resource takes one To', () => {
		const two = batch({ recipients: [{ ref: 'a', to: '+15558675310' }, { ref: 'b', to: '+15558675311' }] });
		expect(() => twilioAdapter.buildSendRequest(credentials, two, NOW)).toThrow(/takes 1 to 1 recipients per send request; this batch has 2/);
	});

	it('refuses media without a public URL instead of sending an empty MediaUrl', () => {
		const stored = batch({ message: message({ media: [{ mediaId: 'ME123' }] }) });
		expect(() => twilioAdapter.buildSendRequest(credentials, stored, NOW)).toThrow(/public http\(s\) URL/);
	});
});

describe('twilio send response classification', () => {
	interface ResponseCase {
		name: string;
		status: number;
		file: string;
		headers?: Record<string, string>;
		kind: OutcomeKind;
		reason: FailureReason;
		/** Error code in the outcome; the fixture's `code` when omitted. */
		code?: string;
	}
	const cases: ResponseCase[] = [
		{ name: '21610 opted out', status: 400, file: 'send-error-21610.json', kind: 'permanent', reason: 'opted_out' },
		{ name: '21211 invalid To', status: 400, file: 'send-error-21211.json', kind: 'permanent', reason: 'invalid_number' },
		{ name: '21614 not a mobile number', status: 400, file: 'send-error-21614.json', kind: 'permanent', reason: 'invalid_number' },
		{ name: '21612 unreachable', status: 400, file: 'send-error-21612.json', kind: 'permanent', reason: 'unsupported_destination' },
		{ name: '21408 region not enabled', status: 400, file: 'send-error-21408.json', kind: 'permanent', reason: 'unsupported_destination' },
		{ name: '21606 From not capable', status: 400, file: 'send-error-21606.json', kind: 'permanent', reason: 'provider_rejected' },
		{ name: '21620 invalid media URL', status: 400, file: 'send-error-21620.json', kind: 'permanent', reason: 'media_rejected' },
		{ name: '21623 too many media', status: 400, file: 'send-error-21623.json', kind: 'permanent', reason: 'media_rejected' },
		{ name: '11751 media too large', status: 400, file: 'send-error-11751.json', kind: 'permanent', reason: 'media_rejected' },
		{ name: '21611 sender queue full', status: 400, file: 'send-error-21611.json', kind: 'retryable', reason: 'rate_limited' },
		{ name: '429 / 20429', status: 429, file: 'send-error-20429.json', headers: { 'retry-after': '3' }, kind: 'retryable', reason: 'rate_limited' },
		{ name: '503 / 20503', status: 503, file: 'send-error-20503.json', kind: 'retryable', reason: 'server_error' },
		{ name: '401 / 20003', status: 401, file: 'send-error-20003.json', kind: 'fatal', reason: 'auth_failed' },
		{ name: '403 / 20008', status: 403, file: 'send-error-20008.json', kind: 'fatal', reason: 'auth_failed' },
		{ name: '500 / 20500', status: 500, file: 'send-error-20500.json', kind: 'ambiguous', reason: 'server_error' },
		{ name: 'undocumented 400 code', status: 400, file: 'send-error-21999.json', kind: 'permanent', reason: 'provider_rejected' },
		{ name: 'non-JSON 2xx', status: 201, file: 'proxy-error.html', kind: 'ambiguous', reason: 'invalid_response', code: 'invalid_response' },
		{ name: '2xx JSON without sid', status: 201, file: 'send-201-no-sid.json', kind: 'ambiguous', reason: 'invalid_response', code: 'invalid_response' },
		{ name: 'non-JSON 4xx', status: 400, file: 'proxy-error.html', kind: 'permanent', reason: 'provider_rejected', code: 'invalid_response' },
		{ name: 'non-JSON 502', status: 502, file: 'proxy-error.html', kind: 'ambiguous', reason: 'server_error', code: 'invalid_response' },
		{ name: 'non-JSON 429', status: 429, file: 'proxy-error.html', kind: 'retryable', reason: 'rate_limited', code: 'invalid_response' },
	];

	it.each(cases)('$name ⇒ $kind / $reason', async ({ status, file, headers, kind, reason, code }) => {
		const raw = fixture(file);
		nock('https://api.twilio.com', { reqheaders: { authorization: basic } })
			.post(messagesPath)
			.reply(status, raw, { 'content-type': file.endsWith('.json') ? 'application/json' : 'text/html', ...headers });
		const sent = batch();
		const outcomes = twilioAdapter.parseSendResponse(sent, await sendViaFetch(twilioAdapter.buildSendRequest(credentials, sent, NOW)));

		const expectedError =
			code === undefined
				? { code: String(fixtureJson(file).code), message: fixtureJson(file).message, httpStatus: status }
				: { code, message: expect.stringContaining(`HTTP ${status}`), httpStatus: status };
		// Exactly this: no messageId on failures and no invented wait hint (Twilio documents none;
		// the engine reads the standard Retry-After itself).
		expect(outcomes).toEqual([{ ref: 'r7', kind, reason, error: expectedError }]);
		expectNoSecrets(outcomes, credentials);
	});
});

describe('twilio validateMessage', () => {
	const cases: Array<{ name: string; message: OutboundMessage; problem: RegExp | null }> = [
		{ name: 'a valid MMS', message: message({ media: [{ url: 'https://cdn.example.com/a.jpg', bytes: 4_000_000 }] }), problem: null },
		{ name: 'ten media of 500 kB', message: message({ media: Array.from({ length: 10 }, () => ({ url: 'https://cdn.example.com/a.jpg', bytes: 500_000 })) }), problem: null },
		{ name: 'eleven media', message: message({ media: Array.from({ length: 11 }, () => ({ url: 'https://cdn.example.com/a.jpg' })) }), problem: /at most 10 media/ },
		{
			name: 'media over 5 MB in total',
			message: message({ media: [{ url: 'https://cdn.example.com/a.jpg', bytes: 3_000_000 }, { url: 'https://cdn.example.com/b.jpg', bytes: 2_000_001 }] }),
			problem: /at most 5000000 bytes/,
		},
		{ name: 'text over 1600 characters', message: message({ text: 'x'.repeat(1601) }), problem: /at most 1600 characters/ },
		{ name: 'a subject', message: message({ subject: 'Sale' }), problem: /no MMS subject/ },
		{ name: 'media without a URL', message: message({ media: [{ mediaId: 'ME1', bytes: 10 }] }), problem: /public http\(s\) URLs only/ },
		{ name: 'a non-http media URL', message: message({ media: [{ url: 'ftp://files.example.com/a.jpg' }] }), problem: /public http\(s\) URLs only/ },
		{ name: 'neither text nor media', message: message({ text: '' }), problem: /needs text or media/ },
		{ name: 'no sender', message: message({ from: ' ' }), problem: /needs a sender/ },
	];

	it.each(cases)('$name', ({ message: checked, problem }) => {
		const problems = messageProblems(twilioAdapter, checked, credentials);
		expect(problems).toEqual(problem ? [expect.stringMatching(problem)] : []);
	});

	it('accepts exactly 1600 characters', () => {
		expect(messageProblems(twilioAdapter, message({ text: 'x'.repeat(1600) }), credentials)).toEqual([]);
	});
});


function webhookRequest(options: {
	url: string;
	body?: string;
	headers?: Record<string, string>;
	urls?: string[];
	method?: string;
	contentType?: string;
}): WebhookRequest {
	const { url, body = '', headers = {}, method = 'POST', contentType = 'application/x-www-form-urlencoded' } = options;
	const query: WebhookRequest['query'] = {};
	for (const [key, value] of new URL(url).searchParams) query[key] = value;
	return {
		method,
		urls: options.urls ?? [url],
		headers: method === 'GET' ? headers : { 'content-type': contentType, ...headers },
		query,
		rawBody: Buffer.from(body),
	};
}

describe('twilio webhook verify', () => {
	const url = 'https://n8n.example.com/webhook/mms-events?dropId=drop-42&ref=r7';
	const body = fixture('status-delivered.form.txt');
	const signed = (signature: string) => ({ 'x-twilio-signature': signature });

	const cases: Array<{ name: string; request: WebhookRequest; ok: boolean; reason?: RegExp }> = [
		{ name: 'valid signature', request: webhookRequest({ url, body, headers: signed(twilioSignature(authToken, url, body)) }), ok: true },
		{
			name: 'signed with :443 while n8n knows the URL without port',
			request: webhookRequest({ url, body, headers: signed(twilioSignature(authToken, url.replace('.com/', '.com:443/'), body)) }),
			ok: true,
		},
		{
			name: 'signed without port while n8n knows the URL with :443',
			request: webhookRequest({
				url,
				urls: ['https://n8n.example.com:443/webhook/mms-events?dropId=drop-42&ref=r7'],
				body,
				headers: signed(twilioSignature(authToken, url, body)),
			}),
			ok: true,
		},
		{
			name: 'signed for the test URL, the second candidate',
			request: webhookRequest({
				url,
				urls: [url, url.replace('/webhook/', '/webhook-test/')],
				body,
				headers: signed(twilioSignature(authToken, url.replace('/webhook/', '/webhook-test/'), body)),
			}),
			ok: true,
		},
		{
			name: 'repeated parameters: distinct values sorted',
			request: webhookRequest({
				url,
				body: 'MessageSid=MM1&Tag=b&Tag=a&Tag=b',
				headers: signed(twilioSignature(authToken, url, 'MessageSid=MM1&Tag=b&Tag=a&Tag=b')),
			}),
			ok: true,
		},
		{
			name: 'GET callback: parameters in the signed URL',
			request: webhookRequest({
				url: `${url}&MessageSid=MM1&MessageStatus=sent`,
				method: 'GET',
				headers: signed(twilioSignature(authToken, `${url}&MessageSid=MM1&MessageStatus=sent`)),
			}),
			ok: true,
		},
		{
			name: 'wrong signature (another token)',
			request: webhookRequest({ url, body, headers: signed(twilioSignature(randomBytes(16).toString('hex'), url, body)) }),
			ok: false,
			reason: /does not match/,
		},
		{
			name: 'tampered body',
			request: webhookRequest({
				url,
				body: body.replace('MessageStatus=delivered', 'MessageStatus=failed'),
				headers: signed(twilioSignature(authToken, url, body)),
			}),
			ok: false,
			reason: /does not match/,
		},
		{
			name: 'tampered ref in the URL',
			request: webhookRequest({ url: url.replace('ref=r7', 'ref=r8'), body, headers: signed(twilioSignature(authToken, url, body)) }),
			ok: false,
			reason: /does not match/,
		},
		{ name: 'garbage signature of another length', request: webhookRequest({ url, body, headers: signed('abc') }), ok: false, reason: /does not match/ },
		{ name: 'missing header', request: webhookRequest({ url, body }), ok: false, reason: /Missing X-Twilio-Signature/ },
	];

	it.each(cases)('$name', ({ request, ok, reason }) => {
		const result = webhook.verify(credentials, request, NOW);
		expect(result).toEqual(ok ? { ok: true } : { ok: false, status: 401, reason: expect.stringMatching(reason!) });
		expectNoSecrets(result, credentials);
	});

	it("matches Twilio's published known-answer vector", () => {
		const knownUrl = 'https://mycompany.com/myapp.php?foo=1&bar=2';
		const knownBody = 'CallSid=CA1234567890ABCDE&Caller=%2B14158675310&Digits=1234&From=%2B14158675310&To=%2B18005551212';
		const request = webhookRequest({ url: knownUrl, body: knownBody, headers: { 'x-twilio-signature': 'GvWf1cFY/Q7PnoempGyD5oXAezc=' } });
		expect(webhook.verify({ ...credentials, authToken: '12345' }, request, NOW)).toEqual({ ok: true });
		expect(webhook.verify(credentials, request, NOW)).toMatchObject({ ok: false, status: 401 });
	});

	it('has no timestamp: a correctly signed request verifies whenever it arrives', () => {
		const request = webhookRequest({ url, body, headers: signed(twilioSignature(authToken, url, body)) });
		expect(webhook.verify(credentials, request, NOW + 365 * 24 * 3600 * 1000)).toEqual({ ok: true });
	});

	it('refuses to verify without an Auth Token', () => {
		const request = webhookRequest({ url, body, headers: signed(twilioSignature('', url, body)) });
		expect(webhook.verify({ ...credentials, authToken: '' }, request, NOW)).toEqual({
			ok: false,
			status: 401,
			reason: expect.stringMatching(/no Auth Token/),
		});
	});

	describe('JSON bodies (bodySHA256)', () => {
		const events = fixture('event-streams-batch.json');
		const hash = createHash('sha256').update(events).digest('hex');
		const jsonUrl = `https://n8n.example.com/webhook/mms-events?dropId=drop-42&bodySHA256=${hash}`;
		const jsonRequest = (rawBody: string, signature: string) =>
			webhookRequest({ url: jsonUrl, body: rawBody, contentType: 'application/json', headers: { 'x-twilio-signature': signature } });

		it('accepts a signed URL whose bodySHA256 matches the body', () => {
			expect(webhook.verify(credentials, jsonRequest(events, twilioSignature(authToken, jsonUrl)), NOW)).toEqual({ ok: true });
		});

		it('rejects a body changed after signing', () => {
			const tampered = events.replace('"DELIVERED"', '"UNDELIVERED"');
			expect(webhook.verify(credentials, jsonRequest(tampered, twilioSignature(authToken, jsonUrl)), NOW)).toEqual({
				ok: false,
				status: 401,
				reason: expect.stringMatching(/bodySHA256/),
			});
		});

		it('rejects a bodySHA256 swapped in the URL for the tampered body', () => {
			const tampered = events.replace('"DELIVERED"', '"UNDELIVERED"');
			const swappedUrl = jsonUrl.replace(hash, createHash('sha256').update(tampered).digest('hex'));
			const request = webhookRequest({
				url: swappedUrl,
				body: tampered,
				contentType: 'application/json',
				headers: { 'x-twilio-signature': twilioSignature(authToken, jsonUrl) },
			});
			expect(webhook.verify(credentials, request, NOW)).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/does not match/) });
		});

		it("accepts Twilio's published body/bodySHA256 pair", () => {
			const knownUrl = 'https://example.com/myapp?bodySHA256=5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9';
			const knownBody = '{"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"}';
			const request = webhookRequest({
				url: knownUrl,
				body: knownBody,
				contentType: 'application/json',
				headers: { 'x-twilio-signature': twilioSignature(authToken, knownUrl) },
			});
			expect(webhook.verify(credentials, request, NOW)).toEqual({ ok: true });
		});
	});
});

describe('twilio webhook parse', () => {
	const receivedAt = new Date('2025-03-01T12:00:00.000Z');
	const callbackUrl = 'https://n8n.example.com/webhook/mms-events?dropId=drop-42&ref=r7';
	const formRequest = (body: string, url = callbackUrl, headers: Record<string, string> = {}) => webhookRequest({ url, body, headers });
	const parseOne = (request: WebhookRequest): NormalizedEvent => {
		const events = webhook.parse(request, receivedAt);
		expect(events).toHaveLength(1);
		expectNoSecrets(events, credentials);
		return events[0];
	};

	it('maps a delivered status callback to one normalized event', () => {
		const body = fixture('status-delivered.form.txt');
		expect(parseOne(formRequest(body, callbackUrl, { 'i-twilio-idempotency-token': 'c2d1a7f0-token' }))).toEqual({
			provider: 'twilio',
			kind: 'status',
			eventId: 'c2d1a7f0-token',
			messageId: 'MM5f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e',
			status: 'delivered',
			providerStatus: 'delivered',
			final: true,
			to: '+15558675310',
			from: '+15017122661',
			errorCode: null,
			errorMessage: null,
			optedOut: false,
			occurredAt: '2025-03-01T12:00:00.000Z',
			dropId: 'drop-42',
			ref: 'r7',
			text: null,
			media: [],
			raw: Object.fromEntries(new URLSearchParams(body)),
		});
	});

	const statuses: Array<[string, NormalizedEvent['status'], boolean]> = [
		['accepted', 'queued', false],
		['scheduled', 'queued', false],
		['queued', 'queued', false],
		['sending', 'queued', false],
		['sent', 'sent', false],
		['delivered', 'delivered', true],
		['partially_delivered', 'delivered', true],
		['undelivered', 'undelivered', true],
		['failed', 'failed', true],
		['canceled', 'failed', true],
		['read', 'read', true],
	];
	it.each(statuses)('MessageStatus %s ⇒ %s (final %s)', (providerStatus, status, final) => {
		const event = parseOne(formRequest(`MessageSid=MM1&MessageStatus=${providerStatus}&To=%2B15558675310&From=%2B15017122661`));
		expect(event).toMatchObject({ kind: 'status', status, final, providerStatus });
	});

	it('falls back to the legacy SmsSid/SmsStatus names', () => {
		expect(parseOne(formRequest('SmsSid=SM9&SmsStatus=sent'))).toMatchObject({ messageId: 'SM9', status: 'sent', providerStatus: 'sent' });
	});

	it('carries the error code and its meaning on an undelivered report', () => {
		expect(parseOne(formRequest(fixture('status-undelivered-30007.form.txt')))).toMatchObject({
			status: 'undelivered',
			final: true,
			errorCode: '30007',
			errorMessage: 'Message filtered by the carrier',
			optedOut: false,
		});
	});

	it("prefers Twilio's own ErrorMessage when it sends one", () => {
		const event = parseOne(formRequest('MessageSid=MM1&MessageStatus=failed&ErrorCode=30008&ErrorMessage=Unknown+error+from+carrier'));
		expect(event).toMatchObject({ errorCode: '30008', errorMessage: 'Unknown error from carrier' });
	});

	it('flags 21610 in a status callback as opted out', () => {
		expect(parseOne(formRequest(fixture('status-failed-21610.form.txt')))).toMatchObject({
			kind: 'status',
			status: 'failed',
			errorCode: '21610',
			optedOut: true,
		});
	});

	it('maps an inbound MMS with its media', () => {
		const body = fixture('inbound-mms.form.txt');
		const event = parseOne(formRequest(body, 'https://n8n.example.com/webhook/mms-events'));
		const media = `https://api.twilio.com/2010-04-01/Accounts/AC3c1e5f7a9b2d4f6e8a0c2e4f6a8b0d2e/Messages/MM0a1b2c3d4e5f60718293a4b5c6d7e8f9/Media/`;
		expect(event).toEqual({
			provider: 'twilio',
			kind: 'inbound',
			eventId: null,
			messageId: 'MM0a1b2c3d4e5f60718293a4b5c6d7e8f9',
			status: 'received',
			providerStatus: 'received',
			final: true,
			to: '+15017122661',
			from: '+15558675310',
			errorCode: null,
			errorMessage: null,
			optedOut: false,
			occurredAt: receivedAt.toISOString(),
			dropId: null,
			ref: null,
			text: 'Love it! Here are mine',
			media: [
				{ url: `${media}ME11aa22bb33cc44dd55ee66ff77889900`, contentType: 'image/jpeg' },
				{ url: `${media}ME99887766554433221100ffeeddccbbaa`, contentType: 'video/mp4' },
			],
			raw: Object.fromEntries(new URLSearchParams(body)),
		});
	});

	it('turns an inbound STOP into an opt_out event', () => {
		expect(parseOne(formRequest(fixture('inbound-stop.form.txt'), 'https://n8n.example.com/webhook/mms-events'))).toMatchObject({
			kind: 'opt_out',
			status: 'received',
			text: 'Stop',
			optedOut: true,
			from: '+15558675310',
		});
	});

	it("follows Advanced Opt-Out's OptOutType for custom keywords", () => {
		expect(parseOne(formRequest(fixture('inbound-advanced-opt-out.form.txt')))).toMatchObject({ kind: 'opt_out', text: 'ARRET', optedOut: true });
	});

	it('turns an inbound START into an opt_in event', () => {
		expect(parseOne(formRequest('MessageSid=SM1&SmsStatus=received&Body=start&NumMedia=0&From=%2B15558675310'))).toMatchObject({
			kind: 'opt_in',
			optedOut: false,
		});
	});

	it('reads a GET webhook from the query string', () => {
		const request = webhookRequest({
			url: 'https://n8n.example.com/webhook/mms-events?MessageSid=SM2&Body=hello&NumMedia=0&From=%2B15558675310',
			method: 'GET',
		});
		expect(parseOne(request)).toMatchObject({ kind: 'inbound', messageId: 'SM2', text: 'hello' });
	});

	it('maps an Event Streams batch to one event per messaging CloudEvent', () => {
		const raw = fixture('event-streams-batch.json');
		const request = webhookRequest({
			url: `https://n8n.example.com/webhook/mms-events?bodySHA256=${createHash('sha256').update(raw).digest('hex')}`,
			body: raw,
			contentType: 'application/json',
		});
		const events = webhook.parse(request, receivedAt);
		const cloudEvents = JSON.parse(raw) as unknown[];
		expect(events).toEqual([
			expect.objectContaining({
				kind: 'status',
				eventId: 'EZ0b3b5c0a4c1e4b8f9d2a7e6c5b4a3921',
				messageId: 'MM5f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e',
				status: 'delivered',
				providerStatus: 'DELIVERED',
				final: true,
				optedOut: false,
				errorCode: null,
				occurredAt: '2025-01-01T00:00:04.120Z',
				dropId: 'drop-42',
				ref: 'r7',
				raw: cloudEvents[0],
			}),
			expect.objectContaining({
				eventId: 'EZ7f1e2d3c4b5a69788796a5b4c3d2e1f0',
				status: 'failed',
				final: true,
				errorCode: '21610',
				errorMessage: 'Recipient unsubscribed (replied STOP)',
				optedOut: true,
				to: '+15550001111',
				ref: 'r8',
				raw: cloudEvents[2],
			}),
		]);
		expectNoSecrets(events, credentials);
	});

	const malformed: Array<{ name: string; request: WebhookRequest; message: RegExp }> = [
		{ name: 'form without MessageSid', request: formRequest('MessageStatus=delivered&To=%2B1555'), message: /MessageSid is missing/ },
		{ name: 'unknown status word', request: formRequest('MessageSid=MM1&MessageStatus=exploded'), message: /Unknown Twilio message status "exploded"/ },
		{ name: 'neither status nor body', request: formRequest('MessageSid=MM1&AccountSid=AC1'), message: /neither MessageStatus nor Body/ },
		{ name: 'NumMedia without its MediaUrl', request: formRequest('MessageSid=MM1&Body=hi&NumMedia=2&MediaUrl0=https%3A%2F%2Fx.test%2F0'), message: /MediaUrl1 is missing/ },
		{ name: 'NumMedia not a number', request: formRequest('MessageSid=MM1&Body=hi&NumMedia=two'), message: /NumMedia/ },
		{
			name: 'JSON that is not JSON',
			request: webhookRequest({ url: callbackUrl, body: '{"broken', contentType: 'application/json' }),
			message: /not valid JSON/,
		},
		{
			name: 'JSON object instead of a CloudEvent array',
			request: webhookRequest({ url: callbackUrl, body: '{"MessageSid":"MM1"}', contentType: 'application/json' }),
			message: /JSON array of CloudEvents/,
		},
		{
			name: 'empty CloudEvent array',
			request: webhookRequest({ url: callbackUrl, body: '[]', contentType: 'application/json' }),
			message: /JSON array of CloudEvents/,
		},
		{
			name: 'messaging CloudEvent without messageSid',
			request: webhookRequest({
				url: callbackUrl,
				body: JSON.stringify([{ specversion: '1.0', type: 'com.twilio.messaging.message.sent', id: 'EZ1', data: { messageStatus: 'SENT' } }]),
				contentType: 'application/json',
			}),
			message: /Event EZ1: messageSid/,
		},
	];

	it.each(malformed)('$name ⇒ WebhookPayloadError', ({ request, message: expected }) => {
		let thrown: unknown;
		try {
			webhook.parse(request, receivedAt);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(WebhookPayloadError);
		expect((thrown as Error).message).toMatch(expected);
	});

	it('answers with an empty TwiML Response', () => {
		expect(webhook.ack!(formRequest(''), [])).toEqual({
			status: 200,
			contentType: 'text/xml',
			body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
		});
	});

	it('names the console settings for the trigger URL', () => {
		expect(webhook.setupHint).toMatch(/A message comes in/);
		expect(webhook.setupHint).toMatch(/Status Callback URL/);
	});
});
