/**
 * Sends a planned drop: `concurrency` workers take batches in order, each request metered by the
 * drop's pacer, retryable recipients re-sent (and only those), everything else final on the
 * first answer. Provider-agnostic: the adapter builds and parses, this module decides.
 */
import { outcomeForAll } from '../providers/shared';
import type { HttpRequestSpec, OutcomeError, ProviderAdapter, ProviderCredentials, SendBatch, SendOutcome } from '../providers/types';
import { type Clock, Pacer, systemClock } from './pacer';
import type { DropPlan } from './plan';
import { backoffMs, outcomesForTransportError, waitHintMs } from './retry';
import type { Transport } from './transport';

export interface DispatchOptions {
	adapter: ProviderAdapter;
	credentials: ProviderCredentials;
	transport: Transport;
	concurrency: number;
	ratePerSecond: number;
	maxRetries: number;
	requestTimeoutMs: number;
	/** Status callback URL with `dropId` already on it. */
	statusCallbackUrl?: string;
	signal?: AbortSignal;
	clock?: Clock;
	random?: () => number;
}

export interface DispatchedRecipient {
	outcome: SendOutcome;
	attempts: number;
}

export interface DispatchResult {
	/** Final outcome per input item index, for every recipient of every batch. */
	byIndex: Map<number, DispatchedRecipient>;
	requests: number;
	retries: number;
	/** The first fatal outcome (bad credentials …): the drop stopped there. */
	fatal?: OutcomeError;
}

export async function dispatchDrop(plan: DropPlan, options: DispatchOptions): Promise<DispatchResult> {
	const clock = options.clock ?? systemClock;
	const random = options.random ?? Math.random;
	const pacer = new Pacer(options.ratePerSecond, options.concurrency, clock);
	const result: DispatchResult = { byIndex: new Map(), requests: 0, retries: 0 };
	const queue: SendBatch[] = plan.batches.map((batch) => ({
		dropId: plan.dropId,
		message: batch.message,
		recipients: batch.recipients,
		statusCallbackUrl: options.statusCallbackUrl,
	}));
	// refs are unique within a drop, so they key everything per recipient.
	const indexByRef = new Map<string, number>();
	for (const batch of plan.batches) batch.recipients.forEach((recipient, position) => indexByRef.set(recipient.ref, batch.indexes[position]));
	const attempts = new Map<string, number>();
	let stopped = false;
	let onePerRequest = false;

	const settle = (outcomes: SendOutcome[]) => {
		for (const outcome of outcomes) {
			result.byIndex.set(indexByRef.get(outcome.ref)!, { outcome, attempts: attempts.get(outcome.ref) ?? 0 });
		}
	};
	/** The provider takes one recipient per request after all: re-queue them singly. */
	const split = (batch: SendBatch, refs: Set<string>) => {
		for (const recipient of batch.recipients) {
			if (refs.has(recipient.ref)) queue.push({ ...batch, recipients: [recipient] });
		}
	};

	const sendBatch = async (batch: SendBatch) => {
		let pending = batch;
		for (let attempt = 0; ; attempt++) {
			if (stopped || options.signal?.aborted) {
				settle(notSent(pending, stopped ? 'stopped' : 'cancelled'));
				return;
			}
			if (onePerRequest && pending.recipients.length > 1) {
				split(pending, new Set(pending.recipients.map((recipient) => recipient.ref)));
				return;
			}
			try {
				await pacer.acquire(pending.recipients.length, options.signal);
			} catch {
				continue; // cancelled while waiting: the loop's first check settles the batch
			}
			for (const recipient of pending.recipients) attempts.set(recipient.ref, (attempts.get(recipient.ref) ?? 0) + 1);

			let request: HttpRequestSpec;
			try {
				request = options.adapter.buildSendRequest(options.credentials, pending, Date.now());
			} catch (error) {
				// A message the adapter cannot express (validateMessage should have caught it): nothing was sent.
				pacer.release('other');
				settle(outcomeForAll(pending, 'permanent', { reason: 'provider_rejected', error: { code: 'invalid_request', message: (error as Error).message, httpStatus: null } }));
				return;
			}
			result.requests++;
			const reply = await options.transport.send(request, { timeoutMs: options.requestTimeoutMs, signal: options.signal });
			const outcomes =
				reply.kind === 'response'
					? options.adapter.parseSendResponse(pending, reply.response)
					: outcomesForTransportError(pending, reply, options.requestTimeoutMs);
			const rateLimited = outcomes.some((outcome) => outcome.kind === 'retryable' && outcome.reason === 'rate_limited');
			pacer.release(rateLimited ? 'rate_limited' : outcomes.every((outcome) => outcome.kind === 'accepted') ? 'ok' : 'other');

			const fatal = outcomes.find((outcome) => outcome.kind === 'fatal');
			if (fatal) {
				stopped = true;
				result.fatal ??= fatal.error ?? { code: 'fatal', message: 'The provider refused the drop', httpStatus: null };
			}
			const refusedAsGroup = outcomes.filter((outcome) => outcome.kind === 'retryable' && outcome.multipleRecipientsRefused);
			if (refusedAsGroup.length > 0 && !stopped) {
				onePerRequest = true;
				split(pending, new Set(refusedAsGroup.map((outcome) => outcome.ref)));
			}
			const retryable = outcomes.filter((outcome) => outcome.kind === 'retryable' && !outcome.multipleRecipientsRefused);
			const canRetry = retryable.length > 0 && attempt < options.maxRetries && !stopped;
			settle(outcomes.filter((outcome) => (outcome.kind === 'retryable' ? !canRetry && !outcome.multipleRecipientsRefused : true)));
			if (!canRetry) return;

			const hint = waitHintMs(retryable, reply.kind === 'response' ? reply.response : undefined, Date.now());
			const wait = backoffMs(attempt, hint, random);
			result.retries++;
			const retryRefs = new Set(retryable.map((outcome) => outcome.ref));
			pending = { ...pending, recipients: pending.recipients.filter((recipient) => retryRefs.has(recipient.ref)) };
			await clock.sleep(wait, options.signal).catch(() => undefined);
		}
	};

	// An index, not queue.shift(): shifting a 100,000-batch array is linear per call.
	let next = 0;
	const worker = async () => {
		while (next < queue.length) await sendBatch(queue[next++]);
	};
	const workers = Math.max(1, Math.min(options.concurrency, queue.length));
	await Promise.all(Array.from({ length: workers }, worker));
	return result;
}

/** Recipients the drop never put on the wire (cancelled, or stopped by a fatal error). */
function notSent(batch: SendBatch, why: 'stopped' | 'cancelled'): SendOutcome[] {
	const error: OutcomeError =
		why === 'cancelled'
			? { code: 'cancelled', message: 'The execution was cancelled before this message was sent', httpStatus: null }
			: { code: 'drop_stopped', message: 'Not sent: the drop stopped after the provider refused it', httpStatus: null };
	return batch.recipients.map((recipient) => ({
		ref: recipient.ref,
		kind: 'permanent',
		reason: why === 'cancelled' ? 'cancelled' : 'auth_failed',
		error,
	}));
}
