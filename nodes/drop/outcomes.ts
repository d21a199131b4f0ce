/**
 * Per-recipient result records (output 1) and the drop summary (output 2), as DESIGN.md names
 * them. Every input item gets exactly one record.
 */
import type { OutcomeError, ProviderId, Reason, SendOutcome } from '../providers/types';

export type RecipientStatus = 'accepted' | 'skipped' | 'failed' | 'unknown' | 'planned';

/** Every status, in the order the Summary lists them. */
export const RECIPIENT_STATUSES: readonly RecipientStatus[] = ['accepted', 'skipped', 'failed', 'unknown', 'planned'];

export interface RecipientResult {
	dropId: string;
	ref: string;
	to: string;
	status: RecipientStatus;
	reason: Reason | null;
	provider: ProviderId;
	messageId: string | null;
	batchId: string | null;
	attempts: number;
	error: (OutcomeError & { retryable: boolean }) | null;
	/** Dry runs only: the exact text this recipient would get (personalized, footer included); null when skipped. */
	preview?: string | null;
}

/** One count per status, zeros included, so a workflow reads `accepted` without `?? 0`. */
export type StatusCounts = Record<RecipientStatus, number>;

export interface DropSummary extends StatusCounts {
	dropId: string;
	provider: ProviderId;
	/** Nothing was sent: the run only planned. */
	dryRun: boolean;
	total: number;
	byStatus: StatusCounts;
	byReason: Record<string, number>;
	requests: number;
	retries: number;
	durationMs: number;
	messagesPerSecond: number;
	/** The rate the drop is (or would be) paced at: the Rate per Second option, or the provider's default. */
	ratePerSecond: number;
	/** How long sending this run's messages takes at `ratePerSecond` (a dry run: would take). */
	estimatedDurationMs: number;
	/** This run continued an earlier run of the same drop (found in the ledger). */
	resumed: boolean;
	/** Recipients skipped because an earlier run of the drop sent them. */
	alreadySent: number;
	/** Things the user should know that did not stop the drop (an option a provider cannot carry …). */
	warnings: string[];
}

/** The final record for a recipient from the last outcome the engine saw for it. */
export function resultFromOutcome(
	base: Pick<RecipientResult, 'dropId' | 'ref' | 'to' | 'provider'>,
	outcome: SendOutcome,
	attempts: number,
): RecipientResult {
	const status: RecipientStatus =
		outcome.kind === 'accepted' ? 'accepted' : outcome.kind === 'ambiguous' ? 'unknown' : 'failed';
	return {
		...base,
		status,
		reason: status === 'accepted' ? null : (outcome.reason ?? 'provider_rejected'),
		// An ambiguous reply carries no id we could trust; an accepted one carries the provider's.
		messageId: status === 'accepted' ? (outcome.messageId ?? null) : null,
		batchId: status === 'accepted' ? (outcome.batchId ?? null) : null,
		attempts,
		error: outcome.error ? { ...outcome.error, retryable: outcome.kind === 'retryable' } : null,
	};
}

export function summarize(
	results: RecipientResult[],
	run: Pick<DropSummary, 'dropId' | 'provider' | 'dryRun' | 'requests' | 'retries' | 'durationMs' | 'ratePerSecond' | 'estimatedDurationMs' | 'resumed' | 'warnings'>,
): DropSummary {
	const byStatus = Object.fromEntries(RECIPIENT_STATUSES.map((status) => [status, 0])) as StatusCounts;
	const byReason: Record<string, number> = {};
	for (const result of results) {
		byStatus[result.status] += 1;
		if (result.reason) byReason[result.reason] = (byReason[result.reason] ?? 0) + 1;
	}
	const accepted = byStatus.accepted;
	return {
		dropId: run.dropId,
		provider: run.provider,
		dryRun: run.dryRun,
		total: results.length,
		...byStatus,
		byStatus: { ...byStatus },
		byReason,
		requests: run.requests,
		retries: run.retries,
		durationMs: run.durationMs,
		messagesPerSecond: run.durationMs > 0 ? Math.round((accepted * 1000 * 100) / run.durationMs) / 100 : 0,
		ratePerSecond: run.ratePerSecond,
		estimatedDurationMs: run.estimatedDurationMs,
		resumed: run.resumed,
		alreadySent: byReason.already_sent ?? 0,
		warnings: run.warnings,
	};
}
