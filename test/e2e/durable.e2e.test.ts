/**
 * Durable drops in a real n8n (issue #14): a 2,000-recipient drop at 100 messages/s is killed
 * (SIGKILL) after about 800 acceptances; n8n comes back and the execution is retried. The fake
 * provider must hold every recipient exactly once, and the retry's output says who was sent
 * before (already_sent), who was in doubt and how it was resolved (Resolve Unknown asks the
 * provider), and who it sent.
 * - regular mode: one n8n, SQLite database, the ledger a SQLite file in n8n's storage folder;
 * - queue mode as n8n documents it: main + 2 workers, PostgreSQL and Redis; the worker running
 *   the drop is killed and the retry lands on the other one, the ledger being n8n's Redis.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

import { RedisServer } from '../harness/redis';
import { twilioApi } from '../fake-provider/providers/twilio';
import { FakeProviderServer } from '../fake-provider/server';
import { freePort, N8n, sleep, waitFor, type WorkflowJson } from './n8n';
import { installLikeCommunityNodes, packPackage } from './package';
import { PostgresServer } from './postgres';
import { e2eProviders } from './providers';
import { readState } from './state';

const root = path.resolve(__dirname, '../..');
const state = readState();
const fake = new FakeProviderServer([twilioApi]);
const twilio = e2eProviders(['twilio'], () => fake)[0];

const RECIPIENTS = 2_000;
const KILL_AFTER = 800;
const phones = Array.from({ length: RECIPIENTS }, (_, i) => `+1415${String(3000000 + i).padStart(7, '0')}`);
const WORKFLOW_ID = 'e2eDurableDrop00';
const WEBHOOK_PATH = 'e2e-durable-drop';
/** Every n8n process of a queue-mode set-up must share this key to read the credentials. */
const ENCRYPTION_KEY = 'e2e-durable-drop-encryption-key-0001';

/** Webhook → one item per contact → Send MMS Drop (Twilio, 100/s, Resolve Unknown). */
function durableWorkflow(): WorkflowJson {
	return {
		id: WORKFLOW_ID,
		name: 'Durable drop (e2e)',
		nodes: [
			{
				id: 'durable-webhook',
				name: 'Contacts',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: WEBHOOK_PATH,
				parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'durable-split',
				name: 'One item per contact',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.contacts', options: {} },
			},
			{
				id: 'durable-send',
				name: 'Send MMS Drop',
				type: 'n8n-nodes-drop-mms.sendMmsDrop',
				typeVersion: 1,
				position: [440, 0],
				credentials: { [twilio.credentialType]: { id: null, name: twilio.credentialName } },
				parameters: {
					provider: 'twilio',
					from: '+14155550100',
					to: '={{ $json.phone }}',
					text: 'Durable drop: 20% off today',
					mediaUrls: 'https://media.example.com/offer.jpg',
					options: { ratePerSecond: 100, concurrency: 4, resolveUnknown: true },
				},
			},
		],
		connections: {
			Contacts: { main: [[{ node: 'One item per contact', type: 'main', index: 0 }]] },
			'One item per contact': { main: [[{ node: 'Send MMS Drop', type: 'main', index: 0 }]] },
		},
		// Saved after each node, so a retry of the killed execution starts again at Send MMS Drop with its input.
		settings: { saveExecutionProgress: true, saveDataSuccessExecution: 'all', saveManualExecutions: true },
	};
}

let tarball: string;

beforeAll(async () => {
	await fake.start();
	// 5 ms per request: with concurrency 4 the drop is paced by its rate (100/s), as a real account is.
	fake.setFaults({ latencyMs: 5 });
	tarball = packPackage(process.env.DROP_MMS_E2E_PACKAGE_DIR ?? root, state.workDir);
}, 120_000);

afterAll(() => fake.stop());
beforeEach(() => fake.reset());

/** A user folder with the package installed, the Twilio credential and the workflow imported. */
async function prepare(n8n: N8n): Promise<void> {
	installLikeCommunityNodes(tarball, n8n.userFolder);
	await n8n.importCredentials([twilio.credential(fake)]);
	await n8n.importWorkflows([durableWorkflow()]);
}

async function startDrop(n8n: N8n): Promise<void> {
	const response = await fetch(`${n8n.origin}/webhook/${WEBHOOK_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ contacts: phones.map((phone) => ({ phone })) }),
	});
	expect(response.status).toBe(200);
}

async function acceptedReaches(count: number): Promise<number> {
	return await waitFor(`${count} acceptances`, async () => (fake.ledger.length >= count ? fake.ledger.length : undefined), 120_000);
}

/** Retries an execution as the Retry button does (n8n's internal REST API) and waits for the new run to end. */
async function retry(n8n: N8n, executionId: string): Promise<IRun> {
	const cookie = await n8n.login();
	await n8n.rest('POST', `/rest/executions/${executionId}/retry`, cookie, { loadWorkflow: false });
	const retried = await waitFor(
		'the retry to finish',
		async () => {
			const executions = await n8n.executions(WORKFLOW_ID);
			const done = executions.find((execution) => execution.retryOf === executionId && execution.status !== 'running' && execution.status !== 'new');
			return done;
		},
		180_000,
	);
	const execution = await n8n.api<{ data: IRun['data']; status: string }>('GET', `/executions/${retried.id}?includeData=true`);
	expect(execution.status).toBe('success');
	return execution as unknown as IRun;
}

function dropOutput(run: IRun): { recipients: IDataObject[]; summary: IDataObject } {
	const task = run.data.resultData.runData['Send MMS Drop'];
	const [recipients, summary] = (task[task.length - 1].data?.main ?? []) as INodeExecutionData[][];
	return { recipients: recipients.map((item) => item.json), summary: summary[0].json };
}

/** What every crash test proves about the provider's ledger and the retry's output. */
function expectEveryoneOnce(run: IRun, acceptedBeforeKill: number): void {
	const counts = new Map<string, number>();
	for (const entry of fake.ledger) counts.set(entry.to, (counts.get(entry.to) ?? 0) + 1);
	expect([...counts.values()].filter((count) => count > 1)).toEqual([]);
	expect([...counts.keys()].sort()).toEqual([...phones].sort());

	const { recipients, summary } = dropOutput(run);
	expect(recipients).toHaveLength(RECIPIENTS);
	const by = (status: string, reason: string | null = null) => recipients.filter((r) => r.status === status && (reason === null || r.reason === reason)).length;
	// The earlier run's acceptances come out as already sent: the ledger's, plus those in flight at the kill that the provider had.
	expect(by('skipped', 'already_sent')).toBeGreaterThanOrEqual(acceptedBeforeKill - 4);
	expect(by('skipped', 'already_sent') + by('accepted')).toBe(RECIPIENTS);
	expect(by('unknown')).toBe(0);
	expect(summary).toMatchObject({ resumed: true, total: RECIPIENTS });
	expect(summary.alreadySent).toBe(by('skipped', 'already_sent'));
}

describe('regular mode: n8n killed mid-drop, restarted, the execution retried', () => {
	let server: N8n;

	afterAll(() => server?.stop());

	it('every recipient reaches the provider exactly once', async () => {
		server = new N8n(state.n8nDir, path.join(state.workDir, 'durable-regular'), await freePort(), { EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'true' });
		await prepare(server);
		await server.start();
		await server.bootstrapApi();
		await server.publish(WORKFLOW_ID, [WEBHOOK_PATH]);

		await startDrop(server);
		await acceptedReaches(KILL_AFTER);
		await server.kill();
		await sleep(500);
		const acceptedBeforeKill = fake.ledger.length;
		expect(acceptedBeforeKill).toBeLessThan(RECIPIENTS);

		await server.start();
		const [killed] = await server.executions(WORKFLOW_ID);
		const run = await retry(server, killed.id);
		expectEveryoneOnce(run, acceptedBeforeKill);
	}, 600_000);
});

describe('queue mode: main + 2 workers (PostgreSQL, Redis), the worker running the drop killed', () => {
	const redis = new RedisServer();
	const postgres = new PostgresServer(path.join(state.workDir, 'durable-postgres'));
	let main: N8n;
	const workers: ChildProcess[] = [];

	afterAll(async () => {
		await main?.stopAll();
		await Promise.all([redis.stop(), postgres.stop()]);
	});

	it('the retry lands on the other worker, and every recipient reaches the provider exactly once', async () => {
		await Promise.all([redis.start(), postgres.start()]);
		main = new N8n(state.n8nDir, path.join(state.workDir, 'durable-queue'), await freePort(), {
			...postgres.n8nEnv(),
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'true',
			// A dead worker's job is noticed within seconds rather than a minute.
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
		});
		await prepare(main);
		await main.start();
		await main.bootstrapApi();
		await main.publish(WORKFLOW_ID, [WEBHOOK_PATH]);
		workers.push(await main.startWorker(), await main.startWorker());

		await startDrop(main);
		await acceptedReaches(KILL_AFTER);
		// The worker whose log shows the execution is the one sending.
		const execution = await waitFor('the drop\'s execution', async () => (await main.editorExecutions(WORKFLOW_ID))[0]);
		const running = workers.findIndex((_, index) => main.serverLog.split('\n').some((line) => line.startsWith(`[worker ${index + 1}]`) && line.includes(execution.id)));
		expect(running).toBeGreaterThanOrEqual(0);
		await main.kill(workers[running]);
		await sleep(500);
		const acceptedBeforeKill = fake.ledger.length;
		expect(acceptedBeforeKill).toBeLessThan(RECIPIENTS);

		const run = await retry(main, execution.id);
		expectEveryoneOnce(run, acceptedBeforeKill);
		const retried = (await main.executions(WORKFLOW_ID)).find((candidate) => candidate.retryOf === execution.id)!;
		const other = 1 - running;
		expect(main.serverLog.split('\n').some((line) => line.startsWith(`[worker ${other + 1}]`) && line.includes(retried.id))).toBe(true);
	}, 600_000);
});
