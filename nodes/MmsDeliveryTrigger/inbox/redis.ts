/**
 * The inbox in queue mode: n8n's own Redis (see `nodes/store`), reached by the main process that
 * drains it and by every process that may receive webhooks. Each scope's keys share one hash slot
 * (`{scope}`), and every change is one Lua script, so appends, claims and removals are atomic on a
 * Redis Cluster too. Duplicate keys expire by themselves after the duplicate window (`SET … GET`,
 * Redis 6.2+). Durability is Redis's own (AOF), as for n8n's queue.
 */
import type { RedisClient } from '../../store/redis';
import type { AppendedEvent, InboxBackend, InboxEvent } from './backend';

const PREFIX = 'n8n-nodes-drop-mms:inbox';

// KEYS: seq, events, pending. ARGV: now, windowMs, keepDuplicates, key prefix, then key/json pairs.
const APPEND = `
local out = {}
for i = 5, #ARGV, 2 do
	local duplicate = 0
	if ARGV[i] ~= '' then
		-- The key holds when it was last seen; it expires after the window in any case.
		local seen = redis.call('SET', ARGV[4] .. ARGV[i], ARGV[1], 'PX', ARGV[2], 'GET')
		if seen and tonumber(ARGV[1]) - tonumber(seen) <= tonumber(ARGV[2]) then duplicate = 1 end
	end
	local kept = 0
	if duplicate == 0 or ARGV[3] == '1' then
		local seq = redis.call('INCR', KEYS[1])
		redis.call('HSET', KEYS[2], seq, '{"duplicate":' .. (duplicate == 1 and 'true' or 'false') .. ',"receivedAt":' .. ARGV[1] .. ',"event":' .. ARGV[i + 1] .. '}')
		redis.call('ZADD', KEYS[3], seq, seq)
		kept = 1
	end
	table.insert(out, duplicate)
	table.insert(out, kept)
end
return out`;

// KEYS: pending, claims, until, events. ARGV: owner, limit, untilMs, nowMs, then owners that are gone.
const CLAIM = `
local function free(seq)
	redis.call('HDEL', KEYS[2], seq)
	redis.call('ZREM', KEYS[3], seq)
	if redis.call('HEXISTS', KEYS[4], seq) == 1 then redis.call('ZADD', KEYS[1], seq, seq) end
end
for _, seq in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[4])) do free(seq) end
if #ARGV > 4 then
	local gone = {}
	for i = 5, #ARGV do gone[ARGV[i]] = true end
	local claims = redis.call('HGETALL', KEYS[2])
	for i = 1, #claims, 2 do if gone[claims[i + 1]] then free(claims[i]) end end
end
local out = {}
for _, seq in ipairs(redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)) do
	redis.call('ZREM', KEYS[1], seq)
	redis.call('HSET', KEYS[2], seq, ARGV[1])
	redis.call('ZADD', KEYS[3], ARGV[3], seq)
	table.insert(out, seq)
	table.insert(out, redis.call('HGET', KEYS[4], seq))
end
return out`;

// KEYS: claims, until. ARGV: owner, untilMs, seqs…
const RENEW = `for i = 3, #ARGV do if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[1] then redis.call('ZADD', KEYS[2], ARGV[2], ARGV[i]) end end return 0`;
// KEYS: events, claims, until, pending. ARGV: seqs…
const REMOVE = `for i = 1, #ARGV do redis.call('HDEL', KEYS[1], ARGV[i]) redis.call('HDEL', KEYS[2], ARGV[i]) redis.call('ZREM', KEYS[3], ARGV[i]) redis.call('ZREM', KEYS[4], ARGV[i]) end return 0`;
// KEYS: claims, until, pending, events. ARGV: seqs…
const RELEASE = `for i = 1, #ARGV do if redis.call('HDEL', KEYS[1], ARGV[i]) == 1 then redis.call('ZREM', KEYS[2], ARGV[i]) if redis.call('HEXISTS', KEYS[4], ARGV[i]) == 1 then redis.call('ZADD', KEYS[3], ARGV[i], ARGV[i]) end end end return 0`;

export class RedisInbox implements InboxBackend {
	readonly description: string;

	constructor(
		private readonly client: RedisClient,
		where: string,
	) {
		this.description = `n8n's Redis (${where})`;
	}

	private keys(scope: string) {
		const base = `${PREFIX}:{${scope}}`;
		return { seq: `${base}:seq`, events: `${base}:events`, pending: `${base}:pending`, claims: `${base}:claims`, until: `${base}:until`, keyPrefix: `${base}:key:` };
	}

	async append(scope: string, events: AppendedEvent[], nowMs: number, windowMs: number, keepDuplicates: boolean) {
		const keys = this.keys(scope);
		const args = events.flatMap(({ key, event }) => [key ?? '', JSON.stringify(event)]);
		const reply = (await this.client.eval(APPEND, 3, keys.seq, keys.events, keys.pending, nowMs, windowMs, keepDuplicates ? '1' : '0', keys.keyPrefix, ...args)) as number[];
		return events.map((_, index) => ({ duplicate: reply[2 * index] === 1, kept: reply[2 * index + 1] === 1 }));
	}

	async claim(scope: string, owner: string, limit: number, nowMs: number, untilMs: number, ownerIsGone: (owner: string) => boolean): Promise<InboxEvent[]> {
		const keys = this.keys(scope);
		const holders = new Set(await this.client.hvals(keys.claims));
		const gone = [...holders].filter((holder) => holder !== owner && ownerIsGone(holder));
		const reply = (await this.client.eval(CLAIM, 4, keys.pending, keys.claims, keys.until, keys.events, owner, limit, untilMs, nowMs, ...gone)) as string[];
		const claimed: InboxEvent[] = [];
		for (let index = 0; index < reply.length; index += 2) {
			const stored = JSON.parse(reply[index + 1]) as { duplicate: boolean; receivedAt: number; event: InboxEvent['event'] };
			claimed.push({ seq: Number(reply[index]), event: { ...stored.event, duplicate: stored.duplicate }, receivedAt: stored.receivedAt });
		}
		return claimed;
	}

	async renew(scope: string, owner: string, seqs: number[], untilMs: number): Promise<void> {
		const keys = this.keys(scope);
		if (seqs.length > 0) await this.client.eval(RENEW, 2, keys.claims, keys.until, owner, untilMs, ...seqs);
	}

	async remove(scope: string, seqs: number[]): Promise<void> {
		const keys = this.keys(scope);
		if (seqs.length > 0) await this.client.eval(REMOVE, 4, keys.events, keys.claims, keys.until, keys.pending, ...seqs);
	}

	async release(scope: string, seqs: number[]): Promise<void> {
		const keys = this.keys(scope);
		if (seqs.length > 0) await this.client.eval(RELEASE, 4, keys.claims, keys.until, keys.pending, keys.events, ...seqs);
	}

	async size(scope: string): Promise<number> {
		return await this.client.hlen(this.keys(scope).events);
	}

	/** Duplicate keys expire by themselves. */
	async prune(): Promise<void> {}
}
