/**
 * Sends a planned drop: `concurrency` workers take batches in order, each request metered by the
 * drop's pacer and wrapped in the retry layer. Provider-agnostic: the adapter builds and parses,
 * the retry policy decides, this module keeps the queue and the books. Every recipient of the
 * plan ends with exactly one outcome.
 */
import { MediaError } from '../media/errors';
import type { OutboundMessage, ProviderAdapter, ProviderCredentials, SendBatch, SendOutcome } from '../providers/types';
import type { Clock, Pacer } from './pacer';
import type { DropPlan } from './plan';
import { acquired, type Attempted, notSent, outcomesForTransportError, type RetryPolicy, type StopCause, withRetry } from './retry';
import type { Transport } from './transport';

/** The drop's write-ahead journal, as the dispatcher uses it. */
export interface DispatchJournal {
	/** Resolves once the batch's recipients are durably in flight; the request is written only then. */
	beforeWrite(batch: SendBatch): Promise<void>;
	afterAnswer(batch: SendBatch, outcomes: SendOutcome[]): void;
	/** Another run took the drop over: this one must stop sending. */
	readonly lost: boolean;
}

export interface DispatchOptions {
	adapter: ProviderAdapter;
	credentials: ProviderCredentials;
	transport: Transport;
	pacer: Pacer;
	policy: RetryPolicy;
	clock: Clock;
	requestTimeoutMs: number;
	/** Status callback URL with `dropId` already on it. */
	statusCallbackUrl?: string;
	signal?: AbortSignal;
	journal?: DispatchJournal;
	/** Completes a batch's message just before its request is built (inline media's bytes). */
	prepare?: (message: OutboundMessage) => Promise<OutboundMessage>;
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
	fatal?: SendOutcome;
}

export async function dispatchDrop(plan: DropPlan, options: DispatchOptions): Promise<DispatchResult> {
	const { adapter, credentials, transport, pacer, clock, signal } = options;
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
	let onePerRequest = false;
	const stop = (outcome: SendOutcome) => {
		result.fatal ??= outcome;
	};
	const stopped = (): StopCause | undefined => {
		if (!result.fatal && options.journal?.lost) stop(ledgerFailure('Another execution took this drop over'));
		return result.fatal ? { cancelled: false, outcome: result.fatal } : undefined;
	};

	const settle = (outcomes: SendOutcome[]) => {
		for (const outcome of outcomes) {
			result.byIndex.set(indexByRef.get(outcome.ref)!, { outcome, attempts: attempts.get(outcome.ref) ?? 0 });
		}
	};

	/** One request for the pending recipients of a batch: paced, built, sent, parsed. */
	const attempt = async (batch: SendBatch): Promise<Attempted> => {
		if (!(await acquired(pacer, batch.recipients.length, signal))) {
			return { outcomes: batch.recipients.map(({ ref }) => notSent(ref, { cancelled: true })) };
		}
		for (const { ref } of batch.recipients) attempts.set(ref, (attempts.get(ref) ?? 0) + 1);
		let request;
		try {
			const ready = options.prepare ? { ...batch, message: await options.prepare(batch.message) } : batch;
			request = adapter.buildSendRequest(credentials, ready, clock.wallMs());
		} catch (error) {
			// Media that cannot be read again, or a message the adapter cannot express (the capability
			// check should have caught it): nothing was sent for these recipients.
			pacer.release('other');
			const refusal = { code: 'invalid_request', message: (error as Error).message, httpStatus: null };
			const reason = error instanceof MediaError ? 'media_rejected' : 'provider_rejected';
			return { outcomes: batch.recipients.map(({ ref }) => ({ ref, kind: 'permanent', reason, error: refusal })) };
		}
		try {
			await options.journal?.beforeWrite(batch);
		} catch (error) {
			// Without a durable in-flight record the request must not be written: nothing more is sent.
			pacer.release('other');
			const failure = ledgerFailure(`The drop ledger could not be written: ${(error as Error).message}`);
			stop(failure);
			return { outcomes: batch.recipients.map(({ ref }) => notSent(ref, { cancelled: false, outcome: failure })) };
		}
		result.requests++;
		const reply = await transport.send(request, { timeoutMs: options.requestTimeoutMs, signal });
		const outcomes =
			reply.kind === 'response'
				? adapter.parseSendResponse(batch, reply.response)
				: outcomesForTransportError(batch.recipients.map(({ ref }) => ref), reply, options.requestTimeoutMs);
		const rateLimited = outcomes.some((outcome) => outcome.kind === 'retryable' && outcome.reason === 'rate_limited');
		pacer.release(rateLimited ? 'rate_limited' : outcomes.every((outcome) => outcome.kind === 'accepted') ? 'ok' : 'other');
		options.journal?.afterAnswer(batch, outcomes);
		const fatal = outcomes.find((outcome) => outcome.kind === 'fatal');
		if (fatal) stop(fatal);
		return { outcomes, response: reply.kind === 'response' ? reply.response : undefined };
	};

	const sendBatch = async (batch: SendBatch) => {
		if (onePerRequest && batch.recipients.length > 1) {
			queue.push(...batch.recipients.map((recipient) => ({ ...batch, recipients: [recipient] })));
			return;
		}
		const byRef = new Map(batch.recipients.map((recipient) => [recipient.ref, recipient]));
		const outcomes = await withRetry(
			batch.recipients.map(({ ref }) => ref),
			(pending) => attempt({ ...batch, recipients: pending.map((ref) => byRef.get(ref)!) }),
			{
				policy: options.policy,
				clock,
				signal,
				stopped,
				onRetry: () => result.retries++,
				onSplit: (refs) => {
					// Split only while the drop goes on; a stopped drop reports them not sent.
					const cause = stopped();
					if (cause) return settle(refs.map((ref) => notSent(ref, cause)));
					onePerRequest = true;
					queue.push(...refs.map((ref) => ({ ...batch, recipients: [byRef.get(ref)!] })));
				},
			},
		);
		settle(outcomes);
	};

	// An index, not queue.shift(): shifting a 100,000-batch array is linear per call.
	let next = 0;
	const worker = async () => {
		while (next < queue.length) await sendBatch(queue[next++]);
	};
	const workers = Math.max(1, Math.min(pacer.concurrency, queue.length));
	await Promise.all(Array.from({ length: workers }, worker));

	// The invariant the output relies on: every planned recipient has an outcome. One without is
	// reported as possibly sent, never dropped and never taken as not sent.
	for (const [ref, index] of indexByRef) {
		if (!result.byIndex.has(index)) {
			settle([{ ref, kind: 'ambiguous', reason: 'invalid_response', error: { code: 'no_outcome', message: 'The drop ended without an answer for this recipient', httpStatus: null } }]);
		}
	}
	return result;
}

function ledgerFailure(message: string): SendOutcome {
	return { ref: '', kind: 'fatal', reason: 'ledger_unavailable', error: { code: 'ledger_unavailable', message, httpStatus: null } };
}
