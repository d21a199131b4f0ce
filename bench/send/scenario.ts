/**
 * One send benchmark scenario in a fresh process (so peak RSS is this scenario's own), through
 * n8n-core's engine against a fake provider running in another process. Prints one JSON line.
 *
 *   tsx bench/send/scenario.ts '{"kind":"drop","provider":"twilio","recipients":10000,"rate":500,"concurrency":32,"origin":"…","credentials":{…}}'
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { adapterFor } from '../../nodes/providers';
import type { HttpResponse, ProviderId, SendBatch } from '../../nodes/providers/types';
import { node, runWorkflow } from '../../test/harness/engine';
import { CREDENTIAL_TYPES, validNumbers } from '../../test/engine/send-drop.helpers';

interface Scenario {
	/** crash: a drop that kills its own process once the fake has accepted `crashAtAccepted` messages, as an out-of-memory kill would. */
	kind: 'drop' | 'baseline' | 'crash';
	provider: ProviderId;
	recipients: number;
	rate?: number;
	concurrency?: number;
	dryRun?: boolean;
	/** The drop ledger on (the default: a SQLite file in `userFolder`) or off. */
	ledger?: 'on' | 'off';
	/** n8n's user folder: where the ledger lives; a re-run of a crashed drop passes the same one. */
	userFolder?: string;
	crashAtAccepted?: number;
	/** The fake's count of accepted messages (bench/fake-server.ts). */
	acceptedUrl?: string;
	origin: string;
	credentials: Record<string, Record<string, string>>;
}

/**
 * The pattern of n8n's own messaging nodes (e.g. nodes-base Twilio): one item after another,
 * each sent with `this.helpers.httpRequestWithAuthentication`. It uses the same adapter to build
 * and read the request, so only the sending strategy differs.
 */
const sequentialSender: INodeType = {
	description: {
		displayName: 'Sequential Sender',
		name: 'sequentialSender',
		group: ['output'],
		version: 1,
		description: 'Baseline: one request per item, one after another',
		defaults: { name: 'Sequential Sender' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: Object.values(CREDENTIAL_TYPES).map((name) => ({ name, required: false })),
		properties: [{ displayName: 'Provider', name: 'provider', type: 'string', default: 'twilio' }],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const adapter = adapterFor(this.getNodeParameter('provider', 0) as string);
		const credentials = await this.getCredentials(adapter.credentialType!);
		const out: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			const batch: SendBatch = { dropId: 'baseline', message: { from: '+14155550000', text: 'Sale\nReply STOP to opt out', media: [{ url: 'https://media.example.com/a.jpg' }] }, recipients: [{ ref: `r${i}`, to: items[i].json.phone as string }] };
			const spec = adapter.buildSendRequest(credentials, batch, Date.now());
			const headers = { ...spec.headers };
			delete headers.authorization; // the credential's authenticate adds it, as in n8n's nodes
			const reply = (await this.helpers.httpRequestWithAuthentication.call(this, adapter.credentialType!, {
				method: spec.method,
				url: spec.url,
				headers,
				body: spec.body,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				json: false,
			})) as { statusCode: number; headers: HttpResponse['headers']; body: unknown };
			// n8n's helper parses JSON replies itself; the adapter reads the text.
			const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
			const [outcome] = adapter.parseSendResponse(batch, { status: reply.statusCode, headers: reply.headers, body });
			out.push({ json: { status: outcome.kind, messageId: outcome.messageId ?? null }, pairedItem: { item: i } });
		}
		return [out];
	},
};

/** SIGKILLs this process as soon as the fake has accepted `count` messages (asked every 20 ms). */
function killAt(acceptedUrl: string, count: number): void {
	const timer = setInterval(() => {
		void fetch(acceptedUrl)
			.then(async (response) => ((await response.json()) as { accepted: number }).accepted)
			.then((accepted) => accepted >= count && process.kill(process.pid, 'SIGKILL'));
	}, 20);
	timer.unref();
}

async function main() {
	const scenario = JSON.parse(process.argv[2]) as Scenario;
	process.env.N8N_USER_FOLDER = scenario.userFolder ?? mkdtempSync(path.join(tmpdir(), 'bench-send-'));
	if (scenario.ledger === 'off') process.env.DROP_MMS_LEDGER = 'off';
	if (scenario.kind === 'crash') killAt(scenario.acceptedUrl!, scenario.crashAtAccepted!);
	const credentialType = CREDENTIAL_TYPES[scenario.provider];
	const credentials = { [credentialType]: { ...scenario.credentials[scenario.provider], baseUrl: scenario.origin } };
	const input = validNumbers(scenario.recipients).map((phone) => ({ json: { phone } }));
	const nodeCredentials = { [credentialType]: { id: '1', name: 'bench' } };
	const started = performance.now();
	const result =
		scenario.kind !== 'baseline'
			? await runWorkflow({
					nodes: [
						node('sendMmsDrop', {
							provider: scenario.provider,
							from: '+14155550000',
							to: '={{ $json.phone }}',
							text: 'Sale',
							mediaUrls: 'https://media.example.com/a.jpg',
							options: { ratePerSecond: scenario.rate ?? 0, concurrency: scenario.concurrency ?? 8, dryRun: scenario.dryRun ?? false },
						} as never, { name: 'Send', credentials: nodeCredentials }),
					],
					credentials,
					input,
					// A fixed id: a re-run of a crashed drop is the same drop.
					workflowId: 'bench-send',
				})
			: await runWorkflow({
					nodes: [node('bench.sequentialSender', { provider: scenario.provider }, { name: 'Send', credentials: nodeCredentials })],
					credentials,
					input,
					extraNodeTypes: { 'bench.sequentialSender': sequentialSender },
				});
	const seconds = (performance.now() - started) / 1000;
	if (result.status !== 'success') throw new Error(`run failed: ${result.nodeError('Send')?.message}`);
	const items = result.outputs('Send')[0];
	const summary = scenario.kind === 'baseline' ? undefined : result.outputs('Send')[1][0].json;
	const accepted = items.filter((item) => item.json.status === 'accepted').length;
	console.log(
		JSON.stringify({
			seconds,
			accepted,
			planned: items.filter((item) => item.json.status === 'planned').length,
			alreadySent: summary?.alreadySent ?? 0,
			unknown: items.filter((item) => item.json.status === 'unknown').length,
			requests: summary?.requests ?? scenario.recipients,
			messagesPerSecond: (scenario.dryRun ? scenario.recipients : accepted) / seconds,
			peakRssMiB: process.resourceUsage().maxRSS / 1024,
		}),
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
