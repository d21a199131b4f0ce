/**
 * Per-recipient result records (output 1) and the drop summary (output 2), as DESIGN.md names
 * them. Every input item gets exactly one record.
 */
import type { OutcomeError, ProviderId, Reason, SendOutcome } from '../providers/types';

export type RecipientStatus = 'accepted' | 'skipped' | 'failed' | 'unknown' | 'planned';

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
}

export interface DropSummary {
	dropId: string;
	provider: ProviderId;
	total: number;
	byStatus: Partial<Record<RecipientStatus, number>>;
	byReason: Record<string, number>;
	requests: number;
	retries: number;
	durationMs: number;
	messagesPerSecond: number;
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
	run: Pick<DropSummary, 'dropId' | 'provider' | 'requests' | 'retries' | 'durationMs' | 'resumed' | 'warnings'>,
): DropSummary {
	const byStatus: DropSummary['byStatus'] = {};
	const byReason: Record<string, number> = {};
	for (const result of results) {
		byStatus[result.status] = (byStatus[result.status] ?? 0) + 1;
		if (result.reason) byReason[result.reason] = (byReason[result.reason] ?? 0) + 1;
	}
	const accepted = byStatus.accepted ?? 0;
	return {
		...run,
		total: results.length,
		byStatus,
		byReason,
		messagesPerSecond: run.durationMs > 0 ? Math.round((accepted * 1000 * 100) / run.durationMs) / 100 : 0,
		alreadySent: byReason.already_sent ?? 0,
	};
}
