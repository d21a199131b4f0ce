import { Memo, contentKey, mapConcurrent } from '../../nodes/media/batch';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mapConcurrent', () => {
	it('keeps input order whatever order the tasks finish in', async () => {
		const results = await mapConcurrent(5, 3, async (index) => {
			for (let i = 0; i < 5 - index; i++) await tick();
			return index * 10;
		});
		expect(results).toEqual([0, 10, 20, 30, 40]);
	});

	it('never runs more than the limit at once', async () => {
		let running = 0;
		let peak = 0;
		await mapConcurrent(10, 2, async () => {
			running++;
			peak = Math.max(peak, running);
			await tick();
			running--;
		});
		expect(peak).toBe(2);
	});

	it('starts nothing new once stop() says so; running tasks finish', async () => {
		let stop = false;
		const started: number[] = [];
		const results = await mapConcurrent(
			6,
			2,
			async (index) => {
				started.push(index);
				// item 0 is still running when item 1 raises the flag
				for (let i = 0; i < (index === 0 ? 3 : 1); i++) await tick();
				if (index === 1) stop = true;
				return index;
			},
			() => stop,
		);
		expect(started).toEqual([0, 1]);
		expect(results).toEqual([0, 1, undefined, undefined, undefined, undefined]);
	});
});

describe('Memo', () => {
	it('computes once per key and shares the promise', async () => {
		const memo = new Memo<number>();
		let calls = 0;
		const compute = async () => ++calls;
		const [a, b, c] = await Promise.all([memo.get('x', compute), memo.get('x', compute), memo.get('y', compute)]);
		expect([a, b, c]).toEqual([1, 1, 2]);
		expect(calls).toBe(2);
	});

	it('content keys differ for different bytes and agree for equal ones', () => {
		expect(contentKey(Buffer.from('abc'))).toBe(contentKey(Buffer.from('abc')));
		expect(contentKey(Buffer.from('abc'))).not.toBe(contentKey(Buffer.from('abd')));
	});
});
