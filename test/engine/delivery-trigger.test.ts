/**
 * MMS Delivery Trigger served by the webhook harness (real HTTP requests, n8n-core's
 * WebhookContext): verification before anything else, one item per event, the provider's
 * expected answer, event filtering, repeated deliveries, and bad requests that start nothing.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INode } from 'n8n-workflow';

import { node } from '../harness/engine';
import { WebhookServer } from '../harness/webhook';
import { basicAuthorization, plivoV3Signature, rawEd25519PublicKey, telnyxHeaders, twilioSignature } from '../webhook-signing';

const fixture = (provider: string, file: string) =>
	readFileSync(path.join(__dirname, '..', 'fixtures', provider, file), 'utf8');

function triggerNode(provider: string, parameters: IDataObject, credentialType: string, name = 'Trigger'): INode {
	return node('mmsDeliveryTrigger', { provider, ...parameters } as never, {
		name,
		webhookId: `hook-${provider}-${name}`,
		credentials: { [credentialType]: { id: '1', name: provider } },
	});
}

describe('MMS Delivery Trigger: Twilio (form + HMAC-SHA1)', () => {
	const authToken = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
	const credentials = { dropMmsTwilioApi: { accountSid: 'AC3c1e5f7a9b2d4f6e8a0c2e4f6a8b0d2e', authToken } };
	const server = new WebhookServer({ node: triggerNode('twilio', {}, 'dropMmsTwilioApi'), credentials });
	beforeAll(() => server.start());
	afterAll(() => server.stop());
	beforeEach(() => server.executions.splice(0));

	const post = (body: string, url = server.url() + '?dropId=d123&ref=r9', signature?: string) =>
		server.call({
			url,
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'x-twilio-signature': signature ?? twilioSignature(authToken, url, body),
			},
			body,
		});

	it('a signed status callback becomes one normalized item, answered with empty TwiML', async () => {
		const reply = await post(fixture('twilio', 'status-delivered.form.txt'));
		expect(reply.status).toBe(200);
		expect(reply.headers['content-type']).toMatch(/xml/);
		expect(reply.body).toContain('<Response></Response>');
		expect(await server.settledExecutions()).toHaveLength(1);
		const [items] = server.executions[0];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ provider: 'twilio', kind: 'status', status: 'delivered', final: true, dropId: 'd123', ref: 'r9', duplicate: false });
	});

	it('an inbound STOP is an opt_out item', async () => {
		await post(fixture('twilio', 'inbound-stop.form.txt'));
		expect((await server.settledExecutions())[0][0][0].json).toMatchObject({ kind: 'opt_out', optedOut: true, text: 'Stop', from: '+15558675310' });
	});

	it('a signature for the test URL is accepted on the test URL', async () => {
		const url = server.testUrl();
		const reply = await post(fixture('twilio', 'status-sent.form.txt'), url);
		expect(reply.status).toBe(200);
		expect(await server.settledExecutions()).toHaveLength(1);
	});

	it('a forged signature or a tampered body gets 401 and starts no execution', async () => {
		const body = fixture('twilio', 'status-delivered.form.txt');
		const forged = await post(body, undefined, twilioSignature('not-the-token', server.url(), body));
		const url = server.url() + '?dropId=d123&ref=r9';
		const tampered = await post(body.replace('delivered', 'failed'), url, twilioSignature(authToken, url, body));
		const missing = await server.call({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
		expect([forged.status, tampered.status, missing.status]).toEqual([401, 401, 401]);
		expect(await server.settledExecutions()).toHaveLength(0);
	});

	it('a body over 1 MB gets 413 without an execution', async () => {
		const reply = await post('Body=' + 'x'.repeat(1_100_000));
		expect(reply.status).toBe(413);
		expect(await server.settledExecutions()).toHaveLength(0);
	});
});

describe('MMS Delivery Trigger: Telnyx (JSON + Ed25519), repeated deliveries and event filter', () => {
	const { publicKey, privateKey } = generateKeyPairSync('ed25519');
	const credentials = { dropMmsTelnyxApi: { apiKey: 'KEYtest', publicKey: rawEd25519PublicKey(publicKey) } };
	const signed = (body: string, timestamp?: number) => ({ 'content-type': 'application/json', ...telnyxHeaders(privateKey, body, timestamp) });

	it('the same event delivered twice is flagged duplicate by default', async () => {
		const server = new WebhookServer({ node: triggerNode('telnyx', {}, 'dropMmsTelnyxApi', 'Flag'), credentials });
		await server.start();
		const body = fixture('telnyx', 'webhook-message-finalized-delivered.json');
		await server.call({ headers: signed(body), body });
		await server.call({ headers: signed(body), body });
		await server.stop();
		expect((await server.settledExecutions()).map((execution) => execution[0][0].json.duplicate)).toEqual([false, true]);
		expect((await server.settledExecutions())[0][0][0].json).toMatchObject({ provider: 'telnyx', status: 'delivered', final: true });
	});

	it('with "Repeated Deliveries: Drop" the second delivery is acknowledged without an execution', async () => {
		const server = new WebhookServer({ node: triggerNode('telnyx', { options: { duplicates: 'drop' } }, 'dropMmsTelnyxApi', 'Drop'), credentials });
		await server.start();
		const body = fixture('telnyx', 'webhook-message-finalized-delivered.json');
		const first = await server.call({ headers: signed(body), body });
		const second = await server.call({ headers: signed(body), body });
		await server.stop();
		expect([first.status, second.status]).toEqual([200, 200]);
		expect(await server.settledExecutions()).toHaveLength(1);
	});

	it('a filtered-out kind is acknowledged (2xx) and starts nothing; a wanted one starts the workflow', async () => {
		const server = new WebhookServer({ node: triggerNode('telnyx', { events: ['opt_out'] }, 'dropMmsTelnyxApi', 'Filter'), credentials });
		await server.start();
		const status = fixture('telnyx', 'webhook-message-sent.json');
		const stop = fixture('telnyx', 'webhook-message-received-stop.json');
		const ignored = await server.call({ headers: signed(status), body: status });
		const wanted = await server.call({ headers: signed(stop), body: stop });
		await server.stop();
		expect([ignored.status, wanted.status]).toEqual([200, 200]);
		expect((await server.settledExecutions()).map((execution) => execution[0].map((item) => item.json.kind))).toEqual([['opt_out']]);
	});

	it('a stale timestamp gets 403; malformed JSON gets 400; neither starts anything', async () => {
		const server = new WebhookServer({ node: triggerNode('telnyx', {}, 'dropMmsTelnyxApi', 'Bad'), credentials });
		await server.start();
		const body = fixture('telnyx', 'webhook-message-sent.json');
		const stale = await server.call({ headers: signed(body, Math.floor(Date.now() / 1000) - 301), body });
		const malformed = await server.call({ headers: signed('{"data":'), body: '{"data":' });
		await server.stop();
		expect([stale.status, malformed.status]).toEqual([403, 400]);
		expect(await server.settledExecutions()).toHaveLength(0);
	});
});

describe('MMS Delivery Trigger: Bandwidth (JSON array + Basic auth) and ClickSend (token)', () => {
	it('a Bandwidth array of 3 events gives 3 items; wrong Basic auth gives 401', async () => {
		const credentials = { dropMmsBandwidthApi: { accountId: '9900000', username: 'u', password: 'p', applicationId: 'a', callbackUsername: 'hook-user', callbackPassword: 'hook-pass-123' } };
		const server = new WebhookServer({ node: triggerNode('bandwidth', {}, 'dropMmsBandwidthApi'), credentials });
		await server.start();
		const body = fixture('bandwidth', 'callback-batch.json');
		const good = await server.call({ headers: { 'content-type': 'application/json', authorization: basicAuthorization('hook-user', 'hook-pass-123') }, body });
		const bad = await server.call({ headers: { 'content-type': 'application/json', authorization: basicAuthorization('hook-user', 'guess') }, body });
		await server.stop();
		expect([good.status, bad.status]).toEqual([200, 401]);
		expect(await server.settledExecutions()).toHaveLength(1);
		const items = server.executions[0][0].map((item) => item.json);
		expect(items).toHaveLength(3);
		expect(items[0]).toMatchObject({ provider: 'bandwidth', status: 'delivered', dropId: 'drop-2', ref: 'a1' });
	});

	it('ClickSend is verified by the token query parameter', async () => {
		const credentials = { dropMmsClickSendApi: { username: 'u', apiKey: 'k', webhookToken: 'tok-5f2a9c' } };
		const server = new WebhookServer({ node: triggerNode('clicksend', {}, 'dropMmsClickSendApi'), credentials });
		await server.start();
		const body = JSON.stringify({ message_id: 'm1', from: '+61411111111', to: '+61422222222', body: 'STOP', timestamp: '1700000000' });
		const headers = { 'content-type': 'application/json' };
		const good = await server.call({ headers, body, query: { token: 'tok-5f2a9c' } });
		const wrong = await server.call({ headers, body, query: { token: 'tok-000000' } });
		const none = await server.call({ headers, body });
		await server.stop();
		expect([good.status, wrong.status, none.status]).toEqual([200, 401, 401]);
		expect(await server.settledExecutions()).toHaveLength(1);
		expect((await server.settledExecutions())[0][0][0].json).toMatchObject({ provider: 'clicksend', kind: 'opt_out' });
	});
});

describe('MMS Delivery Trigger: Plivo reporting by GET (query string, V3 signature)', () => {
	it('a signed GET callback is served by the GET webhook and becomes one item', async () => {
		const authToken = 'plivo-token-7c1d2e';
		const server = new WebhookServer({ node: triggerNode('plivo', {}, 'dropMmsPlivoApi'), credentials: { dropMmsPlivoApi: { authId: 'MA0000000000000000', authToken } } });
		await server.start();
		const url = `${server.url('setup')}?dropId=d77&${fixture('plivo', 'status-sent.query')}`;
		const nonce = '05429567804466091622';
		const headers = (token: string) => ({ 'x-plivo-signature-v3': plivoV3Signature(token, 'GET', url, new URLSearchParams(), nonce), 'x-plivo-signature-v3-nonce': nonce });
		const good = await server.call({ method: 'GET', url, headers: headers(authToken) });
		const forged = await server.call({ method: 'GET', url, headers: headers('another-token') });
		await server.stop();
		expect([good.status, forged.status]).toEqual([200, 401]);
		expect(await server.settledExecutions()).toHaveLength(1);
		expect((await server.settledExecutions())[0][0][0].json).toMatchObject({ provider: 'plivo', kind: 'status', status: 'sent', dropId: 'd77', to: '+14155550111' });
	});
});

describe('MMS Delivery Trigger: MM7 DeliverReq (multipart/related, read by the node)', () => {
	it('an MO STOP is an opt_out item, answered with DeliverRsp', async () => {
		const credentials = { dropMmsMm7Api: { url: 'http://127.0.0.1/mm7', username: 'vasp', password: 'vasp-pass-1', vaspId: 'v', mm7Version: '6.8.0' } };
		const server = new WebhookServer({ node: triggerNode('mm7', {}, 'dropMmsMm7Api'), credentials });
		await server.start();
		const reply = await server.call({
			headers: {
				'content-type': 'multipart/related; start="soap-start"; type="text/xml"; boundary="----=_Part_139078_1411587550.1397492135426"',
				authorization: basicAuthorization('vasp', 'vasp-pass-1'),
			},
			body: readFileSync(path.join(__dirname, '..', 'fixtures', 'mm7', 'deliver-mo-stop.mime')),
		});
		await server.stop();
		expect(reply.status).toBe(200);
		expect(reply.body).toContain('DeliverRsp');
		expect(reply.body).toContain('>1000001</');
		expect((await server.settledExecutions())[0][0][0].json).toMatchObject({ provider: 'mm7', kind: 'opt_out', optedOut: true });
	});
});
