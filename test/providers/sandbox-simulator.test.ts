/**
 * The sandbox's provider inside n8n (nodes/providers/sandbox/simulator.ts): it answers the sandbox
 * adapter's requests as the adapter reads them, decides outcomes by magic number, and posts signed
 * reports the sandbox's webhook verifies and parses. Time is a list of scheduled tasks run by the
 * test, posts are recorded: no clock, no network.
 */
import { randomBytes } from 'node:crypto';

import type { TransportReply } from '../../nodes/drop/transport';
import { sandboxAdapter } from '../../nodes/providers/sandbox';
import { MAGIC_NUMBERS } from '../../nodes/providers/sandbox/numbers';
import { SEND_URL } from '../../nodes/providers/sandbox/send';
import { createSandboxSimulator, REPORT_DELAYS_MS, RETRY_DELAYS_MS, type SimulatorOptions } from '../../nodes/providers/sandbox/simulator';
import type { HttpResponse, SendBatch, SendOutcome, WebhookRequest } from '../../nodes/providers/types';

const signingKey = randomBytes(32).toString('hex');
const TRIGGER = 'https://n8n.example.com/webhook/abc/mms';
const NOW = Date.parse('2026-03-02T10:00:00Z');

interface Posted {
	url: string;
	headers: Record<string, string>;
	body: string;
}

/** A simulator whose timers are a queue the test drains and whose posts are recorded. */
function harness(overrides: Partial<SimulatorOptions> & { answer?: (post: Posted) => Promise<number> } = {}) {
	const tasks: Array<{ at: number; run: () => void }> = [];
	let clock = NOW;
	const posted: Posted[] = [];
	const problems: string[] = [];
	let ids = 0;
	const simulator = createSandboxSimulator({
		signingKey,
		now: () => clock,
		schedule: (delayMs, run) => tasks.push({ at: clock + delayMs, run }),
		newId: (prefix) => `${prefix}${++ids}`,
		post: async (url, headers, body) => {
			const post = { url, headers, body };
			posted.push(post);
			return await (overrides.answer?.(post) ?? Promise.resolve(200));
		},
		onUndelivered: (problem) => problems.push(problem),
		...overrides,
	});
	/** Runs every scheduled task in time order, including those the tasks schedule. */
	const drain = async () => {
		while (tasks.length > 0) {
			tasks.sort((a, b) => a.at - b.at);
			const task = tasks.shift()!;
			clock = Math.max(clock, task.at);
			task.run();
			// Let the post's promise settle before the next task.
			await new Promise((resolve) => setImmediate(resolve));
		}
	};
	return { simulator, tasks, posted, problems, drain };
}

/** `statusCallbackUrl` null: the drop has none. */
function batch(numbers: string[], statusCallbackUrl: string | null = `${TRIGGER}?dropId=d1`): SendBatch {
	return {
		dropId: 'd1',
		message: { from: '+14155550100', text: 'Hi!\nReply STOP to opt out', media: [] },
		recipients: numbers.map((to, index) => ({ ref: `r${index + 1}`, to })),
		statusCallbackUrl: statusCallbackUrl ?? undefined,
	};
}

/** The adapter's request through the simulator and back through the adapter, as the drop does it. */
async function send(simulator: ReturnType<typeof harness>['simulator'], sent: SendBatch, limits = 'plivo'): Promise<{ reply: TransportReply; outcomes: SendOutcome[] }> {
	const spec = sandboxAdapter.buildSendRequest({ signingKey, limits }, sent, NOW);
	const reply = await simulator.send(spec, { timeoutMs: 1000 });
	if (reply.kind !== 'response') throw new Error(`no response: ${reply.message}`);
	return { reply, outcomes: sandboxAdapter.parseSendResponse(sent, reply.response) };
}

function asWebhook(post: Posted): WebhookRequest {
	const url = new URL(post.url);
	return { method: 'POST', urls: [post.url], headers: post.headers, query: Object.fromEntries(url.searchParams), rawBody: Buffer.from(post.body) };
}

/** Every posted report as the MMS Delivery Trigger would see it: verified, then parsed. */
function received(posted: Posted[], atMs: number) {
	return posted.flatMap((post) => {
		const request = asWebhook(post);
		expect(sandboxAdapter.webhook!.verify({ signingKey }, request, atMs)).toEqual({ ok: true });
		return [...sandboxAdapter.webhook!.parse(request, new Date(atMs))];
	});
}

it('every magic number gets its outcome at send, and every other number is accepted', async () => {
	const { simulator } = harness();
	const numbers = ['+14155550101', ...Object.keys(MAGIC_NUMBERS)];
	const first = await send(simulator, batch(numbers));
	// The rate-limited number holds up the whole request it travels in, once.
	expect(first.reply.kind === 'response' && first.reply.response.status).toBe(429);
	expect(first.outcomes.every((outcome) => outcome.kind === 'retryable' && outcome.reason === 'rate_limited')).toBe(true);
	const second = await send(simulator, batch(numbers));
	expect(second.outcomes.map((outcome) => [outcome.kind, outcome.reason ?? null, outcome.error?.code ?? null])).toEqual([
		['accepted', null, null],
		['accepted', null, null],
		['permanent', 'invalid_number', '21211'],
		['permanent', 'opted_out', '21610'],
		['accepted', null, null],
		['accepted', null, null],
	]);
	const accepted = second.outcomes.filter((outcome) => outcome.kind === 'accepted');
	expect(new Set(accepted.map((outcome) => outcome.messageId)).size).toBe(4);
	expect(accepted.every((outcome) => /^SBM\d+$/.test(outcome.messageId!) && /^SBB\d+$/.test(outcome.batchId!))).toBe(true);
});

it('one recipient per request (Twilio’s limits): a refusal is HTTP 400, an acceptance 200 without a batch id', async () => {
	const { simulator } = harness();
	const refused = await send(simulator, batch(['+14155550192']), 'twilio');
	expect(refused.reply.kind === 'response' && refused.reply.response.status).toBe(400);
	const accepted = await send(simulator, batch(['+14155550102']), 'twilio');
	expect(accepted.outcomes).toEqual([{ ref: 'r1', kind: 'accepted', messageId: expect.stringMatching(/^SBM/) }]);
});

it('after accepting, posts signed reports the trigger verifies: sent, then delivered or undelivered, and the STOP reply', async () => {
	const { simulator, posted, tasks, drain, problems } = harness();
	const { outcomes } = await send(simulator, batch(['+14155550101', '+14155550191', '+14155550195']));
	const [ana, uma, sam] = outcomes.map((outcome) => outcome.messageId);
	expect(posted).toHaveLength(0);
	expect(tasks.map((task) => task.at - NOW).sort((a, b) => a - b)).toEqual(
		[...Array(3).fill(REPORT_DELAYS_MS.sent), ...Array(3).fill(REPORT_DELAYS_MS.final), REPORT_DELAYS_MS.reply].sort((a, b) => a - b),
	);
	await drain();
	const events = received(posted, NOW + REPORT_DELAYS_MS.reply);
	const summary = events.map((event) => [event.kind, event.messageId, event.status, event.to, event.from, event.errorCode, event.dropId, event.ref]);
	expect(summary).toEqual(
		expect.arrayContaining([
			['status', ana, 'sent', '+14155550101', '+14155550100', null, 'd1', 'r1'],
			['status', ana, 'delivered', '+14155550101', '+14155550100', null, 'd1', 'r1'],
			['status', uma, 'sent', '+14155550191', '+14155550100', null, 'd1', 'r2'],
			['status', uma, 'undelivered', '+14155550191', '+14155550100', '30003', 'd1', 'r2'],
			['status', sam, 'sent', '+14155550195', '+14155550100', null, 'd1', 'r3'],
			['status', sam, 'delivered', '+14155550195', '+14155550100', null, 'd1', 'r3'],
		]),
	);
	expect(events).toHaveLength(7);
	// The reply comes from the recipient, to the trigger without the drop's ids (a real inbound message knows no drop).
	const reply = events.find((event) => event.kind === 'opt_out')!;
	expect(reply).toMatchObject({ from: '+14155550195', to: '+14155550100', text: 'STOP', optedOut: true, dropId: null, ref: null });
	expect(posted.find((post) => JSON.parse(post.body).type === 'message.inbound')!.url).toBe(TRIGGER);
	expect(new Set(events.map((event) => event.eventId)).size).toBe(7);
	// In order per message: sent before the final report.
	for (const id of [ana, uma, sam]) expect(events.filter((event) => event.messageId === id).map((event) => event.status)).toEqual(['sent', expect.stringMatching(/delivered/)]);
	expect(problems).toEqual([]);
});

it('posts nothing for a refused number, nor without a status callback URL', async () => {
	const { simulator, tasks } = harness();
	await send(simulator, batch(['+14155550192', '+14155550193']));
	await send(simulator, batch(['+14155550101', '+14155550195'], null));
	expect(tasks).toHaveLength(0);
});

it('posts a report again when the trigger is unreachable or busy, then gives up saying so, without the key or the query', async () => {
	let calls = 0;
	const { simulator, posted, drain, problems } = harness({
		answer: async () => {
			calls++;
			if (calls === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:5678');
			return 503;
		},
	});
	await send(simulator, batch(['+14155550101'], `${TRIGGER}?token=s3cret&dropId=d1`));
	await drain();
	const sentReport = posted.filter((post) => JSON.parse(post.body).status === 'sent');
	expect(sentReport).toHaveLength(1 + RETRY_DELAYS_MS.length);
	// The same report each time (one event id, so the trigger can tell a repeat), signed anew.
	expect(new Set(sentReport.map((post) => post.body)).size).toBe(1);
	expect(problems).toHaveLength(2);
	expect(problems[0]).toMatch(/could not post the sent report for SBM\d+ to https:\/\/n8n\.example\.com\/webhook\/abc\/mms: HTTP 503/);
	for (const problem of problems) {
		expect(problem).not.toContain(signingKey);
		expect(problem).not.toContain('s3cret');
	}
});

it('a trigger that refuses (401, 404) is not asked again; the problem names what to check', async () => {
	const { simulator, posted, drain, problems } = harness({ answer: async () => 404 });
	await send(simulator, batch(['+14155550101']));
	await drain();
	expect(posted).toHaveLength(2);
	expect(problems[0]).toMatch(/refused the sent report .* \(HTTP 404\): is it set to Sandbox, published, and on this n8n\?/);
});

it('a throwing logger never escapes into n8n’s process', async () => {
	const { simulator, drain } = harness({
		answer: async () => 404,
		onUndelivered: () => {
			throw new Error('logger down');
		},
	});
	await send(simulator, batch(['+14155550101']));
	await expect(drain()).resolves.toBeUndefined();
});

describe('requests that are not the sandbox adapter’s', () => {
	const response = (reply: TransportReply): HttpResponse => {
		if (reply.kind !== 'response') throw new Error('no response');
		return reply.response;
	};

	it('another URL or method: 404, nothing accepted', async () => {
		const { simulator, tasks } = harness();
		const spec = sandboxAdapter.buildSendRequest({}, batch(['+14155550101']), NOW);
		expect(response(await simulator.send({ ...spec, url: 'https://api.twilio.com/2010-04-01/Messages.json' }, { timeoutMs: 1000 })).status).toBe(404);
		expect(response(await simulator.send({ ...spec, method: 'GET' }, { timeoutMs: 1000 })).status).toBe(404);
		expect(tasks).toHaveLength(0);
	});

	it.each([['not JSON', 'to=+14155550101'], ['no recipients', JSON.stringify({ dropId: 'd', from: 'x', text: '', media: [], recipients: [] })], ['nothing', undefined]])(
		'%s: 400',
		async (_label, body) => {
			const { simulator } = harness();
			expect(response(await simulator.send({ method: 'POST', url: SEND_URL, headers: {}, body }, { timeoutMs: 1000 })).status).toBe(400);
		},
	);

	it('a cancelled execution: nothing is accepted', async () => {
		const { simulator, tasks } = harness();
		const controller = new AbortController();
		controller.abort();
		const reply = await simulator.send(sandboxAdapter.buildSendRequest({}, batch(['+14155550101']), NOW), { timeoutMs: 1000, signal: controller.signal });
		expect(reply).toMatchObject({ kind: 'error', sent: false, cancelled: true });
		expect(tasks).toHaveLength(0);
	});
});
