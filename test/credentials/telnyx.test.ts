import { randomBytes } from 'node:crypto';

import nock from 'nock';

import { DropMmsTelnyxApi } from '../../credentials/DropMmsTelnyxApi.credentials';
import { testCredential } from '../harness/credential-test';
import { packageN8nSection } from '../harness/registry';
import { runTestFailureCases } from './failures';

const apiKey = `KEY${randomBytes(16).toString('hex')}`;

afterEach(() => nock.cleanAll());

describe('dropMmsTelnyxApi credential', () => {
	it('has the fields DESIGN.md lists, the API key hidden', () => {
		const credential = new DropMmsTelnyxApi();
		expect(credential.name).toBe('dropMmsTelnyxApi');
		expect(credential.properties.map((property) => property.name)).toEqual(['apiKey', 'publicKey', 'baseUrl']);
		expect(credential.properties.find((property) => property.name === 'apiKey')?.typeOptions).toEqual({ password: true });
		expect(credential.properties.find((property) => property.name === 'baseUrl')?.default).toBe('https://api.telnyx.com');
	});

	it('passes with a valid API key sent as a Bearer token', async () => {
		const scope = nock('https://api.telnyx.com')
			.get('/v2/balance')
			.matchHeader('authorization', `Bearer ${apiKey}`)
			.reply(200, { data: { record_type: 'balance', balance: '300.00', currency: 'USD' } });
		expect(await testCredential('dropMmsTelnyxApi', { apiKey })).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});

	it('uses the baseUrl origin, trailing slash or not', async () => {
		const scope = nock('http://telnyx-proxy.internal:8080')
			.get('/v2/balance')
			.matchHeader('authorization', `Bearer ${apiKey}`)
			.reply(200, { data: { record_type: 'balance' } });
		const result = await testCredential('dropMmsTelnyxApi', { apiKey, baseUrl: 'http://telnyx-proxy.internal:8080/' });
		expect(result.status).toBe('OK');
		expect(scope.isDone()).toBe(true);
	});

	it('is listed in package.json for n8n to load', () => {
		expect(packageN8nSection().credentials).toContain('dist/credentials/DropMmsTelnyxApi.credentials.js');
	});
});

runTestFailureCases({
	type: 'dropMmsTelnyxApi',
	credentials: { apiKey, publicKey: 'bm90LWEtc2VjcmV0LWJ1dC1hLWtleQ==' },
	origin: 'https://api.telnyx.com',
	addressField: 'baseUrl',
	addressAt: (port) => `http://127.0.0.1:${port}`,
	cases: [
		{ status: 401, fixture: 'telnyx/error-10009-unauthenticated.json', fields: ['API Key', 'Public Key'] },
		{ status: 403, fixture: 'telnyx/error-10010-forbidden.json', fields: ['API Key'], mentions: [/permissions/, /verification/] },
		{ status: 404, fixture: 'telnyx/error-10005-not-found.json', fields: ['Base URL'], mentions: [/https:\/\/api\.telnyx\.com, with no path/] },
	],
});
