import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import nock from 'nock';

import { sinchAdapter } from '../../nodes/providers/sinch';
import type {
	FailureReason,
	NormalizedEvent,
	OutboundMessage,
	OutcomeKind,
	SendBatch,
	WebhookRequest,
} from '../../nodes/providers/types';
import { WebhookPayloadError } from '../../nodes/providers/types';
import { messageProblems } from '../../nodes/providers/capabilities';
import { expectNoSecrets, sendViaFetch } from './wire';

const FIXTURES = path.join(__dirname, '../fixtures/sinch');
const fixtureText = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const fixture = (name: string) => JSON.parse(fixtureText(name));

const US = 'https://us.sms.api.sinch.com';
const SERVICE_PLAN_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const BATCH_ID = '01J8Z5K3M9Q2W7E4R6T8Y0U1IP';
const credentials = {
	servicePlanId: SERVICE_PLAN_ID,
	apiToken: `tok_${randomBytes(16).toString('hex')}`,
	region: 'us',
	baseUrl: '',
	callbackUsername: `cb_${randomBytes(6).toString('hex')}`,
	callbackPassword: randomBytes(18).toString('base64url'),
};

const webhook = sinchAdapter.webhook!;

function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
	return {
		from: '+15559870000',
		text: 'Spring sale! Reply STOP to opt out',
		subject: 'Spring sale',
		media: [{ url: 'https://cdn.example.com/spring.jpg' }],
		...overrides,
	};
}

function batch(recipients: string[] = ['+15551230001', '+15551230002', '+15551230003'], overrides: Partial<SendBatch> = {}): SendBatch {
	return {
		dropId: 'drop-2026-spring',
		message: message(),
		recipients: recipients.map((to, index) => ({ ref: `r${index + 1}`, to })),
		statusCallbackUrl: 'https://n8n.example.com/webhook/mms?dropId=drop-2026-spring',
		...overrides,
	};
}

const BATCHES_PATH = `/xms/v1/${SERVICE_PLAN_ID}/batches`;

afterEach(() => nock.cleanAll());

describe('sinch capabilities', () => {
	it('declares the documented limits and the batch-level correlation field', () => {
		expect(sinchAdapter.capabilities).toEqual({
			recipientsPerRequest: 1000,
			mediaPerMessage: 1,
			maxMediaBytes: 1_000_000,
			mediaStore: false,
			defaultRatePerSecond: 1000,
			perMessageCallbackUrl: false,
			correlationField: 'client_reference',
			mediaRequired: true,
		});
		expect(sinchAdapter.credentialType).toBe('dropMmsSinchApi');
		expect(sinchAdapter.upload).toBeUndefined();
	});
});

describe('sinch send request', () => {
	const requestCases: Array<{
		name: string;
		credentials: Record<string, unknown>;
		origin: string;
		sent: SendBatch;
		expectedBody: unknown;
	}> = [
		{
			name: 'a three-recipient batch with from, subject, callback_url and client_reference',
			credentials,
			origin: US,
			sent: batch(),
			expectedBody: fixture('send-request-batch.json'),
		},
		{
			name: 'one recipient without from, text, subject or callback (optional fields left out)',
			credentials,
			origin: US,
			sent: batch(['+15551230001'], { message: message({ from: '', text: '', subject: undefined }), statusCallbackUrl: undefined }),
			expectedBody: fixture('send-request-minimal.json'),
		},
		{
			name: 'the region picks the host',
			credentials: { ...credentials, region: 'eu' },
			origin: 'https://eu.sms.api.sinch.com',
			sent: batch(),
			expectedBody: fixture('send-request-batch.json'),
		},
		{
			name: 'a baseUrl replaces the regional host, trailing slash dropped',
			credentials: { ...credentials, region: 'au', baseUrl: ' http://sinch-proxy.internal:8080/ ' },
			origin: 'http://sinch-proxy.internal:8080',
			sent: batch(),
			expectedBody: fixture('send-request-batch.json'),
		},
	];

	it.each(requestCases)('puts the documented request on the wire: $name', async ({ credentials: creds, origin, sent, expectedBody }) => {
		const scope = nock(origin, {
			reqheaders: {
				authorization: `Bearer ${credentials.apiToken}`,
				'content-type': 'application/json',
				accept: 'application/json',
			},
		})
			.post(BATCHES_PATH, (body) => {
				expect(body).toEqual(expectedBody);
				return true;
			})
			.reply(201, fixtureText('send-201.json'), { 'content-type': 'application/json' });

		const spec = sinchAdapter.buildSendRequest(creds, sent, 1_772_446_500_000);
		expect(spec.method).toBe('POST');
		expect(spec.url).toBe(`${origin}${BATCHES_PATH}`);
		const outcomes = sinchAdapter.parseSendResponse(sent, await sendViaFetch(spec));

		expect(scope.isDone()).toBe(true);
		expect(outcomes).toEqual(
			sent.recipients.map((recipient) => ({ ref: recipient.ref, kind: 'accepted', messageId: BATCH_ID, batchId: BATCH_ID })),
		);
		expectNoSecrets(outcomes, credentials);
	});

	it('sends a full batch of 1000 recipients in one request, one outcome each in order', async () => {
		const numbers = Array.from({ length: 1000 }, (_, index) => `+1555${String(index).padStart(7, '0')}`);
		const sent = batch(numbers);
		const scope = nock(US)
			.post(BATCHES_PATH, (body) => body.to.length === 1000 && body.to[999] === '+15550000999')
			.reply(201, { ...fixture('send-201.json'), to: numbers });
		const outcomes = sinchAdapter.parseSendResponse(sent, await sendViaFetch(sinchAdapter.buildSendRequest(credentials, sent, 0)));
		expect(scope.isDone()).toBe(true);
		expect(outcomes.map((outcome) => outcome.ref)).toEqual(sent.recipients.map((recipient) => recipient.ref));
		expect(new Set(outcomes.map((outcome) => outcome.kind))).toEqual(new Set(['accepted']));
	});

	it('encodes the service plan id into the path', () => {
		const spec = sinchAdapter.buildSendRequest({ ...credentials, servicePlanId: 'plan/with space' }, batch(), 0);
		expect(spec.url).toBe(`${US}/xms/v1/plan%2Fwith%20space/batches`);
	});
});

describe('sinch send response classification', () => {
	interface Expected {
		ref: string;
		kind: OutcomeKind;
		reason?: FailureReason;
		code?: string;
	}
	const all = (kind: OutcomeKind, reason: FailureReason, code: string): Expected[] =>
		['r1', 'r2', 'r3'].map((ref) => ({ ref, kind, reason, code }));

	const cases: Array<{
		name: string;
		status: number;
		body: string;
		headers?: Record<string, string>;
		recipients?: string[];
		expected: Expected[];
	}> = [
		{
			name: '400 syntax_invalid_json ⇒ permanent',
			status: 400,
			body: fixtureText('error-400-syntax-invalid-json.json'),
			expected: all('permanent', 'provider_rejected', 'syntax_invalid_json'),
		},
		{
			name: '400 syntax_constraint_violation ⇒ permanent',
			status: 400,
			body: fixtureText('error-400-syntax-constraint-violation.json'),
			expected: all('permanent', 'provider_rejected', 'syntax_constraint_violation'),
		},
		{
			name: '400 syntax_invalid_parameter_format naming a recipient ⇒ that one invalid_number, the rest not sent (retryable)',
			status: 400,
			body: fixtureText('error-400-invalid-parameter-recipient.json'),
			recipients: ['+15551230001', '+15005550001', '+15551230003'],
			expected: [
				{ ref: 'r1', kind: 'retryable', reason: 'provider_rejected', code: 'syntax_invalid_parameter_format' },
				{ ref: 'r2', kind: 'permanent', reason: 'invalid_number', code: 'syntax_invalid_parameter_format' },
				{ ref: 'r3', kind: 'retryable', reason: 'provider_rejected', code: 'syntax_invalid_parameter_format' },
			],
		},
		{
			name: '400 syntax_invalid_parameter_format naming no recipient (a bad from) ⇒ all permanent',
			status: 400,
			body: fixtureText('error-400-invalid-parameter-from.json'),
			expected: all('permanent', 'provider_rejected', 'syntax_invalid_parameter_format'),
		},
		{
			name: '403 illegal_number_type naming a recipient without "+" ⇒ that one unsupported_destination',
			status: 403,
			body: fixtureText('error-403-illegal-number-type.json'),
			recipients: ['+15005550006', '+15551230002', '+15551230003'],
			expected: [
				{ ref: 'r1', kind: 'permanent', reason: 'unsupported_destination', code: 'illegal_number_type' },
				{ ref: 'r2', kind: 'retryable', reason: 'provider_rejected', code: 'illegal_number_type' },
				{ ref: 'r3', kind: 'retryable', reason: 'provider_rejected', code: 'illegal_number_type' },
			],
		},
		{
			name: '403 illegal_number_type naming no recipient ⇒ all permanent unsupported_destination',
			status: 403,
			body: fixtureText('error-403-illegal-number-type-unnamed.json'),
			expected: all('permanent', 'unsupported_destination', 'illegal_number_type'),
		},
		{
			name: '403 blocked_account ⇒ fatal',
			status: 403,
			body: fixtureText('error-403-blocked-account.json'),
			expected: all('fatal', 'auth_failed', 'blocked_account'),
		},
		{
			name: '403 unauthorized ⇒ fatal',
			status: 403,
			body: fixtureText('error-403-unauthorized.json'),
			expected: all('fatal', 'auth_failed', 'unauthorized'),
		},
		{
			name: '403 missing_callback_url ⇒ fatal (every batch would be refused alike)',
			status: 403,
			body: fixtureText('error-403-missing-callback-url.json'),
			expected: all('fatal', 'provider_rejected', 'missing_callback_url'),
		},
		{
			name: '403 unknown_campaign ⇒ permanent',
			status: 403,
			body: fixtureText('error-403-unknown-campaign.json'),
			expected: all('permanent', 'provider_rejected', 'unknown_campaign'),
		},
		{
			name: '403 with a code we do not list ⇒ permanent, not fatal',
			status: 403,
			body: fixtureText('error-403-unlisted-code.json'),
			expected: all('permanent', 'provider_rejected', 'mms_not_enabled'),
		},
		{
			name: '401 ⇒ fatal',
			status: 401,
			body: fixtureText('error-401.json'),
			expected: all('fatal', 'auth_failed', 'unauthorized'),
		},
		{
			name: '401 with an empty body ⇒ fatal',
			status: 401,
			body: '',
			expected: all('fatal', 'auth_failed', 'invalid_response'),
		},
		{
			name: '429 ⇒ retryable (Retry-After is left to the engine)',
			status: 429,
			body: fixtureText('error-429.json'),
			headers: { 'retry-after': '2' },
			expected: all('retryable', 'rate_limited', 'too_many_requests'),
		},
		{
			name: '503 ⇒ retryable',
			status: 503,
			body: fixtureText('error-503.json'),
			expected: all('retryable', 'server_error', 'service_unavailable'),
		},
		{
			name: '500 ⇒ ambiguous (the batch may exist)',
			status: 500,
			body: fixtureText('error-500.json'),
			expected: all('ambiguous', 'server_error', 'internal_error'),
		},
		{
			name: '502 HTML from a proxy ⇒ ambiguous',
			status: 502,
			body: fixtureText('proxy-error.html'),
			headers: { 'content-type': 'text/html' },
			expected: all('ambiguous', 'server_error', 'invalid_response'),
		},
		{
			name: '201 with a non-JSON body ⇒ ambiguous',
			status: 201,
			body: fixtureText('proxy-error.html'),
			headers: { 'content-type': 'text/html' },
			expected: all('ambiguous', 'invalid_response', 'invalid_response'),
		},
		{
			name: '201 JSON without a batch id ⇒ ambiguous',
			status: 201,
			body: fixtureText('send-201-no-id.json'),
			expected: all('ambiguous', 'invalid_response', 'invalid_response'),
		},
		{
			name: '400 with a non-JSON body ⇒ permanent',
			status: 400,
			body: fixtureText('proxy-error.html'),
			headers: { 'content-type': 'text/html' },
			expected: all('permanent', 'provider_rejected', 'invalid_response'),
		},
	];

	it.each(cases)('$name', async ({ status, body, headers, recipients, expected }) => {
		const sent = batch(recipients);
		const scope = nock(US)
			.post(BATCHES_PATH)
			.matchHeader('authorization', `Bearer ${credentials.apiToken}`)
			.reply(status, body, { 'content-type': 'application/json', ...headers });

		const outcomes = sinchAdapter.parseSendResponse(sent, await sendViaFetch(sinchAdapter.buildSendRequest(credentials, sent, 0)));

		expect(scope.isDone()).toBe(true);
		expect(outcomes.map(({ ref, kind, reason, error }) => ({ ref, kind, reason, code: error?.code }))).toEqual(expected);
		for (const outcome of outcomes) {
			expect(outcome.messageId).toBeUndefined();
			expect(outcome.error?.httpStatus).toBe(status);
			// Sinch documents no wait hint of its own; the engine reads the standard Retry-After.
			expect(outcome.retryAfterMs).toBeUndefined();
		}
		expectNoSecrets(outcomes, credentials);
	});

	it('keeps the Sinch error text for the recipient it names and explains the others', async () => {
		const sent = batch(['+15551230001', '+15005550001']);
		nock(US).post(BATCHES_PATH).reply(400, fixtureText('error-400-invalid-parameter-recipient.json'));
		const [other, named] = sinchAdapter.parseSendResponse(sent, await sendViaFetch(sinchAdapter.buildSendRequest(credentials, sent, 0)));
		expect(named.error?.message).toBe(fixture('error-400-invalid-parameter-recipient.json').text);
		expect(other.error?.message).toMatch(/^Not sent: Sinch refused the batch because of another recipient/);
	});
});

describe('sinch validateMessage', () => {
	const cases: Array<{ name: string; message: OutboundMessage; credentials?: Record<string, unknown>; problems: RegExp[] }> = [
		{ name: 'one public media URL', message: message(), problems: [] },
		{ name: 'media of exactly 1 000 000 bytes', message: message({ media: [{ url: 'https://x.test/a.jpg', bytes: 1_000_000 }] }), problems: [] },
		{ name: 'media without text (Sinch only refuses text without media)', message: message({ text: '' }), problems: [] },
		{ name: 'a long subject (no documented limit)', message: message({ subject: 'S'.repeat(200) }), problems: [] },
		{ name: 'no media', message: message({ media: [] }), problems: [/only with a media file; this message has none/] },
		{
			name: 'two media',
			message: message({ media: [{ url: 'https://x.test/a.jpg' }, { url: 'https://x.test/b.jpg' }] }),
			problems: [/at most 1 media per message; this one has 2/],
		},
		{
			name: 'media too large',
			message: message({ media: [{ url: 'https://x.test/a.jpg', bytes: 1_000_001 }] }),
			problems: [/at most 1000000 bytes of media per message; this one has 1000001/],
		},
		{
			name: 'a media-store id instead of a URL',
			message: message({ media: [{ mediaId: 'abc123' }] }),
			problems: [/no media store/],
		},
		{
			name: 'an unknown region without a base URL',
			message: message(),
			credentials: { ...credentials, region: 'mars' },
			problems: [/Unknown Sinch region "mars"/],
		},
	];

	it.each(cases)('$name', ({ message: outbound, credentials: creds, problems }) => {
		const found = messageProblems(sinchAdapter, outbound, creds ?? credentials);
		expect(found).toHaveLength(problems.length);
		problems.forEach((pattern, index) => expect(found[index]).toMatch(pattern));
	});

	it('accepts any region when a base URL replaces the host', () => {
		expect(messageProblems(sinchAdapter, message(), { ...credentials, region: 'mars', baseUrl: 'http://127.0.0.1:9' })).toEqual([]);
	});
});

function webhookRequest(overrides: Partial<WebhookRequest> & { body?: string } = {}): WebhookRequest {
	const { body, ...rest } = overrides;
	return {
		method: 'POST',
		urls: ['https://n8n.example.com/webhook/mms?dropId=drop-2026-spring'],
		headers: { 'content-type': 'application/json' },
		query: {},
		rawBody: Buffer.from(body ?? fixtureText('dlr-recipient-mms-delivered.json')),
		...rest,
	};
}

const basic = (user: string, password: string, scheme = 'Basic') => `${scheme} ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('sinch webhook verify (HTTP Basic on callbacks)', () => {
	const { callbackUsername: user, callbackPassword: password } = credentials;
	const cases: Array<{ name: string; authorization?: string; credentials?: Record<string, unknown>; ok: boolean; reason?: RegExp }> = [
		{ name: 'valid credentials', authorization: basic(user, password), ok: true },
		{ name: 'scheme in lower case', authorization: basic(user, password, 'basic'), ok: true },
		{ name: 'wrong password', authorization: basic(user, `${password}x`), ok: false, reason: /do not match/ },
		{ name: 'wrong password of the same length', authorization: basic(user, randomBytes(18).toString('base64url')), ok: false, reason: /do not match/ },
		{ name: 'wrong username', authorization: basic(`${user}x`, password), ok: false, reason: /do not match/ },
		{ name: 'missing Authorization header', ok: false, reason: /No Authorization header/ },
		{ name: 'a Bearer token instead of Basic', authorization: `Bearer ${password}`, ok: false, reason: /not HTTP Basic/ },
		{ name: 'Basic without a colon', authorization: `Basic ${Buffer.from(user).toString('base64')}`, ok: false, reason: /Malformed/ },
		{
			name: 'known username, empty password in the credential (regression: the user name alone passed)',
			authorization: basic(user, ''),
			credentials: { ...credentials, callbackPassword: '' },
			ok: false,
			reason: /no callback username\/password/,
		},
		{ name: 'known username, empty password presented', authorization: basic(user, ''), ok: false, reason: /do not match/ },
		{
			name: 'a credential without callback username/password',
			authorization: basic(user, password),
			credentials: { ...credentials, callbackUsername: '', callbackPassword: '' },
			ok: false,
			reason: /no callback username\/password/,
		},
	];

	it.each(cases)('$name', ({ authorization, credentials: creds, ok, reason }) => {
		const request = webhookRequest({ headers: authorization ? { authorization } : {} });
		const result = webhook.verify(creds ?? credentials, request, Date.now());
		if (ok) {
			expect(result).toEqual({ ok: true });
		} else {
			expect(result).toEqual({ ok: false, status: 401, reason: expect.stringMatching(reason!) });
		}
		expectNoSecrets(result, credentials);
	});
});

describe('sinch webhook parse', () => {
	const receivedAt = new Date('2026-03-02T12:00:00.000Z');
	const dropQuery = { dropId: 'drop-2026-spring' };
	const status = (fields: Partial<NormalizedEvent>): NormalizedEvent => ({
		provider: 'sinch',
		kind: 'status',
		eventId: null,
		messageId: BATCH_ID,
		status: 'delivered',
		providerStatus: 'Delivered',
		final: true,
		to: '+15551230001',
		from: null,
		errorCode: null,
		errorMessage: null,
		optedOut: false,
		occurredAt: receivedAt.toISOString(),
		dropId: 'drop-2026-spring',
		ref: null,
		text: null,
		media: [],
		raw: undefined,
		...fields,
	});
	const inbound = (fields: Partial<NormalizedEvent>): NormalizedEvent =>
		status({ kind: 'inbound', status: 'received', dropId: null, from: '+15551230001', to: '+15559870000', ...fields });

	/** A webhook fixture as JSON: inbound ones have `id`, batch reports `statuses`. */
	type Payload = { id: string; statuses: Array<Record<string, unknown>> } & Record<string, unknown>;
	const cases: Array<{ name: string; file: string; query?: WebhookRequest['query']; expected: (raw: Payload) => NormalizedEvent[] }> = [
		{
			name: 'per-recipient Delivered with dropId on the URL',
			file: 'dlr-recipient-mms-delivered.json',
			query: dropQuery,
			expected: (raw) => [status({ from: '+15559870000', occurredAt: '2026-03-02T10:15:07.254Z', raw })],
		},
		{
			name: 'per-recipient Dispatched (intermediate, recipient without "+", dropId from client_reference)',
			file: 'dlr-recipient-mms-dispatched.json',
			expected: (raw) => [
				status({ status: 'sent', providerStatus: 'Dispatched', final: false, to: '+15551230002', occurredAt: '2026-03-02T10:15:01.020Z', raw }),
			],
		},
		{
			name: 'per-recipient Unknown ⇒ sent, final, no correlation at all',
			file: 'dlr-recipient-mms-unknown.json',
			expected: (raw) => [
				status({ status: 'sent', providerStatus: 'Unknown', to: '+15551230003', dropId: null, occurredAt: '2026-03-05T10:15:00.500Z', raw }),
			],
		},
		{
			name: 'per-recipient Failed with code 257 ⇒ undelivered, optedOut',
			file: 'dlr-recipient-mms-opted-out.json',
			query: dropQuery,
			expected: (raw) => [
				status({
					status: 'undelivered',
					providerStatus: 'Failed',
					to: '+15005550009',
					errorCode: '257',
					errorMessage: 'User opted out (STOP)',
					optedOut: true,
					occurredAt: '2026-03-02T10:15:03.000Z',
					raw,
				}),
			],
		},
		{
			name: 'per-recipient Rejected with 414 bad media URL ⇒ failed',
			file: 'dlr-recipient-mms-bad-media.json',
			expected: (raw) => [
				status({ status: 'failed', providerStatus: 'Rejected', errorCode: '414', errorMessage: 'Bad media URL', occurredAt: '2026-03-02T10:15:02.000Z', raw }),
			],
		},
		{
			name: 'per-recipient SMS report Expired ⇒ undelivered',
			file: 'dlr-recipient-sms-expired.json',
			expected: (raw) => [
				status({
					status: 'undelivered',
					providerStatus: 'Expired',
					to: '+15551230002',
					errorCode: '406',
					errorMessage: 'Internal expiry',
					occurredAt: '2026-03-05T10:15:00.000Z',
					raw,
				}),
			],
		},
		{
			name: 'batch report "full" ⇒ one event per listed recipient',
			file: 'dlr-batch-full.json',
			query: { dropId: 'from-url', ref: 'ignored-but-carried' },
			expected: (raw) => {
				const { statuses, ...batchFields } = raw;
				const narrowed = (index: number, recipient: string) => ({ ...batchFields, statuses: [{ ...statuses[index], recipients: [recipient] }] });
				const common = { dropId: 'from-url', ref: 'ignored-but-carried' };
				return [
					status({ ...common, raw: narrowed(0, '+15551230001') }),
					status({ ...common, to: '+15551230002', raw: narrowed(0, '15551230002') }),
					status({
						...common,
						status: 'undelivered',
						providerStatus: 'Failed',
						to: '+15551230003',
						errorCode: '402',
						errorMessage: 'Unroutable',
						raw: narrowed(1, '+15551230003'),
					}),
				];
			},
		},
		{
			name: 'batch report "summary" ⇒ one event per status entry with to null',
			file: 'dlr-batch-summary.json',
			expected: (raw) => {
				const { statuses, ...batchFields } = raw;
				return [
					status({ to: null, raw: { ...batchFields, statuses: [statuses[0]] } }),
					status({
						to: null,
						status: 'undelivered',
						providerStatus: 'Failed',
						errorCode: '402',
						errorMessage: 'Unroutable',
						raw: { ...batchFields, statuses: [statuses[1]] },
					}),
				];
			},
		},
		{
			name: 'inbound mo_text',
			file: 'mo-text.json',
			expected: (raw) => [
				inbound({
					eventId: raw.id,
					messageId: raw.id,
					providerStatus: 'mo_text',
					text: 'What time do you open on Saturday?',
					occurredAt: '2026-03-02T11:00:00.000Z',
					raw,
				}),
			],
		},
		{
			name: 'inbound STOP ⇒ opt_out, dropId from client_reference',
			file: 'mo-text-stop.json',
			expected: (raw) => [
				inbound({
					kind: 'opt_out',
					eventId: raw.id,
					messageId: raw.id,
					providerStatus: 'mo_text',
					from: '+15551230002',
					text: ' Stop ',
					dropId: 'drop-2026-spring',
					occurredAt: '2026-03-02T11:01:00.000Z',
					raw,
				}),
			],
		},
		{
			name: 'inbound mo_media ⇒ text and the stored attachments',
			file: 'mo-media.json',
			expected: (raw) => [
				inbound({
					eventId: raw.id,
					messageId: raw.id,
					providerStatus: 'mo_media',
					from: '+15551230003',
					text: 'Is this one in stock?',
					media: [
						{ url: 'https://media.sinch.example/mo/01J8Z6A1B2C3D4E5F6G7H8J9KP/1.jpg', contentType: 'image/jpeg' },
						{ url: 'https://media.sinch.example/mo/01J8Z6A1B2C3D4E5F6G7H8J9KP/2.vcf', contentType: 'text/vcard' },
					],
					occurredAt: '2026-03-02T11:02:00.000Z',
					raw,
				}),
			],
		},
		{
			name: 'inbound mo_binary ⇒ inbound without text',
			file: 'mo-binary.json',
			expected: (raw) => [
				inbound({ eventId: raw.id, messageId: raw.id, providerStatus: 'mo_binary', occurredAt: '2026-03-02T11:03:00.000Z', raw }),
			],
		},
	];

	it.each(cases)('$name', ({ file, query, expected }) => {
		const events = webhook.parse(webhookRequest({ body: fixtureText(file), query: query ?? {} }), receivedAt);
		expect(events).toEqual(expected(fixture(file)));
	});

	it('maps every documented status per providers.md §10', () => {
		const table = Object.fromEntries(
			['Queued', 'Dispatched', 'Unknown', 'Delivered', 'Failed', 'Expired', 'Deleted', 'Aborted', 'Rejected', 'Cancelled'].map((name) => {
				const body = JSON.stringify({ ...fixture('dlr-recipient-mms-delivered.json'), status: name });
				const [event] = webhook.parse(webhookRequest({ body }), receivedAt);
				return [name, `${event.status}${event.final ? '' : ' (intermediate)'}`];
			}),
		);
		expect(table).toEqual({
			Queued: 'queued (intermediate)',
			Dispatched: 'sent (intermediate)',
			Unknown: 'sent',
			Delivered: 'delivered',
			Failed: 'undelivered',
			Expired: 'undelivered',
			Deleted: 'undelivered',
			Aborted: 'failed',
			Rejected: 'failed',
			Cancelled: 'failed',
		});
	});

	const refused: Array<{ name: string; body: string; message: RegExp }> = [
		{ name: 'an unknown callback type', body: fixtureText('unknown-type.json'), message: /^Not a Sinch callback: type/ },
		{ name: 'an undocumented status', body: fixtureText('dlr-unknown-status.json'), message: /^Not a Sinch callback: status/ },
		{ name: 'a report without batch_id', body: fixtureText('dlr-missing-batch-id.json'), message: /^Not a Sinch callback: batch_id/ },
		{ name: 'a form-encoded body', body: fixtureText('malformed.form.txt'), message: /not valid JSON/ },
		{ name: 'a JSON array', body: `[${fixtureText('mo-text.json')}]`, message: /^Not a Sinch callback/ },
		{ name: 'an empty body', body: '', message: /not valid JSON/ },
	];

	it.each(refused)('refuses $name with WebhookPayloadError', ({ body, message: expectedMessage }) => {
		const parse = () => webhook.parse(webhookRequest({ body }), receivedAt);
		expect(parse).toThrow(WebhookPayloadError);
		expect(parse).toThrow(expectedMessage);
	});

	it('names where to paste the trigger URL', () => {
		expect(webhook.setupHint).toMatch(/Callback URL/);
		expect(webhook.setupHint).not.toMatch(/\n/);
	});
});
