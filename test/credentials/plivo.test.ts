/**
 * The Plivo credential's test request, run the way n8n's CredentialsTester runs it, and its
 * `authenticate` producing the very header the adapter puts on its own requests.
 */
import { randomBytes } from 'node:crypto';

import nock from 'nock';

import { plivoAdapter } from '../../nodes/providers/plivo';
import { testCredential } from '../harness/credential-test';
import { runTestFailureCases } from './failures';

const AUTH_ID = 'MAEXAMPLEACCOUNT0001';
const ACCOUNT_PATH = `/v1/Account/${AUTH_ID}/`;
const account = { api_id: 'c8a3b2a4-0f1e-11f0-9c2b-0242ac110003', auth_id: AUTH_ID, name: 'Drop MMS test account' };

describe('dropMmsPlivoApi credential test', () => {
	afterEach(() => nock.cleanAll());

	it('passes with valid credentials, authenticating exactly like the adapter', async () => {
		const authToken = randomBytes(20).toString('hex');
		const adapterHeader = plivoAdapter.buildSendRequest(
			{ authId: AUTH_ID, authToken },
			{ dropId: 'd', message: { from: '+14155550100', text: 't', media: [] }, recipients: [{ ref: 'r', to: '+14155550111' }] },
			0,
		).headers.authorization;
		const scope = nock('https://api.plivo.com')
			.get(ACCOUNT_PATH)
			.basicAuth({ user: AUTH_ID, pass: authToken })
			.matchHeader('authorization', adapterHeader)
			.reply(200, account);
		expect(await testCredential('dropMmsPlivoApi', { authId: AUTH_ID, authToken })).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});

	it('uses baseUrl as the origin (trailing slash ignored)', async () => {
		const authToken = randomBytes(20).toString('hex');
		const scope = nock('http://plivo-proxy.internal:8080').get(ACCOUNT_PATH).basicAuth({ user: AUTH_ID, pass: authToken }).reply(200, account);
		const result = await testCredential('dropMmsPlivoApi', { authId: AUTH_ID, authToken, baseUrl: 'http://plivo-proxy.internal:8080/' });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});
});

runTestFailureCases({
	type: 'dropMmsPlivoApi',
	credentials: { authId: AUTH_ID, authToken: randomBytes(20).toString('hex') },
	origin: 'https://api.plivo.com',
	addressField: 'baseUrl',
	addressAt: (port) => `http://127.0.0.1:${port}`,
	cases: [
		{ status: 401, fixture: 'plivo/error-401.json', fields: ['Auth ID', 'Auth Token'], mentions: [/subaccount/] },
		{ status: 404, fixture: 'plivo/error-404.json', fields: ['Auth ID', 'Base URL'] },
	],
});
