/**
 * The drop ledger: one contract run against every store (memory, the SQLite file of a single n8n,
 * n8n's Redis in queue mode), then the journal's rules: durable before the request, one commit for
 * many workers, which earlier runs count, and the lease between runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';


import { chooseLedger, type DropHeader, type LedgerBackend, type LedgerRecord, MemoryLedger } from '../../nodes/drop/ledger';
import { DropJournal, type JournalOptions, readEarlierRuns } from '../../nodes/drop/ledger/journal';
import { runOwner } from '../../nodes/store/owner';
import { RedisLedger } from '../../nodes/drop/ledger/redis';
import { SqliteLedger } from '../../nodes/drop/ledger/sqlite';
import { describeWithRedis, redisForTests } from '../harness/redis';
import { virtualClock } from './virtual-clock';

const header = (overrides: Partial<DropHeader> = {}): DropHeader => ({ createdAt: 1000, updatedAt: 1000, completedAt: null, runs: 1, ...overrides });
const record = (ref: string, overrides: Partial<LedgerRecord> = {}): LedgerRecord => ({ ref, state: 'in_flight', content: 'c1', messageId: null, batchId: null, reason: null, at: 1000, ...overrides });

/** The behaviour every store must have. */
function backendContract(open: () => LedgerBackend) {
	let ledger: LedgerBackend;
	beforeEach(() => {
		ledger = open();
	});

	it('writes a header and records atomically and reads them back; a later record replaces the earlier one', async () => {
		await ledger.write('d1', header(), [record('a'), record('b')]);
		await ledger.write('d1', header({ updatedAt: 2000 }), [record('a', { state: 'accepted', messageId: 'SM1', at: 2000 }), record('b', { state: 'unknown', reason: 'timeout' })]);
		expect(await ledger.header('d1')).toEqual(header({ updatedAt: 2000 }));
		const byRef = Object.fromEntries((await ledger.records('d1')).map((r) => [r.ref, r]));
		expect(byRef).toEqual({
			a: record('a', { state: 'accepted', messageId: 'SM1', at: 2000 }),
			b: record('b', { state: 'unknown', reason: 'timeout' }),
		});
		expect(await ledger.header('other')).toBeUndefined();
		expect(await ledger.records('other')).toEqual([]);
	});

	it('one lease holder at a time; the holder extends it; it frees on release or expiry', async () => {
		expect(await ledger.lease('d2', 'run-1', 31_000, 1_000)).toEqual({ ok: true });
		expect(await ledger.lease('d2', 'run-2', 31_000, 1_000)).toMatchObject({ ok: false });
		expect(await ledger.lease('d2', 'run-1', 41_000, 11_000)).toEqual({ ok: true });
		await ledger.release('d2', 'run-2'); // not the holder: nothing happens
		expect(await ledger.lease('d2', 'run-2', 42_000, 12_000)).toMatchObject({ ok: false });
		await ledger.release('d2', 'run-1');
		expect(await ledger.lease('d2', 'run-2', 42_000, 12_000)).toEqual({ ok: true });
	});

	it('a lease is taken over only from the holder named', async () => {
		await ledger.lease('d5', 'crashed', 31_000, 1_000);
		expect(await ledger.takeOver('d5', 'someone-else', 'next', 32_000, 2_000)).toBe(false);
		expect(await ledger.takeOver('d5', 'crashed', 'next', 32_000, 2_000)).toBe(true);
		expect(await ledger.lease('d5', 'crashed', 33_000, 3_000)).toMatchObject({ ok: false, holder: 'next' });
	});

	it('forget removes the drop but not another drop', async () => {
		await ledger.write('d3', header(), [record('a')]);
		await ledger.write('d4', header(), [record('a')]);
		await ledger.forget('d3');
		expect(await ledger.header('d3')).toBeUndefined();
		expect(await ledger.records('d3')).toEqual([]);
		expect(await ledger.records('d4')).toHaveLength(1);
	});
}

describe('memory ledger', () => backendContract(() => new MemoryLedger()));

describe('SQLite ledger', () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'ledger-'));
	let opened = 0;
	backendContract(() => new SqliteLedger(path.join(folder, `ledger-${++opened}.sqlite`)));

	it('an expired lease is taken over (a crashed run frees its drop)', async () => {
		const ledger = new SqliteLedger(path.join(folder, 'expiry.sqlite'));
		await ledger.lease('d', 'crashed', 31_000, 1_000);
		expect(await ledger.lease('d', 'next', 30_999 + 30_000, 30_999)).toMatchObject({ ok: false, expiresAt: 31_000 });
		expect(await ledger.lease('d', 'next', 61_000, 31_000)).toEqual({ ok: true });
	});

	it('two processes share one file: what one commits, the other reads', async () => {
		const file = path.join(folder, 'shared.sqlite');
		const first = new SqliteLedger(file);
		const second = new SqliteLedger(file);
		await first.write('d', header(), [record('a', { state: 'accepted', messageId: 'SM1' })]);
		expect(await second.records('d')).toEqual([record('a', { state: 'accepted', messageId: 'SM1' })]);
		expect(await first.lease('d', 'one', 31_000, 1_000)).toEqual({ ok: true });
		expect(await second.lease('d', 'two', 31_000, 1_000)).toMatchObject({ ok: false });
	});

	it('prunes drops last written before the cutoff, never one whose lease is held', async () => {
		const ledger = new SqliteLedger(path.join(folder, 'prune.sqlite'));
		await ledger.write('old', header({ updatedAt: 1_000 }), [record('a')]);
		await ledger.write('held', header({ updatedAt: 1_000 }), [record('a')]);
		await ledger.lease('held', 'run', 99_000, 1_000);
		await ledger.write('new', header({ updatedAt: 5_000 }), [record('a')]);
		expect(await ledger.prune(2_000)).toBe(1);
		expect(await ledger.records('old')).toEqual([]);
		expect(await ledger.records('held')).toHaveLength(1);
		expect(await ledger.records('new')).toHaveLength(1);
	});
});

describeWithRedis('Redis ledger (queue mode)', () => {
	const redis = redisForTests();
	backendContract(() => new RedisLedger(redis.connect(), `127.0.0.1:${redis.server.port}`));

	it('keys expire after the retention; a lease frees after its time (Redis keeps the clock)', async () => {
		const client = redis.connect();
		const ledger = new RedisLedger(client, `127.0.0.1:${redis.server.port}`);
		await ledger.write('ttl', header(), [record('a')]);
		const ttl = await client.pttl('n8n-nodes-drop-mms:{ttl}:records');
		expect(ttl).toBeGreaterThan(29 * 24 * 3600 * 1000);
		expect(await ledger.lease('short', 'one', 1_050, 1_000)).toEqual({ ok: true });
		await new Promise((resolve) => setTimeout(resolve, 120));
		expect(await ledger.lease('short', 'two', 31_000, 1_000)).toEqual({ ok: true });
	});
});

describe('DropJournal', () => {
	const options = (overrides: Partial<JournalOptions> = {}): JournalOptions => ({
		owner: 'run-1',
		clock: virtualClock(),
		rerunWindowMs: 12 * 3600_000,
		named: false,
		forget: false,
		...overrides,
	});

	/** A store that counts writes and can hold them back, to see what waits for what. */
	class WatchedLedger extends MemoryLedger {
		writes: LedgerRecord[][] = [];
		gate: Promise<void> | undefined;
		override async write(dropId: string, drop: DropHeader, records: LedgerRecord[]): Promise<void> {
			await this.gate;
			this.writes.push(records.map((r) => ({ ...r })));
			return super.write(dropId, drop, records);
		}
	}

	it('an in-flight record is written before inFlight resolves, and workers in the same turn share one commit', async () => {
		const ledger = new WatchedLedger();
		const journal = await DropJournal.open(ledger, 'd', options());
		ledger.writes = [];
		let release!: () => void;
		ledger.gate = new Promise((resolve) => (release = resolve));
		let done = 0;
		const waits = ['a', 'b', 'c'].map((ref) => journal.inFlight([{ ref, content: 'c1' }]).then(() => done++));
		await new Promise((resolve) => setImmediate(resolve));
		expect(done).toBe(0);
		release();
		await Promise.all(waits);
		expect(ledger.writes).toHaveLength(1);
		expect(ledger.writes[0].map((r) => [r.ref, r.state])).toEqual([
			['a', 'in_flight'],
			['b', 'in_flight'],
			['c', 'in_flight'],
		]);
		await journal.close();
	});

	it('answers are written after their in-flight record, and close marks the run finished and frees the drop', async () => {
		const ledger = new WatchedLedger();
		const journal = await DropJournal.open(ledger, 'd', options());
		await journal.inFlight([{ ref: 'a', content: 'c1' }]);
		journal.answered([record('a', { state: 'accepted', messageId: 'SM1' })]);
		await journal.close();
		expect((await ledger.records('d')).map((r) => [r.ref, r.state, r.messageId])).toEqual([['a', 'accepted', 'SM1']]);
		expect((await ledger.header('d'))?.completedAt).not.toBeNull();
		expect(await ledger.lease('d', 'someone-else', 99_999_999_999_999, 0)).toEqual({ ok: true });
	});

	it('a failed in-flight write refuses the request; the failure is reported at close', async () => {
		const ledger = new WatchedLedger();
		const journal = await DropJournal.open(ledger, 'd', options());
		ledger.gate = Promise.reject(new Error('disk full'));
		ledger.gate.catch(() => undefined);
		await expect(journal.inFlight([{ ref: 'a', content: 'c1' }])).rejects.toThrow('disk full');
		await expect(journal.inFlight([{ ref: 'b', content: 'c1' }])).rejects.toThrow('disk full');
		await expect(journal.close()).rejects.toThrow('disk full');
	});

	describe('which earlier runs count', () => {
		async function earlier(drop: DropHeader, overrides: Partial<JournalOptions> = {}) {
			const ledger = new MemoryLedger();
			await ledger.write('d', drop, [record('a', { state: 'accepted' })]);
			const clock = virtualClock(drop.createdAt);
			await clock.sleep(24 * 3600_000); // a day later
			return readEarlierRuns(ledger, 'd', options({ clock, ...overrides }));
		}

		it('a run that never finished (crash) always; a finished one of a derived drop only within the window', async () => {
			expect((await earlier(header({ completedAt: null }))).resumed).toBe(true);
			expect((await earlier(header({ completedAt: 2000 }))).resumed).toBe(false);
			expect((await earlier(header({ completedAt: 2000 }), { rerunWindowMs: 25 * 3600_000 })).resumed).toBe(true);
		});

		it('any earlier run of a named drop; none when asked to forget', async () => {
			expect((await earlier(header({ completedAt: 2000 }), { named: true })).resumed).toBe(true);
			const forgotten = await earlier(header({ completedAt: null }), { forget: true });
			expect(forgotten).toEqual({ resumed: false, previous: new Map() });
		});

		it('a drop of the past is cleared when a new run opens it', async () => {
			const ledger = new MemoryLedger();
			await ledger.write('d', header({ createdAt: 0, completedAt: 10 }), [record('a', { state: 'accepted' })]);
			const clock = virtualClock(0);
			await clock.sleep(13 * 3600_000);
			const journal = await DropJournal.open(ledger, 'd', options({ clock }));
			expect(journal.resumed).toBe(false);
			expect(await ledger.records('d')).toEqual([]);
			await journal.close();
			expect(await ledger.header('d')).toMatchObject({ createdAt: 13 * 3600_000, runs: 1 });
		});
	});

	describe('the lease between runs of one drop', () => {
		it('a second run waits for the first to end, then continues it', async () => {
			const ledger = new MemoryLedger();
			const clock = virtualClock(undefined, true);
			const first = await DropJournal.open(ledger, 'd', options({ owner: 'first', clock }));
			await first.inFlight([{ ref: 'a', content: 'c1' }]);
			first.answered([record('a', { state: 'accepted', messageId: 'SM1' })]);
			const second = DropJournal.open(ledger, 'd', options({ owner: 'second', clock }));
			await new Promise((resolve) => setImmediate(resolve));
			await first.close();
			const opened = await second;
			expect(opened.resumed).toBe(true);
			expect(opened.previous.get('a')).toMatchObject({ state: 'accepted', messageId: 'SM1' });
			await opened.close();
		});

		it("a holder on this machine whose process is gone (n8n killed and restarted) gives the drop up at once", async () => {
			const ledger = new MemoryLedger();
			// A process that has exited, for a pid that no longer runs.
			// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
			const gone = spawnSync(process.execPath, ['-e', '0']).pid;
			await ledger.lease('d', `${hostname()}/${gone}/run-before-the-crash`, Number.MAX_SAFE_INTEGER, 0);
			const clock = virtualClock();
			const journal = await DropJournal.open(ledger, 'd', options({ owner: runOwner(), clock }));
			expect(clock.elapsed()).toBe(0);
			await journal.close();
			// A live holder on this machine (this very test process, another run) is waited for.
			await ledger.lease('d', `${hostname()}/${process.pid}/other-run`, Number.MAX_SAFE_INTEGER, 0);
			await expect(DropJournal.open(ledger, 'd', options({ owner: runOwner(), clock }))).rejects.toThrow('Another execution is sending this drop');
		});

		it('gives up with a clear error when the other run keeps the drop', async () => {
			const ledger = new MemoryLedger();
			await ledger.lease('d', 'busy', Number.MAX_SAFE_INTEGER, 0);
			const clock = virtualClock();
			await expect(DropJournal.open(ledger, 'd', options({ owner: 'second', clock, leaseMs: 30_000 }))).rejects.toThrow('Another execution is sending this drop (d) right now');
			expect(clock.elapsed()).toBeGreaterThanOrEqual(60_000);
		});
	});
});

describe('chooseLedger', () => {
	const storage = mkdtempSync(path.join(tmpdir(), 'storage-'));
	it('a SQLite file in n8n storage on one instance, Redis in queue mode, and what DROP_MMS_LEDGER says', () => {
		expect(chooseLedger(storage, {})?.backend.description).toBe(`the SQLite file ${path.join(storage, 'ledger.sqlite')}`);
		expect(chooseLedger(storage, { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: '1' })?.backend).toBeInstanceOf(RedisLedger);
		expect(chooseLedger(storage, { DROP_MMS_LEDGER: 'off' })).toBeUndefined();
		expect(chooseLedger(storage, { DROP_MMS_LEDGER: 'memory' })?.warning).toContain('DROP_MMS_LEDGER is memory');
		expect(() => chooseLedger(storage, { DROP_MMS_LEDGER: 'postgres' })).toThrow('DROP_MMS_LEDGER must be sqlite, redis, memory or off');
	});

	it('one store per place, shared by every drop of the process', () => {
		expect(chooseLedger(storage, {})?.backend).toBe(chooseLedger(storage, {})?.backend);
	});
});
