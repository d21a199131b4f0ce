/**
 * The MMS Delivery Trigger's inbox in a real n8n (issue #17). A test event ("Listen for test
 * event" in the editor) reaches its test execution through the test inbox. A delivery-report
 * storm survives n8n being killed: 16 senders post signed Twilio
 * status callbacks to a published MMS Delivery Trigger that runs one execution per event (so a
 * backlog builds up); n8n is SIGKILLed after 250 answers of 200. Every event answered 2xx must be
 * in an execution once n8n is back: those that were waiting in the inbox at the kill included.
 */
import path from 'node:path';

import { SqliteInbox } from '../../nodes/MmsDeliveryTrigger/inbox/sqlite';
import { storageFolder } from '../../nodes/store';
import { freePort, N8n, waitFor, type WorkflowJson } from './n8n';
import { installLikeCommunityNodes, packPackage } from './package';
import { readState } from './state';
import { acknowledgedIds, executedEvents, type Executed, post, storm, twilioStatusCallback } from './storm';

const root = path.resolve(__dirname, '../..');
const state = readState();

const EVENTS = 600;
const KILL_AFTER = 250;
const SENDERS = 16;
const WORKFLOW_ID = 'e2eStormKill0000';
const TRIGGER_ID = 'storm-kill-trigger';
const WEBHOOK_PATH = 'e2e-storm-kill';
const ACCOUNT_SID = 'AC' + '1'.repeat(32);
const AUTH_TOKEN = 'e2e-storm-kill-auth-token-0123456';
const TEST_EVENT_ID = `SM${'7'.repeat(32)}`;
/** The trigger runs at most this many executions at once (inbox-trigger.ts), each of one event here. */
const EXECUTIONS_IN_FLIGHT = 2;

function stormWorkflow(): WorkflowJson {
	return {
		id: WORKFLOW_ID,
		name: 'Storm with a kill (e2e)',
		nodes: [
			{
				id: TRIGGER_ID,
				name: 'Start',
				type: 'n8n-nodes-drop-mms.mmsDeliveryTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: WEBHOOK_PATH,
				credentials: { dropMmsTwilioApi: { id: 'stormKillTwilio0', name: 'Storm Twilio' } },
				parameters: { provider: 'twilio', options: { maxEventsPerExecution: 1 } },
			},
			{ id: 'storm-kill-noop', name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { Start: { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
		settings: { saveDataSuccessExecution: 'all', saveManualExecutions: true },
	};
}

let server: N8n;

beforeAll(async () => {
	server = new N8n(state.n8nDir, path.join(state.workDir, 'storm-kill'), await freePort());
	installLikeCommunityNodes(packPackage(process.env.DROP_MMS_E2E_PACKAGE_DIR ?? root, state.workDir), server.userFolder);
	await server.importCredentials([{ id: 'stormKillTwilio0', name: 'Storm Twilio', type: 'dropMmsTwilioApi', data: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: 'http://127.0.0.1:9' } }]);
	await server.importWorkflows([stormWorkflow()]);
	await server.start();
	await server.bootstrapApi();
	await server.publish(WORKFLOW_ID, [`${WEBHOOK_PATH}/mms`]);
}, 300_000);

afterAll(() => server?.stop());

it('a test event ("Listen for test event") runs the test execution with it, signed for the test URL', async () => {
	const cookie = await server.login();
	// What the editor's "Execute workflow" asks for: n8n registers the test webhook and waits.
	const run = await server.rest<{ waitingForWebhook?: boolean }>('POST', `/rest/workflows/${WORKFLOW_ID}/run`, cookie, { triggerToStartFrom: { name: 'Start' } });
	expect(run.waitingForWebhook).toBe(true);
	const testEvent = twilioStatusCallback(`${server.origin}/webhook-test/${WEBHOOK_PATH}/mms`, TEST_EVENT_ID, ACCOUNT_SID, AUTH_TOKEN);
	expect(await post(testEvent)).toBe(200);
	const executed = await waitFor('the test execution', async () => {
		const seen = await executedEvents(server, WORKFLOW_ID);
		return seen.items.has(testEvent.ids[0]) && seen.running === 0 ? seen : undefined;
	});
	expect(executed.items.get(testEvent.ids[0])).toBe(1);
	expect(executed.executions).toBe(1);
});

it('every event answered 2xx before the kill reaches an execution after the restart', async () => {
	const url = `${server.origin}/webhook/${WEBHOOK_PATH}/mms`;
	const requests = Array.from({ length: EVENTS }, (_, index) => twilioStatusCallback(url, `SM${String(index).padStart(32, '0')}`, ACCOUNT_SID, AUTH_TOKEN));
	let answered2xx = 0;
	let killed: Promise<void> | undefined;
	const statuses = await storm(requests, SENDERS, (status) => {
		if (status >= 200 && status < 300) answered2xx++;
		if (answered2xx >= KILL_AFTER) killed ??= server.kill();
		return killed !== undefined;
	});
	await killed;
	const acknowledged = acknowledgedIds(requests, statuses);
	expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
	expect(acknowledged.size).toBeLessThan(EVENTS);

	// The kill left acknowledged events in the inbox, not yet in any execution: the case this test is for.
	const inbox = new SqliteInbox(path.join(storageFolder('n8n-nodes-drop-mms.mmsDeliveryTrigger', { N8N_USER_FOLDER: server.userFolder }), 'inbox.sqlite'));
	const waitingAtKill = await inbox.size(`${WORKFLOW_ID}:${TRIGGER_ID}`);
	expect(waitingAtKill).toBeGreaterThan(0);

	await server.start();
	const executed = await waitFor<Executed>(
		'every acknowledged event in an execution',
		async () => {
			const seen = await executedEvents(server, WORKFLOW_ID);
			return [...acknowledged].every((id) => seen.items.has(id)) ? seen : undefined;
		},
		240_000,
	);
	const sent = new Set([TEST_EVENT_ID, ...requests.map((request) => request.ids[0])]);
	expect([...executed.items.keys()].filter((id) => !sent.has(id))).toEqual([]);
	// At least once: only the executions running at the kill may run again.
	const twice = [...executed.items.values()].filter((count) => count > 1).length;
	expect(twice).toBeLessThanOrEqual(EXECUTIONS_IN_FLIGHT);
	console.log(`storm kill: ${acknowledged.size} acknowledged, ${waitingAtKill} waiting in the inbox at the kill, ${executed.items.size} in executions, ${twice} twice`);
}, 600_000);
