/**
 * Issue #15 point 8: what each provider's account lists for the editor's pickers, on the wire
 * (nock) against replies written from the documented shapes (test/fixtures/<provider>/README.md
 * names each source). Providers whose API does not list senders to the credential the package
 * holds (Bandwidth, Sinch, Vonage, MM7) have none: their From is typed.
 */
import { randomBytes } from 'node:crypto';

import { adapters } from '../../nodes/providers';
import { clicksendNumbers } from '../../nodes/providers/clicksend/lists';
import { plivoApplications, plivoNumbers } from '../../nodes/providers/plivo/lists';
import { telnyxNumberPools, telnyxNumbers, telnyxProfiles } from '../../nodes/providers/telnyx/lists';
import { twilioNumbers, twilioServices } from '../../nodes/providers/twilio/lists';
import type { OutboundMessage, ProviderAdapter } from '../../nodes/providers/types';
import { providerSuite, runListCases } from './cases';

const message: OutboundMessage = { from: '+14155550100', text: 'Hi', media: [] };
const json = { 'content-type': 'application/json' };
const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
const suiteOf = (adapter: ProviderAdapter, credentials: Record<string, string>) => providerSuite(adapter, { credentials, message });

// ---------------------------------------------------------------------------------------------
// Twilio: IncomingPhoneNumbers that take MMS, then Messaging Services

const accountSid = 'AC' + randomBytes(16).toString('hex');
const authToken = randomBytes(16).toString('hex');
const twilio = suiteOf(adapters.twilio, { accountSid, authToken, baseUrl: 'https://api.twilio.com' });
const numbersPath = `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`;
const twilioAuth = { authorization: basic(accountSid, authToken), accept: 'application/json' };
// Auth Type API Key: the pickers sign in with the key, as sends do; the Account SID stays in the path.
const apiKeySid = 'SK' + randomBytes(16).toString('hex');
const apiKeySecret = randomBytes(24).toString('base64url');
const twilioApiKey = { authType: 'apiKey', accountSid, apiKeySid, apiKeySecret, baseUrl: 'https://api.twilio.com' };
const apiKeyAuth = { authorization: basic(apiKeySid, apiKeySecret), accept: 'application/json' };

runListCases(twilio, [
	{
		label: 'numbers: the largest page the picker needs; a number without MMS is left out; the friendly name when it says more than the number',
		list: twilioNumbers,
		request: { url: `https://api.twilio.com${numbersPath}?PageSize=100`, headers: twilioAuth },
		reply: { status: 200, fixture: 'list-incoming-phone-numbers.json', headers: json },
		page: {
			entries: [
				{ name: '+14155550100 · Store front', value: '+14155550100' },
				{ name: '+14155550102', value: '+14155550102' },
			],
			next: '/2010-04-01/Accounts/ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX/IncomingPhoneNumbers.json?PageSize=100&Page=1&PageToken=PAPN33333333333333333333333333333333',
		},
	},
	{
		label: "numbers: the next page, from the cursor Twilio gave, on this account's path",
		list: twilioNumbers,
		cursor: `${numbersPath}?PageSize=100&Page=1&PageToken=PAPN3`,
		request: { url: `https://api.twilio.com${numbersPath}?PageSize=100&Page=1&PageToken=PAPN3`, headers: twilioAuth },
		reply: { status: 200, body: JSON.stringify({ incoming_phone_numbers: [], next_page_uri: null }), headers: json },
		page: { entries: [] },
	},
	{
		label: 'Messaging Services: on messaging.twilio.com, named with their SID; the last page has no next',
		list: twilioServices,
		request: { url: 'https://messaging.twilio.com/v1/Services?PageSize=100', headers: twilioAuth },
		reply: { status: 200, fixture: 'list-messaging-services.json', headers: json },
		page: { entries: [{ name: 'Spring campaign · Messaging Service MG9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b', value: 'MG9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b' }] },
	},
	{
		label: 'Auth Type API Key: numbers listed with the API key, on the account of the Account SID',
		list: twilioNumbers,
		credentials: twilioApiKey,
		request: { url: `https://api.twilio.com${numbersPath}?PageSize=100`, headers: apiKeyAuth },
		reply: { status: 200, body: JSON.stringify({ incoming_phone_numbers: [], next_page_uri: null }), headers: json },
		page: { entries: [] },
	},
	{
		label: 'Auth Type API Key: Messaging Services listed with the API key',
		list: twilioServices,
		credentials: twilioApiKey,
		request: { url: 'https://messaging.twilio.com/v1/Services?PageSize=100', headers: apiKeyAuth },
		reply: { status: 200, fixture: 'list-messaging-services.json', headers: json },
		page: { entries: [{ name: 'Spring campaign · Messaging Service MG9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b', value: 'MG9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b' }] },
	},
	{
		label: 'a refusal names the list and the credential',
		list: twilioNumbers,
		request: { url: `https://api.twilio.com${numbersPath}?PageSize=100`, headers: twilioAuth },
		reply: { status: 401, body: JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }), headers: json },
		page: /^Could not list Twilio numbers: the provider answered HTTP 401 \(check the credential\)$/,
	},
	{
		label: 'a 200 that is not a page (a proxy page) is an error, not an empty list',
		list: twilioServices,
		request: { url: 'https://messaging.twilio.com/v1/Services?PageSize=100', headers: twilioAuth },
		reply: { status: 200, body: '<html>gateway</html>', headers: { 'content-type': 'text/html' } },
		page: /reply is not a page of them/,
	},
]);

it('twilio: a cursor is followed only along the list it came from, never to another host or account', () => {
	const credentials = { accountSid, authToken };
	for (const cursor of ['https://attacker.example/2010-04-01/Accounts/x/IncomingPhoneNumbers.json?Page=1', '/2010-04-01/Accounts/ACother/IncomingPhoneNumbers.json?Page=1', '/2010-04-01/Accounts/x/Messages.json']) {
		expect(() => twilioNumbers.buildRequest(credentials, cursor)).toThrow(/Not a page of this list/);
	}
	// An absolute next-page link keeps only its path and query, on the credential's own origin.
	expect(twilioServices.buildRequest({ ...credentials, baseUrl: 'http://proxy.internal:8080' }, 'https://messaging.twilio.com/v1/Services?Page=1&PageToken=PT').url).toBe('http://proxy.internal:8080/v1/Services?Page=1&PageToken=PT');
});

it('telnyx, clicksend: a cursor is a page number, nothing else', () => {
	const pages = [
		{ list: telnyxNumbers, credentials: { apiKey: 'KEY' + randomBytes(8).toString('hex') } },
		{ list: clicksendNumbers, credentials: { username: 'user', apiKey: randomBytes(8).toString('hex') } },
	];
	for (const { list, credentials } of pages) {
		expect(list.buildRequest(credentials, '3').url).toMatch(/page(%5Bnumber%5D|\[number\])?=3&/);
		for (const cursor of ['0', '-1', '1.5', 'https://attacker.example/v3/numbers?page=2', '']) {
			expect(() => list.buildRequest(credentials, cursor)).toThrow(/Not a page of this list/);
		}
	}
});

// ---------------------------------------------------------------------------------------------
// Telnyx: numbers with messaging settings, number pools, messaging profiles

const apiKey = 'KEY' + randomBytes(16).toString('hex');
const telnyx = suiteOf(adapters.telnyx, { apiKey, publicKey: '', baseUrl: 'https://api.telnyx.com' });
const telnyxAuth = { authorization: `Bearer ${apiKey}`, accept: 'application/json' };

runListCases(telnyx, [
	{
		label: 'numbers: page 1 of 2, 250 to a page; a number whose MMS features are null is left out',
		list: telnyxNumbers,
		request: { url: 'https://api.telnyx.com/v2/phone_numbers/messaging?page%5Bnumber%5D=1&page%5Bsize%5D=250', headers: telnyxAuth },
		reply: { status: 200, fixture: 'list-messaging-numbers.json', headers: json },
		page: { entries: [{ name: '+18445550001 · toll-free', value: '+18445550001' }], next: '2' },
	},
	{
		label: 'numbers: the next page by number',
		list: telnyxNumbers,
		cursor: '2',
		request: { url: 'https://api.telnyx.com/v2/phone_numbers/messaging?page%5Bnumber%5D=2&page%5Bsize%5D=250', headers: telnyxAuth },
		reply: { status: 200, body: JSON.stringify({ data: [], meta: { page_number: 2, total_pages: 2 } }), headers: json },
		page: { entries: [] },
	},
	{
		label: 'number pools: only the profiles that send from a pool are senders',
		list: telnyxNumberPools,
		request: { url: 'https://api.telnyx.com/v2/messaging_profiles?page%5Bnumber%5D=1&page%5Bsize%5D=250', headers: telnyxAuth },
		reply: { status: 200, fixture: 'list-messaging-profiles.json', headers: json },
		page: { entries: [{ name: 'Spring campaign · number pool · 3fa85f64-5717-4562-b3fc-2c963f66afa6', value: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }] },
	},
	{
		label: "profiles: every one is a registration target for the trigger",
		list: telnyxProfiles,
		request: { url: 'https://api.telnyx.com/v2/messaging_profiles?page%5Bnumber%5D=1&page%5Bsize%5D=250', headers: telnyxAuth },
		reply: { status: 200, fixture: 'list-messaging-profiles.json', headers: json },
		page: {
			entries: [
				{ name: 'Spring campaign · 3fa85f64-5717-4562-b3fc-2c963f66afa6', value: '3fa85f64-5717-4562-b3fc-2c963f66afa6' },
				{ name: 'Support line · 7c9e6679-7425-40de-944b-e07fc1f90ae7', value: '7c9e6679-7425-40de-944b-e07fc1f90ae7' },
			],
		},
	},
]);

// ---------------------------------------------------------------------------------------------
// Plivo: rented numbers, applications

const AUTH_ID = 'MAXXXXXXXXXXXXXXXXXX';
const plivoToken = randomBytes(16).toString('hex');
const plivo = suiteOf(adapters.plivo, { authId: AUTH_ID, authToken: plivoToken, baseUrl: 'https://api.plivo.com' });
const plivoAuth = { authorization: basic(AUTH_ID, plivoToken), accept: 'application/json' };

runListCases(plivo, [
	{
		label: 'numbers: 20 to a page, written +E.164; mms_enabled false is left out, a number without the field kept',
		list: plivoNumbers,
		request: { url: `https://api.plivo.com/v1/Account/${AUTH_ID}/Number/?limit=20&offset=0`, headers: plivoAuth },
		reply: { status: 200, fixture: 'list-numbers.json', headers: json },
		page: {
			entries: [
				{ name: '+14155550100 · Store front', value: '+14155550100' },
				{ name: '+14155550102', value: '+14155550102' },
			],
			next: `/v1/Account/${AUTH_ID}/Number/?limit=20&offset=20`,
		},
	},
	{
		label: "numbers: the next page is meta.next on the account's path",
		list: plivoNumbers,
		cursor: `/v1/Account/${AUTH_ID}/Number/?limit=20&offset=20`,
		request: { url: `https://api.plivo.com/v1/Account/${AUTH_ID}/Number/?limit=20&offset=20`, headers: plivoAuth },
		reply: { status: 200, body: JSON.stringify({ meta: { next: null }, objects: [] }), headers: json },
		page: { entries: [] },
	},
	{
		label: 'applications: the registration target, by name and id',
		list: plivoApplications,
		request: { url: `https://api.plivo.com/v1/Account/${AUTH_ID}/Application/?limit=20&offset=0`, headers: plivoAuth },
		reply: { status: 200, fixture: 'list-applications.json', headers: json },
		page: { entries: [{ name: 'Drops · 20372631212782780', value: '20372631212782780' }] },
	},
]);

// ---------------------------------------------------------------------------------------------
// ClickSend: dedicated numbers

const clicksendKey = randomBytes(16).toString('hex').toUpperCase();
const clicksend = suiteOf(adapters.clicksend, { username: 'drops@example.com', apiKey: clicksendKey, webhookToken: '', baseUrl: 'https://rest.clicksend.com' });

runListCases(clicksend, [
	{
		label: 'dedicated numbers: page 1 of 1, with their country',
		list: clicksendNumbers,
		request: { url: 'https://rest.clicksend.com/v3/numbers?page=1&limit=100', headers: { authorization: basic('drops@example.com', clicksendKey), accept: 'application/json' } },
		reply: { status: 200, fixture: 'list-numbers.json', headers: json },
		page: {
			entries: [
				{ name: '+61411111111 · AU', value: '+61411111111' },
				{ name: '+14155550100 · US', value: '+14155550100' },
			],
		},
	},
]);

it('which providers list senders and registration targets: the others are typed, and the README says why', () => {
	const listing = Object.values(adapters).map((adapter) => [adapter.id, (adapter.senders ?? []).map((list) => list.label), adapter.webhook?.registrar?.targets?.label ?? null]);
	expect(listing).toEqual([
		['twilio', ['numbers', 'Messaging Services'], 'Messaging Services'],
		['telnyx', ['numbers', 'number pools (messaging profiles)'], 'messaging profiles'],
		['plivo', ['numbers'], 'applications'],
		['bandwidth', [], null],
		['sinch', [], null],
		['clicksend', ['dedicated numbers'], null],
		['vonage', [], null],
		['mm7', [], null],
		// n8n's list mode needs a credential on the node (ResourceLocator.vue `credentialsNotSet`); the Sandbox has none.
		['sandbox', [], null],
	]);
});
