import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import nock from 'nock';

import { clicksendAdapter } from '../../nodes/providers/clicksend';
import { RECEIPT_ERROR_CODES } from '../../nodes/providers/clicksend/codes';
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

const FIXTURES = path.join(__dirname, '../fixtures/clicksend');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const fixtureJson = (name: string) => JSON.parse(fixture(name)) as Record<string, unknown>;

const ORIGIN = 'https://rest.clicksend.com';
const credentials = {
	username: 'api-user-7781',
	apiKey: randomBytes(16).toString('hex').toUpperCase(),
	webhookToken: randomBytes(24).toString('base64url'),
	baseUrl: ORIGIN,
};

const message: OutboundMessage = {
	from: '+61411111112',
	text: 'Spring sale starts today. Reply STOP to opt out',
	subject: 'Spring sale',
	media: [{ url: 'https://media.example.com/promo.jpg', contentType: 'image/jpeg', bytes: 180_000 }],
};

function batchOf(tos: string[], overrides: Partial<OutboundMessage> = {}): SendBatch {
	return {
		dropId: 'drop-7Qx',
		message: { ...message, ...overrides },
		recipients: tos.map((to, index) => ({ ref: `r${index + 1}`, to })),
		statusCallbackUrl: 'https://n8n.example.com/webhook/clicksend?dropId=drop-7Qx',
	};
}

const twoRecipients = batchOf(['+61411111111', '+15551234567']);

/**
 * Puts the adapter's request on the wire; nock answers only when method, path, Basic auth and
 * JSON content type are exactly as documented, and hands back the parsed outcomes.
 */
async function sendAndParse(
	batch: SendBatch,
	reply: { status: number; body: string; headers?: Record<string, string> },
): Promise<{ outcomes: SendOutcome[]; sentBody: unknown }> {
	let sentBody: unknown;
	const scope = nock(ORIGIN)
		.post('/v3/mms/send', (body) => {
			sentBody = body;
			return true;
		})
		.basicAuth({ user: credentials.username, pass: credentials.apiKey })
		.matchHeader('content-type', 'application/json')
		.matchHeader('accept', 'application/json')
		.reply(reply.status, reply.body, reply.headers);
	const response = await sendViaFetch(clicksendAdapter.buildSendRequest(credentials, batch, 1_718_099_611_000));
	expect(scope.isDone()).toBe(true);
	const outcomes = clicksendAdapter.parseSendResponse(batch, response);
	expect(outcomes.map((outcome) => outcome.ref)).toEqual(batch.recipients.map((recipient) => recipient.ref));
	expectNoSecrets(outcomes, credentials);
	return { outcomes, sentBody };
}

afterEach(() => nock.cleanAll());

describe('ClickSend capabilities', () => {
	it('declares the documented limits (providers.md §7)', () => {
		expect(clicksendAdapter.capabilities).toEqual({
			recipientsPerRequest: 1000,
			mediaPerMessage: 1,
			maxMediaBytes: 250_000,
			mediaStore: true,
			defaultRatePerSecond: 1000,
			perMessageCallbackUrl: false,
			correlationField: 'custom_string',
			maxSubjectLength: 20,
			maxTextLength: 1500,
			mediaRequired: true,
			textRequired: true,
		});
		expect(clicksendAdapter.credentialType).toBe('dropMmsClickSendApi');
	});
});

describe('ClickSend send request', () => {
	it('sends a batch as one documented request, without a callback URL, with dropId:ref in custom_string', async () => {
		const { outcomes, sentBody } = await sendAndParse(twoRecipients, { status: 200, body: fixture('send-response-success.json') });
		expect(sentBody).toEqual(fixtureJson('send-request.json'));
		expect(outcomes).toEqual([
			{ ref: 'r1', kind: 'accepted', messageId: 'FC9EA26C-6FE3-4F47-AF5A-47EBDF96EDBC' },
			{ ref: 'r2', kind: 'accepted', messageId: '0B7E2A9F-3C41-4D2B-9E57-1A6C8D4F2E10' },
		]);
	});

	it('sends a single recipient', async () => {
		const reply = fixtureJson('send-response-success.json') as { data: { messages: unknown[] } };
		reply.data.messages = reply.data.messages.slice(0, 1);
		const { outcomes, sentBody } = await sendAndParse(batchOf(['+61411111111']), { status: 200, body: JSON.stringify(reply) });
		expect((sentBody as { messages: unknown[] }).messages).toEqual([
			{
				to: '+61411111111',
				from: '+61411111112',
				subject: 'Spring sale',
				body: message.text,
				custom_string: 'drop-7Qx:r1',
			},
		]);
		expect(outcomes).toEqual([{ ref: 'r1', kind: 'accepted', messageId: 'FC9EA26C-6FE3-4F47-AF5A-47EBDF96EDBC' }]);
	});

	it('carries a full batch of 1000 recipients in one request', () => {
		const tos = Array.from({ length: 1000 }, (_, index) => `+1555${String(index).padStart(7, '0')}`);
		const spec = clicksendAdapter.buildSendRequest(credentials, batchOf(tos), 0);
		const body = JSON.parse(String(spec.body)) as { media_file: string; messages: Array<{ to: string; custom_string: string }> };
		expect(body.media_file).toBe('https://media.example.com/promo.jpg');
		expect(body.messages).toHaveLength(1000);
		expect(body.messages[999]).toMatchObject({ to: tos[999], custom_string: 'drop-7Qx:r1000' });
	});

	it.each([
		['no subject', { subject: undefined }, { subject: 'MMS', from: '+61411111112' }],
		['a blank subject', { subject: '  ' }, { subject: 'MMS', from: '+61411111112' }],
		['no sender (ClickSend shared numbers)', { from: '' }, { subject: 'Spring sale' }],
	])('with %s', (_label, overrides, expected) => {
		const spec = clicksendAdapter.buildSendRequest(credentials, batchOf(['+61411111111'], overrides), 0);
		const [sent] = (JSON.parse(String(spec.body)) as { messages: Array<Record<string, unknown>> }).messages;
		expect(sent).toEqual({ to: '+61411111111', body: message.text, custom_string: 'drop-7Qx:r1', ...expected });
	});

	it('builds the URL from the credential origin and sets the Basic auth header itself', () => {
		const spec = clicksendAdapter.buildSendRequest({ ...credentials, baseUrl: 'http://127.0.0.1:8080/' }, twoRecipients, 0);
		expect(spec.method).toBe('POST');
		expect(spec.url).toBe('http://127.0.0.1:8080/v3/mms/send');
		expect(spec.headers.authorization).toBe(
			`Basic ${Buffer.from(`${credentials.username}:${credentials.apiKey}`).toString('base64')}`,
		);
		expect(clicksendAdapter.buildSendRequest({ ...credentials, baseUrl: '' }, twoRecipients, 0).url).toBe(
			`${ORIGIN}/v3/mms/send`,
		);
	});
});

describe('ClickSend send response', () => {
	it('classifies every documented per-recipient status', async () => {
		const batch = batchOf(['+61411111111', '+15005550001', '+15551230003', '+15551230004', '+15551230005']);
		const { outcomes } = await sendAndParse(batch, { status: 200, body: fixture('send-response-mixed.json') });
		expect(outcomes).toEqual([
			{ ref: 'r1', kind: 'accepted', messageId: 'A1B2C3D4-0000-4000-8000-000000000001' },
			{
				ref: 'r2',
				kind: 'permanent',
				reason: 'invalid_number',
				messageId: 'A1B2C3D4-0000-4000-8000-000000000002',
				error: { code: 'INVALID_RECIPIENT', message: 'The destination address is invalid.', httpStatus: 200 },
			},
			{
				ref: 'r3',
				kind: 'fatal',
				reason: 'insufficient_funds',
				messageId: 'A1B2C3D4-0000-4000-8000-000000000003',
				error: { code: 'INSUFFICIENT_CREDIT', message: 'The account has run out of message credit.', httpStatus: 200 },
			},
			{
				ref: 'r4',
				kind: 'permanent',
				reason: 'provider_rejected',
				messageId: 'A1B2C3D4-0000-4000-8000-000000000004',
				error: { code: 'MISSING_REQUIRED_FIELDS', message: 'Some required fields are missing.', httpStatus: 200 },
			},
			{
				ref: 'r5',
				kind: 'permanent',
				reason: 'provider_rejected',
				messageId: 'A1B2C3D4-0000-4000-8000-000000000005',
				error: { code: 'NOT_IN_THE_DOCUMENTED_LIST', message: 'ClickSend did not queue the message.', httpStatus: 200 },
			},
		]);
	});

	it('matches replies by the echoed custom_string when ClickSend reorders them', async () => {
		const { outcomes } = await sendAndParse(twoRecipients, { status: 200, body: fixture('send-response-reordered.json') });
		expect(outcomes.map(({ ref, kind, messageId }) => ({ ref, kind, messageId }))).toEqual([
			{ ref: 'r1', kind: 'accepted', messageId: 'B0000000-0000-4000-8000-000000000001' },
			{ ref: 'r2', kind: 'permanent', messageId: 'B0000000-0000-4000-8000-000000000002' },
		]);
	});

	it('matches by number where the reply omits custom_string, and never by a wrong number', async () => {
		const reply = {
			data: {
				messages: [
					{ message_id: 'D1', to: '+61411111111', status: 'SUCCESS' },
					{ message_id: 'D2', to: '+19999999999', status: 'SUCCESS' },
				],
			},
		};
		const { outcomes } = await sendAndParse(twoRecipients, { status: 200, body: JSON.stringify(reply) });
		expect(outcomes[0]).toEqual({ ref: 'r1', kind: 'accepted', messageId: 'D1' });
		expect(outcomes[1]).toMatchObject({ ref: 'r2', kind: 'ambiguous', reason: 'invalid_response' });
	});

	it('treats a recipient missing from a successful reply as ambiguous (it may have been queued)', async () => {
		const { outcomes } = await sendAndParse(twoRecipients, { status: 200, body: fixture('send-response-missing-entry.json') });
		expect(outcomes).toEqual([
			{ ref: 'r1', kind: 'accepted', messageId: 'C0000000-0000-4000-8000-000000000001' },
			{
				ref: 'r2',
				kind: 'ambiguous',
				reason: 'invalid_response',
				error: { code: 'invalid_response', message: "ClickSend's reply has no entry for +15551234567", httpStatus: 200 },
			},
		]);
	});

	const errorCases: Array<[string, number, string, Record<string, string> | undefined, Partial<SendOutcome>]> = [
		['400 BAD_REQUEST', 400, 'error-400.json', undefined, { kind: 'permanent', reason: 'provider_rejected' }],
		['401 UNAUTHORIZED', 401, 'error-401.json', undefined, { kind: 'fatal', reason: 'auth_failed' }],
		['403 FORBIDDEN', 403, 'error-403.json', undefined, { kind: 'fatal', reason: 'auth_failed' }],
		['429 TOO_MANY_REQUESTS', 429, 'error-429.json', { 'retry-after': '3' }, { kind: 'retryable', reason: 'rate_limited' }],
		['503', 503, 'error-503.json', undefined, { kind: 'retryable', reason: 'server_error' }],
		['500 INTERNAL_SERVER_ERROR', 500, 'error-500.json', undefined, { kind: 'ambiguous', reason: 'server_error' }],
	];

	it.each(errorCases)('classifies %s for every recipient of the batch', async (_label, status, file, headers, expected) => {
		const body = fixtureJson(file) as { response_code: string; response_msg: string };
		const { outcomes } = await sendAndParse(twoRecipients, { status, body: fixture(file), headers });
		for (const outcome of outcomes) {
			expect(outcome).toEqual({
				ref: outcome.ref,
				...expected,
				error: { code: body.response_code, message: body.response_msg, httpStatus: status },
			});
			// ClickSend has no wait hint of its own; the engine reads the standard Retry-After.
			expect(outcome.retryAfterMs).toBeUndefined();
		}
	});

	it.each([
		['a 200 with an HTML body', 200, fixture('gateway-error.html'), { kind: 'ambiguous', reason: 'invalid_response' }],
		['a 200 with JSON of another shape', 200, '{"http_code":200,"response_code":"SUCCESS","data":{}}', { kind: 'ambiguous', reason: 'invalid_response' }],
		['a 400 with an HTML body', 400, fixture('gateway-error.html'), { kind: 'permanent', reason: 'provider_rejected' }],
		['a 502 with an HTML body', 502, fixture('gateway-error.html'), { kind: 'ambiguous', reason: 'server_error' }],
	])('classifies %s as unreadable', async (_label, status, body, expected) => {
		const { outcomes } = await sendAndParse(twoRecipients, { status, body });
		for (const outcome of outcomes) {
			expect(outcome).toMatchObject({ ...expected, error: { code: 'invalid_response', httpStatus: status } });
		}
	});
});

describe('ClickSend validateMessage', () => {
	const validate = (overrides: Partial<OutboundMessage>) => messageProblems(clicksendAdapter, { ...message, ...overrides }, credentials);
	const media = message.media[0];

	it.each([
		['a valid message', {}],
		['media of exactly 250 kB', { media: [{ ...media, bytes: 250_000 }] }],
		['media of unknown size', { media: [{ url: media.url }] }],
		['a gif', { media: [{ url: 'https://media.example.com/a.gif', contentType: 'image/gif' }] }],
		['a 20-character subject', { subject: 'x'.repeat(20) }],
		['no subject', { subject: undefined }],
		['1500 GSM characters', { text: 'a'.repeat(1500) }],
		['500 Unicode characters', { text: '😀'.repeat(500) }],
	])('accepts %s', (_label, overrides) => {
		expect(validate(overrides)).toEqual([]);
	});

	it.each([
		['no media', { media: [] }, 'only with a media file; this message has none'],
		['several media', { media: [media, { url: 'https://media.example.com/b.gif' }] }, 'at most 1 media per message; this one has 2'],
		['media too large', { media: [{ ...media, bytes: 250_001 }] }, 'at most 250000 bytes'],
		['media without a URL', { media: [{ data: Buffer.from('x'), contentType: 'image/jpeg' }] }, 'as a URL'],
		['a PNG', { media: [{ url: 'https://media.example.com/a', contentType: 'image/png' }] }, 'must be converted'],
		['a .jpeg file', { media: [{ url: 'https://media.example.com/photo.JPEG?v=2' }] }, 'must be converted'],
		['a subject longer than 20 characters', { subject: 'x'.repeat(21) }, '20 characters'],
		['an empty text', { text: ' ' }, 'requires a message text'],
		['1501 GSM characters', { text: 'a'.repeat(1501) }, 'at most 1500 characters of text; this one has 1501'],
		['501 Unicode characters', { text: 'ü'.repeat(400) + '€'.repeat(100) + 'ж' }, 'Unicode MMS text after 500'],
	])('rejects %s', (_label, overrides, problem) => {
		const problems = validate(overrides as Partial<OutboundMessage>);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toContain(problem);
	});
});

describe('ClickSend media upload', () => {
	const file: MediaFile = {
		data: randomBytes(2048),
		mimeType: 'image/png',
		fileName: 'promo.png',
		sha256: 'unused-by-clicksend',
	};
	const upload = clicksendAdapter.upload!;

	it('uploads base64 content for MMS conversion and returns the converted file URL', async () => {
		const scope = nock(ORIGIN)
			.post('/v3/uploads', { content: file.data.toString('base64') })
			.query({ convert: 'mms' })
			.basicAuth({ user: credentials.username, pass: credentials.apiKey })
			.matchHeader('content-type', 'application/json')
			.reply(200, fixture('upload-response.json'));
		const response = await sendViaFetch(upload.buildRequest(credentials, file));
		expect(scope.isDone()).toBe(true);
		expect(upload.parseResponse(file, response)).toEqual({
			url: 'https://rest.clicksend.com/files/2B3E5F90-8C1A-4B7E-9D2F-6A1C3E5B7D90.jpg',
			fileName: 'promo.png',
		});
	});

	it.each([
		['a 401', 401, fixture('error-401.json'), 'UNAUTHORIZED: Authentication credentials were missing or incorrect.'],
		['a 200 without data._url', 200, '{"http_code":200,"response_code":"SUCCESS","data":null}', 'no data._url'],
		['an HTML page', 502, fixture('gateway-error.html'), '502 Bad Gateway'],
	])('throws ProviderResponseError on %s', (_label, status, body, detail) => {
		let thrown: unknown;
		try {
			upload.parseResponse(file, { status, headers: {}, body });
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ProviderResponseError);
		expect((thrown as ProviderResponseError).httpStatus).toBe(status);
		expect((thrown as Error).message).toContain(detail);
		expectNoSecrets((thrown as Error).message, credentials);
	});
});

describe('ClickSend webhook verification', () => {
	const verify = clicksendAdapter.webhook!.verify;
	const request = (query: WebhookRequest['query'], body = fixture('receipt-delivered.json')): WebhookRequest => ({
		method: 'POST',
		urls: ['https://n8n.example.com/webhook/clicksend'],
		headers: { 'content-type': 'application/json' },
		query,
		rawBody: Buffer.from(body),
	});
	const sameLengthWrongToken = randomBytes(24).toString('base64url');

	it.each([
		['the right token', { token: credentials.webhookToken }, fixture('receipt-delivered.json')],
		['the right token first of repeats', { token: [credentials.webhookToken, 'other'] }, fixture('receipt-delivered.json')],
		// Nothing is signed: a token proves the sender knows the URL, not that the body is unchanged.
		['the right token on a changed body', { token: credentials.webhookToken }, fixture('receipt-cancelled.json').replace('301', '201')],
	])('accepts %s', (_label, query, body) => {
		expect(verify(credentials, request(query, body), Date.now())).toEqual({ ok: true });
	});

	it.each([
		['a wrong token of the same length', credentials, { token: sameLengthWrongToken }, 'does not match'],
		['a wrong token of another length', credentials, { token: 'short' }, 'does not match'],
		['no token parameter', credentials, {}, 'no token'],
		['an empty token parameter', credentials, { token: '' }, 'no token'],
		['a credential without a webhook token', { ...credentials, webhookToken: '' }, { token: '' }, 'No webhook token'],
	])('refuses %s with 401', (_label, creds, query, reason) => {
		const result = verify(creds, request(query), Date.now());
		expect(result).toEqual({ ok: false, status: 401, reason: expect.stringContaining(reason) });
		expectNoSecrets(result, credentials);
	});
});

describe('ClickSend webhook parsing', () => {
	const receivedAt = new Date('2024-06-11T12:00:00.000Z');
	const parse = (body: string, contentType: string | undefined, query: WebhookRequest['query'] = { token: credentials.webhookToken }) =>
		clicksendAdapter.webhook!.parse(
			{
				method: 'POST',
				urls: ['https://n8n.example.com/webhook/clicksend'],
				headers: contentType ? { 'content-type': contentType } : {},
				query,
				rawBody: Buffer.from(body),
			},
			receivedAt,
		);
	const JSON_TYPE = 'application/json';
	const FORM_TYPE = 'application/x-www-form-urlencoded';

	const status = (fields: Partial<NormalizedEvent>): Partial<NormalizedEvent> => ({
		provider: 'clicksend',
		kind: 'status',
		eventId: null,
		to: null,
		from: null,
		optedOut: false,
		text: null,
		media: [],
		...fields,
	});

	it.each([
		[
			'a delivered receipt',
			'receipt-delivered.json',
			JSON_TYPE,
			status({
				messageId: 'FC9EA26C-6FE3-4F47-AF5A-47EBDF96EDBC',
				status: 'delivered',
				providerStatus: 'Delivered',
				final: true,
				errorCode: null,
				errorMessage: null,
				occurredAt: '2024-06-11T09:53:40.000Z',
				dropId: 'drop-7Qx',
				ref: 'r1',
			}),
		],
		[
			'a sent receipt with numeric fields',
			'receipt-sent.json',
			JSON_TYPE,
			status({ status: 'sent', providerStatus: 'Sent', final: false, errorCode: null, occurredAt: '2024-06-11T09:53:35.000Z', ref: 'r1' }),
		],
		[
			'a temporary failure (still queued, will be retried)',
			'receipt-temporary.json',
			JSON_TYPE,
			status({
				status: 'queued',
				final: false,
				errorCode: '16',
				errorMessage: 'Temporary network error - will be retried',
				ref: 'r2',
			}),
		],
		[
			'a cancelled message',
			'receipt-cancelled.json',
			JSON_TYPE,
			status({ status: 'failed', providerStatus: 'Cancelled', final: true, errorCode: '5', occurredAt: '2024-06-11T09:54:00.000Z' }),
		],
		[
			'a carrier non-delivery as a form',
			'receipt-undelivered.form.txt',
			FORM_TYPE,
			status({
				messageId: '0B7E2A9F-3C41-4D2B-9E57-1A6C8D4F2E10',
				status: 'undelivered',
				providerStatus: 'Failed',
				final: true,
				errorCode: '12',
				errorMessage: 'Absent Subscriber. Phone is out of range or switched off.',
				occurredAt: '2024-06-11T09:54:10.000Z',
				dropId: 'drop-7Qx',
				ref: 'r2',
			}),
		],
		[
			'an inbound message (ClickSend n8n sample)',
			'inbound.json',
			JSON_TYPE,
			{
				kind: 'inbound',
				eventId: '1F12D781-99C1-6D94-96FE-F5A311C8997D',
				messageId: '1F12D781-99C1-6D94-96FE-F5A311C8997D',
				status: 'received',
				final: true,
				from: '+61429912603',
				to: '+61477485926',
				text: 'trigger reply',
				optedOut: false,
				occurredAt: '2026-04-01T03:08:47.000Z',
				dropId: null,
				ref: null,
				media: [],
			},
		],
		[
			'an inbound MMS reply with media, found by the original custom_string',
			'inbound-mms-reply.json',
			JSON_TYPE,
			{
				kind: 'inbound',
				text: 'Love it, see you there',
				dropId: 'drop-7Qx',
				ref: 'r1',
				media: [
					{
						url: 'https://clicksend-api-downloads.s3.ap-southeast-2.amazonaws.com/_private/5D1C2B3A-9E8F-4A7B-8C6D-0E1F2A3B4C5D.jpg',
						contentType: null,
					},
				],
			},
		],
		[
			'an inbound STOP as a form',
			'inbound-stop.form.txt',
			FORM_TYPE,
			{ kind: 'opt_out', optedOut: true, text: 'Stop', from: '+61411111111', status: 'received', dropId: 'drop-7Qx', ref: 'r1' },
		],
		[
			'a receipt without content type (sniffed as JSON)',
			'receipt-delivered.json',
			undefined,
			status({ status: 'delivered', ref: 'r1' }),
		],
	])('maps %s', (_label, file, contentType, expected) => {
		const events = parse(fixture(file), contentType);
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject(expected);
		const raw = contentType === FORM_TYPE ? Object.fromEntries(new URLSearchParams(fixture(file))) : fixtureJson(file);
		expect(events[0].raw).toEqual(raw);
		expectNoSecrets(events, credentials);
	});

	it('gives one event per item of an array payload', () => {
		const events = parse(fixture('receipts-batch.json'), JSON_TYPE);
		expect(events.map(({ messageId, status, errorCode, ref, optedOut }) => ({ messageId, status, errorCode, ref, optedOut }))).toEqual([
			{ messageId: 'FC9EA26C-6FE3-4F47-AF5A-47EBDF96EDBC', status: 'delivered', errorCode: null, ref: 'r1', optedOut: false },
			{ messageId: '0B7E2A9F-3C41-4D2B-9E57-1A6C8D4F2E10', status: 'undelivered', errorCode: '19', ref: 'r2', optedOut: false },
		]);
		expect(events[1].raw).toEqual((JSON.parse(fixture('receipts-batch.json')) as unknown[])[1]);
	});

	it('prefers dropId and ref from the trigger URL query over custom_string', () => {
		const [event] = parse(fixture('receipt-delivered.json'), JSON_TYPE, { token: 't', dropId: 'drop-from-url', ref: 'r9' });
		expect(event).toMatchObject({ dropId: 'drop-from-url', ref: 'r9' });
	});

	it('uses the receive time when the provider gives none', () => {
		const [event] = parse(JSON.stringify({ message_id: 'X1', status_code: '201' }), JSON_TYPE);
		expect(event).toMatchObject({ occurredAt: receivedAt.toISOString(), status: 'delivered', providerStatus: 'Delivered', dropId: null, ref: null });
	});

	it('marks no documented ClickSend receipt code as an opt-out (providers.md §10: none documented)', () => {
		const codes = Object.keys(RECEIPT_ERROR_CODES);
		expect(codes).toHaveLength(20);
		for (const code of codes) {
			const [event] = parse(JSON.stringify({ message_id: 'X1', status_code: '301', error_code: code }), JSON_TYPE);
			expect(event.optedOut).toBe(false);
		}
	});

	it.each([
		['a body that is not JSON', '{"message_id": ', JSON_TYPE, 'not valid JSON'],
		['an unknown payload', fixture('unknown-payload.json'), JSON_TYPE, 'Unknown ClickSend webhook payload'],
		['an unknown status_code', fixture('receipt-unknown-status.json'), JSON_TYPE, 'Unknown ClickSend status_code 999'],
		['a receipt without message_id', '{"status_code":"201"}', JSON_TYPE, 'message_id'],
		['an inbound message without text', '{"message_id":"M1","from":"+61411111111"}', JSON_TYPE, 'body or message'],
		['an empty array', '[]', JSON_TYPE, 'no receipt or message'],
		['an array of strings', '["x"]', JSON_TYPE, 'not an object'],
		['an empty form', '', FORM_TYPE, 'no receipt or message'],
	])('refuses %s with WebhookPayloadError', (_label, body, contentType, message) => {
		expect(() => parse(body, contentType)).toThrow(WebhookPayloadError);
		expect(() => parse(body, contentType)).toThrow(message);
	});

	it('answers with the default empty 200 and tells the user where to paste the URL', () => {
		expect(clicksendAdapter.webhook!.ack).toBeUndefined();
		expect(clicksendAdapter.webhook!.setupHint).toMatch(/Delivery Reports.*Inbound.*\?token=/);
	});
});
