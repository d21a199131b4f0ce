/**
 * Sinch: fixtures from test/fixtures/sinch (sources in its README) and case tables for the shared
 * runner. Callback Basic credentials are made in the test.
 */
import { createHmac, randomBytes } from 'node:crypto';

import nock from 'nock';

import { refFor } from '../../nodes/providers/shared';
import { sinchAdapter } from '../../nodes/providers/sinch';
import type {
	FailureReason, LookupAnswer, LookupQuery, NormalizedEvent, OutboundMessage, OutcomeKind, SendBatch, SendOutcome, WebhookRequest,
} from '../../nodes/providers/types';
import { basicAuthorization } from '../webhook-signing';
import {
	expectNoSecrets, expectRequest, onTheWire, providerSuite, type Reply, runAnswerCases, runParseCases, runResponseCases, runSendCases,
	runValidationCases, runVerifyCases, webhookRequest,
} from './cases';
import { runCredentialContract } from './contract';
import { runCapabilityInvariants } from './invariants';

const US = 'https://us.sms.api.sinch.com';
const SERVICE_PLAN_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const BATCH_ID = '01J8Z5K3M9Q2W7E4R6T8Y0U1IP';
const BATCHES_PATH = `/xms/v1/${SERVICE_PLAN_ID}/batches`;
const credentials = {
	servicePlanId: SERVICE_PLAN_ID,
	apiToken: `tok_${randomBytes(16).toString('hex')}`,
	region: 'us',
	baseUrl: '',
	callbackUsername: `cb_${randomBytes(6).toString('hex')}`,
	callbackPassword: randomBytes(18).toString('base64url'),
};
const wireHeaders = { authorization: `Bearer ${credentials.apiToken}`, 'content-type': 'application/json', accept: 'application/json' };

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

const suite = providerSuite(sinchAdapter, { credentials, message: message(), nowMs: 1_772_446_500_000, receivedAt: new Date('2026-03-02T12:00:00.000Z') });
const { fixture, fixtureJson } = suite;

runCapabilityInvariants(suite);

const { servicePlanId, apiToken } = credentials;
runCredentialContract(suite, [
	{ label: 'the us host by default', credentials: { servicePlanId, apiToken } },
	{ label: "the region's host", credentials: { servicePlanId, apiToken, region: 'eu' } },
	{ label: 'an empty region: the default region', credentials: { servicePlanId, apiToken, region: '' } },
	{ label: 'a Base URL instead of the region, white space and trailing slash dropped', credentials: { servicePlanId, apiToken, region: 'ca', baseUrl: ' http://sinch-proxy.internal:8080/ ' } },
	{ label: 'a blank Base URL: the region decides', credentials: { servicePlanId, apiToken, region: 'au', baseUrl: '  ' } },
]);

const acceptedAll = (sent: SendBatch): SendOutcome[] =>
	sent.recipients.map((recipient) => ({ ref: recipient.ref, kind: 'accepted', messageId: BATCH_ID, batchId: BATCH_ID }));
const created: Reply = { status: 201, fixture: 'send-201.json', headers: { 'content-type': 'application/json' } };
const thousand = Array.from({ length: 1000 }, (_, index) => `+1555${String(index).padStart(7, '0')}`);
const sendCase = (label: string, sent: SendBatch, origin: string, body: object, own?: Record<string, unknown>) => ({
	label,
	batch: sent,
	credentials: own,
	request: { url: `${origin}${BATCHES_PATH}`, headers: wireHeaders, body },
	reply: created,
	outcomes: acceptedAll(sent),
});

runSendCases(suite, [
	sendCase('a three-recipient batch with from, subject, callback_url and client_reference', batch(), US, fixtureJson('send-request-batch.json') as object),
	sendCase(
		'one recipient without from, text, subject or callback (optional fields left out)',
		batch(['+15551230001'], { message: message({ from: '', text: '', subject: undefined }), statusCallbackUrl: undefined }),
		US,
		fixtureJson('send-request-minimal.json') as object,
	),
	sendCase('the region picks the host', batch(), 'https://eu.sms.api.sinch.com', fixtureJson('send-request-batch.json') as object, { ...credentials, region: 'eu' }),
	sendCase(
		'a baseUrl replaces the regional host, trailing slash dropped',
		batch(),
		'http://sinch-proxy.internal:8080',
		fixtureJson('send-request-batch.json') as object,
		{ ...credentials, region: 'au', baseUrl: ' http://sinch-proxy.internal:8080/ ' },
	),
	{
		label: 'a full batch of 1000 recipients in one request, one outcome each in order',
		batch: batch(thousand),
		request: {
			url: `${US}${BATCHES_PATH}`,
			headers: wireHeaders,
			body: (body: Buffer) => expect((JSON.parse(body.toString()) as { to: string[] }).to).toEqual(thousand),
		},
		reply: { status: 201, body: JSON.stringify({ ...fixtureJson<object>('send-201.json'), to: thousand }) },
		outcomes: acceptedAll(batch(thousand)),
	},
	{
		label: 'the service plan id encoded into the path',
		batch: batch(),
		credentials: { ...credentials, servicePlanId: 'plan/with space' },
		request: { url: `${US}/xms/v1/plan%2Fwith%20space/batches` },
		reply: created,
		outcomes: acceptedAll(batch()),
	},
]);

/** A Sinch error body `{code, text}` for the listed refs (default every recipient of the batch). */
function failed(file: string, status: number, kind: OutcomeKind, reason: FailureReason, refs = ['r1', 'r2', 'r3']): SendOutcome[] {
	const { code, text } = fixtureJson<{ code: string; text: string }>(file);
	return refs.map((ref) => ({ ref, kind, reason, error: { code, message: text, httpStatus: status } }));
}

/** The recipients a batch refusal names failed; the others were merely not sent and may go again. */
function namedRecipient(file: string, status: number, named: string, reason: FailureReason): SendOutcome[] {
	const { code, text } = fixtureJson<{ code: string; text: string }>(file);
	return ['r1', 'r2', 'r3'].map((ref) =>
		ref === named
			? { ref, kind: 'permanent', reason, error: { code, message: text, httpStatus: status } }
			: {
					ref,
					kind: 'retryable',
					reason: 'provider_rejected',
					error: { code, message: `Not sent: Sinch refused the batch because of another recipient (${text})`, httpStatus: status },
				},
	);
}

function unreadable(status: number, kind: OutcomeKind, reason: FailureReason): SendOutcome[] {
	return ['r1', 'r2', 'r3'].map((ref) => ({ ref, kind, reason, error: { code: 'invalid_response', message: expect.stringContaining(`HTTP ${status}`), httpStatus: status } }));
}

const json = { 'content-type': 'application/json' };
const html = { 'content-type': 'text/html' };
const error = (status: number, file: string, headers: Record<string, string> = {}): Reply => ({ status, fixture: file, headers: { ...json, ...headers } });

// Sinch documents no wait hint of its own: the engine reads the standard Retry-After, so no outcome carries retryAfterMs.
runResponseCases(suite, batch(), [
	{ label: '400 syntax_invalid_json ⇒ permanent', reply: error(400, 'error-400-syntax-invalid-json.json'), outcomes: failed('error-400-syntax-invalid-json.json', 400, 'permanent', 'provider_rejected') },
	{
		label: '400 syntax_constraint_violation ⇒ permanent',
		reply: error(400, 'error-400-syntax-constraint-violation.json'),
		outcomes: failed('error-400-syntax-constraint-violation.json', 400, 'permanent', 'provider_rejected'),
	},
	{
		label: '400 syntax_invalid_parameter_format naming a recipient ⇒ that one invalid_number, the rest not sent (retryable)',
		batch: batch(['+15551230001', '+15005550001', '+15551230003']),
		reply: error(400, 'error-400-invalid-parameter-recipient.json'),
		outcomes: namedRecipient('error-400-invalid-parameter-recipient.json', 400, 'r2', 'invalid_number'),
	},
	{
		label: '400 syntax_invalid_parameter_format naming no recipient (a bad from) ⇒ all permanent',
		reply: error(400, 'error-400-invalid-parameter-from.json'),
		outcomes: failed('error-400-invalid-parameter-from.json', 400, 'permanent', 'provider_rejected'),
	},
	{
		label: '403 illegal_number_type naming a recipient without "+" ⇒ that one unsupported_destination',
		batch: batch(['+15005550006', '+15551230002', '+15551230003']),
		reply: error(403, 'error-403-illegal-number-type.json'),
		outcomes: namedRecipient('error-403-illegal-number-type.json', 403, 'r1', 'unsupported_destination'),
	},
	{
		label: '403 illegal_number_type naming no recipient ⇒ all permanent unsupported_destination',
		reply: error(403, 'error-403-illegal-number-type-unnamed.json'),
		outcomes: failed('error-403-illegal-number-type-unnamed.json', 403, 'permanent', 'unsupported_destination'),
	},
	{ label: '403 blocked_account ⇒ fatal', reply: error(403, 'error-403-blocked-account.json'), outcomes: failed('error-403-blocked-account.json', 403, 'fatal', 'auth_failed') },
	{ label: '403 unauthorized ⇒ fatal', reply: error(403, 'error-403-unauthorized.json'), outcomes: failed('error-403-unauthorized.json', 403, 'fatal', 'auth_failed') },
	{
		label: '403 missing_callback_url ⇒ fatal (every batch would be refused alike)',
		reply: error(403, 'error-403-missing-callback-url.json'),
		outcomes: failed('error-403-missing-callback-url.json', 403, 'fatal', 'provider_rejected'),
	},
	{ label: '403 unknown_campaign ⇒ permanent', reply: error(403, 'error-403-unknown-campaign.json'), outcomes: failed('error-403-unknown-campaign.json', 403, 'permanent', 'provider_rejected') },
	{ label: '403 with a code we do not list ⇒ permanent, not fatal', reply: error(403, 'error-403-unlisted-code.json'), outcomes: failed('error-403-unlisted-code.json', 403, 'permanent', 'provider_rejected') },
	{ label: '401 ⇒ fatal', reply: error(401, 'error-401.json'), outcomes: failed('error-401.json', 401, 'fatal', 'auth_failed') },
	{ label: '401 with an empty body ⇒ fatal', reply: { status: 401, body: '', headers: json }, outcomes: unreadable(401, 'fatal', 'auth_failed') },
	{ label: '429 ⇒ retryable', reply: error(429, 'error-429.json', { 'retry-after': '2' }), outcomes: failed('error-429.json', 429, 'retryable', 'rate_limited') },
	{ label: '503 ⇒ retryable', reply: error(503, 'error-503.json'), outcomes: failed('error-503.json', 503, 'retryable', 'server_error') },
	{ label: '500 ⇒ ambiguous (the batch may exist)', reply: error(500, 'error-500.json'), outcomes: failed('error-500.json', 500, 'ambiguous', 'server_error') },
	{ label: '502 HTML from a proxy ⇒ ambiguous', reply: error(502, 'proxy-error.html', html), outcomes: unreadable(502, 'ambiguous', 'server_error') },
	{ label: '201 with a non-JSON body ⇒ ambiguous', reply: error(201, 'proxy-error.html', html), outcomes: unreadable(201, 'ambiguous', 'invalid_response') },
	{ label: '201 JSON without a batch id ⇒ ambiguous', reply: error(201, 'send-201-no-id.json'), outcomes: unreadable(201, 'ambiguous', 'invalid_response') },
	{ label: '400 with a non-JSON body ⇒ permanent', reply: error(400, 'proxy-error.html', html), outcomes: unreadable(400, 'permanent', 'provider_rejected') },
	// Issue #13.7: an error code named like a prototype member is an unlisted code, not Object's.
	...['constructor', '__proto__', 'toString'].map((code) => ({
		label: `403 with the code ${code} ⇒ permanent, as an unlisted code`,
		reply: { status: 403, body: JSON.stringify({ code, text: 'Refused.' }), headers: json },
		outcomes: ['r1', 'r2', 'r3'].map((ref) => ({ ref, kind: 'permanent' as const, reason: 'provider_rejected' as const, error: { code, message: 'Refused.', httpStatus: 403 } })),
	})),
]);

runValidationCases(suite, [
	{ label: 'one public media URL', message: message(), problems: [] },
	{ label: 'media of exactly 1 000 000 bytes', message: message({ media: [{ url: 'https://x.test/a.jpg', bytes: 1_000_000 }] }), problems: [] },
	{ label: 'media without text (Sinch only refuses text without media)', message: message({ text: '' }), problems: [] },
	{ label: 'a long subject (no documented limit)', message: message({ subject: 'S'.repeat(200) }), problems: [] },
	{ label: 'any region when a base URL replaces the host', message: message(), credentials: { ...credentials, region: 'mars', baseUrl: 'http://127.0.0.1:9' }, problems: [] },
	{ label: 'no media', message: message({ media: [] }), problems: ['Sinch sends an MMS only with a media file; this message has none'] },
	{
		label: 'two media',
		message: message({ media: [{ url: 'https://x.test/a.jpg' }, { url: 'https://x.test/b.jpg' }] }),
		problems: ['Sinch takes at most 1 media per message; this one has 2'],
	},
	{
		label: 'media too large',
		message: message({ media: [{ url: 'https://x.test/a.jpg', bytes: 1_000_001 }] }),
		problems: ['Sinch takes at most 1000000 bytes of media per message; this one has 1000001'],
	},
	{ label: 'a media-store id instead of a URL', message: message({ media: [{ mediaId: 'abc123' }] }), problems: ['Sinch has no media store: the media must be a public URL'] },
	{
		label: 'an unknown region without a base URL',
		message: message(),
		credentials: { ...credentials, region: 'mars' },
		problems: ['Unknown Sinch region "mars"; use one of us, eu, au, br, ca or set a Base URL'],
	},
]);

// ---------------------------------------------------------------------------------------------
// Webhooks

const TRIGGER_URL = 'https://n8n.example.com/webhook/mms?dropId=drop-2026-spring';
const { callbackUsername: user, callbackPassword: password } = credentials;
const report = fixture('dlr-recipient-mms-delivered.json');
const callback = (authorization?: string, headers: Record<string, string> = {}, body = report): WebhookRequest =>
	webhookRequest({ url: TRIGGER_URL, body, contentType: 'application/json', headers: { ...(authorization ? { authorization } : {}), ...headers } });

// Issue #12.5: Sinch signs callbacks with HMAC-SHA256 over `body.nonce.timestamp` (sinch-sdk-node callbacks-webhook.ts).
const signingSecret = randomBytes(24).toString('base64url');
const signingOnly = { ...credentials, callbackUsername: '', callbackPassword: '', callbackSigningSecret: signingSecret };
const signingAndBasic = { ...credentials, callbackSigningSecret: signingSecret };
const nonce = '01JHFFHWYY7HSS4FWTMDTQEK8V';
const timestamp = '1772446500';
const hmac = (secret: string, body: string, signedNonce = nonce, signedTimestamp = timestamp) =>
	createHmac('sha256', secret).update(`${body}.${signedNonce}.${signedTimestamp}`).digest('base64');
const signed = (signature: string, extra: Record<string, string> = {}) => ({
	'x-sinch-webhook-signature': signature,
	'x-sinch-webhook-signature-nonce': nonce,
	'x-sinch-webhook-signature-timestamp': timestamp,
	'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
	...extra,
});
const sdkVector = fixtureJson<{ body: string; nonce: string; timestamp: string; secret: string; signature: string }>('callback-signature-sdk-vector.json');

runVerifyCases(suite, {
	valid: [
		{ label: 'the callback credentials', request: callback(basicAuthorization(user, password)) },
		{ label: 'the scheme in lower case', request: callback(basicAuthorization(user, password).replace('Basic', 'basic')) },
		{ label: 'an HMAC signature with the signing secret', request: callback(undefined, signed(hmac(signingSecret, report))), credentials: signingOnly },
		{
			label: 'the signature without the optional algorithm header',
			request: callback(undefined, { 'x-sinch-webhook-signature': hmac(signingSecret, report), 'x-sinch-webhook-signature-nonce': nonce, 'x-sinch-webhook-signature-timestamp': timestamp }),
			credentials: signingOnly,
		},
		{ label: 'signature and Basic auth where the credential has both', request: callback(basicAuthorization(user, password), signed(hmac(signingSecret, report))), credentials: signingAndBasic },
		{
			label: "the SDK's own known-answer vector (the algorithm is Sinch's, not only self-consistent)",
			request: webhookRequest({
				url: TRIGGER_URL,
				body: sdkVector.body,
				contentType: 'application/json',
				headers: { 'x-sinch-webhook-signature': sdkVector.signature, 'x-sinch-webhook-signature-nonce': sdkVector.nonce, 'x-sinch-webhook-signature-timestamp': sdkVector.timestamp },
			}),
			credentials: { ...signingOnly, callbackSigningSecret: sdkVector.secret },
		},
	],
	forged: [
		{ label: 'a wrong password', request: callback(basicAuthorization(user, `${password}x`)), reason: /do not match/ },
		{ label: 'a wrong password of the same length', request: callback(basicAuthorization(user, randomBytes(18).toString('base64url'))), reason: /do not match/ },
		{ label: 'a wrong username', request: callback(basicAuthorization(`${user}x`, password)), reason: /do not match/ },
		{ label: 'a Bearer token instead of Basic', request: callback(`Bearer ${password}`), reason: /not HTTP Basic/ },
		{ label: 'Basic without a colon', request: callback(`Basic ${Buffer.from(user).toString('base64')}`), reason: /Malformed/ },
		{ label: 'known username, empty password presented', request: callback(basicAuthorization(user, '')), reason: /do not match/ },
		{ label: 'a signature made with another secret', request: callback(undefined, signed(hmac(randomBytes(24).toString('base64url'), report))), credentials: signingOnly, reason: /signature does not match/ },
		{
			label: 'a body changed after signing (a delivered report turned into a failure)',
			request: callback(undefined, signed(hmac(signingSecret, report)), report.replace('"Delivered"', '"Failed"')),
			credentials: signingOnly,
			reason: /signature does not match/,
		},
		{ label: 'another nonce than the one signed', request: callback(undefined, signed(hmac(signingSecret, report, 'other-nonce'))), credentials: signingOnly, reason: /signature does not match/ },
		{ label: 'another timestamp than the one signed', request: callback(undefined, signed(hmac(signingSecret, report, nonce, '1772446501'))), credentials: signingOnly, reason: /signature does not match/ },
		{ label: 'an algorithm other than HmacSHA256', request: callback(undefined, signed(hmac(signingSecret, report), { 'x-sinch-webhook-signature-algorithm': 'HmacSHA1' })), credentials: signingOnly, reason: /not HmacSHA256/ },
		{ label: 'a good signature but wrong Basic auth, where both are set', request: callback(basicAuthorization(user, `${password}x`), signed(hmac(signingSecret, report))), credentials: signingAndBasic, reason: /do not match/ },
		{ label: 'good Basic auth but a forged signature, where both are set', request: callback(basicAuthorization(user, password), signed(hmac(password, report))), credentials: signingAndBasic, reason: /signature does not match/ },
	],
	missing: [
		{ label: 'no Authorization header', request: callback(), reason: /No Authorization header/ },
		{
			label: 'a credential without signing secret or callback username/password',
			request: callback(basicAuthorization(user, password)),
			credentials: { ...credentials, callbackUsername: '', callbackPassword: '' },
			reason: /no callback signing secret and no callback username\/password/,
		},
		{
			label: 'known username, empty password in the credential (regression: the user name alone passed)',
			request: callback(basicAuthorization(user, '')),
			credentials: { ...credentials, callbackPassword: '' },
			reason: /no callback username\/password/,
		},
		{ label: 'no signature headers where the credential has a signing secret', request: callback(basicAuthorization(user, password)), credentials: signingAndBasic, reason: /Missing x-sinch-webhook-signature/ },
		{
			label: 'a signature without its timestamp',
			request: callback(undefined, { 'x-sinch-webhook-signature': hmac(signingSecret, report), 'x-sinch-webhook-signature-nonce': nonce }),
			credentials: signingOnly,
			reason: /Missing x-sinch-webhook-signature/,
		},
	],
});

/**
 * A delivery report's event. Its key: the batch and the recipient (a Sinch message), the status and code,
 * and a hash of the body as signed. Its ref: the one the Send node derived from dropId and the recipient
 * (issue #12.10), unless the URL carried one.
 */
const status = (fields: Partial<NormalizedEvent>): NormalizedEvent => {
	const event: NormalizedEvent = {
		provider: 'sinch',
		kind: 'status',
		eventId: expect.stringMatching(new RegExp(`^${BATCH_ID}(/\\+\\d+)?:[A-Za-z]+/\\d+:[\\w-]{22}$`)),
		messageId: BATCH_ID,
		status: 'delivered',
		providerStatus: 'Delivered',
		final: true,
		to: '+15551230001',
		from: null,
		errorCode: null,
		errorMessage: null,
		optedOut: false,
		occurredAt: suite.receivedAt.toISOString(),
		dropId: 'drop-2026-spring',
		ref: null,
		text: null,
		media: [],
		raw: undefined,
		...fields,
	};
	const derived = event.dropId !== null && event.to !== null ? refFor(event.dropId, event.to) : null;
	return { ...event, ref: fields.ref !== undefined ? fields.ref : derived };
};
const inbound = (fields: Partial<NormalizedEvent>): NormalizedEvent => {
	const event = status({ kind: 'inbound', status: 'received', dropId: null, from: '+15551230001', to: '+15559870000', ...fields });
	return { ...event, ref: event.dropId !== null && event.from !== null ? refFor(event.dropId, event.from) : null };
};

type Payload = { id: string; statuses: Array<Record<string, unknown>> } & Record<string, unknown>;
const posted = (file: string, url = 'https://n8n.example.com/webhook/mms') => webhookRequest({ url, body: fixture(file), contentType: 'application/json' });
const parsedCase = (label: string, file: string, expected: (raw: Payload) => NormalizedEvent[], url?: string) => ({
	label,
	request: posted(file, url),
	events: expected(fixtureJson<Payload>(file)),
});
const narrowed = (raw: Payload, index: number, recipient?: string) => {
	const { statuses, ...batchFields } = raw;
	return { ...batchFields, statuses: [recipient === undefined ? statuses[index] : { ...statuses[index], recipients: [recipient] }] };
};
const statusNames: Array<[string, string, boolean]> = [
	['Queued', 'queued', false],
	['Dispatched', 'sent', false],
	['Unknown', 'sent', true],
	['Delivered', 'delivered', true],
	['Failed', 'undelivered', true],
	['Expired', 'undelivered', true],
	['Deleted', 'undelivered', true],
	['Aborted', 'failed', true],
	['Rejected', 'failed', true],
	['Cancelled', 'failed', true],
];

runParseCases(suite, {
	events: [
		parsedCase('per-recipient Delivered with dropId on the URL', 'dlr-recipient-mms-delivered.json', (raw) => [status({ from: '+15559870000', occurredAt: '2026-03-02T10:15:07.254Z', raw })], TRIGGER_URL),
		parsedCase('per-recipient Dispatched (intermediate, recipient without "+", dropId from client_reference)', 'dlr-recipient-mms-dispatched.json', (raw) => [
			status({ status: 'sent', providerStatus: 'Dispatched', final: false, to: '+15551230002', occurredAt: '2026-03-02T10:15:01.020Z', raw }),
		]),
		parsedCase('per-recipient Unknown ⇒ sent, final, no correlation at all', 'dlr-recipient-mms-unknown.json', (raw) => [
			status({ status: 'sent', providerStatus: 'Unknown', to: '+15551230003', dropId: null, occurredAt: '2026-03-05T10:15:00.500Z', raw }),
		]),
		parsedCase(
			'per-recipient Failed with code 257 ⇒ undelivered, optedOut',
			'dlr-recipient-mms-opted-out.json',
			(raw) => [
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
			TRIGGER_URL,
		),
		parsedCase('per-recipient Rejected with 414 bad media URL ⇒ failed', 'dlr-recipient-mms-bad-media.json', (raw) => [
			status({ status: 'failed', providerStatus: 'Rejected', errorCode: '414', errorMessage: 'Bad media URL', occurredAt: '2026-03-02T10:15:02.000Z', raw }),
		]),
		parsedCase('per-recipient SMS report Expired ⇒ undelivered', 'dlr-recipient-sms-expired.json', (raw) => [
			status({ status: 'undelivered', providerStatus: 'Expired', to: '+15551230002', errorCode: '406', errorMessage: 'Internal expiry', occurredAt: '2026-03-05T10:15:00.000Z', raw }),
		]),
		parsedCase(
			'a batch report "full" ⇒ one event per listed recipient, raw narrowed to it',
			'dlr-batch-full.json',
			(raw) => {
				const common = { dropId: 'from-url', ref: 'ignored-but-carried' };
				return [
					status({ ...common, raw: narrowed(raw, 0, '+15551230001') }),
					status({ ...common, to: '+15551230002', raw: narrowed(raw, 0, '15551230002') }),
					status({ ...common, status: 'undelivered', providerStatus: 'Failed', to: '+15551230003', errorCode: '402', errorMessage: 'Unroutable', raw: narrowed(raw, 1, '+15551230003') }),
				];
			},
			'https://n8n.example.com/webhook/mms?dropId=from-url&ref=ignored-but-carried',
		),
		parsedCase('a batch report "summary" ⇒ one event per status entry with to null', 'dlr-batch-summary.json', (raw) => [
			status({ to: null, raw: narrowed(raw, 0) }),
			status({ to: null, status: 'undelivered', providerStatus: 'Failed', errorCode: '402', errorMessage: 'Unroutable', raw: narrowed(raw, 1) }),
		]),
		parsedCase('inbound mo_text', 'mo-text.json', (raw) => [
			inbound({ eventId: raw.id, messageId: raw.id, providerStatus: 'mo_text', text: 'What time do you open on Saturday?', occurredAt: '2026-03-02T11:00:00.000Z', raw }),
		]),
		parsedCase('inbound STOP ⇒ opt_out (optedOut, as every opt_out), dropId from client_reference', 'mo-text-stop.json', (raw) => [
			inbound({
				kind: 'opt_out',
				optedOut: true,
				eventId: raw.id,
				messageId: raw.id,
				providerStatus: 'mo_text',
				from: '+15551230002',
				text: ' Stop ',
				dropId: 'drop-2026-spring',
				occurredAt: '2026-03-02T11:01:00.000Z',
				raw,
			}),
		]),
		parsedCase('inbound mo_media ⇒ text and the stored attachments', 'mo-media.json', (raw) => [
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
		]),
		parsedCase('inbound mo_binary ⇒ inbound without text', 'mo-binary.json', (raw) => [
			inbound({ eventId: raw.id, messageId: raw.id, providerStatus: 'mo_binary', occurredAt: '2026-03-02T11:03:00.000Z', raw }),
		]),
		// Every documented status, per providers.md §10.
		...statusNames.map(([name, normalized, final]) => ({
			label: `status ${name} ⇒ ${normalized}${final ? '' : ' (intermediate)'}`,
			request: webhookRequest({ url: TRIGGER_URL, body: JSON.stringify({ ...fixtureJson<object>('dlr-recipient-mms-delivered.json'), status: name }) }),
			events: [expect.objectContaining({ status: normalized, providerStatus: name, final })],
		})),
		// Issue #13.7: keys named like prototype members are data; an unreadable time is the receipt time.
		{
			label: 'a report with keys named __proto__, constructor, toString',
			request: webhookRequest({ url: TRIGGER_URL, body: report.replace('{', '{"__proto__":{"status":"Failed"},"constructor":"x","toString":"y",'), contentType: 'application/json' }),
			events: [expect.objectContaining({ status: 'delivered', providerStatus: 'Delivered', to: '+15551230001', ref: refFor('drop-2026-spring', '+15551230001') })],
		},
		{
			label: 'absurd times (year 275760, year 99999) ⇒ the receipt time',
			request: webhookRequest({ url: TRIGGER_URL, body: JSON.stringify({ ...fixtureJson<object>('dlr-recipient-mms-delivered.json'), at: '+275760-09-13T00:00:00.001Z' }) }),
			events: [expect.objectContaining({ occurredAt: suite.receivedAt.toISOString() })],
		},
		{
			label: 'an inbound reply with an absurd received_at ⇒ the receipt time',
			request: webhookRequest({ url: TRIGGER_URL, body: JSON.stringify({ ...fixtureJson<object>('mo-text.json'), received_at: '99999-01-01T00:00:00Z' }) }),
			events: [expect.objectContaining({ kind: 'inbound', occurredAt: suite.receivedAt.toISOString() })],
		},
	],
	malformed: [
		...['constructor', '__proto__', 'toString', 'hasOwnProperty'].map((name) => ({
			label: `a status named ${name} is no Sinch status`,
			request: webhookRequest({ url: TRIGGER_URL, body: JSON.stringify({ ...fixtureJson<object>('dlr-recipient-mms-delivered.json'), status: name }) }),
			error: /^Not a Sinch callback: status/,
		})),
		{ label: 'a callback type named constructor', request: webhookRequest({ url: TRIGGER_URL, body: '{"type":"constructor","batch_id":"b"}' }), error: /^Not a Sinch callback: type/ },
		{ label: 'an unknown callback type', request: posted('unknown-type.json'), error: /^Not a Sinch callback: type/ },
		{ label: 'an undocumented status', request: posted('dlr-unknown-status.json'), error: /^Not a Sinch callback: status/ },
		{ label: 'a report without batch_id', request: posted('dlr-missing-batch-id.json'), error: /^Not a Sinch callback: batch_id/ },
		{ label: 'a form-encoded body', request: posted('malformed.form.txt'), error: /not valid JSON/ },
		{ label: 'a JSON array', request: webhookRequest({ url: TRIGGER_URL, body: `[${fixture('mo-text.json')}]` }), error: /^Not a Sinch callback/ },
		{ label: 'an empty body', request: webhookRequest({ url: TRIGGER_URL, body: '' }), error: /not valid JSON/ },
	],
});

// Issue #13.5: Sinch reports carry no id; the key is the batch and recipient, the status and code, and the signed body.
describe('sinch event keys', () => {
	const keys = (body: string) => [...sinchAdapter.webhook!.parse(webhookRequest({ url: TRIGGER_URL, body }), suite.receivedAt)].map((event) => event.eventId);

	it('a replay is the same event; another status or another report is not', () => {
		const [key] = keys(report);
		expect(keys(report)).toEqual([key]);
		expect(keys(report.replace('"Delivered"', '"Failed"'))[0]).not.toBe(key);
		expect(keys(fixture('dlr-recipient-mms-dispatched.json'))[0]).not.toBe(key);
	});

	it('every recipient and every status entry of a batch report is an event of its own', () => {
		for (const file of ['dlr-batch-full.json', 'dlr-batch-summary.json']) {
			const all = keys(fixture(file));
			expect(new Set(all).size).toBe(all.length);
		}
	});
});

// Issue #14: Sinch lists a drop's batches by client_reference (sinch-sdk-node batches-api.ts `list`).
describe('sinch lookup (resolveUnknown)', () => {
	const query = (to: string, overrides: Partial<LookupQuery> = {}): LookupQuery => ({
		dropId: 'drop-2026-spring',
		ref: refFor('drop-2026-spring', to),
		to,
		from: '+15559870000',
		text: 'Spring sale! Reply STOP to opt out',
		sentAfterMs: Date.parse('2026-03-02T10:05:00.000Z'),
		...overrides,
	});
	const listUrl = `${US}${BATCHES_PATH}?client_reference=drop-2026-spring&start_date=2026-03-02T10%3A05%3A00.000Z&page_size=100`;
	const listed = (file: string, headers: Record<string, string> = {}): Reply => ({ status: 200, fixture: file, headers: { ...json, ...headers } });
	const drop = fixtureJson<{ count: number; batches: object[] }>('batches-list-drop.json');
	const cases: Array<{ label: string; query: LookupQuery; reply: Reply; answer: LookupAnswer }> = [
		{ label: 'a batch of the drop lists the number (without "+") with the same text ⇒ found, the batch id', query: query('+15551230002'), reply: listed('batches-list-drop.json'), answer: { found: true, messageId: BATCH_ID, batchId: BATCH_ID } },
		{ label: 'a personalized batch of the drop for the number ⇒ found by its own text', query: query('+15551230004', { text: 'Spring sale, just for you! Reply STOP to opt out' }), reply: listed('batches-list-drop.json'), answer: { found: true, messageId: '01J8Z5K9A1B2C3D4E5F6G7H8JK', batchId: '01J8Z5K9A1B2C3D4E5F6G7H8JK' } },
		{ label: 'a batch of the drop for the number with another text ⇒ unknown, never re-sent', query: query('+15551230004'), reply: listed('batches-list-drop.json'), answer: { found: 'unknown', why: 'Sinch has a batch of this drop to this number, with another text' } },
		{ label: 'every batch of the drop listed, none for the number ⇒ not found', query: query('+15551230009'), reply: listed('batches-list-drop.json'), answer: { found: false } },
		{ label: 'no batch of the drop at all ⇒ not found', query: query('+15551230001'), reply: listed('batches-list-empty.json'), answer: { found: false } },
		{
			label: 'more batches than one answer lists, none for the number ⇒ unknown',
			query: query('+15551230009'),
			reply: { status: 200, body: JSON.stringify({ ...drop, count: 101 }), headers: json },
			answer: { found: 'unknown', why: 'Sinch lists 101 batches of this drop, more than one answer holds' },
		},
		{
			label: "a batch of another drop (the filter not applied) is not this drop's",
			query: query('+15551230002'),
			reply: { status: 200, body: JSON.stringify({ count: 1, batches: [{ ...drop.batches[0], client_reference: 'drop-other' }] }), headers: json },
			answer: { found: false },
		},
		{
			label: 'sent more than 14 days before Sinch answered: its list no longer shows it ⇒ unknown',
			query: query('+15551230009'),
			reply: listed('batches-list-empty.json', { date: 'Tue, 17 Mar 2026 10:05:01 GMT' }),
			answer: { found: 'unknown', why: 'Sinch lists batches of the last 14 days only, and this one is older' },
		},
		{ label: 'an unreadable list ⇒ unknown', query: query('+15551230002'), reply: { status: 200, fixture: 'proxy-error.html', headers: html }, answer: { found: 'unknown', why: "Sinch's batch list could not be read" } },
	];

	afterEach(() => nock.cleanAll());
	it.each(cases)('$label', async ({ query: asked, reply, answer }) => {
		const { sent, response } = await onTheWire(suite, sinchAdapter.lookup!.buildRequest(credentials, asked), reply);
		expectRequest(sent, { method: 'GET', url: listUrl, headers: { authorization: `Bearer ${credentials.apiToken}` } });
		const given = sinchAdapter.lookup!.parseResponse(asked, response);
		expect(given).toEqual(answer);
		expectNoSecrets(suite, given);
	});
});

runAnswerCases(suite, { setupSteps: [/Callback URL/], answers: [{ label: 'the default empty 200', request: callback(), answer: undefined }] });
