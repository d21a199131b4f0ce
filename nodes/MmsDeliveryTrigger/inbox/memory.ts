/** An inbox in this process's memory: for tests, and where Node.js has no built-in SQLite (n8n 1.x). */
import type { AppendedEvent, InboxBackend, InboxEvent } from './backend';

interface Stored extends InboxEvent {
	owner: string | null;
	claimedUntil: number;
}

export class MemoryInbox implements InboxBackend {
	readonly description = "this n8n process's memory (lost on restart)";
	private readonly events = new Map<string, Stored[]>();
	private readonly keys = new Map<string, number>();
	private seq = 0;

	private of(scope: string): Stored[] {
		let events = this.events.get(scope);
		if (!events) this.events.set(scope, (events = []));
		return events;
	}

	async append(scope: string, events: AppendedEvent[], nowMs: number, windowMs: number, keepDuplicates: boolean) {
		return events.map(({ key, event }) => {
			const seenAt = key === null ? undefined : this.keys.get(`${scope}|${key}`);
			const duplicate = seenAt !== undefined && nowMs - seenAt <= windowMs;
			if (key !== null) this.keys.set(`${scope}|${key}`, nowMs);
			const kept = !duplicate || keepDuplicates;
			if (kept) this.of(scope).push({ seq: ++this.seq, event: { ...event, duplicate }, receivedAt: nowMs, owner: null, claimedUntil: 0 });
			return { duplicate, kept };
		});
	}

	async claim(scope: string, owner: string, limit: number, nowMs: number, untilMs: number, ownerIsGone: (owner: string) => boolean): Promise<InboxEvent[]> {
		const free = this.of(scope).filter((stored) => stored.owner === null || stored.claimedUntil <= nowMs || (stored.owner !== owner && ownerIsGone(stored.owner)));
		return free.slice(0, limit).map((stored) => {
			stored.owner = owner;
			stored.claimedUntil = untilMs;
			return { seq: stored.seq, event: stored.event, receivedAt: stored.receivedAt };
		});
	}

	async renew(scope: string, owner: string, seqs: number[], untilMs: number): Promise<void> {
		const renewed = new Set(seqs);
		for (const stored of this.of(scope)) if (renewed.has(stored.seq) && stored.owner === owner) stored.claimedUntil = untilMs;
	}

	async remove(scope: string, seqs: number[]): Promise<void> {
		const gone = new Set(seqs);
		this.events.set(scope, this.of(scope).filter((stored) => !gone.has(stored.seq)));
	}

	async release(scope: string, seqs: number[]): Promise<void> {
		const released = new Set(seqs);
		for (const stored of this.of(scope)) if (released.has(stored.seq)) stored.owner = null;
	}

	async size(scope: string): Promise<number> {
		return this.of(scope).length;
	}

	async prune(beforeMs: number): Promise<void> {
		for (const [key, seenAt] of this.keys) if (seenAt < beforeMs) this.keys.delete(key);
	}
}
