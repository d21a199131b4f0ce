/**
 * The sandbox end to end in n8n-core (issue #16): Send MMS Drop on provider `sandbox`, with no
 * credential, runs the real engine and sends nothing; its simulator posts signed reports to an MMS
 * Delivery Trigger on provider `sandbox` served over loopback HTTP, which verifies them with the
 * same installation key and starts one execution per event. Report delays are shortened; the test
 * waits for the executions, it never times them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { BinaryDataService } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { REPORT_DELAYS_MS } from '../../nodes/providers/sandbox/simulator';
import { signedHeaders } from '../../nodes/providers/sandbox/verify';
import { sandboxCredentials } from '../../nodes/providers/sandbox/installation';
import { SANDBOX_HINT } from '../../nodes/SendMmsDrop/sandbox';
import { useFilesystemBinaryData } from '../harness/binary-data';
import { node, runWorkflow } from '../harness/engine';
import { WebhookServer } from '../harness/webhook';

const SENDER = '+14155550100';
const DELIVERED = '+14155550101';
const UNDELIVERED = '+14155550191';
const INVALID = '+14155550192';
const OPTED_OUT = '+14155550193';
const RATE_LIMITED = '+14155550194';
const REPLIES_STOP = '+14155550195';

const trigger = new WebhookServer({ node: node('mmsDeliveryTrigger', { provider: 'sandbox' }, { name: 'Delivery reports', webhookId: 'sandbox-hook' }) });
const delays = { ...REPORT_DELAYS_MS };
let binaryData: BinaryDataService;

beforeAll(async () => {
	Object.assign(REPORT_DELAYS_MS, { sent: 20, final: 60, reply: 100 });
	await trigger.start();
	binaryData = await useFilesystemBinaryData(mkdtempSync(path.join(tmpdir(), 'sandbox-media-')));
});
afterAll(async () => {
	Object.assign(REPORT_DELAYS_MS, delays);
	await trigger.stop();
});
beforeEach(() => trigger.executions.splice(0));

let runs = 0;

/** One Send MMS Drop node on the sandbox, no credential anywhere; each run its own workflow (a new drop). */
async function sendDrop(phones: string[], parameters: IDataObject = {}, input?: INodeExecutionData[], webhookBaseUrl?: string) {
	const options = { ratePerSecond: 50, ...(parameters.options as IDataObject | undefined) };
	const sendNode: INode = node('sendMmsDrop', { provider: 'sandbox', from: SENDER, to: '={{ $json.phone }}', text: '=Hi {{ $json.name }}!', ...parameters, options } as never, { name: 'Send MMS Drop' });
	const result = await runWorkflow({
		nodes: [sendNode],
		input: input ?? phones.map((phone, index) => ({ json: { phone, name: `R${index}` } })),
		workflowId: `sandbox-${++runs}`,
		webhookBaseUrl,
	});
	const error = result.nodeError('Send MMS Drop');
	if (error) return { error: error as Error & { description?: string }, recipients: [], summary: {} as IDataObject, result };
	const [recipients, [summary]] = result.outputs('Send MMS Drop');
	return { error: undefined, recipients: recipients.map((item) => item.json), summary: summary.json, result };
}

/** Waits until the trigger has started `count` executions (and a little longer, to catch any extra). */
async function executions(count: number): Promise<IDataObject[]> {
	const deadline = Date.now() + 20_000;
	while (trigger.executions.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
	await new Promise((resolve) => setTimeout(resolve, REPORT_DELAYS_MS.reply * 2));
	return trigger.executions.flatMap((execution) => execution[0].map((item) => item.json));
}

it('runs the real engine without a credential and sends nothing: each magic number gets its outcome', async () => {
	const { error, recipients, summary, result } = await sendDrop([DELIVERED, UNDELIVERED, INVALID, OPTED_OUT, RATE_LIMITED, REPLIES_STOP, '(415) 555-0101', 'not a number']);
	expect(error).toBeUndefined();
	expect(recipients.map((r) => [r.to, r.status, r.reason, r.attempts])).toEqual([
		[DELIVERED, 'accepted', null, 1],
		[UNDELIVERED, 'accepted', null, 1],
		[INVALID, 'failed', 'invalid_number', 1],
		[OPTED_OUT, 'failed', 'opted_out', 1],
		[RATE_LIMITED, 'accepted', null, 2],
		[REPLIES_STOP, 'accepted', null, 1],
		[DELIVERED, 'skipped', 'duplicate', 0],
		['not a number', 'skipped', 'invalid_number', 0],
	]);
	expect(recipients.every((r) => r.provider === 'sandbox')).toBe(true);
	expect(recipients.filter((r) => r.status === 'accepted').every((r) => /^SBM[0-9a-f]{32}$/.test(r.messageId as string))).toBe(true);
	expect(recipients.find((r) => r.to === OPTED_OUT)!.error).toEqual({ code: '21610', message: 'Recipient unsubscribed (replied STOP)', httpStatus: 400, retryable: false });
	// Six recipients one per request (Twilio's limits), plus the retry of the rate-limited one.
	expect(summary).toMatchObject({ provider: 'sandbox', requests: 7, retries: 1 });
	expect(result.run.data.resultData.runData['Send MMS Drop'][0].hints).toEqual([{ message: SANDBOX_HINT, location: 'outputPane' }]);
	// No status callback URL: nothing is posted anywhere.
	expect(await executions(0)).toEqual([]);
});

it('posts signed reports and the STOP reply to the MMS Delivery Trigger, which turns them into normalized items', async () => {
	const { recipients } = await sendDrop([DELIVERED, UNDELIVERED, INVALID, REPLIES_STOP], { options: { statusCallbackUrl: trigger.url() } });
	const id = (to: string) => recipients.find((r) => r.to === to)!;
	const events = await executions(7);
	expect(events).toHaveLength(7);
	const statuses = events.filter((event) => event.kind === 'status').map((event) => [event.messageId, event.status, event.final, event.errorCode, event.dropId, event.ref]);
	expect(statuses).toEqual(
		expect.arrayContaining(
			[DELIVERED, UNDELIVERED, REPLIES_STOP].flatMap((to) => {
				const { messageId, dropId, ref } = id(to);
				const final = to === UNDELIVERED ? ['undelivered', true, '30003'] : ['delivered', true, null];
				return [
					[messageId, 'sent', false, null, dropId, ref],
					[messageId, ...final, dropId, ref],
				];
			}),
		),
	);
	expect(statuses).toHaveLength(6);
	expect(events.find((event) => event.kind === 'opt_out')).toMatchObject({ provider: 'sandbox', from: REPLIES_STOP, to: SENDER, text: 'STOP', optedOut: true, duplicate: false });
	// The refused number got no report.
	expect(events.some((event) => event.to === INVALID || event.from === INVALID)).toBe(false);
});

it('the trigger refuses a forged, changed or replayed sandbox report and starts nothing', async () => {
	const body = JSON.stringify({ type: 'message.status', eventId: 'SBE1', messageId: 'SBM1', status: 'delivered', to: DELIVERED, from: SENDER, occurredAt: new Date().toISOString(), sandbox: true });
	const { signingKey } = sandboxCredentials() as { signingKey: string };
	const otherKey = 'ab'.repeat(32);
	const replies = await Promise.all([
		trigger.call({ headers: signedHeaders(otherKey, Date.now(), body), body }),
		trigger.call({ headers: signedHeaders(signingKey, Date.now(), body), body: body.replace('delivered', 'undelivered') }),
		trigger.call({ headers: signedHeaders(signingKey, Date.now() - 10 * 60_000, body), body }),
		trigger.call({ headers: { 'content-type': 'application/json' }, body }),
	]);
	expect(replies.map((reply) => reply.status)).toEqual([401, 401, 403, 401]);
	expect(replies.map((reply) => reply.body).join()).not.toContain(signingKey);
	const genuine = await trigger.call({ headers: signedHeaders(signingKey, Date.now(), body), body });
	expect(genuine.status).toBe(200);
	expect(trigger.executions).toHaveLength(1);
});

it('applies the chosen provider’s limits: Plivo’s batches recipients of one message into one request', async () => {
	const { recipients, summary } = await sendDrop([DELIVERED, '+14155550102', INVALID], { sandboxLimits: 'plivo', text: 'Spring sale!' });
	expect(summary).toMatchObject({ requests: 1 });
	const batchIds = new Set(recipients.map((r) => r.batchId));
	expect(recipients.map((r) => r.status)).toEqual(['accepted', 'accepted', 'failed']);
	expect([...batchIds].filter(Boolean)).toEqual([expect.stringMatching(/^SBB/)]);
});

it('holds messages to the chosen limits before anything is sent: ClickSend’s require media', async () => {
	const { error } = await sendDrop([DELIVERED], { sandboxLimits: 'clicksend' });
	expect(error?.message).toBe('The message does not fit Sandbox: Sandbox sends an MMS only with a media file; this message has none');
});

it('refuses Sandbox Limits it does not know (an imported workflow) with a clear error', async () => {
	const { error } = await sendDrop([DELIVERED], { sandboxLimits: 'carrier-pigeon' });
	expect(error?.message).toBe('"Sandbox Limits" must be one of twilio, telnyx, plivo, bandwidth, sinch, clicksend, vonage, mm7; got "carrier-pigeon"');
});

it('a dry run plans and posts nothing', async () => {
	const { recipients } = await sendDrop([DELIVERED, REPLIES_STOP], { options: { dryRun: true, statusCallbackUrl: trigger.url() } });
	expect(recipients.map((r) => r.status)).toEqual(['planned', 'planned']);
	expect(await executions(0)).toEqual([]);
});

it('a re-run of the same drop skips who was sent, as with any provider', async () => {
	const parameters = { options: { dropId: `sandbox-rerun-${Date.now()}` } };
	await sendDrop([DELIVERED, INVALID], parameters);
	const again = await sendDrop([DELIVERED, INVALID], parameters);
	expect(again.recipients.map((r) => [r.status, r.reason])).toEqual([
		['skipped', 'already_sent'],
		['failed', 'invalid_number'],
	]);
});

describe('binary media', () => {
	const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
	const withFile = async (phones: string[]) => {
		const stored = await binaryData.store({ type: 'execution', workflowId: 'w', executionId: 'e' }, GIF, { data: '', mimeType: 'image/gif', fileName: 'offer.gif' });
		return phones.map((phone) => ({ json: { phone }, binary: { data: stored } }));
	};

	it('on a local n8n: accepted (the sandbox fetches nothing), with a warning that a real provider could not reach it', async () => {
		const { error, recipients, summary } = await sendDrop([], { binaryPropertyName: 'data' }, await withFile([DELIVERED]), 'http://127.0.0.1:5678');
		expect(error).toBeUndefined();
		expect(recipients.map((r) => r.status)).toEqual(['accepted']);
		expect(summary.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^Sandbox: n8n serves the picture at http:\/\/127\.0\.0\.1:5678, which a real provider could not reach/)]));
	});

	it('on a public n8n, or with Allow Private Media Host on: no such warning', async () => {
		const input = await withFile([DELIVERED]);
		const onPublic = await sendDrop([], { binaryPropertyName: 'data' }, input, 'https://n8n.example.com');
		const allowed = await sendDrop([], { binaryPropertyName: 'data', options: { allowPrivateMediaHost: true } }, input, 'http://127.0.0.1:5678');
		for (const { summary } of [onPublic, allowed]) expect((summary.warnings as string[]).some((warning) => warning.startsWith('Sandbox:'))).toBe(false);
	});
});
