/**
 * Where a drop's ledger lives, chosen from how n8n runs:
 * - queue mode (`EXECUTIONS_MODE=queue`): n8n's own Redis, which every main and worker process
 *   reaches, so a retry on another worker (or machine) continues the drop;
 * - otherwise one SQLite file in n8n's storage folder for this node, shared by every execution of
 *   the instance and surviving restarts;
 * - on a Node.js without built-in SQLite (before 22.5, i.e. n8n 1.x), this process's memory, with
 *   a warning on the Summary.
 * `DROP_MMS_LEDGER` (sqlite | redis | memory | off) overrides the choice: e.g. `redis` for several
 * main processes without queue mode, `off` to measure what the ledger costs.
 * Stores are opened once per process and shared by every drop.
 */
import path from 'node:path';

import { LEDGER_RETENTION_MS, type LedgerBackend } from './backend';
import { MemoryLedger } from './memory';
import { connectRedis, RedisLedger } from './redis';
import { SqliteLedger, sqliteAvailable } from './sqlite';

export { type DropHeader, LEDGER_RETENTION_MS, type LedgerBackend, type LedgerRecord, type LedgerState } from './backend';
export { DropJournal, type EarlierRuns, readEarlierRuns, runOwner } from './journal';
export { MemoryLedger } from './memory';

const opened = new Map<string, LedgerBackend>();
/** Pruning runs at most this often per store. */
const PRUNE_EVERY_MS = 3600 * 1000;
const prunedAt = new Map<LedgerBackend, number>();

export interface LedgerChoice {
	backend: LedgerBackend;
	/** Said on the Summary when the ledger cannot protect what users expect. */
	warning?: string;
}

/** Undefined when the operator turned the ledger off. */
export function chooseLedger(storagePath: string, env: NodeJS.ProcessEnv): LedgerChoice | undefined {
	const choice = env.DROP_MMS_LEDGER?.trim().toLowerCase() || (env.EXECUTIONS_MODE === 'queue' ? 'redis' : sqliteAvailable() ? 'sqlite' : 'memory');
	if (choice === 'off') return undefined;
	if (choice === 'redis') {
		const where = env.QUEUE_BULL_REDIS_CLUSTER_NODES || `${env.QUEUE_BULL_REDIS_HOST || 'localhost'}:${env.QUEUE_BULL_REDIS_PORT || 6379}`;
		return { backend: once(`redis ${where} ${env.QUEUE_BULL_REDIS_DB ?? 0}`, () => new RedisLedger(connectRedis(env), where)) };
	}
	if (choice === 'sqlite') {
		const file = path.join(storagePath, 'ledger.sqlite');
		return { backend: once(`sqlite ${file}`, () => new SqliteLedger(file)) };
	}
	if (choice !== 'memory') throw new Error(`DROP_MMS_LEDGER must be sqlite, redis, memory or off; got "${env.DROP_MMS_LEDGER}"`);
	const why = env.DROP_MMS_LEDGER ? 'DROP_MMS_LEDGER is memory' : 'this Node.js has no built-in SQLite (Node 22.5 or later has it)';
	return {
		backend: once('memory', () => new MemoryLedger()),
		warning: `The drop ledger is kept in memory because ${why}: a re-run after a restart is not protected from sending twice.`,
	};
}

function once(key: string, open: () => LedgerBackend): LedgerBackend {
	let backend = opened.get(key);
	if (!backend) opened.set(key, (backend = open()));
	return backend;
}

/** Drops old drops from a store, at most once an hour; the drop itself never waits for it. */
export function pruneNow(backend: LedgerBackend, nowMs: number): void {
	if (nowMs - (prunedAt.get(backend) ?? 0) < PRUNE_EVERY_MS) return;
	prunedAt.set(backend, nowMs);
	void backend.prune(nowMs - LEDGER_RETENTION_MS).catch(() => undefined);
}
