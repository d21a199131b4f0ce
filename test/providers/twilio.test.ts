/**
 * Twilio: fixtures from test/fixtures/twilio (sources in its README) and case tables for the shared
 * runner. Signatures are computed here with Twilio's algorithm and a token made in the test.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

import { twilioAdapter } from '../../nodes/providers/twilio';
import nock from 'nock';

import type {
	FailureReason, LookupAnswer, LookupQuery, MediaRef, OutboundMessage, OutcomeKind, SendBatch, SendOutcome, WebhookRequest,
} from '../../nodes/providers/types';
import { twilioSignature } from '../webhook-signing';
import {
	expectNoSecrets, expectRequest, onTheWire, providerSuite, type Reply, runAnswerCases, runParseCases, runRefusedBatchCases,
	runResponseCases, runSendCases, runValidationCases, runVerifyCases, webhookRequest,
} from './cases';
import { runCredentialContract } from './contract';
import { runCapabilityInvariants } from './invariants';

const accountSid = 'AC' + randomBytes(16).toString('hex');
const authToken = randomBytes(16).toString('hex');
const sharedKeySecret = randomBytes(24).toString('base64url');
const credentials = { accountSid, authToken, sharedKeySecret, baseUrl: 'https://api.twilio.com' };
/** Auth Type API Key: REST calls sign in with the key; the Auth Token, if set, only verifies webhooks. */
const apiKeySid = 'SK' + randomBytes(16).toString('hex');
const apiKeySecret = randomBytes(24).toString('base64url');
const apiKeyCredentials = { authType: 'apiKey', accountSid, apiKeySid, apiKeySecret, baseUrl: 'https://api.twilio.com' };
const API = 'https://api.twilio.com';
const MESSAGES_URL = `${API}/2010-04-01/Accounts/${accountSid}/Messages.json`;
const wireHeaders = {
	authorization: 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64'),
	'content-type': 'application/x-www-form-urlencoded',
	accept: 'application/json',
};

/** Keys that are members of every object's prototype: a request may use them as names or values (issue #13 point 7). */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString'];

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

const suite = providerSuite(twilioAdapter, {
	credentials,
	message: message({ media: [{ url: 'https://cdn.example.com/drops/hero.jpg' }] }),
	nowMs: Date.parse('2025-03-01T12:00:00Z'),
});
const { fixture, fixtureJson } = suite;

runCapabilityInvariants(suite);

describe('twilio media fetch window', () => {
	it('n8n-hosted media outlives the longest a message can wait in Twilio’s queue: 36,000 s (ValidityPeriod; errors 30001/21611)', () => {
		expect(twilioAdapter.capabilities.mediaFetchWindowMs).toBeGreaterThanOrEqual(36_000 * 1000);
	});
});

runCredentialContract(suite, [
	{ label: 'the official origin', credentials: { accountSid, authToken } },
	{ label: 'Auth Type API Key: Basic ApiKeySid:ApiKeySecret on both', credentials: apiKeyCredentials },
	{ label: 'Auth Type API Key with the Auth Token kept for webhooks', credentials: { ...apiKeyCredentials, authToken } },
	{ label: 'a regional edge with a trailing slash', credentials: { accountSid, authToken, baseUrl: 'https://api.dublin.ie1.twilio.com/' } },
	{ label: 'an emptied Base URL (the official origin)', credentials: { accountSid, authToken, baseUrl: '' } },
]);

const accepted: SendOutcome[] = [{ ref: 'r7', kind: 'accepted', messageId: 'MM5f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e' }];
const created = { status: 201, fixture: 'send-201.json', headers: { 'content-type': 'application/json' } };
const tenMedia: MediaRef[] = Array.from({ length: 10 }, (_, index) => ({ url: `https://cdn.example.com/m/${index}.jpg` }));

runSendCases(suite, [
	{
		label: 'one MMS with two media and a per-message StatusCallback carrying dropId and ref',
		batch: batch(),
		request: { url: MESSAGES_URL, headers: wireHeaders, body: fixture('send-request-mms.form.txt') },
		reply: created,
		outcomes: accepted,
	},
	{
		label: 'an MG… sender as MessagingServiceSid, media without text, no callback',
		batch: batch({
			message: message({ from: 'MG9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b', text: '', media: [{ url: 'https://cdn.example.com/drops/hero.jpg' }] }),
			statusCallbackUrl: undefined,
		}),
		request: { url: MESSAGES_URL, headers: wireHeaders, body: fixture('send-request-service-media-only.form.txt') },
		reply: created,
		outcomes: accepted,
	},
	{
		label: 'a regional baseUrl with a trailing slash',
		batch: batch({ message: message(), statusCallbackUrl: undefined }),
		credentials: { ...credentials, baseUrl: 'https://api.dublin.ie1.twilio.com/' },
		request: {
			url: `https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/${accountSid}/Messages.json`,
			headers: wireHeaders,
			body: 'To=%2B15558675310&From=%2B15017122661&Body=Spring+sale%21+Reply+STOP+to+opt+out',
		},
		reply: created,
		outcomes: accepted,
	},
	{
		label: 'MediaUrl once per file, in order, for the maximum of ten',
		batch: batch({ message: message({ media: tenMedia }) }),
		request: {
			url: MESSAGES_URL,
			headers: wireHeaders,
			body: new URLSearchParams([
				['To', '+15558675310'],
				['From', '+15017122661'],
				['Body', 'Spring sale! Reply STOP to opt out'],
				...tenMedia.map((media): [string, string] => ['MediaUrl', media.url!]),
				['StatusCallback', 'https://n8n.example.com/webhook/mms-events?dropId=drop-42&ref=r7'],
			]).toString(),
		},
		reply: created,
		outcomes: accepted,
	},
	{
		label: 'Auth Type API Key: Basic ApiKeySid:ApiKeySecret, the Account SID still in the URL',
		batch: batch({ message: message(), statusCallbackUrl: undefined }),
		credentials: { ...apiKeyCredentials, authToken },
		request: {
			url: MESSAGES_URL,
			headers: { ...wireHeaders, authorization: 'Basic ' + Buffer.from(`${apiKeySid}:${apiKeySecret}`).toString('base64') },
			body: 'To=%2B15558675310&From=%2B15017122661&Body=Spring+sale%21+Reply+STOP+to+opt+out',
		},
		reply: created,
		outcomes: accepted,
	},
	{
		label: 'an alphanumeric sender that merely starts with MG stays in From',
		batch: batch({ message: message({ from: 'MGMResorts' }), statusCallbackUrl: undefined }),
		request: { url: MESSAGES_URL, headers: wireHeaders, body: 'To=%2B15558675310&From=MGMResorts&Body=Spring+sale%21+Reply+STOP+to+opt+out' },
		reply: created,
		outcomes: accepted,
	},
]);

runRefusedBatchCases(suite, [
	{ label: 'media without a public URL, instead of an empty MediaUrl', batch: batch({ message: message({ media: [{ mediaId: 'ME123' }] }) }), error: /public http\(s\) URL/ },
]);

/** The outcome of a documented error body: its code and message, whatever the reply's HTTP status. */
function failed(file: string, status: number, kind: OutcomeKind, reason: FailureReason): SendOutcome[] {
	const body = fixtureJson<{ code: number; message: string }>(file);
	return [{ ref: 'r7', kind, reason, error: { code: String(body.code), message: body.message, httpStatus: status } }];
}

/** A reply that is not Twilio's JSON: classified by HTTP status alone. */
function unreadable(status: number, kind: OutcomeKind, reason: FailureReason): SendOutcome[] {
	return [{ ref: 'r7', kind, reason, error: { code: 'invalid_response', message: expect.stringContaining(`HTTP ${status}`), httpStatus: status } }];
}

const json = { 'content-type': 'application/json' };
const html = { 'content-type': 'text/html' };
const errorReply = (status: number, file: string, headers: Record<string, string> = {}) => ({ status, fixture: file, headers: { ...json, ...headers } });

// Each outcome exactly: no messageId on failures and no invented wait hint (Twilio documents none;
// the engine reads the standard Retry-After itself).
runResponseCases(suite, batch(), [
	{ label: '21610 opted out', reply: errorReply(400, 'send-error-21610.json'), outcomes: failed('send-error-21610.json', 400, 'permanent', 'opted_out') },
	{ label: '21211 invalid To', reply: errorReply(400, 'send-error-21211.json'), outcomes: failed('send-error-21211.json', 400, 'permanent', 'invalid_number') },
	{ label: '21614 not a mobile number', reply: errorReply(400, 'send-error-21614.json'), outcomes: failed('send-error-21614.json', 400, 'permanent', 'invalid_number') },
	{ label: '21612 unreachable', reply: errorReply(400, 'send-error-21612.json'), outcomes: failed('send-error-21612.json', 400, 'permanent', 'unsupported_destination') },
	{ label: '21408 region not enabled', reply: errorReply(400, 'send-error-21408.json'), outcomes: failed('send-error-21408.json', 400, 'permanent', 'unsupported_destination') },
	{ label: '21606 From not capable', reply: errorReply(400, 'send-error-21606.json'), outcomes: failed('send-error-21606.json', 400, 'permanent', 'provider_rejected') },
	{ label: '21620 invalid media URL', reply: errorReply(400, 'send-error-21620.json'), outcomes: failed('send-error-21620.json', 400, 'permanent', 'media_rejected') },
	{ label: '21623 too many media', reply: errorReply(400, 'send-error-21623.json'), outcomes: failed('send-error-21623.json', 400, 'permanent', 'media_rejected') },
	{ label: '11751 media too large', reply: errorReply(400, 'send-error-11751.json'), outcomes: failed('send-error-11751.json', 400, 'permanent', 'media_rejected') },
	{ label: '21611 sender queue full', reply: errorReply(400, 'send-error-21611.json'), outcomes: failed('send-error-21611.json', 400, 'retryable', 'rate_limited') },
	{ label: '429 / 20429', reply: errorReply(429, 'send-error-20429.json', { 'retry-after': '3' }), outcomes: failed('send-error-20429.json', 429, 'retryable', 'rate_limited') },
	{ label: '503 / 20503', reply: errorReply(503, 'send-error-20503.json'), outcomes: failed('send-error-20503.json', 503, 'retryable', 'server_error') },
	{ label: '401 / 20003', reply: errorReply(401, 'send-error-20003.json'), outcomes: failed('send-error-20003.json', 401, 'fatal', 'auth_failed') },
	{ label: '403 / 20008', reply: errorReply(403, 'send-error-20008.json'), outcomes: failed('send-error-20008.json', 403, 'fatal', 'auth_failed') },
	{ label: '500 / 20500', reply: errorReply(500, 'send-error-20500.json'), outcomes: failed('send-error-20500.json', 500, 'ambiguous', 'server_error') },
	{ label: 'undocumented 400 code', reply: errorReply(400, 'send-error-21999.json'), outcomes: failed('send-error-21999.json', 400, 'permanent', 'provider_rejected') },
	// Issue #13 point 7: a code named like a prototype member is an unknown code, read by the HTTP status.
	...PROTOTYPE_NAMES.map((code) => ({
		label: `an error code named ${code}`,
		reply: { status: 400, body: JSON.stringify({ code, message: 'Odd' }), headers: json },
		outcomes: [{ ref: 'r7', kind: 'permanent' as const, reason: 'provider_rejected' as const, error: { code, message: 'Odd', httpStatus: 400 } }],
	})),
	{ label: 'non-JSON 2xx', reply: { status: 201, fixture: 'proxy-error.html', headers: html }, outcomes: unreadable(201, 'ambiguous', 'invalid_response') },
	{ label: '2xx JSON without sid', reply: errorReply(201, 'send-201-no-sid.json'), outcomes: unreadable(201, 'ambiguous', 'invalid_response') },
	{ label: 'non-JSON 4xx', reply: { status: 400, fixture: 'proxy-error.html', headers: html }, outcomes: unreadable(400, 'permanent', 'provider_rejected') },
	{ label: 'non-JSON 502', reply: { status: 502, fixture: 'proxy-error.html', headers: html }, outcomes: unreadable(502, 'ambiguous', 'server_error') },
	{ label: 'non-JSON 429', reply: { status: 429, fixture: 'proxy-error.html', headers: html }, outcomes: unreadable(429, 'retryable', 'rate_limited') },
]);

const image = (bytes?: number): MediaRef => ({ url: 'https://cdn.example.com/a.jpg', bytes });

runValidationCases(suite, [
	{ label: 'a valid MMS', message: message({ media: [image(4_000_000)] }), problems: [] },
	{ label: 'ten media of 500 kB', message: message({ media: Array.from({ length: 10 }, () => image(500_000)) }), problems: [] },
	{ label: 'exactly 1600 characters', message: message({ text: 'x'.repeat(1600) }), problems: [] },
	{ label: 'eleven media', message: message({ media: Array.from({ length: 11 }, () => image()) }), problems: ['Twilio takes at most 10 media per message; this one has 11'] },
	{
		label: 'media over 5 MB in total',
		message: message({ media: [image(3_000_000), { url: 'https://cdn.example.com/b.jpg', bytes: 2_000_001 }] }),
		problems: ['Twilio takes at most 5000000 bytes of media per message; this one has 5000001'],
	},
	{ label: 'text over 1600 characters', message: message({ text: 'x'.repeat(1601) }), problems: ['Twilio takes at most 1600 characters of text; this one has 1601'] },
	{
		label: 'media without a URL',
		message: message({ media: [{ mediaId: 'ME1', bytes: 10 }] }),
		problems: ['Twilio fetches media from public http(s) URLs only (it has no media store); 1 item(s) have none'],
	},
	{ label: 'a non-http media URL', message: message({ media: [{ url: 'ftp://files.example.com/a.jpg' }] }), problems: [/public http\(s\) URLs only/] },
	{ label: 'neither text nor media', message: message({ text: '' }), problems: ['Twilio needs text or media'] },
	{ label: 'no sender', message: message({ from: ' ' }), problems: [/needs a sender/] },
	{ label: 'a credential without Auth Token', message: message(), credentials: { accountSid }, problems: ['The Twilio credential has no Auth Token'] },
	{ label: 'an API key credential without Auth Token (needed for webhooks only)', message: message(), credentials: apiKeyCredentials, problems: [] },
	{
		label: 'an API key credential without its secret',
		message: message(),
		credentials: { ...apiKeyCredentials, apiKeySecret: '', authToken },
		problems: ['The Twilio credential has no API Key Secret'],
	},
	{
		label: 'an API key credential without key SID or secret',
		message: message(),
		credentials: { authType: 'apiKey', accountSid },
		problems: ['The Twilio credential has no API Key SID', 'The Twilio credential has no API Key Secret'],
	},
]);

// ---------------------------------------------------------------------------------------------
// Lookup: does Twilio have a message an earlier run may have sent? (resolveUnknown, issue #14)

const lookupQuery: LookupQuery = {
	dropId: 'drop-42',
	ref: 'r7',
	to: '+15558675310',
	from: '+15017122661',
	text: 'Spring sale! Reply STOP to opt out',
	sentAfterMs: Date.parse('2025-03-01T11:50:00Z'),
};
const LIST_URL = `${MESSAGES_URL}?To=%2B15558675310&From=%2B15017122661&PageSize=1000`;
const SERVICE = 'MG9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b';
const listed = (reply: string): Reply => ({ status: 200, fixture: reply, headers: json });
/** One page of the list, written inline: the found fixture's message with some fields changed. */
function pageOf(...changes: Array<Record<string, unknown>>): Reply {
	const page = fixtureJson<{ messages: Array<Record<string, unknown>> }>('list-messages-found.json');
	return { status: 200, body: JSON.stringify({ ...page, messages: changes.map((change) => ({ ...page.messages[0], ...change })) }), headers: json };
}

interface LookupCase {
	label: string;
	query?: Partial<LookupQuery>;
	/** The list request; default: To, From and the largest page. */
	url?: string;
	reply: Reply;
	answer: LookupAnswer;
}

describe('twilio lookup in the account’s message list', () => {
	afterEach(() => nock.cleanAll());
	it.each<LookupCase>([
		{
			label: 'our message, still queued (no date_sent yet), beside the same text sent a week before ⇒ found',
			reply: listed('list-messages-found.json'),
			answer: { found: true, messageId: 'MM5f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e' },
		},
		{ label: 'nothing to that number from that sender ⇒ absent', reply: listed('list-messages-empty.json'), answer: { found: false } },
		{ label: 'only the same text from before the earlier send ⇒ absent', reply: listed('list-messages-older-only.json'), answer: { found: false } },
		{
			label: 'another text to that number since the earlier send ⇒ cannot tell (Twilio may have changed ours)',
			reply: listed('list-messages-other-text.json'),
			answer: { found: 'unknown', why: 'Twilio has 1 message(s) to +15558675310 since 2025-03-01T11:50:00.000Z, none with this exact text' },
		},
		{
			label: 'no match on a page that is not the last ⇒ cannot tell',
			reply: listed('list-messages-more-pages.json'),
			answer: { found: 'unknown', why: 'Twilio lists more than 1000 messages to +15558675310; the first page does not have it, later ones may' },
		},
		{
			label: 'two messages with our text since the earlier send ⇒ cannot tell which',
			reply: pageOf({}, { sid: 'MM11111111111111111111111111111111', date_created: 'Sat, 01 Mar 2025 11:59:00 +0000' }),
			answer: { found: 'unknown', why: 'Twilio has 2 messages with this text to +15558675310 since 2025-03-01T11:50:00.000Z' },
		},
		{
			label: 'a Messaging Service sender: no From filter (the pool picks the number), matched on messaging_service_sid',
			query: { from: SERVICE },
			url: `${MESSAGES_URL}?To=%2B15558675310&PageSize=1000`,
			reply: pageOf({ from: '+15017250604', messaging_service_sid: SERVICE }, { sid: 'MM22222222222222222222222222222222', messaging_service_sid: 'MG00000000000000000000000000000000' }),
			answer: { found: true, messageId: 'MM5f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e' },
		},
		{
			label: 'messages to other numbers or from other senders (a list that ignored the filters) are not ours',
			reply: pageOf({ to: '+15550000000' }, { from: '+15019999999' }, { direction: 'inbound' }),
			answer: { found: false },
		},
		{
			label: 'a message without a readable date_created ⇒ cannot tell',
			reply: pageOf({ date_created: 'soon' }),
			answer: { found: 'unknown', why: 'Twilio listed MM5f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e without a readable date_created' },
		},
		{
			label: 'a 200 that is not a message page ⇒ cannot tell',
			reply: { status: 200, fixture: 'proxy-error.html', headers: { 'content-type': 'text/html' } },
			answer: { found: 'unknown', why: "Twilio's message list reply could not be read (HTTP 200)" },
		},
	])('$label', async ({ query, url, reply, answer }) => {
		const asked = { ...lookupQuery, ...query };
		const { sent, response } = await onTheWire(suite, twilioAdapter.lookup!.buildRequest(credentials, asked), reply);
		expectRequest(sent, { method: 'GET', url: url ?? LIST_URL, headers: { authorization: wireHeaders.authorization, accept: 'application/json' }, body: '' });
		const parsed = twilioAdapter.lookup!.parseResponse(asked, response);
		expect(parsed).toEqual(answer);
		expectNoSecrets(suite, parsed);
	});
});

// ---------------------------------------------------------------------------------------------
// Webhooks

const callbackUrl = 'https://n8n.example.com/webhook/mms-events?dropId=drop-42&ref=r7';
const FORM = 'application/x-www-form-urlencoded';

/** A form POST (or a GET) as Twilio sends it, signed with `token` for `signedUrl` unless a signature is given. */
function signed(options: { url?: string; body?: string; method?: string; signedUrl?: string; token?: string; signature?: string; urls?: string[] }): WebhookRequest {
	const { url = callbackUrl, body = '', method = 'POST', signedUrl = url, token = authToken, urls } = options;
	const signature = options.signature ?? twilioSignature(token, signedUrl, method === 'GET' ? '' : body);
	return webhookRequest({ url, body, method, urls, contentType: method === 'GET' ? undefined : FORM, headers: { 'x-twilio-signature': signature } });
}

const statusBody = fixture('status-delivered.form.txt');
const events = fixture('event-streams-batch.json');
const bodyHash = createHash('sha256').update(events).digest('hex');
const jsonUrl = `https://n8n.example.com/webhook/mms-events?dropId=drop-42&bodySHA256=${bodyHash}`;
const jsonRequest = (rawBody: string, url = jsonUrl, signedUrl = jsonUrl) =>
	webhookRequest({ url, body: rawBody, contentType: 'application/json', headers: { 'x-twilio-signature': twilioSignature(authToken, signedUrl) } });
const tamperedEvents = events.replace('"DELIVERED"', '"UNDELIVERED"');
// Twilio's published known-answer vector (auth token 12345).
const knownAnswer = webhookRequest({
	url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
	body: 'CallSid=CA1234567890ABCDE&Caller=%2B14158675310&Digits=1234&From=%2B14158675310&To=%2B18005551212',
	contentType: FORM,
	headers: { 'x-twilio-signature': 'GvWf1cFY/Q7PnoempGyD5oXAezc=' },
});
const knownBodyUrl = 'https://example.com/myapp?bodySHA256=5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9';

/**
 * Signed as a Webhook Rule with a SharedKey signs (twilio.com/docs/usage/webhooks/webhook-shared-keys,
 * twilio-node examples/WebhookSignatureValidation.md): the usual string — the URL, then the sorted
 * parameters, written out here by hand — under the Setting's HMAC and the key's secret, announced by
 * X-Twilio-Webhooks-Signature-Settings.
 */
const sharedKeyBody = 'MessageStatus=delivered&MessageSid=MM1';
const sharedKeySignedString = `${callbackUrl}MessageSidMM1MessageStatusdelivered`;
function sharedKeySigned(options: { algorithm?: 'sha1' | 'sha256'; secret?: string; settings?: string } = {}): WebhookRequest {
	const { algorithm = 'sha256', secret = sharedKeySecret, settings = 'key=KS0123456789abcdef0123456789abcdef,algorithm=HMAC_SHA256' } = options;
	const signature = createHmac(algorithm, secret).update(sharedKeySignedString).digest('base64');
	return webhookRequest({
		url: callbackUrl,
		body: sharedKeyBody,
		contentType: FORM,
		headers: { 'x-twilio-signature': signature, 'x-twilio-webhooks-signature-settings': settings },
	});
}

/** A URL as n8n may see it (an encoded tilde, a + for a space) while Twilio signed its query re-encoded the legacy way (twilio-node `withLegacyQuerystring`). */
const unusualQueryUrl = 'https://n8n.example.com/webhook/mms-events?dropId=spring%7Esale+2025&ref=r7';
const legacyQueryUrl = 'https://n8n.example.com/webhook/mms-events?dropId=spring~sale%202025&ref=r7';

runVerifyCases(suite, {
	valid: [
		{ label: 'a valid signature', request: signed({ body: statusBody }) },
		{ label: 'signed with :443 while n8n knows the URL without port', request: signed({ body: statusBody, signedUrl: callbackUrl.replace('.com/', '.com:443/') }) },
		{
			label: 'signed without port while n8n knows the URL with :443',
			request: signed({ body: statusBody, urls: [callbackUrl.replace('.com/', '.com:443/')] }),
		},
		{
			label: 'signed for the test URL, the second candidate',
			request: signed({ body: statusBody, signedUrl: callbackUrl.replace('/webhook/', '/webhook-test/'), urls: [callbackUrl, callbackUrl.replace('/webhook/', '/webhook-test/')] }),
		},
		{ label: 'repeated parameters: distinct values sorted', request: signed({ body: 'MessageSid=MM1&Tag=b&Tag=a&Tag=b' }) },
		{
			label: 'parameters named like prototype members are signed parameters like any other',
			request: signed({ body: `MessageSid=MM1&MessageStatus=sent&${PROTOTYPE_NAMES.map((name) => `${name}=x`).join('&')}` }),
		},
		{ label: 'a GET callback: parameters in the signed URL', request: signed({ url: `${callbackUrl}&MessageSid=MM1&MessageStatus=sent`, method: 'GET' }) },
		{ label: "Twilio's published known-answer vector", request: knownAnswer, credentials: { ...credentials, authToken: '12345' } },
		{ label: 'an API key credential verifies with its Auth Token', request: signed({ body: statusBody }), credentials: { ...apiKeyCredentials, authToken } },
		{ label: 'no timestamp: a signed request verifies whenever it arrives', request: signed({ body: statusBody }), nowMs: suite.nowMs + 365 * 24 * 3600 * 1000 },
		// Issue #12 point 2.6: the shared-key scheme and the legacy query-string variant.
		{ label: 'a Webhook Rule signing with a SharedKey and HMAC_SHA256', request: sharedKeySigned() },
		{ label: 'a SharedKey with HMAC_SHA1', request: sharedKeySigned({ algorithm: 'sha1', settings: 'key=KS1,algorithm=HMAC_SHA1' }) },
		{ label: 'the settings header in another order and case', request: sharedKeySigned({ settings: ' Algorithm=hmac_sha256 , key=KS1' }) },
		{
			label: 'a SharedKey on a credential without Auth Token (the token is not needed for it)',
			request: sharedKeySigned(),
			credentials: { accountSid, sharedKeySecret },
		},
		{
			label: 'a JSON body under a SharedKey: the URL with bodySHA256 signed with HMAC_SHA256',
			request: webhookRequest({
				url: jsonUrl,
				body: events,
				contentType: 'application/json',
				headers: {
					'x-twilio-signature': createHmac('sha256', sharedKeySecret).update(jsonUrl).digest('base64'),
					'x-twilio-webhooks-signature-settings': 'key=KS1,algorithm=HMAC_SHA256',
				},
			}),
		},
		{ label: 'the query string re-encoded the legacy way', request: signed({ url: unusualQueryUrl, signedUrl: legacyQueryUrl, body: statusBody }) },
		{
			label: 'the legacy query string with the default port',
			request: signed({ url: unusualQueryUrl, signedUrl: legacyQueryUrl.replace('.com/', '.com:443/'), body: statusBody }),
		},
		{ label: 'JSON: a signed URL whose bodySHA256 matches the body', request: jsonRequest(events) },
		{
			label: "JSON: Twilio's published body/bodySHA256 pair",
			request: jsonRequest('{"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"}', knownBodyUrl, knownBodyUrl),
		},
	],
	forged: [
		{ label: 'signed with another token', request: signed({ body: statusBody, token: randomBytes(16).toString('hex') }), reason: /does not match/ },
		{ label: 'the known-answer vector under another token', request: knownAnswer, reason: /does not match/ },
		{
			label: 'a body changed after signing',
			request: { ...signed({ body: statusBody }), rawBody: Buffer.from(statusBody.replace('MessageStatus=delivered', 'MessageStatus=failed')) },
			reason: /does not match/,
		},
		{ label: 'ref changed in the URL after signing', request: signed({ url: callbackUrl.replace('ref=r7', 'ref=r8'), signedUrl: callbackUrl, body: statusBody }), reason: /does not match/ },
		{ label: 'garbage of another length', request: signed({ body: statusBody, signature: 'abc' }), reason: /does not match/ },
		{
			label: 'a forged form with parameters named like prototype members (a 401, not a crash)',
			request: signed({ body: `MessageSid=MM1&__proto__=x&constructor=y&toString=z`, token: randomBytes(16).toString('hex') }),
			reason: /does not match/,
		},
		{ label: 'JSON: a body changed after signing', request: jsonRequest(tamperedEvents), reason: /bodySHA256/ },
		{ label: 'a SharedKey signature made with another secret', request: sharedKeySigned({ secret: randomBytes(24).toString('base64url') }), reason: /does not match/ },
		{
			label: 'an Auth Token signature presented as a SharedKey one',
			request: { ...signed({ body: statusBody }), headers: { ...signed({ body: statusBody }).headers, 'x-twilio-webhooks-signature-settings': 'key=KS1,algorithm=HMAC_SHA1' } },
			reason: /does not match/,
		},
		{ label: 'a SharedKey signature under the algorithm the header does not name', request: sharedKeySigned({ algorithm: 'sha1' }), reason: /does not match/ },
		{ label: 'a settings header naming an unknown algorithm', request: sharedKeySigned({ settings: 'key=KS1,algorithm=HMAC_MD5' }), reason: /no signing algorithm this trigger knows \("HMAC_MD5"\)/ },
		{ label: 'a settings header without algorithm', request: sharedKeySigned({ settings: 'key=KS1' }), reason: /no signing algorithm/ },
		{ label: 'the legacy query variant does not cover a changed value', request: signed({ url: unusualQueryUrl.replace('r7', 'r8'), signedUrl: legacyQueryUrl, body: statusBody }), reason: /does not match/ },
		{
			label: 'JSON: a bodySHA256 swapped in the URL for the changed body',
			request: jsonRequest(tamperedEvents, jsonUrl.replace(bodyHash, createHash('sha256').update(tamperedEvents).digest('hex'))),
			reason: /does not match/,
		},
	],
	missing: [
		{ label: 'no X-Twilio-Signature header', request: webhookRequest({ url: callbackUrl, body: statusBody, contentType: FORM }), reason: /Missing X-Twilio-Signature/ },
		{ label: 'a credential without Auth Token', request: signed({ body: statusBody, token: '' }), credentials: { ...credentials, authToken: '' }, reason: /no Auth Token/ },
		{
			label: 'an API key credential without Auth Token: Twilio signs with the Auth Token, never the key',
			request: signed({ body: statusBody, token: apiKeySecret }),
			credentials: apiKeyCredentials,
			reason: /^The Twilio credential has no Auth Token: Twilio signs webhooks with the account's Auth Token, also when API calls use an API key\./,
		},
		{
			label: 'a SharedKey signature on a credential without its secret',
			request: sharedKeySigned(),
			credentials: { ...credentials, sharedKeySecret: '' },
			reason: /^The Twilio credential has no Webhook Shared Key Secret$/,
		},
	],
});

describe('twilio: a credential that can verify no webhook at all (the trigger refuses to listen)', () => {
	const unverifiable = (credentials: Record<string, string>) => twilioAdapter.webhook!.unverifiableReason!(credentials);
	it.each([
		{ label: 'Auth Type Auth Token', credentials },
		{ label: 'an API key with the Auth Token kept for webhooks', credentials: { ...apiKeyCredentials, authToken } },
		{ label: 'an API key and a Webhook Rule SharedKey', credentials: { ...apiKeyCredentials, sharedKeySecret } },
	])('can verify: $label', ({ credentials: given }) => {
		expect(unverifiable(given)).toBeUndefined();
	});

	it('cannot verify: an API key without Auth Token or SharedKey secret, and says what to add', () => {
		const reason = unverifiable(apiKeyCredentials);
		expect(reason).toMatch(/^The Twilio credential has no Auth Token: Twilio signs webhooks with the account's Auth Token, also when API calls use an API key\. Add the Auth Token .* or turn Verify Signature off\.$/);
		expectNoSecrets(suite, reason, apiKeyCredentials);
	});
});

const form = (body: string, url = callbackUrl, headers: Record<string, string> = {}) => webhookRequest({ url, body, contentType: FORM, headers });
const formFields = (body: string) => Object.fromEntries(new URLSearchParams(body));
const event = (fields: object) => expect.objectContaining(fields);
const inboundMedia = 'https://api.twilio.com/2010-04-01/Accounts/AC3c1e5f7a9b2d4f6e8a0c2e4f6a8b0d2e/Messages/MM0a1b2c3d4e5f60718293a4b5c6d7e8f9/Media/';
const cloudEvents = JSON.parse(events) as unknown[];

const statusWords: Array<[string, string, boolean]> = [
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

runParseCases(suite, {
	events: [
		{
			label: 'a delivered status callback ⇒ one event, its id from the signed content',
			request: form(statusBody, callbackUrl, { 'i-twilio-idempotency-token': 'c2d1a7f0-token' }),
			events: [
				{
					provider: 'twilio',
					kind: 'status',
					eventId: expect.stringMatching(/^MM5f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e:delivered:[\w-]{22}$/),
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
					raw: formFields(statusBody),
				},
			],
		},
		...statusWords.map(([providerStatus, status, final]) => ({
			label: `MessageStatus ${providerStatus} ⇒ ${status} (final ${final})`,
			request: form(`MessageSid=MM1&MessageStatus=${providerStatus}&To=%2B15558675310&From=%2B15017122661`),
			events: [event({ kind: 'status', status, final, providerStatus })],
		})),
		{ label: 'the legacy SmsSid/SmsStatus names', request: form('SmsSid=SM9&SmsStatus=sent'), events: [event({ messageId: 'SM9', status: 'sent', providerStatus: 'sent' })] },
		{
			label: 'parameters named like prototype members are carried, not obeyed',
			request: form('MessageSid=MM1&MessageStatus=sent&__proto__=x&constructor=y&toString=z'),
			events: [event({ status: 'sent', raw: { MessageSid: 'MM1', MessageStatus: 'sent', constructor: 'y', toString: 'z' } })],
		},
		{
			label: 'an ErrorCode named like a prototype member is an unknown code',
			request: form('MessageSid=MM1&MessageStatus=failed&ErrorCode=constructor'),
			events: [event({ status: 'failed', errorCode: 'constructor', errorMessage: null, optedOut: false })],
		},
		{
			label: 'a GET webhook with a query parameter named __proto__',
			request: webhookRequest({ url: 'https://n8n.example.com/webhook/mms-events?MessageSid=SM2&Body=hello&__proto__=x', method: 'GET' }),
			events: [event({ kind: 'inbound', messageId: 'SM2', text: 'hello', raw: { MessageSid: 'SM2', Body: 'hello' } })],
		},
		{
			label: 'an undelivered report with its error code and meaning',
			request: form(fixture('status-undelivered-30007.form.txt')),
			events: [event({ status: 'undelivered', final: true, errorCode: '30007', errorMessage: 'Message filtered by the carrier', optedOut: false })],
		},
		{
			label: "Twilio's own ErrorMessage where it sends one",
			request: form('MessageSid=MM1&MessageStatus=failed&ErrorCode=30008&ErrorMessage=Unknown+error+from+carrier'),
			events: [event({ errorCode: '30008', errorMessage: 'Unknown error from carrier' })],
		},
		{
			label: '21610 in a status callback ⇒ opted out',
			request: form(fixture('status-failed-21610.form.txt')),
			events: [event({ kind: 'status', status: 'failed', errorCode: '21610', optedOut: true })],
		},
		{
			label: 'an inbound MMS with its media',
			request: form(fixture('inbound-mms.form.txt'), 'https://n8n.example.com/webhook/mms-events'),
			events: [
				{
					provider: 'twilio',
					kind: 'inbound',
					eventId: expect.stringMatching(/^MM0a1b2c3d4e5f60718293a4b5c6d7e8f9:received:[\w-]{22}$/),
					messageId: 'MM0a1b2c3d4e5f60718293a4b5c6d7e8f9',
					status: 'received',
					providerStatus: 'received',
					final: true,
					to: '+15017122661',
					from: '+15558675310',
					errorCode: null,
					errorMessage: null,
					optedOut: false,
					occurredAt: suite.receivedAt.toISOString(),
					dropId: null,
					ref: null,
					text: 'Love it! Here are mine',
					media: [
						{ url: `${inboundMedia}ME11aa22bb33cc44dd55ee66ff77889900`, contentType: 'image/jpeg' },
						{ url: `${inboundMedia}ME99887766554433221100ffeeddccbbaa`, contentType: 'video/mp4' },
					],
					raw: formFields(fixture('inbound-mms.form.txt')),
				},
			],
		},
		{
			label: 'an inbound STOP ⇒ opt_out',
			request: form(fixture('inbound-stop.form.txt'), 'https://n8n.example.com/webhook/mms-events'),
			events: [event({ kind: 'opt_out', status: 'received', text: 'Stop', optedOut: true, from: '+15558675310' })],
		},
		{
			label: "Advanced Opt-Out's OptOutType for a custom keyword",
			request: form(fixture('inbound-advanced-opt-out.form.txt')),
			events: [event({ kind: 'opt_out', text: 'ARRET', optedOut: true })],
		},
		{
			label: 'an inbound START ⇒ opt_in',
			request: form('MessageSid=SM1&SmsStatus=received&Body=start&NumMedia=0&From=%2B15558675310'),
			events: [event({ kind: 'opt_in', optedOut: false })],
		},
		{
			label: 'a GET webhook read from the query string',
			request: webhookRequest({ url: 'https://n8n.example.com/webhook/mms-events?MessageSid=SM2&Body=hello&NumMedia=0&From=%2B15558675310', method: 'GET' }),
			events: [event({ kind: 'inbound', messageId: 'SM2', text: 'hello' })],
		},
		{
			label: 'an Event Streams batch ⇒ one event per messaging CloudEvent',
			request: webhookRequest({ url: `https://n8n.example.com/webhook/mms-events?bodySHA256=${bodyHash}`, body: events, contentType: 'application/json' }),
			events: [
				event({
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
				event({
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
			],
		},
	],
	malformed: [
		{ label: 'a form without MessageSid', request: form('MessageStatus=delivered&To=%2B1555'), error: /MessageSid is missing/ },
		{ label: 'an unknown status word', request: form('MessageSid=MM1&MessageStatus=exploded'), error: /Unknown Twilio message status "exploded"/ },
		...PROTOTYPE_NAMES.map((status) => ({
			label: `a status word named ${status}`,
			request: form(`MessageSid=MM1&MessageStatus=${status}`),
			error: new RegExp(`Unknown Twilio message status "${status}"`),
		})),
		{
			label: 'an Event Streams status named like a prototype member',
			request: webhookRequest({
				url: callbackUrl,
				body: JSON.stringify([{ specversion: '1.0', type: 'com.twilio.messaging.message.sent', id: 'EZ1', data: { messageSid: 'SM1', messageStatus: 'CONSTRUCTOR' } }]),
				contentType: 'application/json',
			}),
			error: /Unknown Twilio message status "constructor"/,
		},
		{ label: 'neither status nor body', request: form('MessageSid=MM1&AccountSid=AC1'), error: /neither MessageStatus nor Body/ },
		{ label: 'NumMedia without its MediaUrl', request: form('MessageSid=MM1&Body=hi&NumMedia=2&MediaUrl0=https%3A%2F%2Fx.test%2F0'), error: /MediaUrl1 is missing/ },
		{ label: 'NumMedia not a number', request: form('MessageSid=MM1&Body=hi&NumMedia=two'), error: /NumMedia/ },
		{ label: 'JSON that is not JSON', request: webhookRequest({ url: callbackUrl, body: '{"broken', contentType: 'application/json' }), error: /not valid JSON/ },
		{
			label: 'a JSON object instead of a CloudEvent array',
			request: webhookRequest({ url: callbackUrl, body: '{"MessageSid":"MM1"}', contentType: 'application/json' }),
			error: /JSON array of CloudEvents/,
		},
		{ label: 'an empty CloudEvent array', request: webhookRequest({ url: callbackUrl, body: '[]', contentType: 'application/json' }), error: /JSON array of CloudEvents/ },
		{
			label: 'a messaging CloudEvent without messageSid',
			request: webhookRequest({
				url: callbackUrl,
				body: JSON.stringify([{ specversion: '1.0', type: 'com.twilio.messaging.message.sent', id: 'EZ1', data: { messageStatus: 'SENT' } }]),
				contentType: 'application/json',
			}),
			error: /Event EZ1: messageSid/,
		},
	],
});

describe('twilio event ids come from what the signature covers (issue #13 point 5)', () => {
	const eventIdOf = (request: WebhookRequest) => [...twilioAdapter.webhook!.parse(request, suite.receivedAt)][0].eventId;
	const signedStatus = (body: string, token?: string) => ({
		...signed({ body }),
		headers: { 'content-type': FORM, 'x-twilio-signature': twilioSignature(authToken, callbackUrl, body), ...(token ? { 'i-twilio-idempotency-token': token } : {}) },
	});

	it('one signed request sent again with other idempotency tokens keeps its id', () => {
		const ids = ['token-1', 'token-2', 'token-3', undefined].map((token) => eventIdOf(signedStatus(statusBody, token)));
		expect(new Set(ids).size).toBe(1);
		expect(ids[0]).toMatch(/^MM5f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e:delivered:/);
	});

	it('a body reordered, re-encoded or with a repeated value, which the signature cannot tell apart, keeps its id', () => {
		const original = 'MessageSid=MM1&MessageStatus=sent&To=%2B15558675310&Tag=a';
		const variants = ['Tag=a&To=%2B15558675310&MessageStatus=sent&MessageSid=MM1', 'MessageSid=MM1&MessageStatus=sent&To=%2B15558675310&Tag=a&Tag=a', 'MessageSid=%4DM1&MessageStatus=sent&To=%2B15558675310&Tag=a'];
		for (const variant of variants) {
			const request = signedStatus(variant);
			expect(twilioAdapter.webhook!.verify(credentials, request, suite.nowMs)).toEqual({ ok: true });
			expect(eventIdOf(request)).toBe(eventIdOf(signedStatus(original)));
		}
	});

	it('another status or another signed field of the same message is another event', () => {
		const sent = eventIdOf(signedStatus('MessageSid=MM1&MessageStatus=sent'));
		expect(eventIdOf(signedStatus('MessageSid=MM1&MessageStatus=delivered'))).not.toBe(sent);
		expect(eventIdOf(signedStatus('MessageSid=MM1&MessageStatus=sent&RawDlrDoneDate=2503011200'))).not.toBe(sent);
	});
});

runAnswerCases(suite, {
	setupSteps: [/A message comes in/, /Status Callback URL/],
	answers: [
		{
			label: 'an empty TwiML Response, so Twilio sends no reply',
			request: form(statusBody),
			answer: { status: 200, contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' },
		},
	],
});
