/**
 * Twilio's Messages API as the fake provider speaks it (providers.md §1).
 *
 * Routes:
 * - POST /2010-04-01/Accounts/{AccountSid}/Messages.json — send (faults apply)
 * - GET  /2010-04-01/Accounts/{AccountSid}/Messages.json — the account's message list (see `listMessages`)
 * - GET  /2010-04-01/Accounts/{AccountSid}.json          — the credential's test request
 * There is no media-upload route: Twilio's Messages API has no media store.
 *
 * Checked like the real API: HTTP Basic AccountSid:AuthToken or ApiKeySid:ApiKeySecret (else 401 /
 * 20003; twilio.com/docs/usage/requests-to-twilio), the path's
 * account must be the authenticated one (else 404 / 20404), a form-encoded body with `To`,
 * `From` or `MessagingServiceSid`, `Body` or `MediaUrl`, `Body` ≤ 1600, ≤ 10 `MediaUrl`, http(s)
 * media and callback URLs, E.164 `To`. Errors use Twilio's body
 * `{ code, message, more_info, status }`.
 *
 * Negative cases follow Twilio's own test-credential magic numbers (twilio.com/docs/iam/test-credentials):
 *   To +15005550001 ⇒ 400 / 21211 invalid number
 *   To +15005550002 ⇒ 400 / 21612 not reachable via SMS/MMS
 *   To +15005550003 ⇒ 400 / 21408 region not enabled
 *   To +15005550004 ⇒ 400 / 21610 opted out (replied STOP)
 *   To +15005550009 ⇒ 400 / 21614 not a mobile number
 */
import { createHash } from 'node:crypto';

import type { FakeProviderApi, FakeReply, FakeRequest, FakeContext } from '../types';

const MORE_INFO = 'https://www.twilio.com/docs/errors/';
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

const MAGIC_RECIPIENTS: Record<string, { code: number; message: string }> = {
	'+15005550001': { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number." },
	'+15005550002': { code: 21612, message: "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS." },
	'+15005550003': { code: 21408, message: 'Permission to send an SMS has not been enabled for the region indicated by the \'To\' number: +15005550003.' },
	'+15005550004': { code: 21610, message: 'Attempt to send to unsubscribed recipient' },
	'+15005550009': { code: 21614, message: "'To' number +15005550009 is not a valid mobile number" },
};

export const twilioApi: FakeProviderApi = {
	provider: 'twilio',
	defaultCredentials: {
		accountSid: 'AC' + '1f'.repeat(16),
		// Derived, not random, so a failing run can be replayed with the same values.
		authToken: createHash('sha256').update('fake-twilio-auth-token').digest('hex').slice(0, 32),
		// An API key of the same account: used only by a credential with Auth Type API Key.
		apiKeySid: 'SK' + '2e'.repeat(16),
		apiKeySecret: createHash('sha256').update('fake-twilio-api-key-secret').digest('base64url').slice(0, 32),
	},
	routes: [
		{
			method: 'POST',
			path: /^\/2010-04-01\/Accounts\/(?<sid>[^/]+)\/Messages\.json$/,
			sends: true,
			handle: (request, context) => authFailure(request, context) ?? createMessage(request, context),
		},
		{
			method: 'GET',
			path: /^\/2010-04-01\/Accounts\/(?<sid>[^/]+)\/Messages\.json$/,
			handle: (request, context) => authFailure(request, context) ?? listMessages(request, context),
		},
		{
			method: 'GET',
			path: /^\/2010-04-01\/Accounts\/(?<sid>[^/]+)\.json$/,
			handle: (request, context) => authFailure(request, context) ?? fetchAccount(request),
		},
		{
			method: 'GET',
			path: /^\/2010-04-01\/Accounts\/(?<sid>[^/]+)\/IncomingPhoneNumbers\.json$/,
			handle: (request, context) => authFailure(request, context) ?? listNumbers(context),
		},
		{
			method: 'GET',
			path: /^\/v1\/Services$/,
			handle: (request, context) => credentialsFailure(request, context) ?? listMessagingServices(context),
		},
		{
			method: 'GET',
			path: /^\/v1\/Services\/(?<serviceSid>[^/]+)$/,
			handle: (request, context) => credentialsFailure(request, context) ?? messagingService(request, context),
		},
		{
			method: 'POST',
			path: /^\/v1\/Services\/(?<serviceSid>[^/]+)$/,
			handle: (request, context) => credentialsFailure(request, context) ?? updateMessagingService(request, context),
		},
	],
	errorReply(status) {
		const messages: Record<number, [number, string]> = {
			429: [20429, 'Too Many Requests'],
			500: [20500, 'An internal server error has occurred'],
			503: [20503, 'Service unavailable'],
		};
		const [code, message] = messages[status] ?? [20500, `HTTP ${status}`];
		return twilioError(status, code, message);
	},
};

function twilioError(status: number, code: number, message: string): FakeReply {
	return {
		status,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ code, message, more_info: MORE_INFO + code, status }),
	};
}

function credentialsFailure(request: FakeRequest, context: FakeContext): FakeReply | undefined {
	const [scheme, encoded] = String(request.headers.authorization ?? '').split(' ');
	const decoded = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
	const separator = decoded.indexOf(':');
	const user = decoded.slice(0, separator);
	const password = decoded.slice(separator + 1);
	const { accountSid, authToken, apiKeySid, apiKeySecret } = context.credentials;
	const signedIn = (user === accountSid && password === authToken) || (user === apiKeySid && password === apiKeySecret);
	if (separator < 0 || !signedIn) return twilioError(401, 20003, 'Authenticate');
	return undefined;
}

function authFailure(request: FakeRequest, context: FakeContext): FakeReply | undefined {
	const failure = credentialsFailure(request, context);
	if (failure) return failure;
	if (request.params.sid !== context.credentials.accountSid) {
		return twilioError(404, 20404, `The requested resource ${request.path} was not found`);
	}
	return undefined;
}

function createMessage(request: FakeRequest, context: FakeContext): FakeReply {
	const contentType = String(request.headers['content-type'] ?? '');
	// Twilio reads only form parameters: any other body leaves every parameter missing.
	const form = contentType.startsWith('application/x-www-form-urlencoded')
		? new URLSearchParams(request.body.toString('utf8'))
		: new URLSearchParams();
	const to = form.get('To');
	const from = form.get('From');
	const service = form.get('MessagingServiceSid');
	const body = form.get('Body') ?? '';
	const mediaUrls = form.getAll('MediaUrl');
	const statusCallback = form.get('StatusCallback');

	if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
	if (!from && !service) return twilioError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required.");
	if (service && !MESSAGING_SERVICE_SID.test(service)) return twilioError(400, 21701, 'The Messaging Service Sid is invalid.');
	if (body === '' && mediaUrls.length === 0) return twilioError(400, 21602, 'Message body is required.');
	if (body.length > 1600) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
	if (mediaUrls.length > 10) return twilioError(400, 21623, 'Too many media URLs. The maximum is 10.');
	if (!mediaUrls.every(isHttpUrl)) return twilioError(400, 21620, 'Invalid media URL(s).');
	if (statusCallback !== null && !isHttpUrl(statusCallback)) return twilioError(400, 21609, 'Invalid StatusCallback URL.');
	const magic = MAGIC_RECIPIENTS[to];
	if (magic) return twilioError(400, magic.code, magic.message);
	if (!E164.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);

	const sid = twilioSid(mediaUrls.length > 0 ? 'MM' : 'SM', context);
	const sender = service ?? (from as string);
	context.accept([
		{
			messageId: sid,
			batchId: null,
			to,
			from: sender,
			text: body,
			subject: null,
			media: mediaUrls,
			correlation: null,
			callbackUrl: statusCallback,
		},
	]);
	const now = new Date().toUTCString().replace('GMT', '+0000');
	const accountSid = request.params.sid;
	const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`;
	const message: MessageResource = {
		account_sid: accountSid,
		api_version: '2010-04-01',
		body,
		date_created: now,
		// The fake never sends: its messages stay queued, without a sent date, as Twilio's do until they leave the queue.
		date_sent: null,
		date_updated: now,
		direction: 'outbound-api',
		error_code: null,
		error_message: null,
		// With a Messaging Service the sender is picked later and the message starts `accepted`.
		from: service ? null : from,
		messaging_service_sid: service,
		num_media: String(mediaUrls.length),
		num_segments: '1',
		price: null,
		price_unit: 'USD',
		sid,
		status: service ? 'accepted' : 'queued',
		subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
		to,
		uri,
	};
	messageLog(context).push(message);
	return { status: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) };
}

/** A message resource as Twilio returns it on create and in lists (twilio-node message.ts `MessageResource`). */
interface MessageResource {
	account_sid: string;
	api_version: string;
	body: string;
	date_created: string;
	date_sent: string | null;
	date_updated: string;
	direction: string;
	error_code: number | null;
	error_message: string | null;
	from: string | null;
	messaging_service_sid: string | null;
	num_media: string;
	num_segments: string;
	price: string | null;
	price_unit: string;
	sid: string;
	status: string;
	subresource_uris: Record<string, string>;
	to: string;
	uri: string;
}

/**
 * Each fake server's message log, oldest first. Keyed by the server's settings table, which is
 * per server and replaced by `reset()`, so the log lives and dies with the fake's other state.
 */
const messageLogs = new WeakMap<object, MessageResource[]>();

function messageLog(context: FakeContext): MessageResource[] {
	let log = messageLogs.get(context.settings);
	if (!log) {
		log = [];
		messageLogs.set(context.settings, log);
	}
	return log;
}

/** twilio-node `pageSize`: "The default is 50, and the maximum is 1000". */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/**
 * The Messages list (twilio-node message.ts `page()`, base/Page.ts; Twilio's "Read multiple Message
 * resources"): filters `To`, `From` (exact), `DateSent`, `DateSent<`, `DateSent>` on the sent date
 * (a message still queued has none, so a date filter never lists it; a bare YYYY-MM-DD is that day, as
 * the docs describe, an ISO time as the SDK sends it is that instant), most recent first, `PageSize`
 * 1–1000 (default 50), `Page` and the `PageToken` Twilio puts into `next_page_uri`, which is null on
 * the last page. Which error the real API gives for a page size out of range is not documented; 20001
 * is Twilio's generic invalid-parameter code.
 */
function listMessages(request: FakeRequest, context: FakeContext): FakeReply {
	const { query } = request;
	const pageSize = Number(query.get('PageSize') ?? DEFAULT_PAGE_SIZE);
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
		return twilioError(400, 20001, `PageSize must be between 1 and ${MAX_PAGE_SIZE}`);
	}
	const pageNumber = Number(query.get('Page') ?? 0);
	if (!Number.isInteger(pageNumber) || pageNumber < 0) return twilioError(400, 20001, 'Page must be a non-negative integer');
	const sentBounds = dateSentBounds(query);
	if (!sentBounds) return twilioError(400, 20001, 'Invalid date value.');

	const matching = messageLog(context)
		.filter((message) => (query.get('To') ?? message.to) === message.to)
		.filter((message) => !query.has('From') || query.get('From') === message.from)
		.filter((message) => sentBounds.every((inBounds) => message.date_sent !== null && inBounds(Date.parse(message.date_sent))))
		.reverse();
	const messages = matching.slice(pageNumber * pageSize, (pageNumber + 1) * pageSize);
	const filters = new URLSearchParams([...query].filter(([name]) => name !== 'Page' && name !== 'PageToken'));
	filters.set('PageSize', String(pageSize));
	const pageUri = (page: number, token?: string) =>
		`/2010-04-01/Accounts/${request.params.sid}/Messages.json?${filters.toString()}&Page=${page}${token ? `&PageToken=${token}` : ''}`;
	const last = messages.at(-1);
	const hasNext = (pageNumber + 1) * pageSize < matching.length;
	return {
		status: 200,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			end: pageNumber * pageSize + Math.max(messages.length - 1, 0),
			first_page_uri: pageUri(0),
			messages,
			next_page_uri: hasNext && last ? pageUri(pageNumber + 1, `PA${last.sid}`) : null,
			page: pageNumber,
			page_size: pageSize,
			previous_page_uri: pageNumber > 0 ? pageUri(pageNumber - 1) : null,
			start: pageNumber * pageSize,
			uri: pageUri(pageNumber),
		}),
	};
}

/** The DateSent filters as tests on a sent time, or undefined when one is not a date. */
function dateSentBounds(query: URLSearchParams): Array<(sentMs: number) => boolean> | undefined {
	const bounds: Array<(sentMs: number) => boolean> = [];
	for (const [name, value] of query) {
		if (name !== 'DateSent' && name !== 'DateSent<' && name !== 'DateSent>') continue;
		const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
		const fromMs = Date.parse(dayOnly ? `${value}T00:00:00Z` : value);
		if (Number.isNaN(fromMs)) return undefined;
		// Exclusive end: the next day for a date, the next millisecond for an instant.
		const untilMs = fromMs + (dayOnly ? 24 * 3600_000 : 1);
		if (name === 'DateSent>') bounds.push((sentMs) => sentMs >= fromMs);
		else if (name === 'DateSent<') bounds.push((sentMs) => sentMs < untilMs);
		else bounds.push((sentMs) => sentMs >= fromMs && sentMs < untilMs);
	}
	return bounds;
}

function fetchAccount(request: FakeRequest): FakeReply {
	const sid = request.params.sid;
	return {
		status: 200,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			sid,
			friendly_name: 'Fake account',
			status: 'active',
			type: 'Full',
			uri: `/2010-04-01/Accounts/${sid}.json`,
		}),
	};
}

/** Twilio SIDs are two letters and 32 hex digits. */
function twilioSid(prefix: 'SM' | 'MM', context: FakeContext): string {
	return prefix + context.nextId('').padStart(32, '0');
}

function isHttpUrl(value: string): boolean {
	try {
		const { protocol } = new URL(value);
		return protocol === 'https:' || protocol === 'http:';
	} catch {
		return false;
	}
}

/**
 * Messaging Services (messaging.twilio.com/v1/Services/{Sid}): a test seeds a service with
 * `fake.settingsOf('twilio').set(sid, {...})`; unknown SIDs are 404 / 20404 like the real API.
 */
const SERVICE_FIELDS: Record<string, string> = {
	StatusCallback: 'status_callback',
	InboundRequestUrl: 'inbound_request_url',
	InboundMethod: 'inbound_method',
};

/**
 * The account's numbers, one page (twilio-node IncomingPhoneNumberPayload): a number that takes MMS
 * and one that does not, as an account has them.
 */
export const FAKE_TWILIO_NUMBERS = [
	{ phone_number: '+14155550100', friendly_name: 'Store front', capabilities: { voice: true, sms: true, mms: true, fax: false } },
	{ phone_number: '+14155550101', friendly_name: 'Voice line', capabilities: { voice: true, sms: true, mms: false, fax: false } },
];

function listNumbers(context: FakeContext): FakeReply {
	const uri = `/2010-04-01/Accounts/${context.credentials.accountSid}/IncomingPhoneNumbers.json?PageSize=100&Page=0`;
	return {
		status: 200,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ incoming_phone_numbers: FAKE_TWILIO_NUMBERS.map((number, index) => ({ sid: `PN${String(index).padStart(32, '0')}`, ...number })), next_page_uri: null, page: 0, page_size: 100, uri, first_page_uri: uri }),
	};
}

/** The seeded Messaging Services as a list (twilio-node ServicePayload, `meta.key` "services"). */
function listMessagingServices(context: FakeContext): FakeReply {
	const services = [...context.settings.entries()].filter(([sid]) => sid.startsWith('MG')).map(([sid, settings]) => ({ sid, friendly_name: settings.friendly_name ?? sid, ...settings }));
	return {
		status: 200,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ services, meta: { key: 'services', next_page_url: null, page: 0, page_size: 100 } }),
	};
}

function messagingService(request: FakeRequest, context: FakeContext): FakeReply {
	const service = context.settings.get(request.params.serviceSid);
	if (!service) return twilioError(404, 20404, `The requested resource ${request.path} was not found`);
	return {
		status: 200,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ sid: request.params.serviceSid, account_sid: context.credentials.accountSid, ...service }),
	};
}

function updateMessagingService(request: FakeRequest, context: FakeContext): FakeReply {
	const service = context.settings.get(request.params.serviceSid);
	if (!service) return twilioError(404, 20404, `The requested resource ${request.path} was not found`);
	if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
		return twilioError(400, 20001, 'Update must be form-encoded');
	}
	for (const [name, value] of new URLSearchParams(request.body.toString('utf8'))) {
		const field = SERVICE_FIELDS[name];
		if (!field) return twilioError(400, 20001, `Unknown parameter ${name}`);
		if (field !== 'inbound_method' && value !== '' && !isHttpUrl(value)) return twilioError(400, 21609, `Invalid ${name}`);
		service[field] = value;
	}
	return messagingService(request, context);
}
