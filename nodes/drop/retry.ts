/**
 * The retry policy, in one place (undici's lesson): what the engine does with each outcome class
 * the adapters return, how long it waits, and how transport failures are classified. Only what
 * surely was not accepted is retried; an ambiguous outcome is never repeated.
 */
import { header } from '../providers/shared';
import type { HttpResponse, SendBatch, SendOutcome } from '../providers/types';
import type { TransportReply } from './transport';

export const RETRY_DEFAULTS = {
	/** First backoff step (ms); doubles per attempt. */
	baseDelayMs: 500,
	/** Longest wait between attempts (ms), whatever Retry-After says. */
	maxDelayMs: 60_000,
};

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(response: HttpResponse, nowMs: number): number | undefined {
	const value = header(response.headers, 'retry-after');
	if (value === undefined) return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Wait before attempt `attempt + 1`: exponential backoff with "equal jitter" (half fixed, half
 * random, so retries of many recipients spread out), never shorter than the provider's hint.
 */
export function backoffMs(attempt: number, hintMs: number | undefined, random: () => number): number {
	const exponential = Math.min(RETRY_DEFAULTS.maxDelayMs, RETRY_DEFAULTS.baseDelayMs * 2 ** attempt);
	const jittered = exponential / 2 + (random() * exponential) / 2;
	return Math.min(RETRY_DEFAULTS.maxDelayMs, Math.max(jittered, hintMs ?? 0));
}

/** One outcome per recipient for a request that got no HTTP reply. */
export function outcomesForTransportError(
	batch: SendBatch,
	reply: Extract<TransportReply, { kind: 'error' }>,
	timeoutMs: number,
): SendOutcome[] {
	const message = reply.timedOut
		? `No reply within ${timeoutMs} ms after the request was sent`
		: reply.cancelled
			? 'The execution was cancelled'
			: `Connection failed (${reply.code}): ${reply.message}`;
	const error = { code: reply.code, message, httpStatus: null };
	return batch.recipients.map((recipient) => ({
		ref: recipient.ref,
		// Written ⇒ the provider may have the message: never send it again blindly.
		kind: reply.sent ? 'ambiguous' : reply.cancelled ? 'permanent' : 'retryable',
		reason: reply.timedOut ? 'timeout' : reply.cancelled && !reply.sent ? 'cancelled' : 'connection_error',
		error,
	}));
}

/** The wait hint for a set of retryable outcomes: the provider's own, else the Retry-After header. */
export function waitHintMs(outcomes: SendOutcome[], response: HttpResponse | undefined, nowMs: number): number | undefined {
	const fromAdapter = outcomes.map((outcome) => outcome.retryAfterMs).filter((ms): ms is number => ms !== undefined);
	if (fromAdapter.length) return Math.max(...fromAdapter);
	return response ? retryAfterMs(response, nowMs) : undefined;
}
