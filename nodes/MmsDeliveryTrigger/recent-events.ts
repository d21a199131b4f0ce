/**
 * Provider event ids seen recently, per trigger node: Telnyx and Bandwidth deliver at least once,
 * so the same event can arrive twice. Kept in memory with a time window and a size bound (a
 * restart forgets them; several webhook processes each keep their own).
 */
export class RecentEvents {
	private readonly seenAt = new Map<string, number>();

	constructor(
		private readonly windowMs: number,
		private readonly maxEntries: number,
	) {}

	/** Whether this event was seen within the window; records it either way. Null ids are never duplicates. */
	seen(scope: string, provider: string, eventId: string | null, nowMs = Date.now()): boolean {
		if (!eventId) return false;
		const key = `${scope}|${provider}|${eventId}`;
		const previous = this.seenAt.get(key);
		this.seenAt.delete(key);
		this.seenAt.set(key, nowMs);
		this.evict(nowMs);
		return previous !== undefined && nowMs - previous <= this.windowMs;
	}

	/** Oldest first: a Map iterates in insertion order, and `seen` re-inserts on every sighting. */
	private evict(nowMs: number): void {
		for (const [key, at] of this.seenAt) {
			if (this.seenAt.size <= this.maxEntries && nowMs - at <= this.windowMs) break;
			this.seenAt.delete(key);
		}
	}
}
