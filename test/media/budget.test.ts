import { GIF_LADDER, JPEG_QUALITY, MAX_REAL_ENCODES, type QualityProbe, nextGifRung, predictGifSizes, searchQuality } from '../../nodes/media/budget';

/**
 * A stand-in encoder: real file size as a function of quality, and an estimator that is off by
 * `bias(q)` (1 = exact). Records which qualities were estimated and encoded.
 */
function fakeProbe(sizeAt: (quality: number) => number, bias: (quality: number) => number = () => 1) {
	const encoded: number[] = [];
	const estimated: number[] = [];
	const probe: QualityProbe = {
		estimate: async (quality) => {
			estimated.push(quality);
			return sizeAt(quality) * bias(quality);
		},
		encode: async (quality) => {
			encoded.push(quality);
			return Buffer.alloc(Math.round(sizeAt(quality)));
		},
	};
	return { probe, encoded, estimated };
}

/** The answer by brute force: the highest quality in range whose size fits. */
const bestFitting = (sizeAt: (q: number) => number, budget: number) => {
	for (let q = JPEG_QUALITY.cap; q >= JPEG_QUALITY.floor; q--) if (Math.round(sizeAt(q)) <= budget) return q;
	return undefined;
};

// roughly what JPEG does: exponential in quality
const exponential = (q: number) => 20_000 * 1.045 ** q;
const budgets = [130_000, 250_000, 333_333, 500_000, 1_200_000];

describe('searchQuality', () => {
	it('answers with one real encode when the cap already fits', async () => {
		const { probe, encoded } = fakeProbe(() => 50_000);
		expect(await searchQuality(probe, 100_000)).toEqual({ fit: { quality: 100, buffer: expect.any(Buffer) } });
		expect(encoded).toEqual([JPEG_QUALITY.cap]);
	});

	it('tries the cap first, then the floor', async () => {
		const { probe, estimated } = fakeProbe(exponential);
		await searchQuality(probe, 300_000);
		expect(estimated.slice(0, 2)).toEqual([JPEG_QUALITY.cap, JPEG_QUALITY.floor]);
	});

	it('reports the real floor size when even the floor is too big', async () => {
		const { probe, encoded } = fakeProbe((q) => 10_000 * q);
		expect(await searchQuality(probe, 100_000)).toEqual({ floorBytes: 400_000 });
		expect(encoded).toEqual([40]);
	});

	it('with an exact estimator, one real encode confirms the answer', async () => {
		for (const budget of budgets) {
			const { probe, encoded } = fakeProbe(exponential);
			const result = await searchQuality(probe, budget);
			expect(result.fit?.quality).toBe(bestFitting(exponential, budget));
			expect(encoded).toHaveLength(1);
		}
	});

	const biases: Array<[string, (q: number) => number]> = [
		['10 % high', () => 1.1],
		['10 % low', () => 0.9],
		// like a sample without Huffman optimisation: further off at low quality
		['drifting', (q) => 1 + (100 - q) / 200],
	];
	it.each(biases)('with an estimator %s, real encodes correct it to the answer', async (_name, bias) => {
		for (const budget of budgets) {
			const { probe, encoded } = fakeProbe(exponential, bias);
			const result = await searchQuality(probe, budget);
			expect(result.fit?.quality).toBe(bestFitting(exponential, budget));
			expect(result.fit!.buffer.length).toBeLessThanOrEqual(budget);
			expect(encoded.length).toBeLessThanOrEqual(MAX_REAL_ENCODES);
		}
	});

	it('lands within one step of the answer below a cliff, where interpolation converges from one side', async () => {
		const cliff = (q: number) => (q < 95 ? 1_000 * q : 20_000 * q);
		for (const budget of budgets.slice(0, 3)) {
			const { probe } = fakeProbe(cliff);
			expect((await searchQuality(probe, budget)).fit!.quality).toBeGreaterThanOrEqual(bestFitting(cliff, budget)! - 1);
		}
	});

	it('when real encodes run out on misses, the floor decides', async () => {
		// an estimator far too optimistic, and a single real encode allowed: the cap misses
		const { probe, encoded } = fakeProbe((q) => 1_000 * q, () => 0.01);
		const result = await searchQuality(probe, 45_500, JPEG_QUALITY, 1);
		expect(encoded).toEqual([100, 40]);
		expect(result.fit?.quality).toBe(40);
	});
});

describe('GIF ladder', () => {
	const shapes = GIF_LADDER.map((_, rung) => ({ pixels: [640 * 480, 480 * 360, 360 * 270, 320 * 240][rung], frames: rung === 3 ? 20 : 40 }));

	it('scales a known size by pixels, frames and each rung’s relative size', () => {
		const predicted = predictGifSizes(shapes, { bytes: 1_000_000, shape: shapes[0], relativeSize: 1 });
		expect(predicted[0]).toBeCloseTo(1_000_000);
		expect(predicted[1]).toBeCloseTo(1_000_000 * (480 * 360) / (640 * 480) * 0.88);
		expect(predicted[3]).toBeCloseTo(1_000_000 * (320 * 240 * 20) / (640 * 480 * 40) * 0.07);
	});

	it('starts at the first rung predicted to fit', () => {
		expect(nextGifRung([900, 700, 300, 100], 1_000, -1)).toBe(0);
		expect(nextGifRung([2_000, 1_500, 900, 300], 1_000, -1)).toBe(2);
	});

	it('moves on after a miss, tries the last rung when nothing is predicted to fit, then gives up', () => {
		expect(nextGifRung([2_000, 1_500, 900, 300], 1_000, 2)).toBe(3);
		expect(nextGifRung([9_000, 8_000, 7_000, 6_000], 1_000, -1)).toBe(3);
		expect(nextGifRung([9_000, 8_000, 7_000, 6_000], 1_000, 3)).toBeUndefined();
	});
});
