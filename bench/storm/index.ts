/**
 * Delivery-report storm (issue #17), in a real n8n 2.41 (SQLite, `n8n start`), in one run:
 * delivery reports posted by 1, 16 and 64 concurrent senders to
 *  - n8n's own Webhook node → No Operation (the anchor; Twilio status callbacks),
 *  - MMS Delivery Trigger → No Operation: one execution per event; with its defaults (an
 *    execution per event while they come one at a time, those that queue up together); batched
 *    (up to 1,000 events or 1 s per execution), all signed Twilio status callbacks;
 *  - the batched trigger receiving Bandwidth's arrays of 1,000 events per request.
 * Per run: events/s (from the first post to the last event's execution finishing), n8n's CPU per
 * event (utime + stime of its process group), peak RSS, executions created, and events lost: each
 * event carries its own message id, and an event answered 2xx whose id is in no execution's items
 * is lost.
 *
 * Run: npx tsx bench/storm/index.ts   (part of npm run bench)
 * DROP_MMS_STORM_EVENTS (default 2000) and DROP_MMS_STORM_SENDERS (default "1,16,64") shorten it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { freePort, N8n, sleep, type WorkflowJson } from '../../test/e2e/n8n';
import { installLikeCommunityNodes, packPackage } from '../../test/e2e/package';
import { acknowledgedIds, executedEvents, storm, type StormRequest, twilioStatusCallback } from '../../test/e2e/storm';
import { basicAuthorization } from '../../test/webhook-signing';
import { machineLine, writeSection } from '../results';

const ROOT = path.resolve(__dirname, '../..');
const EVENTS = Number(process.env.DROP_MMS_STORM_EVENTS ?? 2000);
const SENDERS = (process.env.DROP_MMS_STORM_SENDERS ?? '1,16,64').split(',').map(Number);
const AUTH_TOKEN = 'storm-bench-auth-token-0123456789';
const ACCOUNT_SID = 'AC' + '0'.repeat(32);
const BANDWIDTH_CALLBACK = { username: 'storm-callback', password: 'storm-callback-password' };

interface Mode {
	id: string;
	label: string;
	workflowId: string;
	webhookPath: string;
	/** Twilio posts one form-encoded event per request; Bandwidth posts JSON arrays of events. */
	provider: 'twilio' | 'bandwidth';
	/** Events in one request (Bandwidth only). */
	eventsPerRequest: number;
	/** The trigger's options; none for n8n's Webhook node. */
	trigger?: IDataObject;
}

const BATCHED = { maxEventsPerExecution: 1000, collectForMs: 1000 };
const MODES: Mode[] = [
	{ id: 'webhook', label: 'n8n Webhook node', workflowId: 'stormAnchor00000', webhookPath: 'storm-anchor', provider: 'twilio', eventsPerRequest: 1 },
	{ id: 'strict', label: 'Trigger, one execution per event', workflowId: 'stormStrict00000', webhookPath: 'storm-strict', provider: 'twilio', eventsPerRequest: 1, trigger: { maxEventsPerExecution: 1 } },
	{ id: 'trigger', label: 'Trigger, defaults (joins what queues up)', workflowId: 'stormTrigger0000', webhookPath: 'storm-trigger', provider: 'twilio', eventsPerRequest: 1, trigger: {} },
	{ id: 'batched', label: 'Trigger, batched (1,000 or 1 s)', workflowId: 'stormBatched0000', webhookPath: 'storm-batched', provider: 'twilio', eventsPerRequest: 1, trigger: BATCHED },
	{ id: 'arrays', label: 'Trigger, batched, Bandwidth arrays of 1,000', workflowId: 'stormArrays00000', webhookPath: 'storm-arrays', provider: 'bandwidth', eventsPerRequest: 1000, trigger: BATCHED },
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
					credentials: mode.provider === 'twilio' ? { dropMmsTwilioApi: { id: 'stormTwilioCred0', name: 'Storm Twilio' } } : { dropMmsBandwidthApi: { id: 'stormBandwidth00', name: 'Storm Bandwidth' } },
					parameters: { provider: mode.provider, options: mode.trigger },
				};
	return {
		id: mode.workflowId,
		name: `Storm: ${mode.label}`,
		nodes: [start, { id: `${mode.id}-noop`, name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} }],
		connections: { Start: { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
		settings: { saveDataSuccessExecution: 'all' },
	};
}

const idFor = (run: string, index: number) => `SM${run}${String(index).padStart(8, '0')}`.padEnd(34, '0');

/** The requests a provider makes for `EVENTS` delivery reports, at the trigger's production URL. */
function requestsFor(n8n: N8n, mode: Mode, run: string): StormRequest[] {
	const url = `${n8n.origin}/webhook/${mode.webhookPath}${mode.trigger === undefined ? '' : '/mms'}`;
	// Signed as Twilio signs, except for the Webhook node, which ignores the header.
	if (mode.provider === 'twilio') return Array.from({ length: EVENTS }, (_, index) => twilioStatusCallback(url, idFor(run, index), ACCOUNT_SID, mode.trigger && AUTH_TOKEN));
	const headers = { 'content-type': 'application/json', authorization: basicAuthorization(BANDWIDTH_CALLBACK.username, BANDWIDTH_CALLBACK.password) };
	return Array.from({ length: Math.ceil(EVENTS / mode.eventsPerRequest) }, (_, request) => {
		const ids = Array.from({ length: Math.min(mode.eventsPerRequest, EVENTS - request * mode.eventsPerRequest) }, (_, i) => idFor(run, request * mode.eventsPerRequest + i));
		// The message-delivered callback of Bandwidth's Messaging API docs (providers.md).
		const events = ids.map((id) => ({
			type: 'message-delivered',
			time: '2026-12-06T10:00:00.000Z',
			description: 'ok',
			to: '+14155551234',
			message: { id, owner: '+14155551234', applicationId: 'storm-app', time: '2026-12-06T10:00:00.000Z', segmentCount: 1, direction: 'out', to: ['+14155551234'], from: '+14155550100', text: '' },
		}));
		return { url, body: JSON.stringify(events), headers, ids };
	});
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
	/** Events per answer other than 2xx ("0": no answer). */
	refusedBy: Record<string, number>;
	seconds: number;
	eventsPerSecond: number;
	cpuMsPerEvent: number;
	peakRssMiB: number;
	executions: number;
	lost: number;
}

function refusals(requests: StormRequest[], statuses: Array<number | undefined>): Record<string, number> {
	const by: Record<string, number> = {};
	requests.forEach((request, index) => {
		const status = statuses[index] ?? 0;
		if (status < 200 || status >= 300) by[status] = (by[status] ?? 0) + request.ids.length;
	});
	return by;
}

async function measure(n8n: N8n, pgid: number, mode: Mode, senders: number, run: string): Promise<Measured> {
	const before = await executedEvents(n8n, mode.workflowId);
	const requests = requestsFor(n8n, mode, run);
	let peakRssMiB = 0;
	const sampler = setInterval(() => (peakRssMiB = Math.max(peakRssMiB, groupUsage(pgid).rssMiB)), 200);
	const cpuBefore = groupUsage(pgid).cpuSeconds;
	const started = performance.now();
	const statuses = await storm(requests, senders);
	const sent = requests.flatMap((request) => request.ids);
	const acknowledged = acknowledgedIds(requests, statuses);
	// Executions finish after the answers: wait until every acknowledged event is in one, or nothing moves for 60 s.
	let last = -1;
	let still = 0;
	let seen = before;
	for (;;) {
		// n8n answers its own API 503 ("Database is not ready!") while a storm has its database behind.
		const now = await executedEvents(n8n, mode.workflowId).catch(() => undefined);
		if (now) seen = now;
		const found = sent.filter((id) => seen.items.has(id)).length;
		if (now && found >= acknowledged.size && now.running === 0) break;
		still = now && found !== last ? 0 : still + 1;
		last = found;
		if (still >= 60) break;
		await sleep(1000);
	}
	const seconds = (performance.now() - started) / 1000;
	clearInterval(sampler);
	const cpuSeconds = groupUsage(pgid).cpuSeconds - cpuBefore;
	const lost = [...acknowledged].filter((id) => !seen.items.has(id)).length;
	return {
		mode: mode.label,
		senders,
		answered2xx: acknowledged.size,
		refusedBy: refusals(requests, statuses),
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
	await n8n.importCredentials([
		{ id: 'stormTwilioCred0', name: 'Storm Twilio', type: 'dropMmsTwilioApi', data: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: 'http://127.0.0.1:9' } },
		{
			id: 'stormBandwidth00',
			name: 'Storm Bandwidth',
			type: 'dropMmsBandwidthApi',
			data: { accountId: '9900000', username: 'u', password: 'p', applicationId: 'storm-app', callbackUsername: BANDWIDTH_CALLBACK.username, callbackPassword: BANDWIDTH_CALLBACK.password, baseUrl: 'http://127.0.0.1:9' },
		},
	]);
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
expression engine) on this machine; ${f(EVENTS)} delivery reports per run, each workflow = start node → No Operation: signed Twilio
status callbacks, one per request (the Webhook node gets them unsigned), except the last mode, Bandwidth's arrays of 1,000.
Events/s runs from the first post to the last event's execution finishing; CPU is n8n's whole process group (utime + stime)
over the run, divided by the events posted; lost = answered 2xx but in no execution's items.
Machine: ${machineLine()}.

| senders | receiver | answered 2xx | refused (answer) | events/s | × anchor | CPU ms/event | × anchor | peak RSS MiB | executions | lost |
|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|
${results
	.map((r) => {
		const a = anchor(r.senders);
		const refused = Object.entries(r.refusedBy).map(([status, count]) => `${f(count)} (${status === '0' ? 'none' : status})`).join(', ') || '0';
		return `| ${r.senders} | ${r.mode} | ${f(r.answered2xx)} | ${refused} | ${f(r.eventsPerSecond, 1)} | ${f(r.eventsPerSecond / a.eventsPerSecond, 2)} | ${f(r.cpuMsPerEvent, 1)} | ${f(r.cpuMsPerEvent / a.cpuMsPerEvent, 2)} | ${f(r.peakRssMiB)} | ${f(r.executions)} | **${f(r.lost)}** |`;
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
