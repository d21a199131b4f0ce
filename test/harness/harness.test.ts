import nock from 'nock';
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runWorkflow, node } from './engine';
import { testCredential } from './credential-test';

/** A probe node: one authenticated GET per item, through n8n's own request helper. */
const probe: INodeType = {
	description: {
		displayName: 'Probe', name: 'probe', group: ['transform'], version: 1, description: '',
		defaults: { name: 'Probe' }, inputs: [NodeConnectionTypes.Main], outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dropMmsTwilioApi', required: true }],
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const url = this.getNodeParameter('url', i) as string;
			const body = await this.helpers.httpRequestWithAuthentication.call(this, 'dropMmsTwilioApi', { url, method: 'GET', json: true });
			out.push({ json: body, pairedItem: { item: i } });
		}
		return [out];
	},
};

describe('engine harness', () => {
	afterEach(() => nock.cleanAll());

	it('runs a workflow through WorkflowExecute with generic auth applied on the wire', async () => {
		const scope = nock('https://api.example.test')
			.get('/who/alice').basicAuth({ user: 'AC123', pass: 'secret' }).reply(200, { name: 'alice' })
			.get('/who/bob').basicAuth({ user: 'AC123', pass: 'secret' }).reply(200, { name: 'bob' });
		const result = await runWorkflow({
			nodes: [node('test.probe', { url: '=https://api.example.test/who/{{ $json.who }}' }, { name: 'Probe', credentials: { dropMmsTwilioApi: { id: '1', name: 'c' } } })],
			credentials: { dropMmsTwilioApi: { accountSid: 'AC123', authToken: 'secret' } },
			input: [{ json: { who: 'alice' } }, { json: { who: 'bob' } }],
			extraNodeTypes: { 'test.probe': probe },
		});
		expect(result.status).toBe('success');
		expect(result.outputs('Probe')[0].map((item) => item.json)).toEqual([{ name: 'alice' }, { name: 'bob' }]);
		expect(result.outputs('Probe')[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(scope.isDone()).toBe(true);
	});

	it('reports a node error as the run error', async () => {
		nock('https://api.example.test').get('/who/x').reply(500, { message: 'boom' });
		const result = await runWorkflow({
			nodes: [node('test.probe', { url: 'https://api.example.test/who/x' }, { name: 'Probe', credentials: { dropMmsTwilioApi: { id: '1', name: 'c' } } })],
			credentials: { dropMmsTwilioApi: { accountSid: 'AC123', authToken: 'secret' } },
			extraNodeTypes: { 'test.probe': probe },
		});
		expect(result.status).toBe('error');
		expect(result.nodeError('Probe')).toMatchObject({ httpCode: '500', message: 'The service was not able to process your request' });
	});
});

describe('credential test request', () => {
	afterEach(() => nock.cleanAll());
	it('passes with valid credentials and fails on 401 without echoing the secret', async () => {
		nock('https://api.twilio.com').get('/2010-04-01/Accounts/AC1.json').basicAuth({ user: 'AC1', pass: 'good' }).reply(200, { sid: 'AC1' });
		expect(await testCredential('dropMmsTwilioApi', { accountSid: 'AC1', authToken: 'good' })).toEqual({ status: 'OK', message: 'Connection successful!' });
		nock('https://api.twilio.com').get('/2010-04-01/Accounts/AC1.json').reply(401, { code: 20003, message: "Authenticate" }).persist();
		const failed = await testCredential('dropMmsTwilioApi', { accountSid: 'AC1', authToken: 'bad-secret' });
		expect(failed).toEqual({ status: 'Error', message: expect.stringMatching(/^Twilio answered HTTP 401 /) });
		expect(failed.message).not.toContain('bad-secret');
	});

	it('a status no rule names shows n8n\'s status text, as n8n 2.41 does', async () => {
		nock('https://api.twilio.com').get('/2010-04-01/Accounts/AC1.json').reply(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' }).persist();
		expect(await testCredential('dropMmsTwilioApi', { accountSid: 'AC1', authToken: 'good' })).toEqual({ status: 'Error', message: 'Bad Gateway' });
	});
});
