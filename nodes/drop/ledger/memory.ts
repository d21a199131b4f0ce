/**
 * A ledger in this process's memory: for tests, and the fallback where Node.js has no built-in
 * SQLite (before 22.5). It protects re-runs and concurrent runs within one n8n process only.
 */
import type { DropHeader, LeaseResult, LedgerBackend, LedgerRecord } from './backend';

interface StoredDrop {
	header?: DropHeader;
	records: Map<string, LedgerRecord>;
	lease?: { owner: string; untilMs: number };
}

export class MemoryLedger implements LedgerBackend {
	readonly description = "this n8n process's memory (lost on restart)";
	private readonly drops = new Map<string, StoredDrop>();

	private drop(dropId: string): StoredDrop {
		let drop = this.drops.get(dropId);
		if (!drop) this.drops.set(dropId, (drop = { records: new Map() }));
		return drop;
	}

	async lease(dropId: string, owner: string, untilMs: number, nowMs: number): Promise<LeaseResult> {
		const drop = this.drop(dropId);
		if (drop.lease && drop.lease.owner !== owner && drop.lease.untilMs > nowMs) return { ok: false, expiresAt: drop.lease.untilMs, holder: drop.lease.owner };
		drop.lease = { owner, untilMs };
		return { ok: true };
	}

	async takeOver(dropId: string, from: string, owner: string, untilMs: number): Promise<boolean> {
		const drop = this.drop(dropId);
		if (drop.lease?.owner !== from) return false;
		drop.lease = { owner, untilMs };
		return true;
	}

	async release(dropId: string, owner: string): Promise<void> {
		const drop = this.drops.get(dropId);
		if (drop?.lease?.owner === owner) drop.lease = undefined;
	}

	async header(dropId: string): Promise<DropHeader | undefined> {
		const header = this.drops.get(dropId)?.header;
		return header && { ...header };
	}

	async records(dropId: string): Promise<LedgerRecord[]> {
		return [...(this.drops.get(dropId)?.records.values() ?? [])].map((record) => ({ ...record }));
	}

	async write(dropId: string, header: DropHeader, records: LedgerRecord[]): Promise<void> {
		const drop = this.drop(dropId);
		drop.header = { ...header };
		for (const record of records) drop.records.set(record.ref, { ...record });
	}

	async forget(dropId: string): Promise<void> {
		const drop = this.drops.get(dropId);
		if (!drop) return;
		drop.header = undefined;
		drop.records.clear();
	}

	async prune(beforeMs: number): Promise<number> {
		let pruned = 0;
		for (const [dropId, drop] of this.drops) {
			if (drop.header && drop.header.updatedAt < beforeMs && !drop.lease) {
				this.drops.delete(dropId);
				pruned++;
			}
		}
		return pruned;
	}
}
