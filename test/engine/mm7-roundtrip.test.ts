/**
 * MM7 end to end: Send MMS Drop (provider mm7) submits to the fake MMSC through n8n-core's engine;
 * the MMSC posts a DeliveryReportReq with HTTP Basic to the MMS Delivery Trigger's URL (MM7 reports
 * go to the VASP URL configured at the MMSC, not to a per-message callback), and the trigger's item
 * carries the MessageID the drop reported for that recipient.
 */
import { createServer, type Server } from 'node:http';

import type { INode } from 'n8n-workflow';

import { listenOnLoopback } from '../loopback';
import { node } from '../harness/engine';
import { WebhookServer } from '../harness/webhook';
import { mm7Api } from '../fake-provider/providers/mm7';
import { FakeProviderServer } from '../fake-provider/server';
import { phoneItems, runSendDrop } from './send-drop.helpers';

const CALLBACK = { username: 'mmsc-reports', password: 'mmsc-reports-secret-42' };
/** A real 1×1 PNG: the Send node types fetched media from its bytes and refuses corrupt files. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const fake = new FakeProviderServer([mm7Api]);
let trigger: WebhookServer;
let mediaServer: Server;
let mediaUrl: string;

function triggerNode(): INode {
	return node('mmsDeliveryTrigger', { provider: 'mm7' }, { name: 'MM7 Trigger', webhookId: 'hook-mm7', credentials: { dropMmsMm7Api: { id: '1', name: 'mm7' } } });
}

beforeAll(async () => {
	const origin = await fake.start();
	trigger = new WebhookServer({
		node: triggerNode(),
		credentials: { dropMmsMm7Api: { ...mm7Api.defaultCredentials, url: `${origin}/mm7`, callbackUsername: CALLBACK.username, callbackPassword: CALLBACK.password } },
	});
	await trigger.start();
	mediaServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(PNG));
	mediaUrl = `${await listenOnLoopback(mediaServer)}/offer.png`;
});

afterAll(async () => {
	await trigger.stop();
	await fake.stop();
	await new Promise<void>((resolve) => mediaServer.close(() => resolve()));
});

beforeEach(() => {
	fake.reset();
	mm7Api.resetOptions();
	trigger.executions.splice(0);
	mm7Api.configure({ reportTo: trigger.url(), reportCredentials: CALLBACK });
});

const base = { from: '111122', text: 'Spring sale today', options: { ratePerSecond: 1000 } };
const statusItems = async () => (await trigger.settledExecutions()).flatMap((execution) => execution[0].map((item) => item.json));

describe('MM7 round trip: Send MMS Drop → fake MMSC → MMS Delivery Trigger', () => {
	it('6.8.0: each accepted recipient comes back as a delivered item with its MessageID, answered with DeliveryReportRsp', async () => {
		const { recipients, summary } = await runSendDrop(fake, 'mm7', base, phoneItems(['+16175550123', '+16175550124']));
		await mm7Api.flushReports();

		expect(recipients.map((r) => [r.to, r.status, r.provider])).toEqual([
			['+16175550123', 'accepted', 'mm7'],
			['+16175550124', 'accepted', 'mm7'],
		]);
		expect(summary).toMatchObject({ provider: 'mm7', requests: 2, byStatus: { accepted: 2 } });
		const items = await statusItems();
		expect(items.map((item) => [item.messageId, item.to, item.status, item.providerStatus, item.final])).toEqual(
			recipients.map((r) => [r.messageId, r.to, 'delivered', 'Retrieved', true]),
		);
		for (const report of mm7Api.reports) {
			expect(report.reply).toMatchObject({ status: 200, contentType: 'text/xml; charset=utf-8' });
			const body = 'body' in report.reply ? report.reply.body : '';
			expect(body).toContain(`>${report.transactionId}</TransactionID>`);
			expect(body).toContain('<DeliveryReportRsp');
			expect(body).toContain('<StatusCode>1000</StatusCode>');
		}
	});

	it('5.3.0 without prefix, media fetched once and sent inline: an Expired report is an undelivered item', async () => {
		mm7Api.configure({ reportStatus: () => 'Expired' });
		const { recipients, result } = await runSendDrop(
			fake,
			'mm7',
			{ ...base, mediaUrls: mediaUrl },
			phoneItems(['+447911123456']),
			{ credentials: { dropMmsMm7Api: { ...mm7Api.defaultCredentials, url: `${fake.origin}/mm7`, mm7Version: '5.3.0', useNamespacePrefix: false } } },
		);
		await mm7Api.flushReports();

		expect(result.nodeError('Send MMS Drop')).toBeUndefined();
		expect(recipients).toEqual([expect.objectContaining({ status: 'accepted', messageId: expect.stringMatching(/^mm7-/) })]);
		expect(mm7Api.submits.map((submit) => [submit.version, submit.prefixed])).toEqual([['5.3.0', false]]);
		const image = mm7Api.submits[0].parts.find((part) => part.type === 'image/png');
		expect(image?.data.equals(PNG)).toBe(true);
		expect(await statusItems()).toEqual([expect.objectContaining({ messageId: recipients[0].messageId, to: '+447911123456', status: 'undelivered', providerStatus: 'Expired', final: true })]);
	});

	it('several recipients per request against an MMSC that refuses them (3003): the drop falls back to one per request', async () => {
		const { recipients, summary } = await runSendDrop(fake, 'mm7', base, phoneItems(['+16175550123', '+16175550124', '+16175550125']), {
			credentials: { dropMmsMm7Api: { ...mm7Api.defaultCredentials, url: `${fake.origin}/mm7`, recipientsPerRequest: 3 } },
		});
		await mm7Api.flushReports();

		expect(recipients.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(new Set(recipients.map((r) => r.messageId)).size).toBe(3);
		expect(fake.requests.map((request) => request.status)).toEqual([500, 200, 200, 200]);
		expect(summary).toMatchObject({ requests: 4 });
		expect(fake.ledgerFor('mm7').map((entry) => entry.to).sort()).toEqual(['+16175550123', '+16175550124', '+16175550125']);
		expect((await statusItems()).map((item) => item.messageId).sort()).toEqual(recipients.map((r) => r.messageId).sort());
	});

	it('a report with the wrong Basic credentials gets 401 with a SOAP Fault and starts nothing', async () => {
		mm7Api.configure({ reportCredentials: { username: CALLBACK.username, password: 'not-the-secret' } });
		await runSendDrop(fake, 'mm7', base, phoneItems(['+16175550123']));
		await mm7Api.flushReports();

		expect(mm7Api.reports).toHaveLength(1);
		expect(mm7Api.reports[0].reply).toMatchObject({ status: 401, contentType: 'text/xml; charset=utf-8' });
		const body = 'body' in mm7Api.reports[0].reply ? mm7Api.reports[0].reply.body : '';
		expect(body).toContain('<faultcode>env:Client</faultcode>');
		expect(body).not.toContain(CALLBACK.password);
		expect(await trigger.settledExecutions()).toHaveLength(0);
	});
});
