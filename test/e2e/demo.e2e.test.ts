/**
 * `npm run demo`, headless (issue #16): the command a user runs, in its own process group as a
 * terminal would start it, on a free loopback port and in this run's scratch folder. The test reads
 * what it prints, logs in with it, runs the campaign example the way the editor's "Execute workflow"
 * does, waits for the sandbox's delivery reports and STOP to arrive as data-table rows through the
 * published trigger, runs the campaign again, and ends it all with Ctrl-C.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { signedHeaders } from '../../nodes/providers/sandbox/verify';
import { CAMPAIGN_TRIGGER, type Demo, type DemoExecution, DEMO_OWNER, runner } from '../../scripts/demo/demo';
import { freePort, N8n, sleep, waitFor } from './n8n';
import { forgetPid, readState, recordPid } from './state';

const root = path.resolve(__dirname, '../..');
const state = readState();
const folder = path.join(state.workDir, 'demo');
const CAMPAIGN = 'DropMmsCampaign1';
const TRIGGER = 'DropMmsDelivery1';
const TRIGGER_PATH = '3d1f7b2a-9c4e-4e8b-a6d5-2f0c1b7e9a41/mms';

let demo: ChildProcess;
let output = '';
let port: number;
let n8n: N8n;
let run: Demo['run'];
let firstRun: IDataObject[];

/** Output `index` of a node's first run, as json objects. */
function outputOf(execution: DemoExecution, node: string, index = 0): IDataObject[] {
	const runs = execution.data.resultData.runData[node];
	if (!runs?.length) throw new Error(`node "${node}" did not run (${execution.status}: ${JSON.stringify(execution.data.resultData.error ?? null).slice(0, 500)})`);
	const items: INodeExecutionData[] = runs[0].data?.main?.[index] ?? [];
	return items.map((item) => item.json);
}

/** Every process with its process group, from /proc. */
function processes(): Array<{ pid: number; group: number; environ: string }> {
	return readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.flatMap((pid) => {
			try {
				const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
				// "pid (name) state ppid pgrp …": the name may hold spaces and parentheses.
				const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
				return [{ pid: Number(pid), group, environ: readFileSync(`/proc/${pid}/environ`, 'latin1') }];
			} catch {
				return [];
			}
		});
}

/**
 * The demo's process groups: npm's (the foreground job) and n8n's, found by the demo's folder in
 * their environment. n8n's task runner has none of it, but lives in n8n's group.
 */
function demoGroups(): Set<number> {
	return new Set(processes().filter((entry) => entry.environ.includes(folder)).map((entry) => entry.group));
}

beforeAll(async () => {
	port = await freePort();
	demo = spawn('npm', ['run', 'demo'], {
		cwd: root,
		env: { ...process.env, DROP_MMS_DEMO_DIR: folder, DROP_MMS_DEMO_PORT: String(port) },
		stdio: ['ignore', 'pipe', 'pipe'],
		// Its own process group, like a terminal's foreground job: Ctrl-C reaches the whole group.
		detached: true,
	});
	if (demo.pid) recordPid(demo.pid);
	demo.once('exit', () => demo.pid && forgetPid(demo.pid));
	demo.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	demo.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const started = Date.now();
	await waitFor(
		'npm run demo to say it is ready',
		async () => {
			if (demo.exitCode !== null) throw new Error(`npm run demo exited with ${demo.exitCode}:\n${output}`);
			return output.includes('== ready in') ? true : undefined;
		},
		15 * 60_000,
	);
	console.log(`== e2e: npm run demo ready after ${Math.round((Date.now() - started) / 1000)} s`);
	n8n = new N8n(state.n8nDir, path.join(folder, 'n8n'), port, {}, DEMO_OWNER);
	await n8n.createApiKey('demo-e2e');
	run = runner(n8n);
}, 16 * 60_000);

afterAll(async () => {
	if (demo?.pid && demo.exitCode === null && demo.signalCode === null) {
		process.kill(-demo.pid, 'SIGKILL');
		await once(demo, 'exit');
	}
});

it('prints the URL and the login of the n8n it started on 127.0.0.1, with the three examples, the tables and the trigger published', async () => {
	expect(output).toContain(`n8n     http://127.0.0.1:${port}`);
	expect(output).toContain(`login   ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
	const workflows = await n8n.api<{ data: Array<{ id: string; active: boolean }> }>('GET', '/workflows');
	expect(workflows.data.map((workflow) => workflow.id).sort()).toEqual(['DropMmsCampaign1', 'DropMmsCrmHook01', 'DropMmsDelivery1']);
	expect(workflows.data.find((workflow) => workflow.id === TRIGGER)?.active).toBe(true);
	expect(await n8n.dataTableRows('mms_delivery_statuses')).toEqual([]);
	expect(await n8n.dataTableRows('mms_opt_outs')).toEqual([]);
});

it('the campaign sends to the sandbox: one result per contact, each magic number its outcome', async () => {
	const execution = await run(CAMPAIGN, CAMPAIGN_TRIGGER);
	expect(execution.status).toBe('success');
	firstRun = outputOf(execution, 'Send MMS Drop');
	expect(firstRun.map((r) => [r.to, r.status, r.reason, r.attempts])).toEqual([
		['+14155550101', 'accepted', null, 1],
		['+14155550102', 'accepted', null, 1],
		['+14155550103', 'skipped', 'no_consent', 0],
		['+14155550101', 'skipped', 'duplicate', 0],
		['+14155550104', 'accepted', null, 1],
		['+14155550191', 'accepted', null, 1],
		['+14155550192', 'failed', 'invalid_number', 1],
		['+14155550193', 'failed', 'opted_out', 1],
		['+14155550194', 'accepted', null, 2],
		['+14155550195', 'accepted', null, 1],
	]);
	expect(firstRun.every((r) => r.provider === 'sandbox')).toBe(true);
	expect(outputOf(execution, 'Drop summary')).toEqual([expect.objectContaining({ dryRun: false, recipients: 10, sent: 6, skipped: 2, failedOrUnknown: 2 })]);
	// The picture came from the demo's loopback host, fitted by MMS Media Prep.
	expect(outputOf(execution, 'MMS Media Prep')[0]).toMatchObject({ mimeType: 'image/jpeg', fits: true });
});

it('the delivery reports and the STOP come back through the published trigger into the data tables', async () => {
	const accepted = firstRun.filter((r) => r.status === 'accepted');
	const statuses = await waitFor(
		'a final delivery status for each accepted message',
		async () => {
			const rows = await n8n.dataTableRows('mms_delivery_statuses');
			return rows.length === accepted.length && rows.every((row) => row.final === true) ? rows : undefined;
		},
		90_000,
	);
	expect(statuses.map((row) => [row.messageId, row.to, row.status, row.errorCode, row.dropId, row.ref, row.provider]).sort()).toEqual(
		accepted.map((r) => [r.messageId, r.to, r.to === '+14155550191' ? 'undelivered' : 'delivered', r.to === '+14155550191' ? '30003' : null, r.dropId, r.ref, 'sandbox']).sort(),
	);
	const optOuts = await waitFor('the STOP reply in mms_opt_outs', async () => {
		const rows = await n8n.dataTableRows('mms_opt_outs');
		return rows.length > 0 ? rows : undefined;
	});
	expect(optOuts).toEqual([expect.objectContaining({ phone: '+14155550195', provider: 'sandbox', reason: 'replied STOP' })]);
	// Two reports per accepted message, the STOP reply, and the set-up run that made the tables: all succeeded.
	const executions = await waitFor('the trigger workflow’s executions to end', async () => {
		const list = await n8n.executions(TRIGGER);
		return list.length >= accepted.length * 2 + 2 && list.every((execution) => execution.status !== 'running' && execution.status !== 'new') ? list : undefined;
	});
	expect(executions.map((execution) => execution.status)).toEqual(Array(accepted.length * 2 + 2).fill('success'));
});

it('a forged or replayed sandbox report gets 401/403 and starts nothing', async () => {
	const before = (await n8n.executions(TRIGGER)).length;
	const body = JSON.stringify({ type: 'message.inbound', eventId: 'SBE-forged', messageId: 'SBM-forged', to: '+14155550100', from: '+14155550102', text: 'STOP', sandbox: true });
	const url = `${n8n.origin}/webhook/${TRIGGER_PATH}`;
	const key = readFileSync(path.join(folder, 'n8n/.n8n/storage/n8n-nodes-drop-mms/sandbox-signing.key'), 'utf8').trim();
	const statuses = [];
	for (const headers of [signedHeaders('ab'.repeat(32), Date.now(), body), signedHeaders(key, Date.now() - 10 * 60_000, body), { 'content-type': 'application/json' }]) {
		statuses.push((await fetch(url, { method: 'POST', headers, body })).status);
	}
	expect(statuses).toEqual([401, 403, 401]);
	await sleep(1500);
	expect(await n8n.executions(TRIGGER)).toHaveLength(before);
	expect((await n8n.dataTableRows('mms_opt_outs')).map((row) => row.phone)).toEqual(['+14155550195']);
});

it('running the campaign again suppresses the number that said STOP, and sends nobody twice', async () => {
	const execution = await run(CAMPAIGN, CAMPAIGN_TRIGGER);
	expect(execution.status).toBe('success');
	expect(outputOf(execution, 'Opt-out list').map((row) => row.phone)).toEqual(['+14155550195']);
	const recipients = outputOf(execution, 'Send MMS Drop');
	expect(recipients.map((r) => [r.to, r.status, r.reason])).toEqual([
		['+14155550101', 'skipped', 'already_sent'],
		['+14155550102', 'skipped', 'already_sent'],
		['+14155550103', 'skipped', 'no_consent'],
		['+14155550101', 'skipped', 'duplicate'],
		['+14155550104', 'skipped', 'already_sent'],
		['+14155550191', 'skipped', 'already_sent'],
		['+14155550192', 'failed', 'invalid_number'],
		['+14155550193', 'failed', 'opted_out'],
		['+14155550194', 'skipped', 'already_sent'],
		['+14155550195', 'skipped', 'suppressed'],
	]);
	// The same drop: what was sent keeps its message id.
	for (const again of recipients.filter((r) => r.reason === 'already_sent')) {
		expect(again.messageId).toBe(firstRun.find((r) => r.to === again.to && r.status === 'accepted')!.messageId);
	}
});

it('Ctrl-C stops n8n and everything the demo started', async () => {
	const groups = demoGroups();
	// npm's group and n8n's (which n8n's task runner shares).
	expect(groups.size).toBe(2);
	expect(processes().filter((entry) => groups.has(entry.group)).length).toBeGreaterThanOrEqual(5);
	const exited = once(demo, 'exit');
	process.kill(-demo.pid!, 'SIGINT');
	await exited;
	expect(output).toContain('== SIGINT: stopping n8n');
	expect(output).not.toContain('could not stop cleanly');
	// npm may end before the demo it ran has finished stopping n8n: wait for the last of them.
	await waitFor('every process of the demo to end', async () => (processes().some((entry) => groups.has(entry.group)) ? undefined : true), 60_000);
	await expect(fetch(`${n8n.origin}/healthz`)).rejects.toThrow();
});
