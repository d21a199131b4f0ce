/**
 * One pacer per drop, shared by every worker. It meters two things:
 * - the rate: a token bucket in messages per second (a batch costs one token per recipient);
 * - the requests in flight: a window of at most `concurrency` that a rate limit halves and
 *   successes grow back by one per window's worth (TCP-style AIMD), so one 429 slows the whole
 *   drop rather than only the request that got it.
 */

/** Time as the engine sees it; tests pass a virtual one. */
export interface Clock {
	/** Monotonic milliseconds, for measuring and metering. */
	now(): number;
	/** Wall-clock epoch milliseconds, for timestamps and HTTP dates. */
	wallMs(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Node's timers fire at once for delays above 2³¹−1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
	now: () => performance.now(),
	wallMs: () => Date.now(),
	sleep: (ms, signal) =>
		new Promise((resolve, reject) => {
			if (signal?.aborted) return reject(signal.reason ?? new Error('Cancelled'));
			const timer = setTimeout(() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			}, Math.min(ms, MAX_TIMER_MS));
			const onAbort = () => {
				clearTimeout(timer);
				reject(signal?.reason ?? new Error('Cancelled'));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
		}),
};

export type RequestResult = 'ok' | 'rate_limited' | 'other';

export class Pacer {
	private tokens: number;
	private readonly capacity: number;
	private last: number;
	/** Token takers are served in arrival order, so no worker starves. */
	private tail: Promise<void> = Promise.resolve();
	private inFlight = 0;
	private windowSize: number;
	private readonly slotWaiters: Array<() => void> = [];

	private readonly ratePerSecond: number;
	/** Requests in flight at most (the window's ceiling). */
	readonly concurrency: number;

	/**
	 * @param ratePerSecond messages per second; Infinity = no cap. Bursts up to one second's worth.
	 * @param concurrency requests in flight at most; below 1 or fractional would admit nothing, so it is clamped.
	 */
	constructor(
		ratePerSecond: number,
		concurrency: number,
		private readonly clock: Clock = systemClock,
	) {
		// A rate of zero, below zero or NaN would wait forever: refuse it rather than hang the drop.
		if (!(ratePerSecond > 0)) throw new RangeError(`The pacer needs a positive rate, got ${ratePerSecond}`);
		this.ratePerSecond = ratePerSecond;
		this.concurrency = Number.isFinite(concurrency) ? Math.max(1, Math.floor(concurrency)) : 1;
		this.capacity = Math.max(1, Number.isFinite(ratePerSecond) ? ratePerSecond : 1);
		this.tokens = this.capacity;
		this.last = clock.now();
		this.windowSize = this.concurrency;
	}

	/** Requests allowed in flight right now (shrinks after rate limits). */
	get window(): number {
		return Math.floor(this.windowSize);
	}

	/** Waits for a request slot and for `cost` messages' worth of rate; call `release` after the reply. */
	async acquire(cost: number, signal?: AbortSignal): Promise<void> {
		await this.slot(signal);
		try {
			await this.take(cost, signal);
		} catch (error) {
			this.release('other');
			throw error;
		}
	}

	release(result: RequestResult): void {
		this.inFlight--;
		if (result === 'rate_limited') this.windowSize = Math.max(1, this.windowSize / 2);
		else if (result === 'ok') this.windowSize = Math.min(this.concurrency, this.windowSize + 1 / this.windowSize);
		while (this.slotWaiters.length > 0 && this.inFlight < this.window) {
			this.inFlight++;
			this.slotWaiters.shift()!();
		}
	}

	private slot(signal?: AbortSignal): Promise<void> {
		if (this.inFlight < this.window && this.slotWaiters.length === 0) {
			this.inFlight++;
			return Promise.resolve();
		}
		return new Promise((resolve, reject) => {
			const onAbort = () => {
				const position = this.slotWaiters.indexOf(grant);
				if (position >= 0) this.slotWaiters.splice(position, 1);
				reject(signal?.reason ?? new Error('Cancelled'));
			};
			const grant = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			this.slotWaiters.push(grant);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}

	/** Waits until `cost` messages may go out. A batch larger than the bucket goes when it is full. */
	private take(cost: number, signal?: AbortSignal): Promise<void> {
		const turn = this.tail.then(() => this.waitForTokens(cost, signal));
		this.tail = turn.catch(() => undefined);
		return turn;
	}

	private async waitForTokens(cost: number, signal?: AbortSignal): Promise<void> {
		if (!Number.isFinite(this.ratePerSecond)) return;
		for (;;) {
			if (signal?.aborted) throw signal.reason ?? new Error('Cancelled');
			const now = this.clock.now();
			this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
			this.last = now;
			const needed = Math.min(cost, this.capacity);
			if (this.tokens >= needed) {
				// Going below zero makes the next taker wait for the rest of a large batch.
				this.tokens -= cost;
				return;
			}
			await this.clock.sleep(((needed - this.tokens) * 1000) / this.ratePerSecond, signal);
		}
	}
}
