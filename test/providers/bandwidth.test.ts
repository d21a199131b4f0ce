/**
 * Bandwidth: fixtures from test/fixtures/bandwidth (sources in its README) and case tables for the
 * shared runner. Callback Basic credentials are made in the test.
 */
import { createHash, randomBytes } from 'node:crypto';

import { bandwidthAdapter } from '../../nodes/providers/bandwidth';
import type {
	FailureReason, MediaFile, OutboundMessage, OutcomeKind, SendBatch, SendOutcome, WebhookRequest,
} from '../../nodes/providers/types';
import { basicAuthorization } from '../webhook-signing';
import {
	providerSuite, type Reply, runAnswerCases, runParseCases, runResponseCases, runSendCases, runUploadCases,
	runValidationCases, runVerifyCases, webhookRequest,
} from './cases';
import { runCredentialContract } from './contract';
import { runCapabilityInvariants } from './invariants';

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
const MESSAGES_URL = `${ORIGIN}/api/v2/users/9900000/messages`;
const apiAuthorization = basicAuthorization(credentials.username, credentials.password);
const wireHeaders = { authorization: apiAuthorization, 'content-type': 'application/json; charset=utf-8', accept: 'application/json' };

function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
	return { from: '+12345678901', text: 'Hey, check this out!', media: [{ url: 'https://mySite.com/images/test_image.jpg' }], ...overrides };
}

function batch(overrides: Partial<SendBatch> = {}): SendBatch {
	return { dropId: 'drop-1', message: message(), recipients: [{ ref: 'r1', to: '+12345678902' }], ...overrides };
}

const suite = providerSuite(bandwidthAdapter, { credentials, message: message(), nowMs: 0, receivedAt: new Date('2030-01-01T00:00:00.000Z') });
const { fixture, fixtureJson } = suite;

runCapabilityInvariants(suite);

const { accountId, username, password, applicationId } = credentials;
runCredentialContract(suite, [
	{ label: 'the official origin', credentials: { accountId, username, password, applicationId } },
	{ label: 'a proxy with a trailing slash', credentials: { accountId, username, password, applicationId, baseUrl: 'http://127.0.0.1:8080/' } },
	{ label: 'an emptied Base URL (the official origin)', credentials: { accountId, username, password, applicationId, baseUrl: '' } },
]);

const accepted: SendOutcome[] = [{ ref: 'r1', kind: 'accepted', messageId: '14762070468292kw2fuqty55yp2b2' }];
const created: Reply = { status: 202, fixture: 'send-response-202.json', headers: { 'content-type': 'application/json' } };
const requestBody = fixtureJson<Record<string, unknown>>('send-request-single.json');

runSendCases(suite, [
	{
		label: 'one recipient as the documented JSON with Basic auth and the correlation tag, no callback URL even when the drop has one',
		batch: batch({ statusCallbackUrl: 'https://n8n.example/webhook/x?dropId=drop-1' }),
		request: { url: MESSAGES_URL, headers: wireHeaders, body: requestBody },
		reply: created,
		outcomes: accepted,
	},
	{
		label: 'several media in order, uploads as media-store URLs',
		batch: batch({
			message: message({
				media: [{ url: 'https://cdn.example/a.jpg' }, { mediaId: 'abc123.png', contentType: 'image/png' }, { url: 'https://cdn.example/c.gif' }],
			}),
		}),
		request: {
			url: MESSAGES_URL,
			body: { ...requestBody, media: ['https://cdn.example/a.jpg', `${ORIGIN}/api/v2/users/9900000/media/abc123.png`, 'https://cdn.example/c.gif'] },
		},
		reply: created,
		outcomes: accepted,
	},
	{
		label: 'no `media` field when there is none',
		batch: batch({ message: message({ media: [] }) }),
		request: { url: MESSAGES_URL, body: { ...requestBody, media: undefined } },
		reply: created,
		outcomes: accepted,
	},
	{
		label: 'the credential baseUrl as origin',
		batch: batch(),
		credentials: { ...credentials, baseUrl: 'http://127.0.0.1:8080/' },
		request: { url: 'http://127.0.0.1:8080/api/v2/users/9900000/messages', headers: wireHeaders, body: requestBody },
		reply: created,
		outcomes: accepted,
	},
	{
		label: 'the official origin when baseUrl is empty',
		batch: batch(),
		credentials: { ...credentials, baseUrl: '' },
		request: { url: MESSAGES_URL, headers: wireHeaders, body: requestBody },
		reply: created,
		outcomes: accepted,
	},
]);

/** A documented error body: its `type` as code; description and field errors as the message. */
function failed(file: string, status: number, kind: OutcomeKind, reason: FailureReason, retryAfterMs?: number): SendOutcome[] {
	const body = fixtureJson<{ type: string; description: string; fieldErrors?: Array<{ fieldName: string; description: string }> }>(file);
	const fields = (body.fieldErrors ?? []).map((field) => `${field.fieldName}: ${field.description}`);
	return [{ ref: 'r1', kind, reason, error: { code: body.type, message: [body.description, ...fields].join('; '), httpStatus: status }, ...(retryAfterMs ? { retryAfterMs } : {}) }];
}

function unreadable(status: number, kind: OutcomeKind, reason: FailureReason): SendOutcome[] {
	return [{ ref: 'r1', kind, reason, error: { code: 'invalid_response', message: expect.stringContaining(`HTTP ${status}`), httpStatus: status } }];
}

/** A 429 whose description states the account's rate: one queue slot frees after one message's share of it. */
function queueFull(description: string): Reply {
	return { status: 429, body: JSON.stringify({ type: 'max-message-queue-size-exceeded', description }), headers: json };
}
const queueFullOutcome = (description: string, retryAfterMs?: number): SendOutcome[] => [
	{ ref: 'r1', kind: 'retryable', reason: 'rate_limited', error: { code: 'max-message-queue-size-exceeded', message: description, httpStatus: 429 }, ...(retryAfterMs ? { retryAfterMs } : {}) },
];

const json = { 'content-type': 'application/json; charset=utf-8' };
const html = { 'content-type': 'text/html' };
const error = (status: number, file: string): Reply => ({ status, fixture: file, headers: json });
const frameworkError = '{"timestamp":"2019-09-09T19:02:19.253+0000","status":500,"error":"Internal Server Error","path":"/api/v2/users/9900000/messages"}';

// Bandwidth has no send-time opt-out error: opted-out recipients are accepted and fail later with
// callback errorCode 4775 (see the webhook tables).
runResponseCases(suite, batch(), [
	{ label: '202 message object', reply: created, outcomes: accepted },
	{ label: '400 request-validation', reply: error(400, 'send-error-400.json'), outcomes: failed('send-error-400.json', 400, 'permanent', 'provider_rejected') },
	{ label: '400 invalid `to`', reply: error(400, 'send-error-400-invalid-to.json'), outcomes: failed('send-error-400-invalid-to.json', 400, 'permanent', 'invalid_number') },
	{ label: '400 invalid media', reply: error(400, 'send-error-400-media.json'), outcomes: failed('send-error-400-media.json', 400, 'permanent', 'media_rejected') },
	{ label: '401 unauthorized', reply: error(401, 'send-error-401.json'), outcomes: failed('send-error-401.json', 401, 'fatal', 'auth_failed') },
	{ label: '403 forbidden', reply: error(403, 'send-error-403.json'), outcomes: failed('send-error-403.json', 403, 'fatal', 'auth_failed') },
	{
		label: '404 path not found (the framework error shape)',
		reply: error(404, 'send-error-404.json'),
		outcomes: [{ ref: 'r1', kind: 'permanent', reason: 'provider_rejected', error: { code: 'Not Found', message: 'Not Found', httpStatus: 404 } }],
	},
	{
		label: '500 in the framework shape',
		reply: { status: 500, body: frameworkError, headers: json },
		outcomes: [{ ref: 'r1', kind: 'ambiguous', reason: 'server_error', error: { code: 'Internal Server Error', message: 'Internal Server Error', httpStatus: 500 } }],
	},
	{ label: '415 wrong content type', reply: error(415, 'send-error-415.json'), outcomes: failed('send-error-415.json', 415, 'permanent', 'provider_rejected') },
	{ label: '429 queue full, wait hint from the allowed rate', reply: error(429, 'send-error-429.json'), outcomes: failed('send-error-429.json', 429, 'retryable', 'rate_limited', 1000) },
	{ label: '429: 1 message per second ⇒ 1000 ms', reply: queueFull('Your allowed rate is 1 message per second.'), outcomes: queueFullOutcome('Your allowed rate is 1 message per second.', 1000) },
	{ label: '429: 4 messages per second ⇒ 250 ms', reply: queueFull('Your allowed rate is 4 messages per second.'), outcomes: queueFullOutcome('Your allowed rate is 4 messages per second.', 250) },
	{ label: '429: 7200 messages per hour ⇒ 500 ms', reply: queueFull('Your allowed rate is 7200 messages per hour.'), outcomes: queueFullOutcome('Your allowed rate is 7200 messages per hour.', 500) },
	{ label: '429 without a rate ⇒ no wait hint', reply: queueFull('The SMS queue for your account is full.'), outcomes: queueFullOutcome('The SMS queue for your account is full.') },
	{ label: '429 with a zero rate ⇒ no wait hint', reply: queueFull('Your allowed rate is 0 messages per minute.'), outcomes: queueFullOutcome('Your allowed rate is 0 messages per minute.') },
	{ label: '503 unavailable', reply: error(503, 'send-error-503.json'), outcomes: failed('send-error-503.json', 503, 'retryable', 'server_error') },
	{ label: '500 server error', reply: error(500, 'send-error-500.json'), outcomes: failed('send-error-500.json', 500, 'ambiguous', 'server_error') },
	{ label: '502 HTML from a proxy', reply: { status: 502, fixture: 'send-bad-gateway.html', headers: html }, outcomes: unreadable(502, 'ambiguous', 'server_error') },
	{ label: '202 with a non-JSON body', reply: { status: 202, fixture: 'send-bad-gateway.html', headers: html }, outcomes: unreadable(202, 'ambiguous', 'invalid_response') },
	{ label: '202 JSON without an id', reply: { status: 202, body: '{"owner":"+12345678901"}', headers: json }, outcomes: unreadable(202, 'ambiguous', 'invalid_response') },
	{ label: '400 with a non-JSON body', reply: { status: 400, fixture: 'send-bad-gateway.html', headers: html }, outcomes: unreadable(400, 'permanent', 'provider_rejected') },
	{ label: '429 with a non-JSON body', reply: { status: 429, body: 'Too Many Requests', headers: { 'content-type': 'text/plain' } }, outcomes: unreadable(429, 'retryable', 'rate_limited') },
	{ label: '401 with a non-JSON body', reply: { status: 401, fixture: 'send-bad-gateway.html', headers: html }, outcomes: unreadable(401, 'fatal', 'auth_failed') },
	// Issue #13.7: names from a reply are looked up as own keys, never as Object's prototype members.
	...['constructor', '__proto__', 'toString'].map((name) => ({
		label: `a field error on \`${name}\` and an error type named ${name}: no prototype member for a reason`,
		reply: { status: 400, body: JSON.stringify({ type: name, description: 'Your request could not be accepted.', fieldErrors: [{ fieldName: name, description: 'is invalid' }] }), headers: json },
		outcomes: [{ ref: 'r1', kind: 'permanent' as const, reason: 'provider_rejected' as const, error: { code: name, message: `Your request could not be accepted.; ${name}: is invalid`, httpStatus: 400 } }],
	})),
]);

const mediaOf = (count: number, bytes = 1000) => Array.from({ length: count }, (_, index) => ({ url: `https://cdn.example/${index}.jpg`, bytes }));

runValidationCases(suite, [
	{ label: 'a valid MMS', message: message(), problems: [] },
	{ label: '10 media totalling exactly 3.5 MB', message: message({ media: mediaOf(10, 350_000) }), problems: [] },
	{ label: 'an uploaded media reference', message: message({ media: [{ mediaId: 'abc.jpg', bytes: 10 }] }), problems: [] },
	{ label: 'media only, no text', message: message({ text: '' }), problems: [] },
	{ label: 'emoji count as one character each', message: message({ text: '😀'.repeat(2048) }), problems: [] },
	{ label: 'too many media', message: message({ media: mediaOf(11) }), problems: ['Bandwidth takes at most 10 media per message; this one has 11'] },
	{ label: 'media too large in total', message: message({ media: mediaOf(2, 1_750_001) }), problems: ['Bandwidth takes at most 3500000 bytes of media per message; this one has 3500002'] },
	{ label: 'text too long', message: message({ text: 'x'.repeat(2049) }), problems: ['Bandwidth takes at most 2048 characters of text; this one has 2049'] },
	{ label: 'neither text nor media', message: message({ text: '', media: [] }), problems: ['Bandwidth needs text or media'] },
	{
		label: 'inline media without URL',
		message: message({ media: [{ data: Buffer.from('x'), fileName: 'a.jpg' }] }),
		problems: ['Media a.jpg needs a public URL or an upload to the Bandwidth media store'],
	},
	{
		label: 'a media URL over 4096 characters',
		message: message({ media: [{ url: 'https://cdn.example/' + 'a'.repeat(4100) }] }),
		problems: ['A media URL is 4120 characters; Bandwidth takes at most 4096'],
	},
	{ label: 'no sender', message: message({ from: ' ' }), problems: ['Bandwidth needs a sender (`from`): a Bandwidth number on the application'] },
	{ label: 'no application id', message: message(), credentials: { ...credentials, applicationId: '' }, problems: ['The Bandwidth credential has no Messaging Application ID'] },
]);

const data = randomBytes(2048);
const file: MediaFile = { data, mimeType: 'image/jpeg', fileName: 'promo.jpeg', sha256: createHash('sha256').update(data).digest('hex') };
const mediaUrl = (name: string) => `${ORIGIN}/api/v2/users/9900000/media/${name}`;
const stored: Reply = { status: 204, body: '' };
/** We name the object after its content hash, so the reference is known before the (bodiless) reply. */
const storedCase = (label: string, upload: MediaFile, name: string) => ({
	label,
	file: upload,
	request: {
		method: 'PUT' as const,
		url: mediaUrl(name),
		headers: { authorization: apiAuthorization, 'content-type': upload.mimeType },
		body: (body: Buffer) => expect(body.equals(upload.data)).toBe(true),
	},
	reply: stored,
	reference: { mediaId: name, contentType: upload.mimeType, bytes: 2048, fileName: upload.fileName },
});

runUploadCases(suite, {
	stored: [
		storedCase('the raw bytes PUT under a content-hash name with Basic auth and Content-Type', file, `${file.sha256}.jpg`),
		storedCase('the same bytes under another file name: the same object (an idempotent re-upload)', { ...file, fileName: 'other.jpg' }, `${file.sha256}.jpg`),
		storedCase('the extension from the media type', { ...file, mimeType: 'image/png' }, `${file.sha256}.png`),
		storedCase('else the extension from the file name', { ...file, mimeType: 'application/x-unknown', fileName: 'card.VCF' }, `${file.sha256}.vcf`),
		storedCase('else no extension', { ...file, mimeType: 'application/x-unknown', fileName: 'noext' }, file.sha256),
	],
	refused: [
		{ label: '401', file, reply: { status: 401, fixture: 'send-error-401.json' }, error: /HTTP 401\): unauthorized: Authentication Failed/ },
		{ label: '400', file, reply: { status: 400, fixture: 'send-error-400.json' }, error: /HTTP 400\): request-validation: Your request could not be accepted/ },
		{ label: '502 HTML', file, reply: { status: 502, fixture: 'send-bad-gateway.html' }, error: /HTTP 502\): <html>/ },
	],
});

// ---------------------------------------------------------------------------------------------
// Webhooks

const TRIGGER_URL = 'https://n8n.example/webhook/abc/mms';
const callbackAuthorization = basicAuthorization(credentials.callbackUsername, credentials.callbackPassword);
function callback(body: string, options: { authorization?: string | null; url?: string } = {}): WebhookRequest {
	const authorization = options.authorization === undefined ? callbackAuthorization : options.authorization;
	return webhookRequest({ url: options.url ?? TRIGGER_URL, body, contentType: 'application/json; charset=utf-8', headers: authorization === null ? {} : { authorization } });
}

const delivered = fixture('callback-delivered.json');

runVerifyCases(suite, {
	valid: [
		{ label: 'the configured callback credentials', request: callback(delivered) },
		{ label: 'a lowercase scheme', request: callback(delivered, { authorization: callbackAuthorization.replace('Basic', 'basic') }) },
		// Basic auth covers neither the body nor the time (providers.md §4 "Signature").
		{ label: 'a changed body: Basic auth cannot tell', request: callback(delivered.replace('"ok"', '"tampered"')) },
		{ label: 'a replay a week later: Basic auth cannot tell', request: callback(delivered), nowMs: 7 * 24 * 3600 * 1000 },
	],
	forged: [
		{
			label: 'a wrong password of the same length',
			request: callback(delivered, { authorization: basicAuthorization(credentials.callbackUsername, 'x'.repeat(credentials.callbackPassword.length)) }),
			reason: /do not match/,
		},
		{ label: 'a wrong username', request: callback(delivered, { authorization: basicAuthorization('someone-else', credentials.callbackPassword) }), reason: /do not match/ },
		{ label: 'the API credentials instead of the callback ones', request: callback(delivered, { authorization: apiAuthorization }), reason: /do not match/ },
		{ label: 'a Bearer token', request: callback(delivered, { authorization: `Bearer ${credentials.callbackPassword}` }), reason: /not HTTP Basic/ },
		{ label: 'known username, empty password presented', request: callback(delivered, { authorization: basicAuthorization(credentials.callbackUsername, '') }), reason: /do not match/ },
	],
	missing: [
		{ label: 'no Authorization header', request: callback(delivered, { authorization: null }), reason: /No Authorization header/ },
		{
			label: 'no callback credentials in the credential',
			request: callback(delivered),
			credentials: { ...credentials, callbackUsername: '', callbackPassword: '' },
			reason: /no callback username\/password/,
		},
		{
			label: 'known username, empty password in the credential (regression: an unset password let the user name alone in)',
			request: callback(delivered, { authorization: basicAuthorization(credentials.callbackUsername, '') }),
			credentials: { ...credentials, callbackPassword: '' },
			reason: /no callback username\/password/,
		},
	],
});

const fromFixture = (name: string) => (fixtureJson(name) as unknown[])[0];
/** Bandwidth sends no event id: the key is the message id, the type and a hash of the event as sent. */
const keyOf = (messageId: string, type: string) => expect.stringMatching(new RegExp(`^${messageId}:${type}:[\\w-]{22}$`));
const anyKey = expect.stringMatching(/^[^:]+:message-[a-z]+:[\w-]{22}$/);
const status = (name: string, fields: object) => ({
	label: name,
	request: callback(fixture(name)),
	events: [expect.objectContaining({ provider: 'bandwidth', kind: 'status', eventId: anyKey, text: null, ...fields, raw: fromFixture(name) })],
});
const batchEvents = fixtureJson<unknown[]>('callback-batch.json');
const bareTag = JSON.stringify([{ ...(fromFixture('callback-delivered.json') as object), message: { id: 'm1', tag: 'drop-only' } }]);

runParseCases(suite, {
	events: [
		status('callback-sending.json', {
			messageId: '1593110555875xo7watq5px6rbe5d',
			status: 'queued',
			providerStatus: 'message-sending',
			final: false,
			to: '+15554443333',
			from: '+15552221111',
			errorCode: null,
			errorMessage: null,
			optedOut: false,
			occurredAt: '2020-06-25T18:42:36.979Z',
			dropId: 'drop-1',
			ref: 'r1',
			media: [{ url: 'https://dev.bandwidth.com/images/bandwidth-logo.png', contentType: null }],
		}),
		status('callback-sent.json', { status: 'sent', providerStatus: 'message-sent', final: false, ref: 'r1' }),
		status('callback-delivered.json', {
			messageId: '1585321273456iprz22vjeo4tvooc',
			status: 'delivered',
			final: true,
			to: '+12345678902',
			from: '+18447242263',
			occurredAt: '2020-03-27T15:01:22.646Z',
			dropId: 'drop-1',
			ref: 'r2',
			media: [],
		}),
		status('callback-delivered-mms-carrier.json', { status: 'sent', providerStatus: 'message-delivered', final: true, ref: 'r3', occurredAt: '2016-09-14T18:20:16.000Z' }),
		status('callback-failed-4432.json', {
			status: 'failed',
			providerStatus: 'message-failed',
			final: true,
			to: '+52345678903',
			errorCode: '4432',
			errorMessage: 'forbidden to country',
			optedOut: false,
			ref: 'r4',
		}),
		status('callback-failed-4775.json', {
			status: 'undelivered',
			final: true,
			to: '+15005550009',
			errorCode: '4775',
			errorMessage: 'destination-rejected-due-to-user-opt-out',
			optedOut: true,
			ref: 'r5',
		}),
		status('callback-failed-9902.json', { status: 'undelivered', errorCode: '9902', optedOut: false, ref: 'r6' }),
		status('callback-read.json', { status: 'read', providerStatus: 'message-read', final: true, occurredAt: '2024-05-02T10:19:42.120Z', ref: 'r7' }),
		{
			label: 'callback-received-mms.json',
			request: callback(fixture('callback-received-mms.json')),
			events: [
				{
					provider: 'bandwidth',
					kind: 'inbound',
					eventId: keyOf('14762070468292kw2fuqty55yp2b2', 'message-received'),
					messageId: '14762070468292kw2fuqty55yp2b2',
					status: 'received',
					providerStatus: 'message-received',
					final: true,
					to: '+12345678902',
					from: '+12345678901',
					errorCode: null,
					errorMessage: null,
					optedOut: false,
					occurredAt: '2016-09-14T18:20:16.000Z',
					dropId: null,
					ref: null,
					text: 'Hey, check this out!',
					media: [
						{ url: 'https://messaging.bandwidth.com/api/v2/users/9900000/media/14762070468292kw2fuqty55yp2b2/0/bw.png', contentType: null },
						{ url: 'https://messaging.bandwidth.com/api/v2/users/9900000/media/14762070468292kw2fuqty55yp2b2/1/clip.mp4', contentType: null },
					],
					raw: fromFixture('callback-received-mms.json'),
				},
			],
		},
		{
			label: 'callback-received-stop.json',
			request: callback(fixture('callback-received-stop.json')),
			events: [expect.objectContaining({ kind: 'opt_out', status: 'received', optedOut: true, from: '+12345678902', to: '+12345678901', text: ' Stop ', media: [], raw: fromFixture('callback-received-stop.json') })],
		},
		{
			label: 'one event per array element, in order, each with its own correlation',
			request: callback(fixture('callback-batch.json')),
			events: [
				expect.objectContaining({ messageId: '1714651200000batchbatch00001', status: 'delivered', final: true, errorCode: null, dropId: 'drop-2', ref: 'a1', raw: batchEvents[0] }),
				expect.objectContaining({ messageId: '1714651200000batchbatch00002', status: 'undelivered', final: true, errorCode: '4720', dropId: 'drop-2', ref: 'a2', raw: batchEvents[1] }),
				expect.objectContaining({ messageId: '1714651200000batchbatch00003', status: 'queued', final: false, errorCode: null, dropId: 'drop-2', ref: 'a3', raw: batchEvents[2] }),
			],
		},
		{
			label: 'dropId/ref from the tag first, even when the query has others',
			request: callback(delivered, { url: `${TRIGGER_URL}?dropId=drop-q&ref=q1` }),
			events: [expect.objectContaining({ dropId: 'drop-1', ref: 'r2' })],
		},
		{
			label: 'dropId/ref from the query string where there is no tag (first of repeats)',
			request: callback(fixture('callback-received-mms.json'), { url: `${TRIGGER_URL}?dropId=drop-q&ref=q1&ref=q2` }),
			events: [expect.objectContaining({ dropId: 'drop-q', ref: 'q1' })],
		},
		{
			label: 'a tag with a bare drop id: ref from the query',
			request: callback(bareTag, { url: `${TRIGGER_URL}?ref=q9` }),
			events: [expect.objectContaining({ dropId: 'drop-only', ref: 'q9' })],
		},
		{
			label: 'the receipt time where the callback has no readable time, and a string errorCode as is',
			request: callback(JSON.stringify([{ type: 'message-failed', time: 'not a time', errorCode: '4775', message: { id: 'm2' } }])),
			events: [expect.objectContaining({ occurredAt: '2030-01-01T00:00:00.000Z', errorCode: '4775', optedOut: true, status: 'undelivered', to: null, from: null })],
		},
		{ label: 'an empty array ⇒ no events', request: callback('[]'), events: [] },
		// Issue #12.8: Bandwidth retries a refused array for 24 hours; a type we do not map is acknowledged, the rest become items.
		{
			label: 'RBM suggestion-response and requested-location-response between known events ⇒ items for the known ones only',
			request: callback(fixture('callback-rbm-mixed.json')),
			events: [
				expect.objectContaining({ messageId: '1714645180000rbmmixed0000001', eventId: keyOf('1714645180000rbmmixed0000001', 'message-delivered'), status: 'delivered', dropId: 'drop-3', ref: 'm1' }),
				expect.objectContaining({ messageId: '1714645262000rbmmixed0000004', status: 'undelivered', errorCode: '4775', optedOut: true, dropId: 'drop-3', ref: 'm2' }),
			],
		},
		{ label: 'a type no source names ⇒ acknowledged without an item', request: callback(fixture('callback-unknown-type.json')), events: [] },
		// Issue #13.7: a type named like a prototype member is an unknown type, not Object's.
		{
			label: 'types named constructor, __proto__, toString, hasOwnProperty ⇒ acknowledged, the known event still an item',
			request: callback(
				JSON.stringify([
					...['constructor', '__proto__', 'toString', 'hasOwnProperty'].map((type) => ({ ...(fromFixture('callback-delivered.json') as object), type })),
					fromFixture('callback-delivered.json'),
				]),
			),
			events: [expect.objectContaining({ status: 'delivered', providerStatus: 'message-delivered', ref: 'r2' })],
		},
		{
			label: 'a message object with keys named like prototype members is read by its own keys',
			request: callback(JSON.stringify([{ ...(fromFixture('callback-delivered.json') as object), message: 'MESSAGE' }]).replace('"MESSAGE"', '{"id":"m9","__proto__":{"tag":"x:y"},"constructor":"c","toString":"t"}')),
			events: [expect.objectContaining({ messageId: 'm9', status: 'delivered', dropId: null, ref: null, to: '+12345678902' })],
		},
		{
			label: 'absurd times (year 275760, year 99999) ⇒ the receipt time',
			request: callback(
				JSON.stringify([
					{ type: 'message-sent', time: '+275760-09-13T00:00:00.001Z', message: { id: 'm3' } },
					{ type: 'message-read', time: '2024-01-01T00:00:00Z', eventTime: '99999-01-01T00:00:00Z', message: { id: 'm4' } },
				]),
			),
			events: [expect.objectContaining({ messageId: 'm3', occurredAt: '2030-01-01T00:00:00.000Z' }), expect.objectContaining({ messageId: 'm4', occurredAt: '2030-01-01T00:00:00.000Z' })],
		},
	],
	malformed: [
		{ label: 'not JSON', request: callback('<html>nope</html>'), error: /not valid JSON/ },
		{ label: 'not an array', request: callback(fixture('callback-not-array.json')), error: /JSON array/ },
		{ label: 'an event without a type', request: callback(JSON.stringify([{ time: '2024-01-01T00:00:00Z', message: { id: 'm' } }])), error: /#0: type Required/ },
		{ label: 'an event that is no object', request: callback('[null]'), error: /#0: event/ },
		{ label: 'no message object', request: callback(fixture('callback-missing-message.json')), error: /#0: message Required/ },
		{ label: 'a non-numeric errorCode', request: callback(JSON.stringify([{ type: 'message-failed', errorCode: 'x', message: { id: 'm' } }])), error: /errorCode/ },
	],
});

// Issue #13.5: Bandwidth events carry no id, though duplicates are handled: the key is built from the event as sent.
describe('bandwidth event keys', () => {
	const keys = (body: string) => [...bandwidthAdapter.webhook!.parse(callback(body), suite.receivedAt)].map((event) => event.eventId);
	const events = fixtureJson<object[]>('callback-batch.json');

	it('names each event of an array apart, and a replay or a redelivery in another array alike', () => {
		const [first, second, third] = keys(JSON.stringify(events));
		expect(new Set([first, second, third]).size).toBe(3);
		expect(keys(JSON.stringify(events))).toEqual([first, second, third]);
		expect(keys(JSON.stringify([events[2], events[0]]))).toEqual([third, first]);
	});

	it('differs for another status of the same message, or a changed event', () => {
		const delivered = fromFixture('callback-delivered.json') as { message: object };
		const [key] = keys(JSON.stringify([delivered]));
		expect(keys(JSON.stringify([{ ...delivered, type: 'message-sent' }]))[0]).not.toBe(key);
		expect(keys(JSON.stringify([{ ...delivered, time: '2020-03-27T15:01:22.647Z' }]))[0]).not.toBe(key);
	});
});

runAnswerCases(suite, {
	setupSteps: [/Applications.*Callback URL.*Callback user ID\/password/],
	answers: [{ label: 'the default empty 200', request: callback(delivered), answer: undefined }],
});
