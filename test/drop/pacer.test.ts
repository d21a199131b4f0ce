import { Pacer } from '../../nodes/drop/pacer';
import { virtualClock } from './virtual-clock';

describe('Pacer', () => {
	it('lets one second of messages through at once, then meters the rate exactly', async () => {
		const clock = virtualClock();
		const pacer = new Pacer(10, 8, clock);
		const send = async () => {
			await pacer.acquire(1);
			pacer.release('ok');
		};
		for (let i = 0; i < 10; i++) await send();
		expect(clock.elapsed()).toBe(0);
		for (let i = 0; i < 50; i++) await send();
		expect(clock.elapsed()).toBeCloseTo(5000, 6);
	});

	it('a batch costs one token per recipient; a batch larger than the bucket waits for a full bucket, then owes the rest', async () => {
		const clock = virtualClock();
		const pacer = new Pacer(100, 8, clock);
		await pacer.acquire(1000);
		expect(clock.elapsed()).toBe(0);
		pacer.release('ok');
		await pacer.acquire(1);
		// 900 owed + 1 needed at 100/s
		expect(clock.elapsed()).toBeCloseTo(9010, 6);
	});

	it('at most `concurrency` requests in flight; the next waits for a release', async () => {
		const pacer = new Pacer(Infinity, 2, virtualClock());
		await pacer.acquire(1);
		await pacer.acquire(1);
		let third = false;
		const waiting = pacer.acquire(1).then(() => (third = true));
		await Promise.resolve();
		expect(third).toBe(false);
		pacer.release('ok');
		await waiting;
		expect(third).toBe(true);
	});

	it('a rate limit halves the window for the whole drop; successes grow it back to the cap', () => {
		const pacer = new Pacer(Infinity, 32, virtualClock());
		const cycle = (result: 'ok' | 'rate_limited') => {
			void pacer.acquire(1);
			pacer.release(result);
		};
		cycle('rate_limited');
		expect(pacer.window).toBe(16);
		cycle('rate_limited');
		cycle('rate_limited');
		expect(pacer.window).toBe(4);
		for (let i = 0; i < 5; i++) cycle('ok');
		expect(pacer.window).toBe(5);
		for (let i = 0; i < 2000; i++) cycle('ok');
		expect(pacer.window).toBe(32);
		for (let i = 0; i < 10; i++) cycle('rate_limited');
		expect(pacer.window).toBe(1);
	});

	it('serves takers in arrival order and stops on cancel', async () => {
		const clock = virtualClock();
		const pacer = new Pacer(1, 8, clock);
		const order: number[] = [];
		await Promise.all([1, 2, 3].map((n) => pacer.acquire(1).then(() => order.push(n))));
		expect(order).toEqual([1, 2, 3]);
		const controller = new AbortController();
		controller.abort(new Error('stop'));
		await expect(pacer.acquire(1, controller.signal)).rejects.toThrow('stop');
	});

	it('clamps a concurrency below one or fractional to a working window, and refuses a rate that would never admit anything', async () => {
		for (const concurrency of [0, 0.5, -3, NaN]) {
			const pacer = new Pacer(Infinity, concurrency, virtualClock());
			await pacer.acquire(1);
			expect(pacer.window).toBe(1);
		}
		expect(new Pacer(Infinity, 2.7, virtualClock()).window).toBe(2);
		for (const rate of [0, -1, NaN]) expect(() => new Pacer(rate, 8, virtualClock())).toThrow(RangeError);
	});
});
