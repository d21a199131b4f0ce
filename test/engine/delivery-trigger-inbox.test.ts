/**
 * The trigger under a delivery-report storm (issue #17), through the webhook harness (real HTTP,
 * n8n-core's WebhookContext and TriggerContext): an event is answered 2xx only once it is kept, it
 * reaches an execution across a restart, a storm runs as few executions of many items, and a
 * rotated secret is used from its first request although the credential is kept for a minute.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INode } from 'n8n-workflow';

import { node } from '../harness/engine';
import { WebhookServer } from '../harness/webhook';
import { basicAuthorization, twilioSignature } from '../webhook-signing';

const AUTH_TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const twilio = () => ({ dropMmsTwilioApi: { accountSid: 'AC3c1e5f7a9b2d4f6e8a0c2e4f6a8b0d2e', authToken: AUTH_TOKEN } });

let nodes = 0;
function trigger(provider: string, credentialType: string, options: IDataObject = {}): INode {
	const name = `Trigger ${++nodes}`;
	return node('mmsDeliveryTrigger', { provider, options } as never, { name, id: `trigger-${nodes}`, webhookId: `hook-${nodes}`, credentials: { [credentialType]: { id: `cred-${nodes}`, name: provider } } });
}

function statusCallback(server: WebhookServer, sid: string, token = AUTH_TOKEN) {
	const url = server.url();
	const body = new URLSearchParams({ MessageSid: sid, MessageStatus: 'delivered', AccountSid: 'AC1', From: '+14155550100', To: '+14155551234' }).toString();
	return server.call({ url, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(token, url, body) }, body });
}

const sids = (executions: Awaited<ReturnType<WebhookServer['settledExecutions']>>) => executions.map((execution) => execution[0].map((item) => item.json.messageId));

it('an event is answered only once it is kept; one that cannot be kept gets 503, so the provider sends it again', async () => {
	const server = new WebhookServer({ node: trigger('twilio', 'dropMmsTwilioApi'), credentials: twilio() });
	await server.start();
	const userFolder = process.env.N8N_USER_FOLDER;
	try {
		// n8n's folder is a file here: the inbox cannot be opened.
		const blocked = path.join(userFolder!, 'not-a-folder');
		writeFileSync(blocked, '');
		process.env.N8N_USER_FOLDER = blocked;
		const refused = await statusCallback(server, 'SM-not-kept');
		expect(refused.status).toBe(503);
		process.env.N8N_USER_FOLDER = userFolder;
		expect((await statusCallback(server, 'SM-kept')).status).toBe(200);
		expect(sids(await server.settledExecutions())).toEqual([['SM-kept']]);
	} finally {
		process.env.N8N_USER_FOLDER = userFolder;
		await server.stop();
	}
});

it('events acknowledged while no drain runs (n8n going down) reach an execution when it starts again', async () => {
	const node = trigger('twilio', 'dropMmsTwilioApi');
	const before = new WebhookServer({ node, credentials: twilio() });
	await before.start();
	await before.stopTrigger();
	for (const sid of ['SM-a', 'SM-b', 'SM-c']) expect((await statusCallback(before, sid)).status).toBe(200);
	expect(await before.settledExecutions()).toHaveLength(0);
	await before.stop();

	const after = new WebhookServer({ node, credentials: twilio() });
	await after.start();
	expect(sids(await after.settledExecutions()).flat()).toEqual(['SM-a', 'SM-b', 'SM-c']);
	// The same event again, after the restart, is still known.
	await statusCallback(after, 'SM-a');
	const executions = await after.settledExecutions();
	expect(executions[executions.length - 1][0][0].json).toMatchObject({ messageId: 'SM-a', duplicate: true });
	await after.stop();
});

it('a storm runs as few executions of many items: 4,000 Bandwidth events in one request, 1,000 per execution', async () => {
	const credentials = { dropMmsBandwidthApi: { accountId: '9900000', username: 'u', password: 'p', applicationId: 'a', callbackUsername: 'bw-cb', callbackPassword: 'bw-cb-secret' } };
	const server = new WebhookServer({ node: trigger('bandwidth', 'dropMmsBandwidthApi', { maxEventsPerExecution: 1000, collectForMs: 2000 }), credentials });
	await server.start();
	await server.stopTrigger();
	const events = Array.from({ length: 4000 }, (_, i) => ({
		type: 'message-delivered',
		time: '2026-12-06T10:00:00.000Z',
		description: 'ok',
		to: '+14155551234',
		message: { id: `m-${i}`, owner: '+14155551234', applicationId: 'a', time: '2026-12-06T10:00:00.000Z', segmentCount: 1, direction: 'out', to: ['+14155551234'], from: '+14155550100', text: '', tag: 'drop-1:r1' },
	}));
	const body = JSON.stringify(events);
	// Over the 1 MB that every other provider's single event is held to.
	expect(Buffer.byteLength(body)).toBeGreaterThan(1024 * 1024);
	const reply = await server.call({ headers: { 'content-type': 'application/json', authorization: basicAuthorization('bw-cb', 'bw-cb-secret') }, body });
	expect(reply.status).toBe(200);
	await server.startTrigger();
	const executions = await server.settledExecutions();
	expect(executions.map((execution) => execution[0].length)).toEqual([1000, 1000, 1000, 1000]);
	expect(sids(executions).flat()).toEqual(events.map((event) => event.message.id));
	await server.stop();
});

it('a test event whose first report was seen before and dropped leaves the others unflagged', async () => {
	const credentials = { dropMmsBandwidthApi: { accountId: '9900000', username: 'u', password: 'p', applicationId: 'a', callbackUsername: 'bw-cb', callbackPassword: 'bw-cb-secret' } };
	const server = new WebhookServer({ node: trigger('bandwidth', 'dropMmsBandwidthApi', { duplicates: 'drop' }), credentials });
	await server.start();
	const delivered = (id: string) => ({ type: 'message-delivered', time: '2026-12-06T10:00:00.000Z', description: 'ok', to: '+14155551234', message: { id, owner: '+14155551234', applicationId: 'a', direction: 'out', to: ['+14155551234'], from: '+14155550100', text: '' } });
	const post = async (ids: string[]) => await server.call({ url: server.testUrl(), headers: { 'content-type': 'application/json', authorization: basicAuthorization('bw-cb', 'bw-cb-secret') }, body: JSON.stringify(ids.map(delivered)) });
	expect((await post(['m-seen'])).status).toBe(200);
	expect((await post(['m-seen', 'm-new'])).status).toBe(200);
	const executions = await server.settledExecutions();
	expect(executions.map((execution) => execution[0].map((item) => [item.json.messageId, item.json.duplicate]))).toEqual([[['m-seen', false]], [['m-new', false]]]);
	await server.stop();
});

it('a rotated secret works from its first request, although the credential is kept for a minute', async () => {
	const credentials = twilio();
	const server = new WebhookServer({ node: trigger('twilio', 'dropMmsTwilioApi'), credentials });
	await server.start();
	expect((await statusCallback(server, 'SM-old-token')).status).toBe(200);
	credentials.dropMmsTwilioApi.authToken = 'a-rotated-token-0000000000000000';
	expect((await statusCallback(server, 'SM-new-token', 'a-rotated-token-0000000000000000')).status).toBe(200);
	expect((await statusCallback(server, 'SM-forged', AUTH_TOKEN)).status).toBe(401);
	expect(sids(await server.settledExecutions()).flat()).toEqual(['SM-old-token', 'SM-new-token']);
	await server.stop();
});
