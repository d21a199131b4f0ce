import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import nock from 'nock';

import { DropMmsSinchApi } from '../../credentials/DropMmsSinchApi.credentials';
import { testCredential } from '../harness/credential-test';
import { runTestFailureCases } from './failures';

const batchesList = readFileSync(path.join(__dirname, '../fixtures/sinch/batches-list-200.json'), 'utf8');
const SERVICE_PLAN_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const apiToken = `tok_${randomBytes(16).toString('hex')}`;

afterEach(() => nock.cleanAll());

describe('dropMmsSinchApi credential', () => {
	it('declares the DESIGN.md fields, secrets hidden, region us by default, baseUrl empty', () => {
		const credential = new DropMmsSinchApi();
		expect(credential.name).toBe('dropMmsSinchApi');
		expect(credential.properties.map((property) => property.name)).toEqual([
			'servicePlanId',
			'apiToken',
			'region',
			'baseUrl',
			'callbackUsername',
			'callbackPassword',
			'callbackSigningSecret',
		]);
		const byName = Object.fromEntries(credential.properties.map((property) => [property.name, property]));
		expect(byName.apiToken.typeOptions).toEqual({ password: true });
		expect(byName.callbackPassword.typeOptions).toEqual({ password: true });
		expect(byName.callbackSigningSecret.typeOptions).toEqual({ password: true });
		expect(byName.callbackSigningSecret.required).toBeFalsy();
		expect(byName.region.default).toBe('us');
		expect((byName.region.options ?? []).map((option) => (option as { value: string }).value).sort()).toEqual(['au', 'br', 'ca', 'eu', 'us']);
		expect(byName.baseUrl.default).toBe('');
	});

	const okCases: Array<{ name: string; data: Record<string, string>; origin: string }> = [
		{ name: 'the us host by default', data: {}, origin: 'https://us.sms.api.sinch.com' },
		{ name: 'the region\'s host', data: { region: 'eu' }, origin: 'https://eu.sms.api.sinch.com' },
		{ name: 'the base URL instead of the region, trailing slash dropped', data: { region: 'ca', baseUrl: 'http://sinch-proxy.internal:8080/' }, origin: 'http://sinch-proxy.internal:8080' },
	];

	it.each(okCases)('passes with valid credentials against $name', async ({ data, origin }) => {
		const scope = nock(origin)
			.get(`/xms/v1/${SERVICE_PLAN_ID}/batches`)
			.query({ page_size: '1' })
			.matchHeader('authorization', `Bearer ${apiToken}`)
			.reply(200, batchesList, { 'content-type': 'application/json' });

		const result = await testCredential('dropMmsSinchApi', { servicePlanId: SERVICE_PLAN_ID, apiToken, ...data });

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});
});

runTestFailureCases({
	type: 'dropMmsSinchApi',
	credentials: { servicePlanId: SERVICE_PLAN_ID, apiToken, region: 'eu', callbackPassword: `cb_${randomBytes(8).toString('hex')}` },
	origin: 'https://eu.sms.api.sinch.com',
	addressField: 'baseUrl',
	addressAt: (port) => `http://127.0.0.1:${port}`,
	cases: [
		{ status: 401, fixture: 'sinch/error-401.json', fields: ['API Token', 'Service Plan ID', 'Region'] },
		{ status: 403, fixture: 'sinch/error-403-unauthorized.json', fields: ['Service Plan ID', 'API Token'] },
		{ status: 404, fixture: 'sinch/error-404-no-route.html', fields: ['Service Plan ID', 'Region', 'Base URL'] },
	],
});
