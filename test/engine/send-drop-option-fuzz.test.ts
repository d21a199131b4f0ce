/**
 * Option fuzz for Send MMS Drop (issue #13, standing suite): every option at its edges (0,
 * negative, fractional, huge, NaN, empty, the wrong type, non-URLs), alone and in seeded random
 * combinations, through n8n-core's engine against the fake provider. Each run either fails with a
 * NodeOperationError before anything reaches the provider, or completes with exactly one outcome
 * per item. Nothing hangs: a run that did would time out this suite.
 */
import type { IDataObject } from 'n8n-workflow';

import { twilioApi } from '../fake-provider/providers/twilio';
import { FakeProviderServer } from '../fake-provider/server';
import { phoneItems, runSendDrop, validNumbers } from './send-drop.helpers';

const fake = new FakeProviderServer([twilioApi]);
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const NUMBERS: unknown[] = [0, -1, 0.5, 1.5, 2 ** 31, 1e12, Number.NaN, Number.POSITIVE_INFINITY, '', '7', 'abc', null, [3], {}];
const TEXTS: unknown[] = ['', ' ', 'x'.repeat(5_000), 42, null, ['a'], { a: 1 }, '🙂'];
const BOOLEANS: unknown[] = [true, false, 'true', 'yes', 0, 1, null, ''];

/** Edge values per option, as an expression or an imported workflow can set them. */
const EDGES: Record<string, unknown[]> = {
	// 0.001 is refused; a valid slow rate (0.01/s) would only make the run slow, not wrong.
	ratePerSecond: [...NUMBERS, 0.001, 5],
	concurrency: [...NUMBERS, 256, 257],
	maxRetries: [...NUMBERS, 10, 11],
	requestTimeoutMs: [...NUMBERS, 999, 1_000, 600_001],
	rerunWindowHours: [...NUMBERS, 720, 721],
	statusCallbackUrl: ['', 'not a url', 'ftp://n8n.example.com/x', 'http://', 'https://n8n.example.com/webhook/x?a=1', 'javascript:alert(1)', 42, null],
	dropId: ['', ' ', 'x'.repeat(201), 'a:b/c?d', '🙂', 7, null, ['d']],
	defaultCountry: ['', 'XX', 'us', 'USA', 'GB', 5, null],
	optOutFooter: TEXTS,
	suppressionList: ['', '+14155552000', '4155552000,\n+1 415 555 2001', [1, 2], [{ a: 1 }], 42, null],
	dedupe: BOOLEANS,
	dryRun: BOOLEANS,
	resolveUnknown: BOOLEANS,
	forgetDrop: BOOLEANS,
	allowPrivateMediaHost: BOOLEANS,
};

/** mulberry32: a small seeded generator, so a failing combination can be run again. */
function seeded(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const single = Object.entries(EDGES).flatMap(([option, values]) => values.map((value) => ({ [option]: value })));
const random = seeded(13);
const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
const combined = Array.from({ length: 60 }, () => {
	const options: Record<string, unknown> = {};
	for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
		const option = pick(Object.keys(EDGES));
		options[option] = pick(EDGES[option]);
	}
	return options;
});

/** Fast unless the case itself sets the rate: the fuzz is about validity, not pacing. */
const base = { from: '+14155550000', text: 'Hi', mediaUrls: 'https://media.example.com/a.jpg' };

async function expectOneOutcomePerItemOrEarlyError(options: Record<string, unknown>) {
	const items = phoneItems(validNumbers(3));
	const { recipients, summary, result } = await runSendDrop(fake, 'twilio', { ...base, options: { ratePerSecond: 1_000, ...options } as IDataObject }, items);
	const error = result.nodeError('Send MMS Drop');
	if (error) {
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).not.toMatch(/Cannot read|undefined|is not a function/);
		expect(fake.requests).toHaveLength(0);
		return 'error';
	}
	expect(result.status).toBe('success');
	expect(recipients).toHaveLength(items.length);
	for (const recipient of recipients) expect(['accepted', 'skipped', 'failed', 'unknown', 'planned']).toContain(recipient.status);
	expect(summary.total).toBe(items.length);
	return 'completed';
}

describe('every option at its edges, alone', () => {
	it.each(single.map((options) => [JSON.stringify(options, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value)), options]))(
		'%s',
		async (_label, options) => {
			await expectOneOutcomePerItemOrEarlyError(options);
		},
		30_000,
	);
});

describe('seeded random combinations (seed 13)', () => {
	it.each(combined.map((options, index) => [index, options]))(
		'combination %i',
		async (_index, options) => {
			await expectOneOutcomePerItemOrEarlyError(options);
		},
		30_000,
	);
});
