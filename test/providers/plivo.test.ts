/**
 * Plivo: fixtures from test/fixtures/plivo (sources in its README) and case tables for the shared
 * runner. V3/V2 signatures are computed here with tokens made in the test.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

import { plivoAdapter } from '../../nodes/providers/plivo';
import { refFor } from '../../nodes/providers/shared';
import type {
	FailureReason, MediaFile, OutboundMessage, OutcomeKind, SendBatch, SendOutcome, WebhookRequest,
} from '../../nodes/providers/types';
import { plivoV3Signature } from '../webhook-signing';
import {
	providerSuite, type Reply, runAnswerCases, runParseCases, runResponseCases, runSendCases, runUploadCases,
	runValidationCases, runVerifyCases, webhookRequest,
} from './cases';
import { runCredentialContract } from './contract';
import { runCapabilityInvariants } from './invariants';

const AUTH_ID = 'MAEXAMPLEACCOUNT0001';
const authToken = randomBytes(20).toString('hex');
const credentials = { authId: AUTH_ID, authToken, baseUrl: 'https://api.plivo.com' };
const API = 'https://api.plivo.com';
const MESSAGE_URL = `${API}/v1/Account/${AUTH_ID}/Message/`;
const STATUS_URL = 'https://n8n.example.com/webhook/mms-status?dropId=drop-1';
const wireHeaders = { authorization: 'Basic ' + Buffer.from(`${AUTH_ID}:${authToken}`).toString('base64'), 'content-type': 'application/json' };

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

const singleBody = {
	src: '14155550100',
	dst: '14155550111',
	text: 'Spring sale: 20% off today',
	type: 'mms',
	media_urls: ['https://cdn.example.com/a.jpg'],
	url: `${STATUS_URL}&ref=r1`,
	method: 'POST',
};

const suite = providerSuite(plivoAdapter, { credentials, message: message(), nowMs: Date.parse('2026-05-04T17:00:00Z'), receivedAt: new Date('2026-05-04T17:05:00.000Z') });
const { fixture, fixtureJson } = suite;

runCapabilityInvariants(suite);

runCredentialContract(suite, [
	{ label: 'the official origin', credentials: { authId: AUTH_ID, authToken } },
	{ label: 'a proxy with a trailing slash', credentials: { authId: AUTH_ID, authToken, baseUrl: 'http://plivo-proxy.internal:8080/' } },
	{ label: 'an emptied Base URL (the official origin)', credentials: { authId: AUTH_ID, authToken, baseUrl: '' } },
]);

const queued = (file: string): Reply => ({ status: 202, fixture: file, headers: { 'content-type': 'application/json' } });
const acceptedSingle: SendOutcome[] = [{ ref: 'r1', kind: 'accepted', messageId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196' }];
const stored = { mediaId: '801c2056-33ab-499c-80ef-58b574a462a2', url: `https://media.plivo.com/Account/${AUTH_ID}/Media/801c2056-33ab-499c-80ef-58b574a462a2` };

runSendCases(suite, [
	{
		label: 'one recipient: dst without +, media URL, callback URL with dropId and ref',
		batch: batchOf(['+14155550111']),
		request: { url: MESSAGE_URL, headers: wireHeaders, body: singleBody },
		reply: queued('send-accepted-single.json'),
		outcomes: acceptedSingle,
	},
	{
		label: 'the credential baseUrl origin (trailing slash ignored)',
		batch: batchOf(['+14155550111']),
		credentials: { ...credentials, baseUrl: 'http://plivo-proxy.internal:8080/' },
		request: { url: `http://plivo-proxy.internal:8080/v1/Account/${AUTH_ID}/Message/`, headers: wireHeaders, body: singleBody },
		reply: queued('send-accepted-single.json'),
		outcomes: acceptedSingle,
	},
	{
		label: 'a batch: dst joined with <, callback URL with dropId only, invalid_number mapped back by number',
		batch: batchOf(['+14155550111', '+15005550001', '+14155550122']),
		request: { url: MESSAGE_URL, headers: wireHeaders, body: { ...singleBody, dst: '14155550111<15005550001<14155550122', url: STATUS_URL } },
		reply: queued('send-accepted-batch.json'),
		outcomes: [
			{ ref: 'r1', kind: 'accepted', messageId: '4a6c1d2e-0f1e-11f0-9c2b-0242ac110003' },
			{
				ref: 'r2',
				kind: 'permanent',
				reason: 'invalid_number',
				error: { code: 'invalid_number', message: 'Plivo returned +15005550001 in invalid_number', httpStatus: 202 },
			},
			{ ref: 'r3', kind: 'accepted', messageId: '4a6c1f90-0f1e-11f0-9c2b-0242ac110003' },
		],
	},
	{
		label: 'several media: uploaded ones by media_ids, the others by media_urls; no url without a callback',
		batch: batchOf(['+14155550111'], {
			statusCallbackUrl: undefined,
			message: message({
				media: [
					{ url: 'https://cdn.example.com/a.jpg' },
					{ mediaId: '801c2056-33ab-499c-80ef-58b574a462a2', url: 'https://media.plivo.com/Account/x/Media/801c2056' },
					{ url: 'https://cdn.example.com/b.gif' },
					{ mediaId: '901d3167-44bc-4aad-91f0-69c685b573b3' },
				],
			}),
		}),
		request: {
			url: MESSAGE_URL,
			headers: wireHeaders,
			body: {
				src: '14155550100',
				dst: '14155550111',
				text: 'Spring sale: 20% off today',
				type: 'mms',
				media_urls: ['https://cdn.example.com/a.jpg', 'https://cdn.example.com/b.gif'],
				media_ids: ['801c2056-33ab-499c-80ef-58b574a462a2', '901d3167-44bc-4aad-91f0-69c685b573b3'],
			},
		},
		reply: queued('send-accepted-single.json'),
		outcomes: acceptedSingle,
	},
	{
		label: 'an uploaded file goes by its media_id alone, not by its media URL',
		batch: batchOf(['+14155550111'], { message: message({ media: [{ ...stored, contentType: 'image/jpeg', bytes: 2048, fileName: 'photo.jpg' }] }) }),
		request: { url: MESSAGE_URL, headers: wireHeaders, body: { ...singleBody, media_urls: undefined, media_ids: [stored.mediaId] } },
		reply: queued('send-accepted-single.json'),
		outcomes: acceptedSingle,
	},
	{
		label: 'a number repeated in one request: Plivo sends it once, the repeat is not reported as sent',
		batch: batchOf(['+14155550111', '+14155550111']),
		request: { url: MESSAGE_URL, headers: wireHeaders, body: { ...singleBody, dst: '14155550111<14155550111', url: STATUS_URL } },
		reply: queued('send-accepted-single.json'),
		outcomes: [
			acceptedSingle[0],
			{
				ref: 'r2',
				kind: 'permanent',
				reason: 'provider_rejected',
				error: { code: 'duplicate_destination', message: '+14155550111 appears twice in one request; Plivo sends it once', httpStatus: 202 },
			},
		],
	},
	{
		label: 'message_uuid that cannot be aligned with dst: ambiguous, never guessed',
		batch: batchOf(['+14155550111', '+14155550122']),
		request: { url: MESSAGE_URL, headers: wireHeaders, body: { ...singleBody, dst: '14155550111<14155550122', url: STATUS_URL } },
		reply: queued('send-accepted-too-few-uuids.json'),
		outcomes: ['r1', 'r2'].map((ref) => ({
			ref,
			kind: 'ambiguous',
			reason: 'invalid_response',
			error: { code: 'invalid_response', message: 'Plivo returned 1 message_uuid for 2 valid numbers', httpStatus: 202 },
		})),
	},
]);

/** Plivo's `{api_id, error}` for every recipient: no code of its own, so the HTTP status stands in. */
function failed(file: string, status: number, kind: OutcomeKind, reason: FailureReason, refs = ['r1']): SendOutcome[] {
	const body = fixtureJson<{ api_id: string; error: string }>(file);
	return refs.map((ref) => ({ ref, kind, reason, error: { code: String(status), message: `Plivo: ${body.error} (api_id ${body.api_id})`, httpStatus: status } }));
}

function geoRefused(refs: string[]): SendOutcome[] {
	const body = fixtureJson<{ api_id: string; error: string }>('error-403-geo-permission.json');
	const which = refs.length === 1 ? 'this number' : `this request of ${refs.length} numbers`;
	const message = `Plivo refused ${which}: the destination country is not enabled in the Plivo account's Messaging Geo Permissions (Plivo console → Messaging → Geo Permissions). Plivo: ${body.error} (api_id ${body.api_id})`;
	return refs.map((ref) => ({ ref, kind: 'permanent', reason: 'provider_rejected', error: { code: 'geo_permission', message, httpStatus: 403 } }));
}

function unreadable(status: number, kind: OutcomeKind, reason: FailureReason): SendOutcome[] {
	return [{ ref: 'r1', kind, reason, error: { code: 'invalid_response', message: expect.stringContaining(`HTTP ${status}`), httpStatus: status } }];
}

const error = (status: number, file: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Reply => ({ status, fixture: file, headers });
const gateway = (status: number) => error(status, 'gateway-error.html', { 'content-type': 'text/html' });

runResponseCases(suite, batchOf(['+14155550111']), [
	{ label: '400 bad dst, one recipient ⇒ invalid_number', reply: error(400, 'error-400-dst.json'), outcomes: failed('error-400-dst.json', 400, 'permanent', 'invalid_number') },
	{
		label: '400 bad dst, several recipients ⇒ provider_rejected (not every number is bad)',
		batch: batchOf(['+14155550111', '+14155550122']),
		reply: error(400, 'error-400-dst.json'),
		outcomes: failed('error-400-dst.json', 400, 'permanent', 'provider_rejected', ['r1', 'r2']),
	},
	{ label: '400 bad src ⇒ provider_rejected', reply: error(400, 'error-400-src.json'), outcomes: failed('error-400-src.json', 400, 'permanent', 'provider_rejected') },
	{ label: '400 media ⇒ media_rejected', reply: error(400, 'error-400-media.json'), outcomes: failed('error-400-media.json', 400, 'permanent', 'media_rejected') },
	{
		label: '400 Insufficient Credit ⇒ fatal insufficient_funds',
		reply: error(400, 'error-400-insufficient-credit.json'),
		outcomes: failed('error-400-insufficient-credit.json', 400, 'fatal', 'insufficient_funds'),
	},
	{ label: '401 ⇒ fatal auth_failed', reply: error(401, 'error-401.json'), outcomes: failed('error-401.json', 401, 'fatal', 'auth_failed') },
	// Issue #12.3: a 403 on POST …/Message/ is a geo-permission refusal (plivo-node GeoPermissionError), not a bad credential.
	{ label: '403 geo permission ⇒ this recipient failed, provider_rejected, with the reason; the drop goes on', reply: error(403, 'error-403-geo-permission.json'), outcomes: geoRefused(['r1']) },
	{
		label: '403 geo permission on a bulk request ⇒ every number of it failed, none stops the drop',
		batch: batchOf(['+14155550111', '+447700900123']),
		reply: error(403, 'error-403-geo-permission.json'),
		outcomes: geoRefused(['r1', 'r2']),
	},
	{ label: '404 on the account Message resource ⇒ fatal', reply: error(404, 'error-404.json'), outcomes: failed('error-404.json', 404, 'fatal', 'provider_rejected') },
	{
		label: '429 ⇒ retryable; Plivo sends no wait hint of its own, Retry-After is left to the engine',
		reply: error(429, 'error-429.json', { 'content-type': 'application/json', 'retry-after': '2' }),
		outcomes: failed('error-429.json', 429, 'retryable', 'rate_limited'),
	},
	{ label: '503 ⇒ retryable', reply: error(503, 'error-503.json'), outcomes: failed('error-503.json', 503, 'retryable', 'server_error') },
	{ label: '500 ⇒ ambiguous', reply: error(500, 'error-500.json'), outcomes: failed('error-500.json', 500, 'ambiguous', 'server_error') },
	{ label: '202 with a non-JSON body ⇒ ambiguous invalid_response', reply: gateway(202), outcomes: unreadable(202, 'ambiguous', 'invalid_response') },
	{ label: '202 JSON without message_uuid ⇒ ambiguous invalid_response', reply: error(202, 'send-accepted-no-uuid-field.json'), outcomes: unreadable(202, 'ambiguous', 'invalid_response') },
	{ label: '401 with a non-JSON body ⇒ still fatal', reply: gateway(401), outcomes: unreadable(401, 'fatal', 'auth_failed') },
	{ label: '400 with a non-JSON body ⇒ permanent provider_rejected', reply: gateway(400), outcomes: unreadable(400, 'permanent', 'provider_rejected') },
	{ label: '502 with a non-JSON body ⇒ ambiguous', reply: gateway(502), outcomes: unreadable(502, 'ambiguous', 'server_error') },
]);

const image = (bytes: number) => ({ url: 'https://cdn.example.com/x.jpg', contentType: 'image/jpeg', bytes });

runValidationCases(suite, [
	{ label: 'a valid MMS', message: message(), problems: [] },
	{ label: 'media only, no text', message: message({ text: '' }), problems: [] },
	{ label: '11 media', message: message({ media: Array.from({ length: 11 }, () => image(1_000)) }), problems: ['Plivo takes at most 10 media per message; this one has 11'] },
	{
		label: 'media total over 5 MB',
		message: message({ media: [image(3_000_000), image(2_000_001)] }),
		problems: ['Plivo takes at most 5000000 bytes of media per message; this one has 5000001'],
	},
	{
		label: 'an upload over 2 MB',
		message: message({ media: [{ data: Buffer.alloc(2_000_001), contentType: 'image/png' }] }),
		problems: ["Media 1 is 2000001 bytes; Plivo's media store takes at most 2000000 per file"],
	},
	{ label: 'text over 1600 characters', message: message({ text: 'x'.repeat(1601) }), problems: ['Plivo takes at most 1600 characters of text; this one has 1601'] },
	{
		label: 'an unsupported media type',
		message: message({ media: [{ url: 'https://cdn.example.com/a.heic', contentType: 'image/heic' }] }),
		problems: ['Media 1 is image/heic; Plivo takes JPEG, PNG, GIF, MP4, PDF and text'],
	},
	{ label: 'a non-http media URL', message: message({ media: [{ url: 'ftp://cdn.example.com/a.jpg' }] }), problems: ['Media 1 URL must be http(s): ftp://cdn.example.com/a.jpg'] },
	{ label: 'a media item with nothing in it', message: message({ media: [{}] }), problems: ['Media 1 has neither a URL nor a file to upload'] },
	{ label: 'neither text nor media', message: message({ text: ' ', media: [] }), problems: ['Plivo needs text or media'] },
	{ label: 'no sender', message: message({ from: '' }), problems: ['Plivo needs a sender (`src`): a Plivo number or short code'] },
	{ label: 'a credential without token', message: message(), credentials: { authId: AUTH_ID }, problems: ['The Plivo credential has no Auth Token'] },
]);

const data = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2044)]);
const file: MediaFile = { data, mimeType: 'image/jpeg', fileName: 'photo.jpg', sha256: createHash('sha256').update(data).digest('hex') };
const MEDIA_URL = `${API}/v1/Account/${AUTH_ID}/Media/`;

/** The exact multipart body: one `file` part, file name quoted, bytes as they are. */
function multipart(boundary: string, fileName: string, bytes: Buffer): (body: Buffer) => void {
	const expected = Buffer.concat([
		Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: image/jpeg\r\n\r\n`),
		bytes,
		Buffer.from(`\r\n--${boundary}--\r\n`),
	]);
	return (body) => expect(body.equals(expected)).toBe(true);
}

const defaultBoundary = `DropMmsPlivo${file.sha256.slice(0, 32)}`;
// A file that holds the default boundary, under a name with quotes and line breaks.
const tricky: MediaFile = { ...file, fileName: 'a"b\r\n.jpg', data: Buffer.concat([data, Buffer.from(defaultBoundary)]) };
const uploaded: Reply = { status: 200, fixture: 'media-upload.json', headers: { 'content-type': 'application/json' } };
const reference = { ...stored, contentType: 'image/jpeg', bytes: 2048 };

runUploadCases(suite, {
	stored: [
		{
			label: 'one multipart `file` part; the reply gives the media id for media_ids',
			file,
			request: {
				url: MEDIA_URL,
				headers: { authorization: wireHeaders.authorization, 'content-type': `multipart/form-data; boundary=${defaultBoundary}` },
				body: multipart(defaultBoundary, 'photo.jpg', data),
			},
			reply: uploaded,
			reference: { ...reference, fileName: 'photo.jpg' },
		},
		{
			label: 'the boundary kept out of the file, quotes and line breaks out of the file name',
			file: tricky,
			request: {
				url: MEDIA_URL,
				headers: { 'content-type': `multipart/form-data; boundary=${defaultBoundary}x` },
				body: multipart(`${defaultBoundary}x`, 'a_b__.jpg', tricky.data),
			},
			reply: uploaded,
			reference: { ...reference, fileName: 'a"b\r\n.jpg' },
		},
	],
	refused: [
		{ label: '400 error body', file, reply: { status: 400, body: '{"api_id":"x","error":"file size exceeds 2MB"}' }, error: /HTTP 400\): file size exceeds 2MB/ },
		{ label: '401', file, reply: { status: 401, fixture: 'error-401.json' }, error: /HTTP 401\): authentication failed/ },
		{ label: 'non-JSON 200', file, reply: { status: 200, fixture: 'gateway-error.html' }, error: /Unreadable Plivo media upload response/ },
		{ label: '200 with a failed object', file, reply: { status: 200, body: '{"api_id":"x","objects":[{"media_id":"m1","status":"failed"}]}' }, error: /did not store photo.jpg/ },
	],
});

// ---------------------------------------------------------------------------------------------
// Webhooks

const TRIGGER_URL = 'https://n8n.example.com/webhook/mms-status';
const url = `${TRIGGER_URL}?dropId=drop-1`;
const nonce = '05691729841532165417';
const otherToken = randomBytes(20).toString('hex');
const statusBody = fixture('status-delivered.form');
const sentQuery = fixture('status-sent.query');

const signV2 = (token: string, signedUrl: string) => createHmac('sha256', token).update(signedUrl.split('?')[0] + nonce).digest('base64');
const v3 = (token: string, method: 'GET' | 'POST', signedUrl: string, body = '') => plivoV3Signature(token, method, signedUrl, new URLSearchParams(body), nonce);
const good = v3(authToken, 'POST', url, statusBody);
const v3Headers = (signature: string) => ({ 'X-Plivo-Signature-V3': signature, 'X-Plivo-Signature-V3-Nonce': nonce });
const v2Headers = (signature: string) => ({ 'X-Plivo-Signature-V2': signature, 'X-Plivo-Signature-V2-Nonce': nonce });
const callback = (options: { url?: string; body?: string; method?: string; headers?: Record<string, string>; urls?: string[] }): WebhookRequest =>
	webhookRequest({ url: options.url ?? url, body: options.body ?? statusBody, method: options.method, headers: options.headers, urls: options.urls });
const acceptingV2 = { ...credentials, acceptV2Signatures: true };
/** Issue #13.7: keys that are prototype members of a plain object. */
const prototypeBody = `${statusBody}&__proto__=x&constructor=y&toString=z&hasOwnProperty=w`;
const prototypeGetUrl = `${url}&${sentQuery}&__proto__=x&constructor=y&toString=z`;

runVerifyCases(suite, {
	valid: [
		{ label: 'V3 over URL, query and form', request: callback({ headers: v3Headers(good) }) },
		{
			label: 'V3 on a GET callback (query only)',
			request: callback({ method: 'GET', url: `${url}&${sentQuery}`, body: '', headers: v3Headers(v3(authToken, 'GET', `${url}&${sentQuery}`)) }),
		},
		{ label: 'a V3 header holding several signatures, one of them right', request: callback({ headers: v3Headers(`${v3(otherToken, 'POST', url, statusBody)},${good}`) }) },
		{ label: 'the main-account V3 header only', request: callback({ headers: { 'x-plivo-signature-ma-v3': good, 'x-plivo-signature-v3-nonce': nonce } }) },
		{
			label: 'V3 signed for another of the trigger URLs (explicit port)',
			request: callback({
				urls: [url, url.replace('n8n.example.com', 'n8n.example.com:443')],
				headers: v3Headers(v3(authToken, 'POST', url.replace('n8n.example.com', 'n8n.example.com:443'), statusBody)),
			}),
		},
		{ label: 'V3 on a POST without form fields', request: callback({ body: '', headers: v3Headers(v3(authToken, 'POST', url)) }) },
		{ label: 'V2 over the URL without query, where the credential accepts V2', request: callback({ headers: v2Headers(signV2(authToken, url)) }), credentials: acceptingV2 },
		{
			label: 'form fields named like prototype members are signed fields like any other',
			request: callback({ body: prototypeBody, headers: v3Headers(v3(authToken, 'POST', url, prototypeBody)) }),
		},
		{
			label: 'query parameters named like prototype members too (GET)',
			request: callback({ method: 'GET', url: prototypeGetUrl, body: '', headers: v3Headers(v3(authToken, 'GET', prototypeGetUrl)) }),
		},
		{ label: 'no timestamp: an old signed request still verifies', request: callback({ headers: v3Headers(good) }), nowMs: Date.parse('2036-01-01T00:00:00Z') },
	],
	forged: [
		{ label: 'V3 signed with another token', request: callback({ headers: v3Headers(v3(otherToken, 'POST', url, statusBody)) }), reason: /V3 does not match/ },
		{ label: 'V3 with a body changed after signing', request: callback({ body: statusBody.replace('Status=delivered', 'Status=failed'), headers: v3Headers(good) }), reason: /V3 does not match/ },
		{ label: 'V3 with a changed query (dropId)', request: callback({ url: `${TRIGGER_URL}?dropId=drop-2`, headers: v3Headers(good) }), reason: /V3 does not match/ },
		{ label: 'V3 with another nonce', request: callback({ headers: { 'X-Plivo-Signature-V3': good, 'X-Plivo-Signature-V3-Nonce': '1' } }), reason: /V3 does not match/ },
		{ label: 'a V3 signature of the wrong length', request: callback({ headers: v3Headers(good.slice(0, -2)) }), reason: /V3 does not match/ },
		{
			label: 'V3 failing while a valid V2 is present (V2 does not cover the body)',
			request: callback({ headers: { ...v3Headers('bm9wZQ=='), ...v2Headers(signV2(authToken, url)) } }),
			reason: /V3 does not match/,
		},
		// Issue #13.3: a captured V2 pair carried a forged `Text=STOP` body to an opt_out item; V2 signs no field.
		{
			label: 'a genuine V2 pair on a forged STOP body, the credential not accepting V2',
			request: callback({ url: 'https://n8n.example.com/webhook/mms-inbound', body: fixture('inbound-stop.form'), headers: v2Headers(signV2(authToken, 'https://n8n.example.com/webhook/mms-inbound')) }),
			reason: /Only X-Plivo-Signature-V2 came.*Accept V2 Signatures/,
		},
		{ label: 'a genuine V2 pair on a GET, whose query V2 does not sign either', request: callback({ method: 'GET', url: `${url}&${sentQuery}`, body: '', headers: v2Headers(signV2(authToken, url)) }), reason: /Only X-Plivo-Signature-V2/ },
		{ label: 'V2 signed with another token', request: callback({ headers: v2Headers(signV2(otherToken, url)) }), credentials: acceptingV2, reason: /V2 does not match/ },
		{
			label: 'V2 signed for another path',
			request: callback({ headers: v2Headers(signV2(authToken, 'https://n8n.example.com/webhook/other')) }),
			credentials: acceptingV2,
			reason: /V2 does not match/,
		},
	],
	missing: [
		{ label: 'no signature headers', request: callback({}), reason: /Missing X-Plivo-Signature/ },
		{ label: 'a signature without its nonce', request: callback({ headers: { 'X-Plivo-Signature-V3': good } }), reason: /Missing X-Plivo-Signature/ },
		{ label: 'a credential without Auth Token', request: callback({ headers: v3Headers(good) }), credentials: { authId: AUTH_ID }, reason: /no Auth Token/ },
	],
});

const base = {
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
	occurredAt: suite.receivedAt.toISOString(),
	dropId: 'drop-1',
	ref: null,
	text: null,
	media: [],
};
/** Each parameter's first value, as own properties (`__proto__` included). */
const firstOfEach = (params: URLSearchParams) => Object.fromEntries([...new Set(params.keys())].map((key) => [key, params.get(key)]));
/** The whole event; `raw` is the callback's fields (the form of a POST, the query of a GET). */
const event = (request: WebhookRequest, fields: object) => ({
	...base,
	...fields,
	raw:
		request.method === 'GET' ? firstOfEach(new URL(request.urls[0]).searchParams) : firstOfEach(new URLSearchParams(request.rawBody.toString())),
});
const parseCase = (label: string, request: WebhookRequest, fields: object) => ({ label, request, events: [event(request, fields)] });
const inbound = (name: string) => callback({ url: 'https://n8n.example.com/webhook/mms-inbound', body: fixture(name) });
const inboundWith = (name: string, fields: Record<string, string>) => {
	const body = new URLSearchParams(fixture(name));
	for (const [key, value] of Object.entries(fields)) body.set(key, value);
	return callback({ url: 'https://n8n.example.com/webhook/mms-inbound', body: body.toString() });
};
const deliveredFields = {
	eventId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196:3',
	messageId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196',
	status: 'delivered',
	providerStatus: 'delivered',
	final: true,
	to: '+14155550111',
	from: '+14155550100',
	occurredAt: '2026-05-04T17:02:15.987Z',
	ref: refFor('drop-1', '+14155550111'),
};
const sentFields = {
	eventId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196:2',
	messageId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196',
	status: 'sent',
	providerStatus: 'sent',
	to: '+14155550111',
	from: '+14155550100',
	occurredAt: '2026-05-04T17:02:12.004Z',
	ref: refFor('drop-1', '+14155550111'),
};
const received = { status: 'received', providerStatus: 'received', final: true, to: '+14155550100', from: '+14155550111', dropId: null };

runParseCases(suite, {
	events: [
		// Issue #12.10: a bulk send's callback URL carries the drop only; the ref is the one the Send node derived from dropId + number.
		parseCase('delivered (POST form), dropId from the query, ref derived from it and To, time from DeliveryReportTime', callback({}), deliveredFields),
		parseCase('a single-recipient callback carries ref too', callback({ url: `${TRIGGER_URL}?dropId=drop-1&ref=r7` }), { ...deliveredFields, ref: 'r7' }),
		parseCase('undelivered with ErrorCode 200 ⇒ optedOut', callback({ body: fixture('status-undelivered-opted-out.form') }), {
			eventId: '4a6c1f90-0f1e-11f0-9c2b-0242ac110003:2',
			messageId: '4a6c1f90-0f1e-11f0-9c2b-0242ac110003',
			status: 'undelivered',
			providerStatus: 'undelivered',
			final: true,
			to: '+14155550122',
			from: '+14155550100',
			errorCode: '200',
			errorMessage: 'Destination opted out (DND/STOP)',
			optedOut: true,
			occurredAt: '2026-05-04T17:02:11.950Z',
			ref: refFor('drop-1', '+14155550122'),
		}),
		parseCase('queued ⇒ not final, time from QueuedTime, empty ErrorCode ⇒ null', callback({ body: fixture('status-queued.form') }), {
			eventId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196:1',
			messageId: 'db3ce55a-7f1d-11e1-8ea7-1231380bc196',
			status: 'queued',
			providerStatus: 'queued',
			to: '+14155550111',
			from: '+14155550100',
			occurredAt: '2026-05-04T17:02:11.200Z',
			ref: refFor('drop-1', '+14155550111'),
		}),
		parseCase('sent as a GET query callback', callback({ method: 'GET', url: `${url}&${sentQuery}`, body: '' }), sentFields),
		parseCase('failed with ErrorCode 900', callback({ body: fixture('status-failed-credit.form') }), {
			eventId: '7d3f9c42-0f1e-11f0-9c2b-0242ac110003:2',
			messageId: '7d3f9c42-0f1e-11f0-9c2b-0242ac110003',
			status: 'failed',
			providerStatus: 'failed',
			final: true,
			to: '+14155550133',
			from: '+14155550100',
			errorCode: '900',
			errorMessage: 'Insufficient credit',
			occurredAt: '2026-05-04T17:02:11.123Z',
			ref: refFor('drop-1', '+14155550133'),
		}),
		parseCase('legacy rejected ⇒ failed; no time fields ⇒ receivedAt; no Sequence ⇒ a key from the signed fields; no dropId ⇒ no ref', callback({ url: TRIGGER_URL, body: fixture('status-rejected-legacy.form') }), {
			eventId: expect.stringMatching(/^8e4a0d53-0f1e-11f0-9c2b-0242ac110003:rejected:[\w-]{22}$/),
			messageId: '8e4a0d53-0f1e-11f0-9c2b-0242ac110003',
			status: 'failed',
			providerStatus: 'rejected',
			final: true,
			to: '+14155550144',
			from: '+14155550100',
			errorCode: '50',
			errorMessage: 'Invalid destination number',
			dropId: null,
		}),
		parseCase('an inbound MMS with media', inbound('inbound-mms.form'), {
			...received,
			kind: 'inbound',
			eventId: '9f5b1e64-0f1e-11f0-9c2b-0242ac110003',
			messageId: '9f5b1e64-0f1e-11f0-9c2b-0242ac110003',
			text: 'Looks great!',
			media: [
				{ url: `https://media.plivo.com/Account/${AUTH_ID}/Media/a0c1e2f3-1111-4a4a-9b9b-000000000001`, contentType: null },
				{ url: `https://media.plivo.com/Account/${AUTH_ID}/Media/a0c1e2f3-1111-4a4a-9b9b-000000000002`, contentType: null },
			],
		}),
		parseCase('an inbound STOP ⇒ opt_out', inbound('inbound-stop.form'), {
			...received,
			kind: 'opt_out',
			eventId: 'a06c2f75-0f1e-11f0-9c2b-0242ac110003',
			messageId: 'a06c2f75-0f1e-11f0-9c2b-0242ac110003',
			text: 'Stop',
			optedOut: true,
		}),
		parseCase("an inbound UNSUB: Plivo's MessageIntent=optout ⇒ opt_out", inbound('inbound-unsub-intent.form'), {
			...received,
			kind: 'opt_out',
			eventId: 'b17d3086-0f1e-11f0-9c2b-0242ac110003',
			messageId: 'b17d3086-0f1e-11f0-9c2b-0242ac110003',
			text: 'unsub',
			optedOut: true,
		}),
		parseCase('an inbound START ⇒ opt_in', inbound('inbound-start.form'), {
			...received,
			kind: 'opt_in',
			eventId: 'c28e4197-0f1e-11f0-9c2b-0242ac110003',
			messageId: 'c28e4197-0f1e-11f0-9c2b-0242ac110003',
			text: 'START',
		}),
		// Issue #13.7: keys and values named like prototype members are data, not Object's own.
		parseCase('form fields named __proto__, constructor, toString are kept as fields', callback({ body: prototypeBody }), deliveredFields),
		parseCase('query parameters named like prototype members (GET)', callback({ method: 'GET', url: prototypeGetUrl, body: '' }), sentFields),
		parseCase(
			'absurd times (year 99999, month 13) ⇒ the next readable stamp, else the receipt time',
			callback({ body: statusBody.replace(/DeliveryReportTime=[^&]+/, 'DeliveryReportTime=99999-01-01+00%3A00%3A00').replace(/SentTime=[^&]+/, 'SentTime=2026-13-45+99%3A99%3A99') }),
			{ ...deliveredFields, occurredAt: '2026-05-04T17:02:11.123Z' },
		),
		parseCase('MessageIntent named like a prototype member is no intent: the text decides', inboundWith('inbound-mms.form', { MessageIntent: 'constructor' }), {
			...received,
			kind: 'inbound',
			eventId: '9f5b1e64-0f1e-11f0-9c2b-0242ac110003',
			messageId: '9f5b1e64-0f1e-11f0-9c2b-0242ac110003',
			text: 'Looks great!',
			media: [
				{ url: `https://media.plivo.com/Account/${AUTH_ID}/Media/a0c1e2f3-1111-4a4a-9b9b-000000000001`, contentType: null },
				{ url: `https://media.plivo.com/Account/${AUTH_ID}/Media/a0c1e2f3-1111-4a4a-9b9b-000000000002`, contentType: null },
			],
		}),
	],
	malformed: [
		...['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'].map((word) => ({
			label: `a Status named ${word} is an unknown Status, not a prototype member`,
			request: callback({ body: statusBody.replace('Status=delivered', `Status=${word}`) }),
			error: new RegExp(`Unknown Plivo message Status '${word}'`),
		})),
		{ label: 'a voice callback', request: callback({ body: fixture('unknown-voice.form') }), error: /Not a Plivo message callback/ },
		{ label: 'an unknown Status word', request: callback({ body: fixture('status-unknown-word.form') }), error: /Unknown Plivo message Status 'exploded'/ },
		{ label: 'a status without MessageUUID', request: callback({ body: 'Status=delivered&To=14155550111' }), error: /without MessageUUID/ },
		{ label: 'an inbound without From', request: callback({ body: 'To=14155550100&Text=hi&MessageUUID=x' }), error: /without From/ },
		{ label: 'a JSON body', request: callback({ body: '{"MessageUUID":"x","Status":"delivered"}' }), error: /Not a Plivo message callback/ },
		{ label: 'an empty body', request: callback({ body: '' }), error: /Not a Plivo message callback/ },
	],
});

// Issue #13.5: without a Sequence the event key comes from what V3 signs, so a replay is the same event
// (the trigger drops or flags it) however its parameters are ordered, and another callback is another event.
describe('plivo event keys without Sequence', () => {
	const eventId = (request: WebhookRequest) => [...plivoAdapter.webhook!.parse(request, suite.receivedAt)][0].eventId;
	const bulk = fixture('status-bulk-no-sequence.form');
	const reordered = [...new URLSearchParams(bulk)].reverse().map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');

	it('is the same for a replay, and for the same fields in another order (V3 signs them sorted)', () => {
		const first = eventId(callback({ body: bulk }));
		expect(first).toMatch(/^4a6c1f90-0f1e-11f0-9c2b-0242ac110003:sent:[\w-]{22}$/);
		expect(eventId(callback({ body: bulk }))).toBe(first);
		expect(eventId(callback({ body: reordered }))).toBe(first);
	});

	it('differs when a signed field differs: another status, time or drop', () => {
		const first = eventId(callback({ body: bulk }));
		expect(eventId(callback({ body: bulk.replace('Status=sent', 'Status=delivered') }))).not.toBe(first);
		expect(eventId(callback({ body: bulk.replace('12.500000', '12.600000') }))).not.toBe(first);
		expect(eventId(callback({ url: `${TRIGGER_URL}?dropId=drop-2`, body: bulk }))).not.toBe(first);
	});

	it('a bulk recipient gets the ref the Send node derived from dropId and its number', () => {
		expect([...plivoAdapter.webhook!.parse(callback({ body: bulk }), suite.receivedAt)][0]).toMatchObject({ dropId: 'drop-1', to: '+14155550122', ref: refFor('drop-1', '+14155550122') });
	});
});

runAnswerCases(suite, {
	setupSteps: [/Messaging → Applications .* Message URL/],
	answers: [
		{ label: 'an inbound message: an empty Message XML, so Plivo sends no reply', request: inbound('inbound-mms.form'), answer: { status: 200, contentType: 'application/xml', body: '<Response></Response>' } },
		{ label: 'a status callback: a bare 200', request: callback({}), answer: { status: 200 } },
	],
});
