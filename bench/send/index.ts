/**
 * Send benchmark (issue #4), all figures measured side by side in one run:
 *  1. throughput against a 50 ms fake at ratePerSecond 500 / concurrency 32, as a fraction of the
 *     limit min(rate, concurrency / latency);
 *  2. the same adapter sent one item after another with httpRequestWithAuthentication (n8n's own
 *     messaging nodes' pattern), 1,000 recipients, and our throughput ÷ that baseline;
 *  3. zero latency, no rate cap: messages/second of node + engine overhead, and peak RSS, for
 *     10,000 and 100,000 recipients, dry run and send;
 *  4. requests made for 10,000 recipients by the batch providers;
 *  5. the drop ledger's cost: (1) and (3) with the ledger off, side by side, and the time a re-run
 *     of a 100,000-recipient drop killed once half of it was accepted takes to skip who was sent and send the rest.
 * Run: npx tsx bench/send/index.ts  (or npm run bench)
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { machineLine, writeSection } from '../results';

const TSX = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

interface Fake {
	origin: string;
	acceptedUrl: string;
	credentials: Record<string, Record<string, string>>;
	child: ChildProcess;
}

async function startFake(latencyMs: number): Promise<Fake> {
	const child = spawn(TSX, [path.join(__dirname, '..', 'fake-server.ts'), '--latency', String(latencyMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
	const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
	return { ...JSON.parse(line), child };
}

async function stopFake(fake: Fake): Promise<void> {
	fake.child.stdin!.end();
	await once(fake.child, 'exit');
}

interface Measured {
	seconds: number;
	accepted: number;
	alreadySent: number;
	unknown: number;
	planned: number;
	requests: number;
	messagesPerSecond: number;
	peakRssMiB: number;
}

function runScenario(fake: Fake, spec: Record<string, unknown>) {
	return spawnSync(TSX, [path.join(__dirname, 'scenario.ts'), JSON.stringify({ ...spec, origin: fake.origin, credentials: fake.credentials })], {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		env: { ...process.env, N8N_LOG_LEVEL: 'silent' },
	});
}

function scenario(fake: Fake, spec: Record<string, unknown>): Measured {
	const run = runScenario(fake, spec);
	if (run.status !== 0) throw new Error(`scenario ${JSON.stringify(spec)} failed:\n${run.stderr}`);
	const measured = JSON.parse(run.stdout.trim().split('\n').pop()!) as Measured;
	console.log(JSON.stringify(spec), '→', JSON.stringify(measured));
	return measured;
}

/** Zero-latency runs: recipients, and how many interleaved rounds each kind gets. */
const ZERO_LATENCY_ROUNDS: Array<[number, number]> = [
	[10_000, 3],
	[100_000, 1],
];

/** Runs the specs round after round, one of each per round, and keeps each spec's median run (by msg/s). */
function interleaved(fake: Fake, specs: Array<Record<string, unknown>>, rounds: number): Measured[] {
	const runs = specs.map((): Measured[] => []);
	for (let round = 0; round < rounds; round++) specs.forEach((spec, index) => runs[index].push(scenario(fake, spec)));
	return runs.map((measured) => measured.sort((a, b) => a.messagesPerSecond - b.messagesPerSecond)[Math.floor(measured.length / 2)]);
}

const f = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
	const slow = await startFake(50);
	const paced = scenario(slow, { kind: 'drop', provider: 'twilio', recipients: 10_000, rate: 500, concurrency: 32 });
	const pacedWithoutLedger = scenario(slow, { kind: 'drop', provider: 'twilio', recipients: 10_000, rate: 500, concurrency: 32, ledger: 'off' });
	const baseline = scenario(slow, { kind: 'baseline', provider: 'twilio', recipients: 1_000 });
	await stopFake(slow);

	const fast = await startFake(0);
	// Dry run, send and send without the ledger, interleaved round by round (this machine drifts over
	// minutes, so runs of one kind back to back would compare the minute, not the ledger); each kind's
	// median run. 10,000 recipients: 3 rounds; 100,000: 1.
	const zeroLatency = ZERO_LATENCY_ROUNDS.map(([recipients, rounds]) => {
		const send = { kind: 'drop', provider: 'twilio', recipients, rate: 100_000, concurrency: 32 };
		const [dry, on, off] = interleaved(fast, [{ kind: 'drop', provider: 'twilio', recipients, dryRun: true, concurrency: 32 }, send, { ...send, ledger: 'off' }], rounds);
		return { recipients, rounds, dry, on, off };
	});
	const overhead = zeroLatency.flatMap(({ recipients, dry, on }) => [
		{ recipients, dryRun: true, ...dry },
		{ recipients, dryRun: false, ...on },
	]);
	const withoutLedger = zeroLatency.map(({ off }) => off);

	// Crash and resume: a 100,000-recipient drop killed (SIGKILL) once half of it is accepted, then run again on the same ledger.
	const userFolder = mkdtempSync(path.join(tmpdir(), 'bench-crash-'));
	const crash = { provider: 'twilio', recipients: 100_000, rate: 100_000, concurrency: 32, userFolder };
	const acceptedSoFar = async () => ((await (await fetch(fast.acceptedUrl)).json()) as { accepted: number }).accepted;
	const beforeCrash = await acceptedSoFar();
	const killed = runScenario(fast, { ...crash, kind: 'crash', acceptedUrl: fast.acceptedUrl, crashAtAccepted: beforeCrash + 50_000 });
	const acceptedAtKill = (await acceptedSoFar()) - beforeCrash;
	// tsx runs the scenario in a child node process: the kill shows as its exit status 137 (128 + SIGKILL).
	if (killed.status !== 137 && killed.signal !== 'SIGKILL') throw new Error(`the crash scenario was not killed: ${killed.status} ${killed.stderr}`);
	const resumed = scenario(fast, { ...crash, kind: 'drop' });
	const batches = ['plivo', 'sinch', 'clicksend'].map((provider) => ({
		provider,
		...scenario(fast, { kind: 'drop', provider, recipients: 10_000, rate: 100_000, concurrency: 8 }),
	}));
	await stopFake(fast);

	const limit = Math.min(500, 32 / 0.05);
	const markdown = `## Send (bench/send)

Command: \`npx tsx bench/send/index.ts\` (part of \`npm run bench\`). Every run goes through n8n-core's
engine (WorkflowExecute) in its own process; the fake provider runs in another process. Rows 3 and
5: dry run, send and send with the ledger off run interleaved, the median of ${ZERO_LATENCY_ROUNDS.map(([recipients, rounds]) => `${rounds} for ${f(recipients)}`).join(' and ')} recipients.
Machine: ${machineLine()}.

| # | measurement | figure | target |
|---|---|---|---|
| 1 | 10,000 recipients, 50 ms latency, rate 500/s, concurrency 32, drop ledger on: achieved / limit min(500, 32 / 0.05 s = 640) | ${f(paced.messagesPerSecond, 1)} msg/s ÷ ${limit} = **${f((100 * paced.messagesPerSecond) / limit, 1)} %** (${f(paced.accepted)} accepted in ${f(paced.seconds, 1)} s); ledger off: ${f(pacedWithoutLedger.messagesPerSecond, 1)} msg/s = ${f((100 * pacedWithoutLedger.messagesPerSecond) / limit, 1)} % | ≥ 90 % |
| 2 | our run (1) ÷ n8n pattern (one item after another via httpRequestWithAuthentication, 1,000 recipients, same fake) | ${f(paced.messagesPerSecond, 1)} ÷ ${f(baseline.messagesPerSecond, 1)} msg/s = **${f(paced.messagesPerSecond / baseline.messagesPerSecond, 1)}×** | ≥ 20× |
${overhead
	.map(
		(run, i) =>
			`| 3${'abcd'[i]} | zero latency, no rate cap, ${f(run.recipients)} recipients, ${run.dryRun ? 'dry run' : 'send'} | **${f(run.messagesPerSecond)} msg/s**, peak RSS ${f(run.peakRssMiB)} MiB (${f(run.seconds, 2)} s) | report |`,
	)
	.join('\n')}
| 4 | requests for 10,000 recipients: ${batches.map((b) => `${b.provider} ${f(b.requests)}`).join(', ')} | **${Math.max(...batches.map((b) => b.requests))}** at most | ≤ 10 |
${withoutLedger
	.map((run, i) => {
		const on = overhead[2 * i + 1];
		return `| 5${'ab'[i]} | zero latency, no rate cap, ${f(on.recipients)} recipients, send: ledger on ÷ ledger off | ${f(on.messagesPerSecond)} ÷ ${f(run.messagesPerSecond)} msg/s = **${f(on.messagesPerSecond / run.messagesPerSecond, 2)}** (peak RSS ${f(on.peakRssMiB)} / ${f(run.peakRssMiB)} MiB) | report |`;
	})
	.join('\n')}
| 5c | 100,000 recipients killed (SIGKILL) once the provider had accepted 50,000 (${f(acceptedAtKill)} by the time the process was gone), then run again: the re-run's time, against ${f(overhead[3].seconds, 2)} s for the whole drop in (3d) | **${f(resumed.seconds, 2)} s**: ${f(resumed.alreadySent)} skipped as already sent, ${f(resumed.unknown)} unknown (in flight at the kill), ${f(resumed.accepted)} sent (peak RSS ${f(resumed.peakRssMiB)} MiB) | report |
`;
	writeSection('send', markdown);
	console.log(markdown);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
