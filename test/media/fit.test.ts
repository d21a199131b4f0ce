import { MIN_LONG_EDGE, fitInside, orientedSize, shrinkToward } from '../../nodes/media/fit';

describe('orientedSize', () => {
	it.each([1, 2, 3, 4])('orientation %d keeps width and height', (orientation) => {
		expect(orientedSize(4000, 3000, orientation)).toEqual({ width: 4000, height: 3000 });
	});
	it.each([5, 6, 7, 8])('orientation %d swaps them', (orientation) => {
		expect(orientedSize(4000, 3000, orientation)).toEqual({ width: 3000, height: 4000 });
	});
});

describe('fitInside', () => {
	it('scales the long edge down to the limit, keeping the aspect ratio', () => {
		expect(fitInside({ width: 4000, height: 3000 }, 1280)).toEqual({ width: 1280, height: 960 });
		expect(fitInside({ width: 3000, height: 4000 }, 1280)).toEqual({ width: 960, height: 1280 });
	});
	it('never enlarges', () => {
		expect(fitInside({ width: 640, height: 480 }, 1280)).toEqual({ width: 640, height: 480 });
	});
	it('keeps at least one pixel on a very thin image', () => {
		expect(fitInside({ width: 10_000, height: 2 }, 1000)).toEqual({ width: 1000, height: 1 });
	});
});

describe('shrinkToward', () => {
	it('aims at the budget by the square root of the size ratio, with 5 % to spare', () => {
		// 121 % of the budget: √(100/121) × 0.95 = 0.864 of the edge
		expect(shrinkToward({ width: 1000, height: 1000 }, 121_000, 100_000)).toEqual({ width: 863, height: 863 });
	});
	it('always shrinks by at least 5 %, and by at most half', () => {
		// just over the budget still costs 5 % of the edge (floor of 0.94999… × 1000)
		expect(shrinkToward({ width: 1000, height: 500 }, 100_001, 100_000)).toEqual({ width: 949, height: 475 });
		expect(shrinkToward({ width: 1000, height: 500 }, 10_000_000, 100_000)).toEqual({ width: 500, height: 250 });
	});
	it('stops at the smallest useful size', () => {
		expect(shrinkToward({ width: 300, height: 200 }, 10_000_000, 1_000)).toEqual({ width: MIN_LONG_EDGE, height: 107 });
		expect(shrinkToward({ width: MIN_LONG_EDGE, height: 120 }, 10_000, 1_000)).toBeUndefined();
	});
});
