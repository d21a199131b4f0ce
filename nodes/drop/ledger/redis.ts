/**
 * The ledger in queue mode: n8n's own Redis (the `QUEUE_BULL_REDIS_*` settings every main and
 * worker process already has), so a retry on another worker, on another machine, sees what the
 * crashed one sent. Each drop's keys share one hash slot (`{dropId}`), so a write is one MULTI on
 * a Redis Cluster too. Durability is Redis's own: with AOF (`appendonly yes`) a write survives a
 * Redis restart; without it, only the n8n processes' crashes are covered.
 */
import type { RedisClient } from '../../store/redis';

import { type DropHeader, type LeaseResult, LEDGER_RETENTION_MS, type LedgerBackend, type LedgerRecord, type LedgerState } from './backend';
const PREFIX = 'n8n-nodes-drop-mms';

// Take or extend the lease when it is free or ours; otherwise answer who holds it and for how long.
const LEASE_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if (not holder) or holder == ARGV[1] then
	redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
	return {-1, ''}
end
return {redis.call('PTTL', KEYS[1]), holder}`;
const TAKE_OVER_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0`;
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisLedger implements LedgerBackend {
	readonly description: string;

	constructor(
		private readonly client: RedisClient,
		where: string,
	) {
		this.description = `n8n's Redis (${where})`;
	}

	private key(dropId: string, part: 'header' | 'records' | 'lease'): string {
		return `${PREFIX}:{${dropId}}:${part}`;
	}

	async lease(dropId: string, owner: string, untilMs: number, nowMs: number): Promise<LeaseResult> {
		const ttl = Math.max(1, Math.round(untilMs - nowMs));
		const [remaining, holder] = (await this.client.eval(LEASE_SCRIPT, 1, this.key(dropId, 'lease'), owner, String(ttl))) as [number, string];
		return remaining === -1 ? { ok: true } : { ok: false, expiresAt: nowMs + Math.max(0, remaining), holder };
	}

	async takeOver(dropId: string, from: string, owner: string, untilMs: number, nowMs: number): Promise<boolean> {
		const ttl = Math.max(1, Math.round(untilMs - nowMs));
		return Number(await this.client.eval(TAKE_OVER_SCRIPT, 1, this.key(dropId, 'lease'), from, owner, String(ttl))) === 1;
	}

	async release(dropId: string, owner: string): Promise<void> {
		await this.client.eval(RELEASE_SCRIPT, 1, this.key(dropId, 'lease'), owner);
	}

	async header(dropId: string): Promise<DropHeader | undefined> {
		const fields = await this.client.hgetall(this.key(dropId, 'header'));
		if (!fields.createdAt) return undefined;
		return {
			createdAt: Number(fields.createdAt),
			updatedAt: Number(fields.updatedAt),
			completedAt: fields.completedAt ? Number(fields.completedAt) : null,
			runs: Number(fields.runs ?? 0),
		};
	}

	async records(dropId: string): Promise<LedgerRecord[]> {
		const fields = await this.client.hgetall(this.key(dropId, 'records'));
		return Object.entries(fields).map(([ref, value]) => {
			const [state, content, messageId, batchId, reason, at] = JSON.parse(value) as [LedgerState, string, string | null, string | null, string | null, number];
			return { ref, state, content, messageId, batchId, reason, at };
		});
	}

	async write(dropId: string, header: DropHeader, records: LedgerRecord[]): Promise<void> {
		const headerKey = this.key(dropId, 'header');
		const recordsKey = this.key(dropId, 'records');
		const multi = this.client.multi();
		multi.hset(headerKey, { createdAt: header.createdAt, updatedAt: header.updatedAt, completedAt: header.completedAt ?? '', runs: header.runs });
		if (records.length > 0) {
			const fields: Record<string, string> = {};
			for (const record of records) fields[record.ref] = JSON.stringify([record.state, record.content, record.messageId, record.batchId, record.reason, record.at]);
			multi.hset(recordsKey, fields);
		}
		multi.pexpire(headerKey, LEDGER_RETENTION_MS).pexpire(recordsKey, LEDGER_RETENTION_MS);
		const results = await multi.exec();
		const failure = results?.find(([error]) => error);
		if (!results || failure) throw failure?.[0] ?? new Error('The Redis transaction was discarded');
	}

	async forget(dropId: string): Promise<void> {
		await this.client.del(this.key(dropId, 'header'), this.key(dropId, 'records'));
	}

	/** Keys expire on their own, LEDGER_RETENTION_MS after their last write: nothing to scan. */
	async prune(): Promise<number> {
		return 0;
	}
}
