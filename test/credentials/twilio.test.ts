import { randomBytes } from 'node:crypto';

import nock from 'nock';

import { testCredential } from '../harness/credential-test';

describe('dropMmsTwilioApi credential test', () => {
	const accountSid = 'AC5e0d4c3b2a19f8e7d6c5b4a3928170ff';
	const authToken = randomBytes(16).toString('hex');

	afterEach(() => nock.cleanAll());

	it('passes with valid credentials: Basic AccountSid:AuthToken on the account resource', async () => {
		const scope = nock('https://api.twilio.com')
			.get(`/2010-04-01/Accounts/${accountSid}.json`)
			.basicAuth({ user: accountSid, pass: authToken })
			.reply(200, { sid: accountSid, status: 'active' });
		expect(await testCredential('dropMmsTwilioApi', { accountSid, authToken })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(scope.isDone()).toBe(true);
	});

	it('uses the baseUrl origin, trailing slash or not', async () => {
		const scope = nock('https://api.dublin.ie1.twilio.com')
			.get(`/2010-04-01/Accounts/${accountSid}.json`)
			.basicAuth({ user: accountSid, pass: authToken })
			.reply(200, { sid: accountSid });
		const result = await testCredential('dropMmsTwilioApi', { accountSid, authToken, baseUrl: 'https://api.dublin.ie1.twilio.com/' });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});

	it('reports 401 as Unauthorized without echoing the token', async () => {
		const wrongToken = randomBytes(16).toString('hex');
		// n8n repeats a request that got 401 once before giving up, hence persist().
		const scope = nock('https://api.twilio.com')
			.persist()
			.get(`/2010-04-01/Accounts/${accountSid}.json`)
			.basicAuth({ user: accountSid, pass: wrongToken })
			.reply(401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
		const result = await testCredential('dropMmsTwilioApi', { accountSid, authToken: wrongToken });
		expect(result).toEqual({ status: 'Error', message: 'Unauthorized' });
		expect(JSON.stringify(result)).not.toContain(wrongToken);
		expect(scope.isDone()).toBe(true);
	});
});
