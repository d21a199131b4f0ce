/**
 * The trigger's inbox: events the trigger has acknowledged to the provider, kept durably until an
 * execution that carries them has ended. The webhook appends (and answers the provider only once
 * the append is durable); the drain claims a batch, starts one execution for it and deletes the
 * batch when that execution is over. A claim whose drain died is taken again (after it expires,
 * or at once when its process is known to be gone), so what was acknowledged reaches a workflow
 * at least once. Event keys are remembered for the duplicate window, across restarts.
 */
import type { NormalizedEvent } from '../../providers/types';

/** One acknowledged event, as stored. */
export interface InboxEvent {
	/** Position in the inbox: events leave in the order they arrived. */
	seq: number;
	event: NormalizedEvent & { duplicate: boolean };
	receivedAt: number;
}

export interface AppendedEvent {
	/** The event's replay key (signed content); null: never a duplicate. */
	key: string | null;
	event: NormalizedEvent;
}

export interface InboxBackend {
	readonly description: string;
	/**
	 * Stores events durably, in one write; resolves only when they are safe. Each comes back with
	 * `duplicate` set when its key was seen within `windowMs`; duplicates are stored only if `keepDuplicates`.
	 */
	append(scope: string, events: AppendedEvent[], nowMs: number, windowMs: number, keepDuplicates: boolean): Promise<Array<{ duplicate: boolean; kept: boolean }>>;
	/** Up to `limit` of the oldest events not claimed by a live drain, now claimed by `owner` until `untilMs`. */
	claim(scope: string, owner: string, limit: number, nowMs: number, untilMs: number, ownerIsGone: (owner: string) => boolean): Promise<InboxEvent[]>;
	/** Keeps a claim while its execution runs (a claim is short, so a dead drain's events return soon). */
	renew(scope: string, owner: string, seqs: number[], untilMs: number): Promise<void>;
	/** The events' execution has ended: they leave the inbox. */
	remove(scope: string, seqs: number[]): Promise<void>;
	/** The execution could not start: the events may be claimed again at once. */
	release(scope: string, seqs: number[]): Promise<void>;
	/** Events waiting or claimed. */
	size(scope: string): Promise<number>;
	/** Forgets duplicate keys older than `beforeMs`. */
	prune(beforeMs: number): Promise<void>;
}
