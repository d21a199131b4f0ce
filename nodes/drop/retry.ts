/**
 * The retry layer (undici's RetryHandler shape): an explicit policy whose defaults sit together
 * below, a decision function that can be replaced, and one wrapper, `withRetry`, that every
 * request of a drop goes through: sends, media uploads and the trigger's webhook registration.
 * Only what surely was not accepted is retried; an ambiguous outcome is never repeated (POST is
 * not on undici's default method list for the same reason).
 */
import { classifyStatus, header } from '../providers/shared';
import type { FailureReason, HttpRequestSpec, HttpResponse, OutcomeError, SendOutcome } from '../providers/types';
import type { Clock, Pacer } from './pacer';
import type { Transport, TransportReply } from './transport';

/** What one attempt of a request is decided from. */
export interface RetryState {
	/** Attempts made before this one (0 after the first). */
	attempt: number;
	/** One outcome per recipient of the attempt. */
	outcomes: SendOutcome[];
	/** The HTTP reply, when there was one (for Retry-After). */
	response?: HttpResponse;
	/** Wall-clock time, for Retry-After given as an HTTP date. */
	nowMs: number;
}

export interface RetryDecision {
	/** Final: reported as they are. */
	settle: SendOutcome[];
	/** Sent again, after `waitMs`. */
	retry: SendOutcome[];
	waitMs: number;
	/** Refused only for travelling together: re-sent one per request, not counted as retries. */
	split: SendOutcome[];
}

export interface RetryPolicy {
	/** Retries after the first attempt, per recipient. */
	maxRetries: number;
	/** First backoff step (ms); doubles per attempt. */
	baseDelayMs: number;
	/** Longest wait between attempts (ms), whatever Retry-After says. */
	maxDelayMs: number;
	/** A `retryable` outcome is retried only for these reasons; any other ends as it is. */
	retryableReasons: readonly FailureReason[];
	/** A batch refused only because it carried several recipients (MM7 3003) is re-sent one per request. */
	splitRefusedGroups: boolean;
	/** Jitter source (tests pass a fixed one). */
	random: () => number;
	/** The decision; replace it to change what is retried. */
	decide: (state: RetryState, policy: RetryPolicy) => RetryDecision;
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(response: HttpResponse, nowMs: number): number | undefined {
	const value = header(response.headers, 'retry-after');
	if (value === undefined) return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** The wait hint for a set of retryable outcomes: the provider's own, else the Retry-After header. */
export function waitHintMs(outcomes: SendOutcome[], response: HttpResponse | undefined, nowMs: number): number | undefined {
	const fromAdapter = outcomes.map((outcome) => outcome.retryAfterMs).filter((ms): ms is number => ms !== undefined);
	if (fromAdapter.length) return Math.max(...fromAdapter);
	return response ? retryAfterMs(response, nowMs) : undefined;
}

/**
 * Wait before attempt `attempt + 1`: exponential backoff with "equal jitter" (half fixed, half
 * random, so retries of many recipients spread out), never shorter than the provider's hint.
 */
export function backoffMs(attempt: number, hintMs: number | undefined, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	const jittered = exponential / 2 + (policy.random() * exponential) / 2;
	return Math.min(policy.maxDelayMs, Math.max(jittered, hintMs ?? 0));
}

/** The default decision: retry the retryable reasons until maxRetries, split groups, settle the rest. */
export function decideRetry(state: RetryState, policy: RetryPolicy): RetryDecision {
	const decision: RetryDecision = { settle: [], retry: [], waitMs: 0, split: [] };
	for (const outcome of state.outcomes) {
		if (outcome.kind !== 'retryable') decision.settle.push(outcome);
		else if (outcome.multipleRecipientsRefused) (policy.splitRefusedGroups ? decision.split : decision.settle).push(outcome);
		else if (state.attempt < policy.maxRetries && outcome.reason !== undefined && policy.retryableReasons.includes(outcome.reason)) {
			decision.retry.push(outcome);
		} else decision.settle.push(outcome);
	}
	if (decision.retry.length > 0) {
		decision.waitMs = backoffMs(state.attempt, waitHintMs(decision.retry, state.response, state.nowMs), policy);
	}
	return decision;
}

export const RETRY_DEFAULTS: RetryPolicy = {
	maxRetries: 3,
	baseDelayMs: 500,
	maxDelayMs: 60_000,
	// 429s and throttling codes, 503 and "try later" codes, connections refused before anything was written.
	retryableReasons: ['rate_limited', 'server_error', 'connection_error'],
	splitRefusedGroups: true,
	random: Math.random,
	decide: decideRetry,
};

/** Why recipients were never put on the wire: the execution was cancelled, or the drop stopped. */
export type StopCause = { cancelled: true } | { cancelled: false; outcome: SendOutcome };

/**
 * The outcome of a recipient the drop never sent. When a fatal answer stopped the drop, the
 * recipient carries that answer's reason (a Plivo 404 or an MM7 4002 is not `auth_failed`).
 */
export function notSent(ref: string, cause: StopCause): SendOutcome {
	if (cause.cancelled) {
		return { ref, kind: 'permanent', reason: 'cancelled', error: { code: 'cancelled', message: 'The execution was cancelled before this message was sent', httpStatus: null } };
	}
	const refusal = cause.outcome.error;
	const why = cause.outcome.reason === 'ledger_unavailable' ? `: ${refusal?.message}` : ` when the provider refused it${refusal ? ` (${refusal.code}: ${refusal.message})` : ''}`;
	return {
		ref,
		kind: 'permanent',
		reason: cause.outcome.reason ?? 'provider_rejected',
		error: { code: 'drop_stopped', message: `Not sent: the drop stopped${why}`, httpStatus: refusal?.httpStatus ?? null },
	};
}

/** One outcome per recipient for a request that got no HTTP reply. */
export function outcomesForTransportError(
	refs: string[],
	reply: Extract<TransportReply, { kind: 'error' }>,
	timeoutMs: number,
): SendOutcome[] {
	const message = reply.timedOut
		? `No reply within ${timeoutMs} ms after the request was sent`
		: reply.cancelled
			? 'The execution was cancelled'
			: `Connection failed (${reply.code}): ${reply.message}`;
	const error: OutcomeError = { code: reply.code, message, httpStatus: null };
	return refs.map((ref) => ({
		ref,
		// Written ⇒ the provider may have the message: never send it again blindly.
		kind: reply.sent ? 'ambiguous' : reply.cancelled ? 'permanent' : 'retryable',
		reason: reply.timedOut ? 'timeout' : reply.cancelled && !reply.sent ? 'cancelled' : 'connection_error',
		error,
	}));
}

export interface Attempted {
	/** One outcome per recipient that was attempted. */
	outcomes: SendOutcome[];
	response?: HttpResponse;
}

export interface RetryEnv {
	policy: RetryPolicy;
	clock: Clock;
	signal?: AbortSignal;
	/** Why the drop stopped, if it has: asked before every attempt. */
	stopped?: () => StopCause | undefined;
	/** Recipients refused as a group, to be sent one per request. */
	onSplit?: (refs: string[]) => void;
	/** Counts each retry round (for the summary). */
	onRetry?: () => void;
}

/**
 * Runs `attempt` for `refs` until each has a final outcome (returned in no particular order),
 * except those handed to `onSplit`. `attempt` is called with the refs still pending and the
 * number of attempts made before.
 */
export async function withRetry(
	refs: string[],
	attempt: (pending: string[], attemptIndex: number) => Promise<Attempted>,
	env: RetryEnv,
): Promise<SendOutcome[]> {
	const final: SendOutcome[] = [];
	let pending = refs;
	for (let attemptIndex = 0; pending.length > 0; attemptIndex++) {
		const cause: StopCause | undefined = env.signal?.aborted ? { cancelled: true } : env.stopped?.();
		if (cause) {
			final.push(...pending.map((ref) => notSent(ref, cause)));
			break;
		}
		const { outcomes, response } = await attempt(pending, attemptIndex);
		const decision = env.policy.decide({ attempt: attemptIndex, outcomes, response, nowMs: env.clock.wallMs() }, env.policy);
		final.push(...decision.settle);
		if (decision.split.length > 0) env.onSplit?.(decision.split.map((outcome) => outcome.ref));
		pending = decision.retry.map((outcome) => outcome.ref);
		if (pending.length === 0) break;
		env.onRetry?.();
		await env.clock.sleep(decision.waitMs, env.signal).catch(() => undefined);
	}
	return final;
}

export interface RequestEnv extends RetryEnv {
	transport: Transport;
	pacer: Pacer;
	timeoutMs: number;
}

export interface RequestResult {
	/** The last reply; `outcome.kind` says what it meant. */
	reply: TransportReply | undefined;
	outcome: SendOutcome;
	/** Requests put on the wire. */
	requests: number;
}

/**
 * One request that is not a send (a media upload, a webhook registration call) under the same
 * policy and pacer as the sends: a slot in the drop's concurrency window, no message tokens.
 */
export async function requestWithRetry(spec: HttpRequestSpec, env: RequestEnv): Promise<RequestResult> {
	const ref = 'request';
	let reply: TransportReply | undefined;
	let requests = 0;
	const [outcome] = await withRetry(
		[ref],
		async () => {
			if (!(await acquired(env.pacer, 0, env.signal))) return { outcomes: [notSent(ref, { cancelled: true })] };
			requests++;
			reply = await env.transport.send(spec, { timeoutMs: env.timeoutMs, signal: env.signal });
			if (reply.kind === 'error') {
				env.pacer.release('other');
				return { outcomes: outcomesForTransportError([ref], reply, env.timeoutMs) };
			}
			const { kind, reason } = classifyStatus(reply.response.status);
			env.pacer.release(reason === 'rate_limited' ? 'rate_limited' : kind === 'accepted' ? 'ok' : 'other');
			return { outcomes: [{ ref, kind, reason }], response: reply.response };
		},
		env,
	);
	return { reply, outcome, requests };
}

/** Waits for the pacer; false when the execution was cancelled while waiting (nothing was sent). */
export async function acquired(pacer: Pacer, cost: number, signal?: AbortSignal): Promise<boolean> {
	try {
		await pacer.acquire(cost, signal);
		return true;
	} catch (error) {
		if (signal?.aborted) return false;
		throw error;
	}
}
