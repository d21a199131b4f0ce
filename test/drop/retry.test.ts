import { backoffMs, outcomesForTransportError, retryAfterMs, waitHintMs } from '../../nodes/drop/retry';
import type { SendBatch } from '../../nodes/providers/types';

const batch: SendBatch = { dropId: 'd', message: { from: '+1', text: 'x', media: [] }, recipients: [{ ref: 'a', to: '+1' }, { ref: 'b', to: '+2' }] };
const response = (headers: Record<string, string>) => ({ status: 429, headers, body: '' });

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
		expect(backoffMs(0, undefined, () => 0)).toBe(250);
		expect(backoffMs(0, undefined, () => 1)).toBe(500);
		expect(backoffMs(3, undefined, () => 0)).toBe(2000);
	});
	it('never waits less than the provider asked, and never more than the cap', () => {
		expect(backoffMs(0, 5000, () => 0)).toBe(5000);
		expect(backoffMs(30, undefined, () => 1)).toBe(60_000);
		expect(backoffMs(0, 10 * 60_000, () => 1)).toBe(60_000);
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
		expect(outcomesForTransportError(batch, { ...error, sent: false, code: 'ECONNREFUSED' }, 1000).map((o) => o.kind)).toEqual(['retryable', 'retryable']);
	});
	it('reset or timeout after sending ⇒ ambiguous, never retried', () => {
		expect(outcomesForTransportError(batch, { ...error, sent: true }, 1000)[0]).toMatchObject({ kind: 'ambiguous', reason: 'connection_error' });
		expect(outcomesForTransportError(batch, { ...error, sent: true, timedOut: true }, 1000)[0]).toMatchObject({ kind: 'ambiguous', reason: 'timeout' });
	});
	it('cancelled before sending ⇒ not retried, reason cancelled', () => {
		expect(outcomesForTransportError(batch, { ...error, sent: false, cancelled: true }, 1000)[0]).toMatchObject({ kind: 'permanent', reason: 'cancelled' });
	});
});
