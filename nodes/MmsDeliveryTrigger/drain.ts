/**
 * Turns a trigger's inbox into executions, at n8n's pace: claim the oldest events (up to
 * `maxEvents`, waiting up to `maxWaitMs` for a batch to fill), start one execution for them, and
 * delete them once that execution has ended. An execution that cannot start gives its events
 * back, to be tried again; a drain that dies leaves claims that expire (or that a restart on the
 * same machine takes over at once), so nothing acknowledged is lost. At most `inFlight`
 * executions run at once: a storm of delivery reports waits in the inbox, not in n8n's memory or
 * its database's write queue.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

import type { Clock } from '../drop/pacer';
import { systemClock } from '../drop/pacer';
import { holderIsGone } from '../store/owner';
import type { InboxBackend, InboxEvent } from './inbox';

export interface DrainOptions {
	/** Events per execution at most (1: one execution per event). */
	maxEvents: number;
	/** How long the oldest waiting event may wait for a batch to fill (0: go with what is there). */
	maxWaitMs: number;
	/** Executions running at once. */
	inFlight: number;
	/** This drain's claim id (`runOwner()`). */
	owner: string;
	clock?: Clock;
	/** Where a failure of the inbox is told (n8n's logger). */
	warn?: (message: string) => void;
}

/** A claim lasts this long and is renewed while its execution runs: a dead drain's events come back within it. */
export const CLAIM_MS = 60_000;
/** Without a nudge (events received by another process, as in queue mode), the inbox is looked at this often. */
export const POLL_MS = 250;
/** Events claimed in one read at most: a batch of 10,000 is read in slices, not in one stretch of the event loop. */
const CLAIM_SLICE = 250;
/** After the inbox or an execution failed, the drain waits this long before trying again. */
const BACKOFF_MS = 1_000;

export class InboxDrain {
	private stopped = false;
	private running = 0;
	private wakeUp: (() => void) | undefined;
	private loop: Promise<void> | undefined;
	private readonly clock: Clock;

	constructor(
		private readonly inbox: InboxBackend,
		private readonly scope: string,
		/** Starts one execution for the events; resolves when it has ended, rejects when it could not start. */
		private readonly execute: (events: InboxEvent[]) => Promise<void>,
		private readonly options: DrainOptions,
	) {
		this.clock = options.clock ?? systemClock;
	}

	start(): void {
		this.loop ??= this.run();
	}

	/** New events are in the inbox (received by this process): look now. */
	nudge(): void {
		this.wakeUp?.();
	}

	/** Stops claiming; executions already started finish and remove their events. */
	async stop(): Promise<void> {
		this.stopped = true;
		this.nudge();
		await this.loop;
	}

	private async run(): Promise<void> {
		while (!this.stopped) {
			try {
				if (this.running >= this.options.inFlight) {
					await this.rest(POLL_MS);
					continue;
				}
				const now = this.clock.wallMs();
				const batch = await this.claimBatch(now);
				if (batch.length === 0) {
					await this.rest(POLL_MS);
					continue;
				}
				const waited = now - batch[0].receivedAt;
				if (batch.length < this.options.maxEvents && waited < this.options.maxWaitMs) {
					// Not full and not old enough: give it back and look again soon, or when the oldest has waited enough.
					await this.inbox.release(this.scope, batch.map(({ seq }) => seq));
					await this.rest(Math.min(POLL_MS, this.options.maxWaitMs - waited));
					continue;
				}
				this.running++;
				void this.deliver(batch).finally(() => {
					this.running--;
					this.nudge();
				});
			} catch (error) {
				this.options.warn?.(`MMS Delivery Trigger: the inbox failed (${(error as Error).message}); trying again`);
				await this.rest(BACKOFF_MS);
			}
		}
	}

	/** Up to `maxEvents` of the oldest waiting events, claimed a slice at a time with the event loop free in between. */
	private async claimBatch(now: number): Promise<InboxEvent[]> {
		const batch: InboxEvent[] = [];
		while (batch.length < this.options.maxEvents) {
			if (batch.length > 0) await nextTurn();
			const wanted = Math.min(CLAIM_SLICE, this.options.maxEvents - batch.length);
			const slice = await this.inbox.claim(this.scope, this.options.owner, wanted, now, now + CLAIM_MS, holderIsGone);
			batch.push(...slice);
			if (slice.length < wanted) break;
		}
		return batch;
	}

	private async deliver(batch: InboxEvent[]): Promise<void> {
		const seqs = batch.map(({ seq }) => seq);
		const renewal = setInterval(() => {
			void this.inbox.renew(this.scope, this.options.owner, seqs, this.clock.wallMs() + CLAIM_MS).catch(() => undefined);
		}, CLAIM_MS / 3);
		renewal.unref();
		try {
			await this.execute(batch);
			await this.inbox.remove(this.scope, seqs);
		} catch (error) {
			this.options.warn?.(`MMS Delivery Trigger: an execution for ${batch.length} event(s) could not start (${(error as Error).message}); they wait in the inbox`);
			await this.inbox.release(this.scope, seqs).catch(() => undefined);
			await this.clock.sleep(BACKOFF_MS);
		} finally {
			clearInterval(renewal);
		}
	}

	/** Waits `ms`, or less when nudged or stopped. */
	private rest(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(done, Math.max(0, ms));
			function done() {
				clearTimeout(timer);
				resolve();
			}
			this.wakeUp = () => {
				this.wakeUp = undefined;
				done();
			};
		});
	}
}
