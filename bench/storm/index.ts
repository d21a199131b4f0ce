/**
 * Delivery-report storm (issue #17), in a real n8n 2.41 (SQLite, `n8n start`), in one run:
 * signed Twilio status callbacks posted by 1, 16 and 64 concurrent senders to
 *  - n8n's own Webhook node → No Operation (the anchor),
 *  - MMS Delivery Trigger → No Operation, one execution per event,
 *  - MMS Delivery Trigger with batching → No Operation.
 * Per run: events/s (from the first post to the last event's execution finishing), n8n's CPU per
 * event (utime + stime of its process group), peak RSS, executions created, and events lost: each
 * callback carries its own MessageSid, and an event answered 2xx whose MessageSid is in no
 * execution's items is lost.
 *
 * Run: npx tsx bench/storm/index.ts   (part of npm run bench)
 * DROP_MMS_STORM_EVENTS (default 2000) and DROP_MMS_STORM_SENDERS (default "1,16,64") shorten it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IDataObject, IRun } from 'n8n-workflow';

import { freePort, N8n, sleep, type WorkflowJson } from '../../test/e2e/n8n';
import { installLikeCommunityNodes, packPackage } from '../../test/e2e/package';
import { twilioSignature } from '../../test/webhook-signing';
import { machineLine, writeSection } from '../results';

const ROOT = path.resolve(__dirname, '../..');
const EVENTS = Number(process.env.DROP_MMS_STORM_EVENTS ?? 2000);
const SENDERS = (process.env.DROP_MMS_STORM_SENDERS ?? '1,16,64').split(',').map(Number);
const AUTH_TOKEN = 'storm-bench-auth-token-0123456789';
const ACCOUNT_SID = 'AC' + '0'.repeat(32);

interface Mode {
	id: string;
	label: string;
	workflowId: string;
	webhookPath: string;
	/** Signed like Twilio signs (the Webhook node ignores the header). */
	signed: boolean;
	trigger?: IDataObject;
}

const MODES: Mode[] = [
	{ id: 'webhook', label: 'n8n Webhook node', workflowId: 'stormAnchor00000', webhookPath: 'storm-anchor', signed: false },
	{ id: 'trigger', label: 'MMS Delivery Trigger, per event', workflowId: 'stormTrigger0000', webhookPath: 'storm-trigger', signed: true, trigger: {} },
	...(process.env.DROP_MMS_STORM_BATCHED === '0'
		? []
		: [{ id: 'batched', label: 'MMS Delivery Trigger, batched', workflowId: 'stormBatched0000', webhookPath: 'storm-batched', signed: true, trigger: { batching: { maxEvents: 500, maxWaitMs: 250 } } }]),
];

/** DROP_MMS_STORM_MODES (e.g. "trigger") runs only those, for profiling one path. */
const chosenModes = process.env.DROP_MMS_STORM_MODES ? MODES.filter((mode) => process.env.DROP_MMS_STORM_MODES!.split(',').includes(mode.id)) : MODES;

function workflowFor(mode: Mode): WorkflowJson {
	const start =
		mode.trigger === undefined
			? {
					id: `${mode.id}-start`,
					name: 'Start',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: mode.webhookPath,
					parameters: { httpMethod: 'POST', path: mode.webhookPath, responseMode: 'onReceived', options: {} },
				}
			: {
					id: `${mode.id}-start`,
					name: 'Start',
					type: 'n8n-nodes-drop-mms.mmsDeliveryTrigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId: mode.webhookPath,
					credentials: { dropMmsTwilioApi: { id: 'stormTwilioCred0', name: 'Storm Twilio' } },
					parameters: { provider: 'twilio', options: mode.trigger },
				};
	return {
		id: mode.workflowId,
		name: `Storm: ${mode.label}`,
		nodes: [start, { id: `${mode.id}-noop`, name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} }],
		connections: { Start: { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
		settings: { saveDataSuccessExecution: 'all' },
	};
}

/** The n8n trigger path as Twilio reaches it: the production URL. */
function callback(n8n: N8n, mode: Mode, run: string, index: number): { url: string; body: string; headers: Record<string, string>; sid: string } {
	const sid = `SM${run}${String(index).padStart(8, '0')}`.padEnd(34, '0');
	const url = `${n8n.origin}/webhook/${mode.webhookPath}${mode.trigger === undefined ? '' : '/mms'}`;
	const body = new URLSearchParams({ MessageSid: sid, MessageStatus: 'delivered', AccountSid: ACCOUNT_SID, From: '+14155550100', To: '+14155551234', ApiVersion: '2010-04-01' }).toString();
	const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
	if (mode.signed) headers['x-twilio-signature'] = twilioSignature(AUTH_TOKEN, url, body);
	return { url, body, headers, sid };
}

/** The n8n process group's CPU seconds and resident memory, from /proc. */
function groupUsage(pgid: number): { cpuSeconds: number; rssMiB: number } {
	const ticks = 100;
	let cpu = 0;
	let rssPages = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			// fields[2] = pgrp, [11] utime, [12] stime, [21] rss (pages)
			if (Number(fields[2]) !== pgid) continue;
			cpu += (Number(fields[11]) + Number(fields[12])) / ticks;
			rssPages += Number(fields[21]);
		} catch {
			// the process ended while we read
		}
	}
	return { cpuSeconds: cpu, rssMiB: (rssPages * 4096) / 2 ** 20 };
}

interface Measured {
	mode: string;
	senders: number;
	answered2xx: number;
	refused: number;
	seconds: number;
	eventsPerSecond: number;
	cpuMsPerEvent: number;
	peakRssMiB: number;
	executions: number;
	lost: number;
}

async function post(target: ReturnType<typeof callback>): Promise<number> {
	try {
		const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

/** Every execution of the workflow with its items' MessageSids (the public API, a page at a time). */
async function executedSids(n8n: N8n, workflowId: string): Promise<{ executions: number; sids: Set<string>; running: number }> {
	const sids = new Set<string>();
	let executions = 0;
	let running = 0;
	let cursor = '';
	do {
		const page = await n8n.api<{ data: Array<IDataObject & { id: string; status: string; data?: IRun['data'] }>; nextCursor?: string | null }>(
			'GET',
			`/executions?workflowId=${workflowId}&includeData=true&limit=250${cursor ? `&cursor=${cursor}` : ''}`,
		);
		for (const execution of page.data) {
			executions++;
			if (execution.status === 'running' || execution.status === 'new') running++;
			const items = execution.data?.resultData.runData.Start?.[0]?.data?.main?.[0] ?? [];
			for (const item of items) {
				const json = item.json as IDataObject;
				const sid = (json.messageId ?? (json.body as IDataObject | undefined)?.MessageSid) as string | undefined;
				if (sid) sids.add(sid);
			}
		}
		cursor = page.nextCursor ?? '';
	} while (cursor);
	return { executions, sids, running };
}

async function measure(n8n: N8n, pgid: number, mode: Mode, senders: number, run: string): Promise<Measured> {
	const before = await executedSids(n8n, mode.workflowId);
	const targets = Array.from({ length: EVENTS }, (_, index) => callback(n8n, mode, run, index));
	const statuses: number[] = [];
	let peakRssMiB = 0;
	const sampler = setInterval(() => (peakRssMiB = Math.max(peakRssMiB, groupUsage(pgid).rssMiB)), 200);
	const cpuBefore = groupUsage(pgid).cpuSeconds;
	const started = performance.now();
	let next = 0;
	await Promise.all(
		Array.from({ length: senders }, async () => {
			while (next < targets.length) statuses.push(await post(targets[next++]));
		}),
	);
	const acknowledged = new Set(targets.filter((_, index) => statuses[index] >= 200 && statuses[index] < 300).map((target) => target.sid));
	// Executions finish after the answers: wait until every acknowledged event is in one, or nothing moves for 60 s.
	let last = -1;
	let still = 0;
	let seen: Awaited<ReturnType<typeof executedSids>> = before;
	for (;;) {
		seen = await executedSids(n8n, mode.workflowId);
		const found = targets.filter((target) => seen.sids.has(target.sid)).length;
		if (found >= acknowledged.size && seen.running === 0) break;
		still = found === last ? still + 1 : 0;
		last = found;
		if (still >= 60) break;
		await sleep(1000);
	}
	const seconds = (performance.now() - started) / 1000;
	clearInterval(sampler);
	const cpuSeconds = groupUsage(pgid).cpuSeconds - cpuBefore;
	const lost = [...acknowledged].filter((sid) => !seen.sids.has(sid)).length;
	return {
		mode: mode.label,
		senders,
		answered2xx: acknowledged.size,
		refused: EVENTS - acknowledged.size,
		seconds,
		eventsPerSecond: acknowledged.size / seconds,
		cpuMsPerEvent: (cpuSeconds * 1000) / EVENTS,
		peakRssMiB,
		executions: seen.executions - before.executions,
		lost,
	};
}

async function main() {
	const install = spawnSync('bash', [path.join(ROOT, 'scripts/e2e/install-n8n.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
	if (install.status !== 0) throw new Error('installing n8n failed');
	const n8nDir = install.stdout.trim().split('\n').pop()!;
	const work = mkdtempSync(path.join(tmpdir(), 'bench-storm-'));
	const userFolder = path.join(work, 'n8n');
	const n8n = new N8n(n8nDir, userFolder, await freePort(), { N8N_LOG_LEVEL: 'warn', ...(process.env.DROP_MMS_STORM_ENV ? JSON.parse(process.env.DROP_MMS_STORM_ENV) : {}) });
	installLikeCommunityNodes(packPackage(ROOT, work), userFolder);
	await n8n.importCredentials([{ id: 'stormTwilioCred0', name: 'Storm Twilio', type: 'dropMmsTwilioApi', data: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: 'http://127.0.0.1:9' } }]);
	await n8n.importWorkflows(chosenModes.map(workflowFor));
	await n8n.start();
	const results: Measured[] = [];
	try {
		await n8n.bootstrapApi();
		for (const mode of chosenModes) await n8n.publish(mode.workflowId, [mode.trigger === undefined ? mode.webhookPath : `${mode.webhookPath}/mms`]);
		const pgid = n8n.pid!;
		let run = 0;
		for (const senders of SENDERS) {
			for (const mode of chosenModes) {
				const measured = await measure(n8n, pgid, mode, senders, String(++run).padStart(3, '0'));
				console.log(JSON.stringify(measured));
				results.push(measured);
				// Let n8n settle (pruning, GC) before the next run.
				await sleep(3000);
			}
		}
	} finally {
		await n8n.stop();
	}

	const f = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
	const anchor = (senders: number) => results.find((r) => r.senders === senders && r.mode === MODES[0].label) ?? results.find((r) => r.senders === senders)!;
	const markdown = `## Delivery-report storm (bench/storm)

Command: \`npx tsx bench/storm/index.ts\` (part of \`npm run bench\`). A real n8n 2.41.1 (\`n8n start\`, SQLite, default
expression engine) on this machine; ${f(EVENTS)} signed Twilio status callbacks per run, each workflow = start node → No Operation.
CPU is n8n's whole process group (utime + stime) over the run, divided by the events posted.
Machine: ${machineLine()}.

| senders | receiver | answered 2xx | events/s | × anchor | CPU ms/event | × anchor | peak RSS MiB | executions | lost |
|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|
${results
	.map((r) => {
		const a = anchor(r.senders);
		return `| ${r.senders} | ${r.mode} | ${f(r.answered2xx)} | ${f(r.eventsPerSecond, 1)} | ${f(r.eventsPerSecond / a.eventsPerSecond, 2)} | ${f(r.cpuMsPerEvent, 1)} | ${f(r.cpuMsPerEvent / a.cpuMsPerEvent, 2)} | ${f(r.peakRssMiB)} | ${f(r.executions)} | **${f(r.lost)}** |`;
	})
	.join('\n')}
`;
	writeSection('storm', markdown);
	console.log(markdown);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
