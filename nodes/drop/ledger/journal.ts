/**
 * One run's write-ahead journal of a drop: it holds the drop's lease, says what earlier runs
 * already did, and records each recipient before its request is written (in flight) and after
 * the answer (accepted, failed, unknown). In-flight records are group-committed: every worker
 * that wants to write in the same turn of the event loop shares one transaction, so a durable
 * record costs the pacing nothing.
 */
import { holderIsGone } from '../../store/owner';
import { DropInputError } from '../errors';
import type { Clock } from '../pacer';
import type { DropHeader, LedgerBackend, LedgerRecord } from './backend';

export interface JournalOptions {
	/** This run's unique id: the lease holder. */
	owner: string;
	clock: Clock;
	/** A completed earlier run of a drop whose id was derived is a re-run only within this window. */
	rerunWindowMs: number;
	/** The user named the drop (`dropId` option): every earlier run counts, whenever it was. */
	named: boolean;
	/** Forget earlier runs (`forgetDrop`). */
	forget: boolean;
	signal?: AbortSignal;
	/** A lease not renewed for this long is free: a crashed run's drop can be resumed after it. */
	leaseMs?: number;
	/** How long to wait for another run's lease before giving up. */
	waitMs?: number;
}

/**
 * Leases last 30 s and are renewed every 10 s: a crashed run's drop can be resumed half a minute
 * later by any process, and at once by a process on the same machine (see `holderIsGone`).
 */
export const LEASE_MS = 30_000;
/** Answers are written within this long; nothing waits for them. */
const ANSWER_FLUSH_MS = 250;

export interface EarlierRuns {
	/** An earlier run of this drop counts: its records apply to this one. */
	resumed: boolean;
	previous: ReadonlyMap<string, LedgerRecord>;
}

/** Whether an earlier run of this drop is one this run continues, or a drop of the past. */
function continues(header: DropHeader | undefined, options: JournalOptions): boolean {
	if (!header || options.forget) return false;
	// A run that never finished (a crash, a kill) is always continued; so is any run of a named drop.
	if (header.completedAt === null || options.named) return true;
	return options.clock.wallMs() - header.createdAt <= options.rerunWindowMs;
}

/** What earlier runs did, without taking the lease or writing anything (dry runs). */
export async function readEarlierRuns(backend: LedgerBackend, dropId: string, options: JournalOptions): Promise<EarlierRuns> {
	if (!continues(await backend.header(dropId), options)) return { resumed: false, previous: new Map() };
	return { resumed: true, previous: new Map((await backend.records(dropId)).map((record) => [record.ref, record])) };
}

export class DropJournal implements EarlierRuns {
	private queue: LedgerRecord[] = [];
	private waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
	private writing: Promise<void> = Promise.resolve();
	private immediate: NodeJS.Immediate | undefined;
	private timer: NodeJS.Timeout | undefined;
	private readonly heartbeat: NodeJS.Timeout;
	private leaseLost = false;
	private renewedAt: number;
	/** The first write that failed; later writes are refused with it. */
	failure: Error | undefined;

	private constructor(
		private readonly backend: LedgerBackend,
		private readonly dropId: string,
		private readonly options: JournalOptions,
		private readonly header: DropHeader,
		readonly resumed: boolean,
		readonly previous: ReadonlyMap<string, LedgerRecord>,
	) {
		const leaseMs = options.leaseMs ?? LEASE_MS;
		this.renewedAt = options.clock.wallMs();
		this.heartbeat = setInterval(() => void this.renew(leaseMs), leaseMs / 3);
		this.heartbeat.unref();
	}

	/** Takes the drop's lease (waiting for another run's to end or expire), then reads and continues or restarts the drop. */
	static async open(backend: LedgerBackend, dropId: string, options: JournalOptions): Promise<DropJournal> {
		const { clock } = options;
		const leaseMs = options.leaseMs ?? LEASE_MS;
		const waitMs = options.waitMs ?? 2 * leaseMs;
		const giveUpAt = clock.now() + waitMs;
		for (;;) {
			const now = clock.wallMs();
			const lease = await backend.lease(dropId, options.owner, now + leaseMs, now);
			if (lease.ok) break;
			if (holderIsGone(lease.holder) && (await backend.takeOver(dropId, lease.holder, options.owner, now + leaseMs, now))) break;
			if (clock.now() >= giveUpAt) {
				throw new DropInputError(
					`Another execution is sending this drop (${dropId}) right now`,
					`This run waited ${Math.round(waitMs / 1000)} s for it. Each recipient is sent at most once: run this again when the other execution has ended, and the recipients it sent come out as already_sent.`,
				);
			}
			await clock.sleep(Math.min(1_000, Math.max(50, lease.expiresAt - now)), options.signal);
		}
		try {
			const header = await backend.header(dropId);
			const resumed = continues(header, options);
			if (header && !resumed) await backend.forget(dropId);
			const previous = resumed ? new Map((await backend.records(dropId)).map((record) => [record.ref, record])) : new Map<string, LedgerRecord>();
			const now = clock.wallMs();
			// The run starts unfinished: if it dies, the next run knows to continue it.
			const started: DropHeader = { createdAt: resumed ? header!.createdAt : now, updatedAt: now, completedAt: null, runs: (resumed ? header!.runs : 0) + 1 };
			await backend.write(dropId, started, []);
			return new DropJournal(backend, dropId, options, started, resumed, previous);
		} catch (error) {
			await backend.release(dropId, options.owner).catch(() => undefined);
			throw error;
		}
	}

	/** The lease was taken over (this process stalled past it): the run must stop sending. */
	get lost(): boolean {
		return this.leaseLost;
	}

	/** Resolves once these recipients are durably in flight; only then may their request be written. */
	inFlight(records: Array<Pick<LedgerRecord, 'ref' | 'content'>>): Promise<void> {
		if (this.failure) return Promise.reject(this.failure);
		const at = this.options.clock.wallMs();
		for (const { ref, content } of records) this.queue.push({ ref, content, state: 'in_flight', messageId: null, batchId: null, reason: null, at });
		return new Promise((resolve, reject) => {
			this.waiters.push({ resolve, reject });
			this.immediate ??= setImmediate(() => void this.flush());
		});
	}

	/** Records answers; written with the next in-flight commit, or shortly. */
	answered(records: LedgerRecord[]): void {
		this.queue.push(...records);
		if (!this.timer && !this.immediate) {
			this.timer = setTimeout(() => void this.flush(), ANSWER_FLUSH_MS);
			this.timer.unref();
		}
	}

	/** Writes what is left, marks the run finished and releases the lease. */
	async close(): Promise<void> {
		clearInterval(this.heartbeat);
		try {
			await this.flush();
			this.header.completedAt = this.options.clock.wallMs();
			await this.write([]);
		} finally {
			await this.backend.release(this.dropId, this.options.owner).catch(() => undefined);
		}
		if (this.failure) throw this.failure;
	}

	/** Writes are chained: an answer never lands before the in-flight record it follows. */
	private flush(): Promise<void> {
		if (this.immediate) clearImmediate(this.immediate);
		if (this.timer) clearTimeout(this.timer);
		this.immediate = this.timer = undefined;
		const records = this.queue;
		const waiters = this.waiters;
		this.queue = [];
		this.waiters = [];
		if (records.length === 0 && waiters.length === 0) return this.writing;
		this.writing = this.writing.then(async () => {
			try {
				await this.write(records);
				for (const waiter of waiters) waiter.resolve();
			} catch (error) {
				this.failure ??= error as Error;
				for (const waiter of waiters) waiter.reject(error as Error);
			}
		});
		return this.writing;
	}

	private async write(records: LedgerRecord[]): Promise<void> {
		this.header.updatedAt = this.options.clock.wallMs();
		await this.backend.write(this.dropId, this.header, records);
	}

	/** Another run holding the lease means this one lost it; a store that does not answer only counts once the lease has run out. */
	private async renew(leaseMs: number): Promise<void> {
		const now = this.options.clock.wallMs();
		try {
			const lease = await this.backend.lease(this.dropId, this.options.owner, now + leaseMs, now);
			if (lease.ok) this.renewedAt = now;
			else this.leaseLost = true;
		} catch {
			if (now - this.renewedAt >= leaseMs) this.leaseLost = true;
		}
	}
}
