import nock from 'nock';

import { DropMmsBandwidthApi } from '../../credentials/DropMmsBandwidthApi.credentials';
import { testCredential } from '../harness/credential-test';
import { packageN8nSection } from '../harness/registry';
import { runTestFailureCases } from './failures';

const ACCOUNT_ID = '9900000';
const USERNAME = 'drop-api-user';
const PASSWORD = 'Bw-good-secret-c0ffee-0188';
const MEDIA_LIST = '/api/v2/users/9900000/media';

afterEach(() => nock.cleanAll());

describe('dropMmsBandwidthApi credential', () => {
	it('has the fields DESIGN.md lists, secrets hidden', () => {
		const credential = new DropMmsBandwidthApi();
		expect(credential.name).toBe('dropMmsBandwidthApi');
		expect(credential.properties.map((property) => property.name)).toEqual([
			'accountId',
			'username',
			'password',
			'applicationId',
			'callbackUsername',
			'callbackPassword',
			'baseUrl',
		]);
		const hidden = credential.properties.filter((property) => property.typeOptions?.password).map((property) => property.name);
		expect(hidden).toEqual(['password', 'callbackPassword']);
		expect(credential.properties.find((property) => property.name === 'baseUrl')?.default).toBe('https://messaging.bandwidth.com');
	});

	it('passes with valid API credentials sent as HTTP Basic to the media list', async () => {
		const scope = nock('https://messaging.bandwidth.com')
			.get(MEDIA_LIST)
			.basicAuth({ user: USERNAME, pass: PASSWORD })
			.reply(200, [{ contentLength: 561276, mediaName: 'a.jpg', content: 'https://messaging.bandwidth.com/api/v2/users/9900000/media/a.jpg' }]);
		const result = await testCredential('dropMmsBandwidthApi', { accountId: ACCOUNT_ID, username: USERNAME, password: PASSWORD });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});

	it('uses the baseUrl origin, trailing slash or not', async () => {
		const scope = nock('http://bandwidth-proxy.internal:8080')
			.get(MEDIA_LIST)
			.basicAuth({ user: USERNAME, pass: PASSWORD })
			.reply(200, []);
		const result = await testCredential('dropMmsBandwidthApi', {
			accountId: ACCOUNT_ID,
			username: USERNAME,
			password: PASSWORD,
			baseUrl: 'http://bandwidth-proxy.internal:8080/',
		});
		expect(result.status).toBe('OK');
		expect(scope.isDone()).toBe(true);
	});

	it('is listed in package.json for n8n to load', () => {
		expect(packageN8nSection().credentials).toContain('dist/credentials/DropMmsBandwidthApi.credentials.js');
	});
});

runTestFailureCases({
	type: 'dropMmsBandwidthApi',
	credentials: { accountId: ACCOUNT_ID, username: USERNAME, password: PASSWORD, applicationId: 'app-1', callbackPassword: 'Bw-callback-secret-0199' },
	origin: 'https://messaging.bandwidth.com',
	addressField: 'baseUrl',
	addressAt: (port) => `http://127.0.0.1:${port}`,
	cases: [
		{ status: 401, fixture: 'bandwidth/send-error-401.json', fields: ['API Username', 'API Password'] },
		{ status: 403, fixture: 'bandwidth/send-error-403.json', fields: ['Account ID'], mentions: [/Messaging role/] },
		{ status: 404, fixture: 'bandwidth/send-error-404.json', fields: ['Account ID', 'Base URL'] },
	],
});
