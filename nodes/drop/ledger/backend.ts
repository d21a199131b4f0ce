/**
 * What a drop ledger stores, and the small contract every store (SQLite file, n8n's Redis, memory)
 * implements. The ledger holds no message text, no phone numbers and no secrets: a recipient is
 * known by its `ref` (a hash of the drop id and the number) and its message by a content hash.
 */

/** A drop is forgotten this long after its last write (keeps the ledger bounded; far beyond any re-run). */
export const LEDGER_RETENTION_MS = 30 * 24 * 3600 * 1000;

export type LedgerState = 'in_flight' | 'accepted' | 'failed' | 'unknown';

export interface LedgerRecord {
	ref: string;
	state: LedgerState;
	/** Hash of what was sent to this recipient (sender, text, subject, media), so another message is never taken for this one. */
	content: string;
	messageId: string | null;
	batchId: string | null;
	/** Why it failed or is unknown (`timeout`, `opted_out`, …). */
	reason: string | null;
	/** Wall-clock ms of the write. */
	at: number;
}

export interface DropHeader {
	/** When the first run of this drop (this generation) started. */
	createdAt: number;
	updatedAt: number;
	/** When a run last finished its dispatch; null while one runs, or after a run that crashed. */
	completedAt: number | null;
	runs: number;
}

export type LeaseResult = { ok: true } | { ok: false; expiresAt: number; holder: string };

export interface LedgerBackend {
	/** For messages: where the ledger lives ("SQLite file …", "n8n's Redis …"). */
	readonly description: string;
	/** Takes or extends the drop's lease unless another owner holds one that has not expired. */
	lease(dropId: string, owner: string, untilMs: number, nowMs: number): Promise<LeaseResult>;
	/** Takes the lease from `from` (a holder known to be dead) if it still holds it. */
	takeOver(dropId: string, from: string, owner: string, untilMs: number, nowMs: number): Promise<boolean>;
	release(dropId: string, owner: string): Promise<void>;
	header(dropId: string): Promise<DropHeader | undefined>;
	records(dropId: string): Promise<LedgerRecord[]>;
	/** One atomic write: the header and the records (each replacing the one with its ref). */
	write(dropId: string, header: DropHeader, records: LedgerRecord[]): Promise<void>;
	/** Removes the drop's header and records (its lease stays with whoever holds it). */
	forget(dropId: string): Promise<void>;
	/** Removes drops last written before `beforeMs`; returns how many. */
	prune(beforeMs: number): Promise<number>;
}
