import nock from 'nock';

import { DropMmsBandwidthApi } from '../../credentials/DropMmsBandwidthApi.credentials';
import { testCredential } from '../harness/credential-test';
import { packageN8nSection } from '../harness/registry';

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
		expect(credential.icon).toBe('file:../icons/bandwidth.svg');
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

	it('fails on 401 without echoing the password', async () => {
		nock('https://messaging.bandwidth.com')
			.get(MEDIA_LIST)
			.reply(401, { type: 'unauthorized', description: 'Authentication Failed' })
			.persist();
		const result = await testCredential('dropMmsBandwidthApi', { accountId: ACCOUNT_ID, username: USERNAME, password: 'Bw-bad-secret-0000' });
		expect(result).toEqual({ status: 'Error', message: 'Unauthorized' });
		expect(result.message).not.toContain('Bw-bad-secret-0000');
	});

	it('is listed in package.json for n8n to load', () => {
		expect(packageN8nSection().credentials).toContain('dist/credentials/DropMmsBandwidthApi.credentials.js');
	});
});
