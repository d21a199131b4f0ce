import { Pacer } from '../../nodes/drop/pacer';
import {
	backoffMs,
	decideRetry,
	notSent,
	outcomesForTransportError,
	requestWithRetry,
	RETRY_DEFAULTS,
	retryAfterMs,
	type RetryPolicy,
	waitHintMs,
	withRetry,
} from '../../nodes/drop/retry';
import type { Transport, TransportReply } from '../../nodes/drop/transport';
import type { HttpResponse, SendOutcome } from '../../nodes/providers/types';
import { virtualClock } from './virtual-clock';

const response = (headers: Record<string, string>, status = 429): HttpResponse => ({ status, headers, body: '' });
const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({ ...RETRY_DEFAULTS, random: () => 0.5, ...overrides });

describe('retryAfterMs', () => {
	it('reads seconds and HTTP dates; ignores garbage', () => {
		expect(retryAfterMs(response({ 'retry-after': '3' }), 0)).toBe(3000);
		expect(retryAfterMs(response({ 'Retry-After': '0.5' }), 0)).toBe(500);
		const now = Date.parse('2026-11-25T10:00:00Z');
		expect(retryAfterMs(response({ 'retry-after': 'Wed, 25 Nov 2026 10:00:07 GMT' }), now)).toBe(7000);
		expect(retryAfterMs(response({ 'retry-after': 'soon' }), 0)).toBeUndefined();
		expect(retryAfterMs(response({}), 0)).toBeUndefined();
	});
});

describe('backoffMs', () => {
	it('doubles per attempt with jitter between half and the full step', () => {
		expect(backoffMs(0, undefined, policy({ random: () => 0 }))).toBe(250);
		expect(backoffMs(0, undefined, policy({ random: () => 1 }))).toBe(500);
		expect(backoffMs(3, undefined, policy({ random: () => 0 }))).toBe(2000);
	});
	it('never waits less than the provider asked, and never more than the cap', () => {
		expect(backoffMs(0, 5000, policy({ random: () => 0 }))).toBe(5000);
		expect(backoffMs(30, undefined, policy({ random: () => 1 }))).toBe(60_000);
		expect(backoffMs(0, 10 * 60_000, policy({ random: () => 1 }))).toBe(60_000);
	});
});

describe('waitHintMs', () => {
	it('prefers the adapter hint, else Retry-After', () => {
		expect(waitHintMs([{ ref: 'a', kind: 'retryable', retryAfterMs: 1200 }], response({ 'retry-after': '9' }), 0)).toBe(1200);
		expect(waitHintMs([{ ref: 'a', kind: 'retryable' }], response({ 'retry-after': '9' }), 0)).toBe(9000);
	});
});

describe('outcomesForTransportError', () => {
	const error = { kind: 'error' as const, timedOut: false, cancelled: false, code: 'ECONNRESET', message: 'reset' };
	it('refused before sending ⇒ retryable', () => {
		expect(outcomesForTransportError(['a', 'b'], { ...error, sent: false, code: 'ECONNREFUSED' }, 1000).map((o) => o.kind)).toEqual(['retryable', 'retryable']);
	});
	it('reset or timeout after sending ⇒ ambiguous, never retried', () => {
		expect(outcomesForTransportError(['a'], { ...error, sent: true }, 1000)[0]).toMatchObject({ kind: 'ambiguous', reason: 'connection_error' });
		expect(outcomesForTransportError(['a'], { ...error, sent: true, timedOut: true }, 1000)[0]).toMatchObject({ kind: 'ambiguous', reason: 'timeout' });
	});
	it('cancelled before sending ⇒ not retried, reason cancelled', () => {
		expect(outcomesForTransportError(['a'], { ...error, sent: false, cancelled: true }, 1000)[0]).toMatchObject({ kind: 'permanent', reason: 'cancelled' });
	});
});

describe('decideRetry (the default policy)', () => {
	const outcome = (ref: string, kind: SendOutcome['kind'], extra: Partial<SendOutcome> = {}): SendOutcome => ({ ref, kind, ...extra });
	const state = (outcomes: SendOutcome[], attempt = 0) => ({ attempt, outcomes, nowMs: 0 });

	it('retries the listed reasons, settles every other outcome, splits groups', () => {
		const decision = decideRetry(
			state([
				outcome('a', 'accepted'),
				outcome('b', 'retryable', { reason: 'rate_limited' }),
				outcome('c', 'retryable', { reason: 'insufficient_funds' }),
				outcome('d', 'retryable', { multipleRecipientsRefused: true }),
				outcome('e', 'ambiguous', { reason: 'timeout' }),
			]),
			policy(),
		);
		expect(decision.settle.map((o) => o.ref)).toEqual(['a', 'c', 'e']);
		expect(decision.retry.map((o) => o.ref)).toEqual(['b']);
		expect(decision.split.map((o) => o.ref)).toEqual(['d']);
		expect(decision.waitMs).toBe(375);
	});

	it('stops retrying at maxRetries and settles the retryable outcome as it is', () => {
		const decision = decideRetry(state([outcome('a', 'retryable', { reason: 'server_error' })], 3), policy());
		expect(decision).toMatchObject({ retry: [], settle: [{ ref: 'a', kind: 'retryable' }] });
	});

	it('honours the policy: split off, a shorter reason list', () => {
		const groups = decideRetry(state([outcome('d', 'retryable', { multipleRecipientsRefused: true })]), policy({ splitRefusedGroups: false }));
		expect(groups.settle.map((o) => o.ref)).toEqual(['d']);
		const narrow = decideRetry(state([outcome('a', 'retryable', { reason: 'server_error' })]), policy({ retryableReasons: ['rate_limited'] }));
		expect(narrow.settle.map((o) => o.ref)).toEqual(['a']);
	});
});

describe('withRetry', () => {
	it('re-sends only what the decision retries, waits the backoff on the injected clock, counts rounds', async () => {
		const clock = virtualClock();
		const calls: string[][] = [];
		let rounds = 0;
		const outcomes = await withRetry(
			['a', 'b'],
			async (pending) => {
				calls.push(pending);
				return { outcomes: pending.map((ref) => ({ ref, kind: ref === 'b' && calls.length < 3 ? 'retryable' : 'accepted', reason: 'rate_limited' }) as SendOutcome), response: response({ 'retry-after': '2' }) };
			},
			{ policy: policy(), clock, onRetry: () => rounds++ },
		);
		expect(calls).toEqual([['a', 'b'], ['b'], ['b']]);
		expect(outcomes.map((o) => [o.ref, o.kind])).toEqual([
			['a', 'accepted'],
			['b', 'accepted'],
		]);
		expect(rounds).toBe(2);
		expect(clock.sleeps).toEqual([2000, 2000]);
	});

	it('a replaced decision function is the one that decides', async () => {
		const decide = jest.fn((s: { outcomes: SendOutcome[] }) => ({ settle: s.outcomes, retry: [], split: [], waitMs: 0 }));
		const outcomes = await withRetry(['a'], async () => ({ outcomes: [{ ref: 'a', kind: 'retryable', reason: 'rate_limited' }] }), {
			policy: policy({ decide }),
			clock: virtualClock(),
		});
		expect(decide).toHaveBeenCalledTimes(1);
		expect(outcomes).toEqual([{ ref: 'a', kind: 'retryable', reason: 'rate_limited' }]);
	});

	it('a stopped drop reports what is still pending as not sent, with the reason of the stop', async () => {
		const fatal: SendOutcome = { ref: 'x', kind: 'fatal', reason: 'provider_rejected', error: { code: '404', message: 'Application not found', httpStatus: 404 } };
		const attempt = jest.fn();
		const outcomes = await withRetry(['a'], attempt, { policy: policy(), clock: virtualClock(), stopped: () => ({ cancelled: false, outcome: fatal }) });
		expect(attempt).not.toHaveBeenCalled();
		expect(outcomes).toEqual([notSent('a', { cancelled: false, outcome: fatal })]);
		expect(outcomes[0]).toMatchObject({ kind: 'permanent', reason: 'provider_rejected', error: { code: 'drop_stopped', httpStatus: 404 } });
		expect(outcomes[0].error?.message).toContain('Application not found');
	});
});

describe('requestWithRetry (uploads, registration calls)', () => {
	function scriptedTransport(replies: TransportReply[]): Transport & { sent: number } {
		const transport = {
			sent: 0,
			async send() {
				return replies[transport.sent++];
			},
			async close() {},
		};
		return transport;
	}
	const reply = (status: number, headers: Record<string, string> = {}): TransportReply => ({ kind: 'response', response: { status, headers, body: '' } });

	it('waits out a 429 and a 503 under the same policy, through the pacer', async () => {
		const clock = virtualClock();
		const transport = scriptedTransport([reply(429, { 'retry-after': '4' }), reply(503), reply(201)]);
		const pacer = new Pacer(Infinity, 1, clock);
		const result = await requestWithRetry({ method: 'POST', url: 'http://127.0.0.1/upload', headers: {} }, { transport, pacer, policy: policy(), clock, timeoutMs: 1000 });
		expect(result).toMatchObject({ outcome: { kind: 'accepted' }, requests: 3, reply: { kind: 'response', response: { status: 201 } } });
		expect(clock.sleeps[0]).toBe(4000);
		// The pacer's slot was given back every time: a second request does not wait forever.
		await expect(pacer.acquire(0)).resolves.toBeUndefined();
	});

	it('a reset after the request was written is not repeated', async () => {
		const transport = scriptedTransport([{ kind: 'error', sent: true, timedOut: false, cancelled: false, code: 'ECONNRESET', message: 'reset' }]);
		const result = await requestWithRetry({ method: 'POST', url: 'http://127.0.0.1/upload', headers: {} }, { transport, pacer: new Pacer(Infinity, 1), policy: policy(), clock: virtualClock(), timeoutMs: 1000 });
		expect(result).toMatchObject({ outcome: { kind: 'ambiguous' }, requests: 1 });
	});
});
