import { randomBytes } from 'node:crypto';

import nock from 'nock';

import { DropMmsTwilioApi } from '../../credentials/DropMmsTwilioApi.credentials';
import { testCredential } from '../harness/credential-test';
import { runTestFailureCases } from './failures';

const accountSid = 'AC5e0d4c3b2a19f8e7d6c5b4a3928170ff';
const authToken = randomBytes(16).toString('hex');
const apiKeySid = 'SK' + randomBytes(16).toString('hex');
const apiKeySecret = randomBytes(16).toString('base64url');
const ACCOUNT_PATH = `/2010-04-01/Accounts/${accountSid}.json`;

afterEach(() => nock.cleanAll());

describe('dropMmsTwilioApi credential', () => {
	it('offers n8n Twilio credential’s Auth Types, with the API key fields only under API Key', () => {
		const byName = Object.fromEntries(new DropMmsTwilioApi().properties.map((property) => [property.name, property]));
		expect(Object.keys(byName)).toEqual(['authType', 'accountSid', 'apiKeySid', 'apiKeySecret', 'authToken', 'sharedKeySecret', 'baseUrl']);
		expect(byName.authType.options).toEqual([
			{ name: 'API Key', value: 'apiKey' },
			{ name: 'Auth Token', value: 'authToken' },
		]);
		expect(byName.authType.default).toBe('authToken');
		for (const name of ['apiKeySid', 'apiKeySecret']) expect(byName[name].displayOptions).toEqual({ show: { authType: ['apiKey'] } });
		// Shown under both: the REST password with Auth Token, the webhook signing key with either.
		expect(byName.authToken.displayOptions).toBeUndefined();
		expect(byName.authToken.description).toMatch(/always signs with the Auth Token/);
		expect([byName.apiKeySecret.typeOptions, byName.authToken.typeOptions]).toEqual([{ password: true }, { password: true }]);
	});

	it('passes with Auth Type Auth Token: Basic AccountSid:AuthToken on the account resource', async () => {
		const scope = nock('https://api.twilio.com').get(ACCOUNT_PATH).basicAuth({ user: accountSid, pass: authToken }).reply(200, { sid: accountSid, status: 'active' });
		expect(await testCredential('dropMmsTwilioApi', { authType: 'authToken', accountSid, authToken })).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});

	it('passes with Auth Type API Key: Basic ApiKeySid:ApiKeySecret, the Account SID still in the URL', async () => {
		const scope = nock('https://api.twilio.com').get(ACCOUNT_PATH).basicAuth({ user: apiKeySid, pass: apiKeySecret }).reply(200, { sid: accountSid, status: 'active' });
		const result = await testCredential('dropMmsTwilioApi', { authType: 'apiKey', accountSid, apiKeySid, apiKeySecret, authToken: 'not-used-for-api-calls' });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});

	it('a credential saved before Auth Type existed tests as Auth Token', async () => {
		const scope = nock('https://api.twilio.com').get(ACCOUNT_PATH).basicAuth({ user: accountSid, pass: authToken }).reply(200, { sid: accountSid });
		expect((await testCredential('dropMmsTwilioApi', { accountSid, authToken })).status).toBe('OK');
		expect(scope.isDone()).toBe(true);
	});

	it('uses the baseUrl origin, trailing slash or not', async () => {
		const scope = nock('https://api.dublin.ie1.twilio.com').get(ACCOUNT_PATH).basicAuth({ user: accountSid, pass: authToken }).reply(200, { sid: accountSid });
		const result = await testCredential('dropMmsTwilioApi', { accountSid, authToken, baseUrl: 'https://api.dublin.ie1.twilio.com/' });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});
});

const twilioFailures = (credentials: Record<string, string>, label: string) =>
	runTestFailureCases({
		type: 'dropMmsTwilioApi',
		label,
		credentials,
		origin: 'https://api.twilio.com',
		addressField: 'baseUrl',
		addressAt: (port) => `http://127.0.0.1:${port}`,
		cases: [
			{
				status: 401,
				fixture: 'twilio/send-error-20003.json',
				fields: ['Account SID', 'Auth Token', 'API Key SID', 'API Key Secret', 'Base URL'],
				mentions: [/region/],
			},
			{ status: 403, fixture: 'twilio/send-error-20008.json', fields: ['Account SID', 'Auth Token'], mentions: [/Test credentials/, /Restricted API key/] },
			{ status: 404, fixture: 'twilio/error-20404.json', fields: ['Account SID', 'API Key SID', 'Base URL'], mentions: [/https:\/\/api\.twilio\.com, with no path/] },
		],
	});

twilioFailures({ authType: 'authToken', accountSid, authToken }, 'Auth Token');
twilioFailures({ authType: 'apiKey', accountSid, apiKeySid, apiKeySecret, authToken }, 'API Key');
