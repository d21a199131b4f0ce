/**
 * ClickSend: fixtures from test/fixtures/clicksend (sources in its README) and case tables for the
 * shared runner. The webhook token is made in the test.
 */
import { createHash, randomBytes } from 'node:crypto';

import nock from 'nock';

import { clicksendAdapter } from '../../nodes/providers/clicksend';
import { RECEIPT_ERROR_CODES } from '../../nodes/providers/clicksend/codes';
import { refFor } from '../../nodes/providers/shared';
import type {
	FailureReason, LookupAnswer, LookupQuery, MediaFile, OutboundMessage, OutcomeKind, SendBatch, SendOutcome, WebhookRequest,
} from '../../nodes/providers/types';
import {
	expectNoSecrets, expectRequest, onTheWire, providerSuite, type Reply, runAnswerCases, runParseCases, runResponseCases, runSendCases,
	runUploadCases, runValidationCases, runVerifyCases, webhookRequest,
} from './cases';
import { runCredentialContract } from './contract';
import { runCapabilityInvariants } from './invariants';

const ORIGIN = 'https://rest.clicksend.com';
const credentials = {
	username: 'api-user-7781',
	apiKey: randomBytes(16).toString('hex').toUpperCase(),
	webhookToken: randomBytes(24).toString('base64url'),
	baseUrl: ORIGIN,
};
const wireHeaders = {
	authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.apiKey}`).toString('base64')}`,
	'content-type': 'application/json',
	accept: 'application/json',
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
const suite = providerSuite(clicksendAdapter, { credentials, message, nowMs: 1_718_099_611_000, receivedAt: new Date('2024-06-11T12:00:00.000Z') });
const { fixture, fixtureJson } = suite;

runCapabilityInvariants(suite);

runCredentialContract(suite, [
	{ label: 'the official origin', credentials: { username: credentials.username, apiKey: credentials.apiKey } },
	{ label: 'a proxy with a trailing slash', credentials: { username: credentials.username, apiKey: credentials.apiKey, baseUrl: 'http://127.0.0.1:8080/' } },
	{ label: 'an emptied Base URL (the official origin)', credentials: { username: credentials.username, apiKey: credentials.apiKey, baseUrl: '' } },
]);

const SEND_URL = `${ORIGIN}/v3/mms/send`;
const success = fixtureJson<{ data: { messages: unknown[] } }>('send-response-success.json');
const firstOnly: Reply = { status: 200, body: JSON.stringify({ ...success, data: { ...success.data, messages: success.data.messages.slice(0, 1) } }) };
const acceptedFirst: SendOutcome[] = [{ ref: 'r1', kind: 'accepted', messageId: 'FC9EA26C-6FE3-4F47-AF5A-47EBDF96EDBC' }];
/** The one message a single-recipient request carries. */
const single = (fields: Record<string, unknown>) => ({
	media_file: 'https://media.example.com/promo.jpg',
	messages: [{ to: '+61411111111', body: message.text, custom_string: 'drop-7Qx:r1', ...fields }],
});

runSendCases(suite, [
	{
		label: 'a batch as one documented request, without a callback URL, with dropId:ref in custom_string',
		batch: twoRecipients,
		request: { url: SEND_URL, headers: wireHeaders, body: fixtureJson('send-request.json') as object },
		reply: { status: 200, fixture: 'send-response-success.json' },
		outcomes: [
			{ ref: 'r1', kind: 'accepted', messageId: 'FC9EA26C-6FE3-4F47-AF5A-47EBDF96EDBC' },
			{ ref: 'r2', kind: 'accepted', messageId: '0B7E2A9F-3C41-4D2B-9E57-1A6C8D4F2E10' },
		],
	},
	{
		label: 'a single recipient',
		batch: batchOf(['+61411111111']),
		request: { url: SEND_URL, headers: wireHeaders, body: single({ from: '+61411111112', subject: 'Spring sale' }) },
		reply: firstOnly,
		outcomes: acceptedFirst,
	},
	{
		label: 'no subject: the required subject is "MMS"',
		batch: batchOf(['+61411111111'], { subject: undefined }),
		request: { url: SEND_URL, body: single({ from: '+61411111112', subject: 'MMS' }) },
		reply: firstOnly,
		outcomes: acceptedFirst,
	},
	{
		label: 'a blank subject: "MMS" too',
		batch: batchOf(['+61411111111'], { subject: '  ' }),
		request: { url: SEND_URL, body: single({ from: '+61411111112', subject: 'MMS' }) },
		reply: firstOnly,
		outcomes: acceptedFirst,
	},
	{
		label: 'no sender: no `from`, so ClickSend uses its shared numbers',
		batch: batchOf(['+61411111111'], { from: '' }),
		request: { url: SEND_URL, body: single({ subject: 'Spring sale' }) },
		reply: firstOnly,
		outcomes: acceptedFirst,
	},
	{
		label: 'the credential origin, with Basic auth set by the adapter itself',
		batch: batchOf(['+61411111111']),
		credentials: { ...credentials, baseUrl: 'http://127.0.0.1:8080/' },
		request: { url: 'http://127.0.0.1:8080/v3/mms/send', headers: wireHeaders },
		reply: firstOnly,
		outcomes: acceptedFirst,
	},
	{
		label: 'the official origin when baseUrl is empty',
		batch: batchOf(['+61411111111']),
		credentials: { ...credentials, baseUrl: '' },
		request: { url: SEND_URL, headers: wireHeaders },
		reply: firstOnly,
		outcomes: acceptedFirst,
	},
	{
		label: 'a full batch of 1000 recipients in one request, each with its own custom_string',
		batch: batchOf(Array.from({ length: 1000 }, (_, index) => `+1555${String(index).padStart(7, '0')}`)),
		request: {
			url: SEND_URL,
			body: (body: Buffer) => {
				const sent = JSON.parse(body.toString()) as { media_file: string; messages: Array<{ to: string; custom_string: string }> };
				expect(sent.media_file).toBe('https://media.example.com/promo.jpg');
				expect(sent.messages.map((entry) => entry.custom_string)).toEqual(Array.from({ length: 1000 }, (_, index) => `drop-7Qx:r${index + 1}`));
				expect(sent.messages[999].to).toBe('+15550000999');
			},
		},
		// A reply that lists nobody: every recipient may have been queued, so none is retried blindly.
		reply: { status: 200, body: JSON.stringify({ data: { messages: [] } }) },
		outcomes: Array.from({ length: 1000 }, (_, index) => expect.objectContaining({ ref: `r${index + 1}`, kind: 'ambiguous', reason: 'invalid_response' })),
	},
]);

// Issue #12.4: custom_string holds at most 50 characters by default (help.clicksend.com "What is the
// custom string used for?"); engine refs are 10 characters, which leaves 39 for the drop id.
describe('clicksend custom_string at its 50-character limit', () => {
	const to = '+61411111111';
	const customString = (dropId: string) => {
		const sent = { ...batchOf([to]), dropId, recipients: [{ ref: refFor(dropId, to), to }] };
		const body = JSON.parse(String(clicksendAdapter.buildSendRequest(credentials, sent, suite.nowMs).body)) as { messages: Array<{ custom_string: string }> };
		return { sent, value: body.messages[0].custom_string };
	};
	const drop39 = `campaign-2026-spring-${'x'.repeat(18)}`;
	const drop40 = `${drop39}y`;

	it('sends dropId:ref unchanged up to exactly 50 characters', () => {
		const { sent, value } = customString(drop39);
		expect(drop39).toHaveLength(39);
		expect(value).toBe(`${drop39}:${sent.recipients[0].ref}`);
		expect(value).toHaveLength(50);
	});

	it('shortens a longer drop id stably, keeping its start readable and drop ids apart', () => {
		for (const dropId of [drop40, `${drop40}-${'z'.repeat(200)}`, `kampagne-frühling-🌷-${'ü'.repeat(40)}`]) {
			const { sent, value } = customString(dropId);
			expect([...value].length).toBeLessThanOrEqual(50);
			expect(value.endsWith(`:${sent.recipients[0].ref}`)).toBe(true);
			expect(value.startsWith([...dropId].slice(0, 20).join(''))).toBe(true);
			expect(customString(dropId).value).toBe(value);
		}
		expect(customString(drop40).value.split(':')[0]).not.toBe(customString(`${drop39}z`).value.split(':')[0]);
	});

	it('finds its own reply entry by the shortened value, and the trigger reads back that drop and the exact ref', () => {
		const { sent, value } = customString(drop40);
		const reply = { data: { messages: [{ message_id: 'E1', to, status: 'SUCCESS', custom_string: value }] } };
		expect(clicksendAdapter.parseSendResponse(sent, { status: 200, headers: {}, body: JSON.stringify(reply) })).toEqual([{ ref: sent.recipients[0].ref, kind: 'accepted', messageId: 'E1' }]);
		const request = webhookRequest({ url: `https://n8n.example.com/webhook/clicksend?token=t`, body: JSON.stringify({ message_id: 'E1', status_code: '201', custom_string: value }), contentType: 'application/json' });
		expect([...clicksendAdapter.webhook!.parse(request, suite.receivedAt)][0]).toMatchObject({ dropId: value.slice(0, value.lastIndexOf(':')), ref: sent.recipients[0].ref });
	});
});

/** A per-recipient status ClickSend did not accept: its word is the code, the table's description the message. */
const notQueued = (ref: string, messageId: string, code: string, kind: OutcomeKind, reason: FailureReason, message: string): SendOutcome => ({
	ref,
	kind,
	reason,
	messageId,
	error: { code, message, httpStatus: 200 },
});

/** An error reply for every recipient: `response_code` and `response_msg`. */
function failed(file: string, status: number, kind: OutcomeKind, reason: FailureReason): SendOutcome[] {
	const body = fixtureJson<{ response_code: string; response_msg: string }>(file);
	return ['r1', 'r2'].map((ref) => ({ ref, kind, reason, error: { code: body.response_code, message: body.response_msg, httpStatus: status } }));
}

function unreadable(status: number, kind: OutcomeKind, reason: FailureReason): SendOutcome[] {
	return ['r1', 'r2'].map((ref) => ({ ref, kind, reason, error: { code: 'invalid_response', message: expect.stringContaining(`HTTP ${status}`), httpStatus: status } }));
}

const missingEntry = (ref: string, to: string): SendOutcome => ({
	ref,
	kind: 'ambiguous',
	reason: 'invalid_response',
	error: { code: 'invalid_response', message: `ClickSend's reply has no entry for ${to}`, httpStatus: 200 },
});

// ClickSend has no wait hint of its own; the engine reads the standard Retry-After.
runResponseCases(suite, twoRecipients, [
	{
		label: 'every documented per-recipient status',
		batch: batchOf(['+61411111111', '+15005550001', '+15551230003', '+15551230004', '+15551230005']),
		reply: { status: 200, fixture: 'send-response-mixed.json' },
		outcomes: [
			{ ref: 'r1', kind: 'accepted', messageId: 'A1B2C3D4-0000-4000-8000-000000000001' },
			notQueued('r2', 'A1B2C3D4-0000-4000-8000-000000000002', 'INVALID_RECIPIENT', 'permanent', 'invalid_number', 'The destination address is invalid.'),
			notQueued('r3', 'A1B2C3D4-0000-4000-8000-000000000003', 'INSUFFICIENT_CREDIT', 'fatal', 'insufficient_funds', 'The account has run out of message credit.'),
			notQueued('r4', 'A1B2C3D4-0000-4000-8000-000000000004', 'MISSING_REQUIRED_FIELDS', 'permanent', 'provider_rejected', 'Some required fields are missing.'),
			notQueued('r5', 'A1B2C3D4-0000-4000-8000-000000000005', 'NOT_IN_THE_DOCUMENTED_LIST', 'permanent', 'provider_rejected', 'ClickSend did not queue the message.'),
		],
	},
	{
		label: 'replies matched by the echoed custom_string when ClickSend reorders them',
		reply: { status: 200, fixture: 'send-response-reordered.json' },
		outcomes: [
			{ ref: 'r1', kind: 'accepted', messageId: 'B0000000-0000-4000-8000-000000000001' },
			notQueued('r2', 'B0000000-0000-4000-8000-000000000002', 'INVALID_RECIPIENT', 'permanent', 'invalid_number', 'The destination address is invalid.'),
		],
	},
	{
		label: 'matched by number where the reply omits custom_string, and never by a wrong number',
		reply: {
			status: 200,
			body: JSON.stringify({
				data: {
					messages: [
						{ message_id: 'D1', to: '+61411111111', status: 'SUCCESS' },
						{ message_id: 'D2', to: '+19999999999', status: 'SUCCESS' },
					],
				},
			}),
		},
		outcomes: [{ ref: 'r1', kind: 'accepted', messageId: 'D1' }, missingEntry('r2', '+15551234567')],
	},
	{
		label: 'a recipient missing from a successful reply is ambiguous (it may have been queued)',
		reply: { status: 200, fixture: 'send-response-missing-entry.json' },
		outcomes: [{ ref: 'r1', kind: 'accepted', messageId: 'C0000000-0000-4000-8000-000000000001' }, missingEntry('r2', '+15551234567')],
	},
	{ label: '400 BAD_REQUEST for every recipient', reply: { status: 400, fixture: 'error-400.json' }, outcomes: failed('error-400.json', 400, 'permanent', 'provider_rejected') },
	{ label: '401 UNAUTHORIZED', reply: { status: 401, fixture: 'error-401.json' }, outcomes: failed('error-401.json', 401, 'fatal', 'auth_failed') },
	{ label: '403 FORBIDDEN', reply: { status: 403, fixture: 'error-403.json' }, outcomes: failed('error-403.json', 403, 'fatal', 'auth_failed') },
	{ label: '429 TOO_MANY_REQUESTS', reply: { status: 429, fixture: 'error-429.json', headers: { 'retry-after': '3' } }, outcomes: failed('error-429.json', 429, 'retryable', 'rate_limited') },
	{ label: '503', reply: { status: 503, fixture: 'error-503.json' }, outcomes: failed('error-503.json', 503, 'retryable', 'server_error') },
	{ label: '500 INTERNAL_SERVER_ERROR', reply: { status: 500, fixture: 'error-500.json' }, outcomes: failed('error-500.json', 500, 'ambiguous', 'server_error') },
	{ label: 'a 200 with an HTML body', reply: { status: 200, fixture: 'gateway-error.html' }, outcomes: unreadable(200, 'ambiguous', 'invalid_response') },
	{ label: 'a 200 with JSON of another shape', reply: { status: 200, body: '{"http_code":200,"response_code":"SUCCESS","data":{}}' }, outcomes: unreadable(200, 'ambiguous', 'invalid_response') },
	{ label: 'a 400 with an HTML body', reply: { status: 400, fixture: 'gateway-error.html' }, outcomes: unreadable(400, 'permanent', 'provider_rejected') },
	{ label: 'a 502 with an HTML body', reply: { status: 502, fixture: 'gateway-error.html' }, outcomes: unreadable(502, 'ambiguous', 'server_error') },
]);

const media = message.media[0];
const pngBytes = randomBytes(4096);
const pngFile: MediaFile = { data: pngBytes, mimeType: 'image/png', fileName: 'promo.png', sha256: createHash('sha256').update(pngBytes).digest('hex') };
/** What nodes/drop/media.ts makes of a binary PNG before the upload: the planned reference, then the file's own type, size and hash. */
const binaryPng = { ...clicksendAdapter.upload!.plannedReference(pngFile), contentType: 'image/png', bytes: pngBytes.length, sha256: pngFile.sha256 };
const withMessage = (overrides: Partial<OutboundMessage>) => ({ ...message, ...overrides });

runValidationCases(suite, [
	{ label: 'a valid message', message, problems: [] },
	{ label: 'media of exactly 250 kB', message: withMessage({ media: [{ ...media, bytes: 250_000 }] }), problems: [] },
	{ label: 'media of unknown size', message: withMessage({ media: [{ url: media.url }] }), problems: [] },
	{ label: 'a gif', message: withMessage({ media: [{ url: 'https://media.example.com/a.gif', contentType: 'image/gif' }] }), problems: [] },
	{ label: 'a 20-character subject', message: withMessage({ subject: 'x'.repeat(20) }), problems: [] },
	{ label: 'no subject', message: withMessage({ subject: undefined }), problems: [] },
	{ label: '1500 GSM characters', message: withMessage({ text: 'a'.repeat(1500) }), problems: [] },
	{ label: '500 Unicode characters', message: withMessage({ text: '😀'.repeat(500) }), problems: [] },
	{ label: 'no media', message: withMessage({ media: [] }), problems: ['ClickSend sends an MMS only with a media file; this message has none'] },
	{
		label: 'several media',
		message: withMessage({ media: [media, { url: 'https://media.example.com/b.gif' }] }),
		problems: ['ClickSend takes at most 1 media per message; this one has 2'],
	},
	{ label: 'media too large', message: withMessage({ media: [{ ...media, bytes: 250_001 }] }), problems: ['ClickSend takes at most 250000 bytes of media per message; this one has 250001'] },
	{
		label: 'media without a URL',
		message: withMessage({ media: [{ data: Buffer.from('x'), contentType: 'image/jpeg' }] }),
		problems: ['ClickSend needs the media file as a URL: give a public URL or a binary property to upload'],
	},
	// Issue #12.2: a binary file is uploaded with ?convert=mms, so what is sent is the converted file.
	{ label: 'a PNG from a binary property, as the engine plans its upload', message: withMessage({ media: [binaryPng] }), problems: [] },
	{ label: 'a BMP from a binary property', message: withMessage({ media: [{ ...binaryPng, contentType: 'image/bmp' }] }), problems: [] },
	{ label: 'a PNG at a public URL (sent as it is, unconverted)', message: withMessage({ media: [{ url: 'https://media.example.com/a', contentType: 'image/png' }] }), problems: [/must be converted first/] },
	{ label: 'a .jpeg file', message: withMessage({ media: [{ url: 'https://media.example.com/photo.JPEG?v=2' }] }), problems: [/must be converted first/] },
	{ label: 'a subject longer than 20 characters', message: withMessage({ subject: 'x'.repeat(21) }), problems: ['ClickSend takes a subject of at most 20 characters; this one has 21'] },
	{ label: 'an empty text', message: withMessage({ text: ' ' }), problems: ['ClickSend requires a message text'] },
	{ label: '1501 GSM characters', message: withMessage({ text: 'a'.repeat(1501) }), problems: ['ClickSend takes at most 1500 characters of text; this one has 1501'] },
	{
		label: '501 Unicode characters',
		message: withMessage({ text: 'ü'.repeat(400) + '€'.repeat(100) + 'ж' }),
		problems: ['The text has 501 characters; ClickSend truncates Unicode MMS text after 500'],
	},
]);

const file: MediaFile = { data: randomBytes(2048), mimeType: 'image/png', fileName: 'promo.png', sha256: 'unused-by-clicksend' };

runUploadCases(suite, {
	stored: [
		{
			label: 'base64 content for MMS conversion; the reference is the converted file URL',
			file,
			request: { url: `${ORIGIN}/v3/uploads?convert=mms`, headers: wireHeaders, body: { content: file.data.toString('base64') } },
			reply: { status: 200, fixture: 'upload-response.json' },
			reference: { url: 'https://rest.clicksend.com/files/2B3E5F90-8C1A-4B7E-9D2F-6A1C3E5B7D90.jpg', fileName: 'promo.png' },
		},
	],
	refused: [
		{ label: 'a 401', file, reply: { status: 401, fixture: 'error-401.json' }, error: /UNAUTHORIZED: Authentication credentials were missing or incorrect\./ },
		{ label: 'a 200 without data._url', file, reply: { status: 200, body: '{"http_code":200,"response_code":"SUCCESS","data":null}' }, error: /no data\._url/ },
		{ label: 'an HTML page', file, reply: { status: 502, fixture: 'gateway-error.html' }, error: /502 Bad Gateway/ },
	],
});

// ---------------------------------------------------------------------------------------------
// Webhooks

const TRIGGER_URL = 'https://n8n.example.com/webhook/clicksend';
const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const query = (params: Record<string, string | string[]>) =>
	Object.entries(params)
		.flatMap(([key, values]) => (Array.isArray(values) ? values : [values]).map((value) => `${key}=${encodeURIComponent(value)}`))
		.join('&');
const posted = (body: string, contentType: string | undefined, params: Record<string, string | string[]> = { token: credentials.webhookToken }): WebhookRequest =>
	webhookRequest({ url: `${TRIGGER_URL}?${query(params)}`, body, contentType });
const receipt = fixture('receipt-delivered.json');

runVerifyCases(suite, {
	valid: [
		{ label: 'the right token', request: posted(receipt, JSON_TYPE) },
		{ label: 'the right token first of repeats', request: posted(receipt, JSON_TYPE, { token: [credentials.webhookToken, 'other'] }) },
		// Nothing is signed: a token proves the sender knows the URL, not that the body is unchanged.
		{ label: 'the right token on a changed body', request: posted(fixture('receipt-cancelled.json').replace('301', '201'), JSON_TYPE) },
	],
	forged: [
		{ label: 'a wrong token of the same length', request: posted(receipt, JSON_TYPE, { token: randomBytes(24).toString('base64url') }), reason: /does not match/ },
		{ label: 'a wrong token of another length', request: posted(receipt, JSON_TYPE, { token: 'short' }), reason: /does not match/ },
	],
	missing: [
		{ label: 'no token parameter', request: posted(receipt, JSON_TYPE, {}), reason: /no token/ },
		{ label: 'an empty token parameter', request: posted(receipt, JSON_TYPE, { token: '' }), reason: /no token/ },
		{ label: 'a credential without a webhook token', request: posted(receipt, JSON_TYPE, { token: '' }), credentials: { ...credentials, webhookToken: '' }, reason: /No webhook token/ },
	],
});

/** A receipt has no id of its own: its key is the message, status_code/error_code and the receipt as sent. */
const receiptKey = expect.stringMatching(/^[^:]+:\d+\/\d*:[\w-]{22}$/);
const status = (fields: object) => ({ provider: 'clicksend', kind: 'status', eventId: receiptKey, to: null, from: null, optedOut: false, text: null, media: [], ...fields });
/** One event, compared on the fields given; `raw` is the item as the provider sent it (form fields for a form). */
const mapped = (label: string, file: string, contentType: string | undefined, fields: object) => ({
	label,
	request: posted(fixture(file), contentType),
	events: [expect.objectContaining({ ...fields, raw: contentType === FORM_TYPE ? Object.fromEntries(new URLSearchParams(fixture(file))) : fixtureJson(file) })],
});

runParseCases(suite, {
	events: [
		mapped(
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
		),
		mapped('a sent receipt with numeric fields', 'receipt-sent.json', JSON_TYPE, status({ status: 'sent', providerStatus: 'Sent', final: false, errorCode: null, occurredAt: '2024-06-11T09:53:35.000Z', ref: 'r1' })),
		mapped(
			'a temporary failure (still queued, will be retried)',
			'receipt-temporary.json',
			JSON_TYPE,
			status({ status: 'queued', final: false, errorCode: '16', errorMessage: 'Temporary network error - will be retried', ref: 'r2' }),
		),
		mapped('a cancelled message', 'receipt-cancelled.json', JSON_TYPE, status({ status: 'failed', providerStatus: 'Cancelled', final: true, errorCode: '5', occurredAt: '2024-06-11T09:54:00.000Z' })),
		mapped(
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
		),
		mapped('an inbound message (ClickSend n8n sample)', 'inbound.json', JSON_TYPE, {
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
		}),
		mapped('an inbound MMS reply with media, found by the original custom_string', 'inbound-mms-reply.json', JSON_TYPE, {
			kind: 'inbound',
			text: 'Love it, see you there',
			dropId: 'drop-7Qx',
			ref: 'r1',
			media: [{ url: 'https://clicksend-api-downloads.s3.ap-southeast-2.amazonaws.com/_private/5D1C2B3A-9E8F-4A7B-8C6D-0E1F2A3B4C5D.jpg', contentType: null }],
		}),
		mapped('an inbound STOP as a form', 'inbound-stop.form.txt', FORM_TYPE, { kind: 'opt_out', optedOut: true, text: 'Stop', from: '+61411111111', status: 'received', dropId: 'drop-7Qx', ref: 'r1' }),
		mapped('a receipt without content type (sniffed as JSON)', 'receipt-delivered.json', undefined, status({ status: 'delivered', ref: 'r1' })),
		{
			label: 'one event per item of an array payload',
			request: posted(fixture('receipts-batch.json'), JSON_TYPE),
			events: [
				expect.objectContaining({ messageId: 'FC9EA26C-6FE3-4F47-AF5A-47EBDF96EDBC', status: 'delivered', errorCode: null, ref: 'r1', optedOut: false }),
				expect.objectContaining({
					messageId: '0B7E2A9F-3C41-4D2B-9E57-1A6C8D4F2E10',
					status: 'undelivered',
					errorCode: '19',
					ref: 'r2',
					optedOut: false,
					raw: fixtureJson<unknown[]>('receipts-batch.json')[1],
				}),
			],
		},
		{
			label: 'dropId and ref from the trigger URL query win over custom_string',
			request: posted(receipt, JSON_TYPE, { token: 't', dropId: 'drop-from-url', ref: 'r9' }),
			events: [expect.objectContaining({ dropId: 'drop-from-url', ref: 'r9' })],
		},
		{
			label: 'the receive time where the provider gives none',
			request: posted(JSON.stringify({ message_id: 'X1', status_code: '201' }), JSON_TYPE),
			events: [expect.objectContaining({ occurredAt: suite.receivedAt.toISOString(), status: 'delivered', providerStatus: 'Delivered', dropId: null, ref: null })],
		},
		// Issue #13.7: fields and codes named like prototype members are data; an absurd timestamp is no time.
		{
			label: 'a form receipt with fields named __proto__, constructor, toString',
			request: posted(`${fixture('receipt-undelivered.form.txt')}&__proto__=x&constructor=y&toString=z`, FORM_TYPE),
			events: [expect.objectContaining({ status: 'undelivered', errorCode: '12', ref: 'r2', raw: expect.objectContaining({ constructor: 'y', toString: 'z' }) })],
		},
		...['constructor', '__proto__', 'toString', 'hasOwnProperty'].map((code) => ({
			label: `an error_code named ${code} refines nothing`,
			request: posted(JSON.stringify({ message_id: 'X1', status_code: '301', error_code: code }), JSON_TYPE),
			events: [expect.objectContaining({ status: 'failed', providerStatus: 'Failed', errorCode: code, errorMessage: null })],
		})),
		{
			label: 'a timestamp of 99999999999999999 ⇒ the receipt time',
			request: posted(JSON.stringify({ message_id: 'X1', status_code: '201', timestamp: '99999999999999999' }), JSON_TYPE),
			events: [expect.objectContaining({ occurredAt: suite.receivedAt.toISOString(), status: 'delivered' })],
		},
		{
			label: 'an inbound message with a timestamp of 99999999999999999 (a number) ⇒ the receipt time',
			request: posted('{"message_id":"M8","from":"+61411111111","body":"hi","timestamp":99999999999999999}', JSON_TYPE),
			events: [expect.objectContaining({ kind: 'inbound', occurredAt: suite.receivedAt.toISOString() })],
		},
		// providers.md §10: no ClickSend receipt code is documented as an opt-out.
		...Object.keys(RECEIPT_ERROR_CODES).map((code) => ({
			label: `error_code ${code} is no opt-out`,
			request: posted(JSON.stringify({ message_id: 'X1', status_code: '301', error_code: code }), JSON_TYPE),
			events: [expect.objectContaining({ optedOut: false })],
		})),
	],
	malformed: [
		{ label: 'a body that is not JSON', request: posted('{"message_id": ', JSON_TYPE), error: /not valid JSON/ },
		{ label: 'an unknown payload', request: posted(fixture('unknown-payload.json'), JSON_TYPE), error: /Unknown ClickSend webhook payload/ },
		{ label: 'an unknown status_code', request: posted(fixture('receipt-unknown-status.json'), JSON_TYPE), error: /Unknown ClickSend status_code 999/ },
		...['constructor', '__proto__', 'toString'].map((code) => ({
			label: `a status_code named ${code} is unknown, not a prototype member`,
			request: posted(JSON.stringify({ message_id: 'X1', status_code: code }), JSON_TYPE),
			error: new RegExp(`Unknown ClickSend status_code ${code}`),
		})),
		{ label: 'a receipt without message_id', request: posted('{"status_code":"201"}', JSON_TYPE), error: /message_id/ },
		{ label: 'an inbound message without text', request: posted('{"message_id":"M1","from":"+61411111111"}', JSON_TYPE), error: /body or message/ },
		{ label: 'an empty array', request: posted('[]', JSON_TYPE), error: /no receipt or message/ },
		{ label: 'an array of strings', request: posted('["x"]', JSON_TYPE), error: /not an object/ },
		{ label: 'an empty form', request: posted('', FORM_TYPE), error: /no receipt or message/ },
	],
});

// Issue #13.5: a replayed receipt is the same event; another receipt of the message is not.
describe('clicksend receipt keys', () => {
	const key = (body: string, contentType = JSON_TYPE) => [...clicksendAdapter.webhook!.parse(posted(body, contentType), suite.receivedAt)][0].eventId;

	it('is the same for a replay, different for another status or time of the message', () => {
		const first = key(receipt);
		expect(key(receipt)).toBe(first);
		expect(key(fixture('receipt-sent.json'))).not.toBe(first);
		expect(key(receipt.replace('1718099620', '1718099621'))).not.toBe(first);
	});

	it('gives each receipt of an array its own key', () => {
		const keys = [...clicksendAdapter.webhook!.parse(posted(fixture('receipts-batch.json'), JSON_TYPE), suite.receivedAt)].map((event) => event.eventId);
		expect(new Set(keys).size).toBe(keys.length);
	});
});

// Issue #14: ClickSend's MMS history lists messages by time with their custom_string (clicksend-python-v2 view_mms_history).
describe('clicksend lookup (resolveUnknown)', () => {
	const query = (ref: string, text = message.text): LookupQuery => ({ dropId: 'drop-7Qx', ref, to: '+61411111111', from: message.from, text, sentAfterMs: 1_718_099_600_000 });
	const historyUrl = `${ORIGIN}/v3/mms/history?date_from=1718099600&page=1&limit=100`;
	const history = fixtureJson<{ data: { total: number } }>('mms-history.json');
	const listed: Reply = { status: 200, fixture: 'mms-history.json', headers: { 'content-type': 'application/json' } };
	const cases: Array<{ label: string; query: LookupQuery; reply: Reply; answer: LookupAnswer }> = [
		{ label: 'its custom_string with the same text ⇒ found, its message_id', query: query('r1'), reply: listed, answer: { found: true, messageId: 'FC9EA26C-6FE3-4F47-AF5A-47EBDF96EDBC' } },
		{ label: 'only a reply carries its custom_string (direction in) ⇒ not found', query: query('r2'), reply: listed, answer: { found: false } },
		{ label: 'its custom_string with another text ⇒ unknown, never re-sent', query: query('r3'), reply: listed, answer: { found: 'unknown', why: 'ClickSend has a message of this drop to this recipient, with another text' } },
		{ label: 'no message with its custom_string, the whole window on the page ⇒ not found', query: query('r4'), reply: listed, answer: { found: false } },
		{
			label: 'no message with its custom_string, but more messages since the send than the page holds ⇒ unknown',
			query: query('r4'),
			reply: { status: 200, body: JSON.stringify({ ...history, data: { ...history.data, total: 250 } }) },
			answer: { found: 'unknown', why: "ClickSend's MMS history since the send holds 250 messages, more than one page" },
		},
		{ label: 'an unreadable history ⇒ unknown', query: query('r1'), reply: { status: 200, fixture: 'gateway-error.html' }, answer: { found: 'unknown', why: "ClickSend's MMS history could not be read" } },
	];

	afterEach(() => nock.cleanAll());
	it.each(cases)('$label', async ({ query: asked, reply, answer }) => {
		const { sent, response } = await onTheWire(suite, clicksendAdapter.lookup!.buildRequest(credentials, asked), reply);
		expectRequest(sent, { method: 'GET', url: historyUrl, headers: { authorization: wireHeaders.authorization } });
		const given = clicksendAdapter.lookup!.parseResponse(asked, response);
		expect(given).toEqual(answer);
		expectNoSecrets(suite, given);
	});

	it('asks by the shortened custom_string a long drop id was sent with', () => {
		const dropId = `campaign-2026-spring-${'x'.repeat(40)}`;
		const ref = refFor(dropId, '+61411111111');
		const sent = { ...batchOf(['+61411111111']), dropId, recipients: [{ ref, to: '+61411111111' }] };
		const value = (JSON.parse(String(clicksendAdapter.buildSendRequest(credentials, sent, suite.nowMs).body)) as { messages: Array<{ custom_string: string }> }).messages[0].custom_string;
		const body = JSON.stringify({ data: { total: 1, data: [{ message_id: 'L1', direction: 'out', body: message.text, custom_string: value }] } });
		expect(clicksendAdapter.lookup!.parseResponse({ ...query(ref), dropId }, { status: 200, headers: {}, body })).toEqual({ found: true, messageId: 'L1' });
	});
});

it('knows the 20 documented receipt error codes', () => {
	expect(Object.keys(RECEIPT_ERROR_CODES)).toHaveLength(20);
});

runAnswerCases(suite, {
	setupSteps: [/Delivery Reports.*Inbound.*\?token=/],
	answers: [{ label: 'the default empty 200', request: posted(receipt, JSON_TYPE), answer: undefined }],
});
