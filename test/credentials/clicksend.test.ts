import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import nock from 'nock';

import { testCredential } from '../harness/credential-test';
import { runTestFailureCases } from './failures';

const account = readFileSync(path.join(__dirname, '../fixtures/clicksend/account-response.json'), 'utf8');

describe('dropMmsClickSendApi credential test', () => {
	afterEach(() => nock.cleanAll());

	it('passes with valid credentials (GET /v3/account with Basic username:apiKey)', async () => {
		const apiKey = randomBytes(16).toString('hex');
		const scope = nock('https://rest.clicksend.com')
			.get('/v3/account')
			.basicAuth({ user: 'api-user', pass: apiKey })
			.reply(200, account, { 'content-type': 'application/json' });
		expect(await testCredential('dropMmsClickSendApi', { username: 'api-user', apiKey })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(scope.isDone()).toBe(true);
	});

	it('uses the credential baseUrl without its trailing slash', async () => {
		const scope = nock('http://proxy.example.test:8443')
			.get('/v3/account')
			.basicAuth({ user: 'api-user', pass: 'key-1' })
			.reply(200, account, { 'content-type': 'application/json' });
		const result = await testCredential('dropMmsClickSendApi', {
			username: 'api-user',
			apiKey: 'key-1',
			baseUrl: 'http://proxy.example.test:8443/',
		});
		expect(result.status).toBe('OK');
		expect(scope.isDone()).toBe(true);
	});
});

runTestFailureCases({
	type: 'dropMmsClickSendApi',
	credentials: { username: 'api-user', apiKey: randomBytes(16).toString('hex'), webhookToken: randomBytes(16).toString('hex') },
	origin: 'https://rest.clicksend.com',
	addressField: 'baseUrl',
	addressAt: (port) => `http://127.0.0.1:${port}`,
	cases: [
		{ status: 401, fixture: 'clicksend/error-401.json', fields: ['Username', 'API Key'] },
		{ status: 403, fixture: 'clicksend/error-403.json', fields: ['Username', 'API Key'] },
		{ status: 404, fixture: 'clicksend/error-404.json', fields: ['Base URL'] },
	],
});
