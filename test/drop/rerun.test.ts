/**
 * Re-runs of one drop through `runDrop` and the ledger (issue #14): who is skipped as already
 * sent, who is in doubt and how that is resolved, what two runs at once do, what a dry run says.
 */
import { type LedgerBackend, type LedgerRecord, MemoryLedger } from '../../nodes/drop/ledger';
import { resolveRules } from '../../nodes/drop/options';
import { type DropDeps, type DropItem, runDrop } from '../../nodes/drop/run';
import type { Transport, TransportReply } from '../../nodes/drop/transport';
import type { LookupAnswer, LookupQuery, MessageLookup, ProviderAdapter } from '../../nodes/providers/types';
import { dropItems, noFiles, numbers, recordingTransport, scriptedAdapter } from './scripted';
import { virtualClock } from './virtual-clock';

const DROP = 'drop-14';
const run = (items: DropItem[], options: Record<string, unknown>, deps: Partial<DropDeps> & { adapter: ProviderAdapter; backend: LedgerBackend; transport: Transport }) =>
	runDrop(items, resolveRules({ dropId: DROP, concurrency: 1, ...options }), {
		credentials: {},
		media: noFiles,
		dropIdParts: [],
		clock: virtualClock(),
		retry: { random: () => 0.5 },
		ledger: { backend: deps.backend },
		...deps,
	});

const accepted = () => scriptedAdapter(() => 'accepted');

it('a re-run skips who was sent, with the earlier message id, and sends the rest', async () => {
	const backend = new MemoryLedger();
	const phones = numbers(5);
	const first = await run(dropItems(phones), {}, { adapter: scriptedAdapter((to) => (to === phones[3] ? 'permanent' : to === phones[4] ? 'fatal' : 'accepted')), backend, transport: recordingTransport() });
	expect(first.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'failed', 'failed']);
	expect(first.summary).toMatchObject({ resumed: false, alreadySent: 0 });

	const wire = recordingTransport();
	const again = await run(dropItems(phones), {}, { adapter: accepted(), backend, transport: wire });
	expect(again.results.map((r) => [r.status, r.reason, r.messageId])).toEqual([
		['skipped', 'already_sent', `m-${phones[0]}`],
		['skipped', 'already_sent', `m-${phones[1]}`],
		['skipped', 'already_sent', `m-${phones[2]}`],
		['accepted', null, `m-${phones[3]}`],
		['accepted', null, `m-${phones[4]}`],
	]);
	expect(wire.sent).toEqual([[phones[3]], [phones[4]]]);
	expect(again.summary).toMatchObject({ resumed: true, alreadySent: 3, byReason: { already_sent: 3 } });
});

it('a recipient now sent another message (the personalized text changed) is sent again', async () => {
	const backend = new MemoryLedger();
	const phones = numbers(2);
	await run(dropItems(phones, 'Hi'), {}, { adapter: accepted(), backend, transport: recordingTransport() });
	const wire = recordingTransport();
	const items = dropItems(phones, 'Hi');
	items[1].text = 'Hi, your order 42 shipped';
	const again = await run(items, {}, { adapter: accepted(), backend, transport: wire });
	expect(again.results.map((r) => r.status)).toEqual(['skipped', 'accepted']);
	expect(wire.sent).toEqual([[phones[1]]]);
});

/** The ledger as a crashed run left it: its run never finished, one recipient accepted, two on their way. */
async function crashedRun(backend: LedgerBackend, phones: string[]) {
	const wire = recordingTransport();
	const first = await run(dropItems(phones), {}, { adapter: accepted(), backend, transport: wire });
	const [sent, flying, timedOut] = first.results.map((r) => r.ref);
	const byRef = new Map((await backend.records(DROP)).map((r) => [r.ref, r]));
	const inFlight = (ref: string, state: LedgerRecord['state'], reason: string | null): LedgerRecord => ({ ...byRef.get(ref)!, state, messageId: null, reason });
	await backend.forget(DROP);
	await backend.write(DROP, { createdAt: 0, updatedAt: 0, completedAt: null, runs: 1 }, [byRef.get(sent)!, inFlight(flying, 'in_flight', null), inFlight(timedOut, 'unknown', 'timeout')]);
}

it('after a crash: in-flight and unknown recipients are not sent blindly; they come out unknown and say why', async () => {
	const backend = new MemoryLedger();
	const phones = numbers(4);
	await crashedRun(backend, phones);
	const wire = recordingTransport();
	const again = await run(dropItems(phones), {}, { adapter: accepted(), backend, transport: wire });
	expect(again.results.map((r) => [r.status, r.reason])).toEqual([
		['skipped', 'already_sent'],
		['unknown', 'interrupted'],
		['unknown', 'timeout'],
		['accepted', null],
	]);
	expect(again.results[1].error).toMatchObject({ code: 'earlier_run_unknown' });
	expect(again.results[1].error!.message).toContain('Resolve Unknown');
	expect(wire.sent).toEqual([[phones[3]]]);
});

describe('resolveUnknown', () => {
	/** A lookup whose answer per number the test decides; queries are kept. */
	function lookup(answers: Record<string, LookupAnswer>): MessageLookup & { queries: LookupQuery[] } {
		const queries: LookupQuery[] = [];
		return {
			queries,
			buildRequest: (_credentials, query) => {
				queries.push(query);
				return { method: 'GET', url: `http://127.0.0.1/lookup?to=${encodeURIComponent(query.to)}`, headers: {} };
			},
			parseResponse: (query) => answers[query.to],
		};
	}

	it('asks the provider: a message it has is already sent, one it does not have is sent now', async () => {
		const backend = new MemoryLedger();
		const phones = numbers(4);
		await crashedRun(backend, phones);
		const asked = lookup({ [phones[1]]: { found: true, messageId: 'SM-found' }, [phones[2]]: { found: false } });
		const wire = recordingTransport();
		const again = await run(dropItems(phones), { resolveUnknown: true }, { adapter: scriptedAdapter(() => 'accepted', { lookup: asked }), backend, transport: wire });
		expect(again.results.map((r) => [r.status, r.reason, r.messageId])).toEqual([
			['skipped', 'already_sent', `m-${phones[0]}`],
			['skipped', 'already_sent', 'SM-found'],
			['accepted', null, `m-${phones[2]}`],
			['accepted', null, `m-${phones[3]}`],
		]);
		expect(asked.queries.map((q) => [q.to, q.from, q.dropId, q.text])).toEqual([
			[phones[1], '+14155550000', DROP, 'Hi\nReply STOP to opt out'],
			[phones[2], '+14155550000', DROP, 'Hi\nReply STOP to opt out'],
		]);
		expect(wire.sent).toEqual([[phones[3]], [phones[2]]]);
		// Two lookups and two sends.
		expect(again.summary.requests).toBe(4);
	});

	it('recipients whose lookup is the same request (a batch provider lists the whole drop) share one request', async () => {
		const backend = new MemoryLedger();
		const phones = numbers(4);
		await crashedRun(backend, phones);
		const wire = recordingTransport();
		const listing: MessageLookup = {
			buildRequest: (_credentials, query) => ({ method: 'GET', url: `http://127.0.0.1/batches?client_reference=${query.dropId}`, headers: {} }),
			parseResponse: (query) => (query.to === phones[1] ? { found: true, messageId: 'batch-1' } : { found: false }),
		};
		const again = await run(dropItems(phones), { resolveUnknown: true }, { adapter: scriptedAdapter(() => 'accepted', { lookup: listing }), backend, transport: wire });
		expect(wire.requests.filter((request) => request.url.includes('/batches'))).toHaveLength(1);
		expect(again.results.map((r) => r.status)).toEqual(['skipped', 'skipped', 'accepted', 'accepted']);
		expect(again.summary.requests).toBe(3);
	});

	it('an answer that does not tell, or a provider that cannot be asked, leaves the recipient unknown', async () => {
		const backend = new MemoryLedger();
		const phones = numbers(4);
		await crashedRun(backend, phones);
		const asked = lookup({ [phones[1]]: { found: 'unknown', why: 'two messages match' }, [phones[2]]: { found: 'unknown', why: 'x' } });
		const again = await run(dropItems(phones), { resolveUnknown: true }, { adapter: scriptedAdapter(() => 'accepted', { lookup: asked }), backend, transport: recordingTransport() });
		expect(again.results[1]).toMatchObject({ status: 'unknown', error: { message: expect.stringContaining('two messages match') } });

		const noLookup = await run(dropItems(phones), { resolveUnknown: true }, { adapter: accepted(), backend, transport: recordingTransport() });
		expect(noLookup.results[2]).toMatchObject({ status: 'unknown', error: { message: expect.stringContaining('cannot be asked') } });
	});
});

it('forgetDrop sends to everyone again', async () => {
	const backend = new MemoryLedger();
	const phones = numbers(3);
	await run(dropItems(phones), {}, { adapter: accepted(), backend, transport: recordingTransport() });
	const wire = recordingTransport();
	const again = await run(dropItems(phones), { forgetDrop: true }, { adapter: accepted(), backend, transport: wire });
	expect(again.results.every((r) => r.status === 'accepted')).toBe(true);
	expect(wire.sent).toHaveLength(3);
	expect(again.summary.resumed).toBe(false);
});

it('a dry run says who a real run would skip, and writes nothing', async () => {
	const backend = new MemoryLedger();
	const phones = numbers(4);
	await crashedRun(backend, phones);
	const before = await backend.records(DROP);
	const dry = await run(dropItems(phones), { dryRun: true }, { adapter: accepted(), backend, transport: recordingTransport() });
	expect(dry.results.map((r) => [r.status, r.reason])).toEqual([
		['skipped', 'already_sent'],
		['unknown', 'interrupted'],
		['unknown', 'timeout'],
		['planned', null],
	]);
	expect(dry.summary).toMatchObject({ resumed: true, alreadySent: 1, requests: 1 });
	expect(await backend.records(DROP)).toEqual(before);
});

it('two runs of the same drop at once: each recipient is sent once', async () => {
	const backend = new MemoryLedger();
	const phones = numbers(30);
	const sent: string[] = [];
	/** A provider that takes a few milliseconds per request, so the two runs overlap. */
	const slow: Transport = {
		async send(spec): Promise<TransportReply> {
			await new Promise((resolve) => setTimeout(resolve, 2));
			sent.push(...(JSON.parse(String(spec.body)) as string[]));
			return { kind: 'response', response: { status: 200, headers: {}, body: '' } };
		},
		async close() {},
	};
	const both = await Promise.all([1, 2].map(() => runDrop(dropItems(phones), resolveRules({ dropId: DROP, concurrency: 4 }), { adapter: accepted(), credentials: {}, media: noFiles, dropIdParts: [], ledger: { backend }, transport: slow })));
	expect(sent.sort()).toEqual([...phones].sort());
	const statuses = both.map((outcome) => outcome.results.map((r) => r.status));
	// One run sent everyone; the other waited for it and found everyone sent.
	expect(statuses).toContainEqual(Array(30).fill('accepted'));
	expect(statuses).toContainEqual(Array(30).fill('skipped'));
});

it('a ledger that cannot be written stops the drop before anything is sent', async () => {
	const backend = new MemoryLedger();
	const broken = Object.assign(Object.create(backend) as MemoryLedger, {
		records: backend.records.bind(backend),
		write: async (_dropId: string, _header: unknown, records: LedgerRecord[]) => {
			if (records.length > 0) throw new Error('SQLITE_FULL: database or disk is full');
		},
	});
	const wire = recordingTransport();
	const attempt = run(dropItems(numbers(3)), {}, { adapter: accepted(), backend: broken, transport: wire });
	await expect(attempt).rejects.toThrow('The drop ledger could not be written: SQLITE_FULL: database or disk is full');
	expect(wire.sent).toEqual([]);
});
