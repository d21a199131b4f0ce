/**
 * Where a drop's ledger lives: see `nodes/store` (n8n's Redis in queue mode, a SQLite file in n8n's
 * storage folder otherwise, memory where Node has no SQLite; DROP_MMS_LEDGER overrides).
 */
import path from 'node:path';

import { memoryReason, openOnce, sharedRedis, storeKind } from '../../store';
import { LEDGER_RETENTION_MS, type LedgerBackend } from './backend';
import { MemoryLedger } from './memory';
import { RedisLedger } from './redis';
import { SqliteLedger } from './sqlite';

export { type DropHeader, LEDGER_RETENTION_MS, type LedgerBackend, type LedgerRecord, type LedgerState } from './backend';
export { DropJournal, type EarlierRuns, readEarlierRuns } from './journal';
export { runOwner } from '../../store/owner';
export { MemoryLedger } from './memory';

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
	switch (storeKind(env)) {
		case 'off':
			return undefined;
		case 'redis': {
			const { client, where } = sharedRedis(env);
			return { backend: openOnce(`ledger redis ${where}`, () => new RedisLedger(client, where)) };
		}
		case 'sqlite': {
			const file = path.join(storagePath, 'ledger.sqlite');
			return { backend: openOnce(`ledger sqlite ${file}`, () => new SqliteLedger(file)) };
		}
		case 'memory':
			return {
				backend: openOnce('ledger memory', () => new MemoryLedger()),
				warning: `The drop ledger is kept in memory because ${memoryReason(env)}: a re-run after a restart is not protected from sending twice.`,
			};
	}
}

/** Drops old drops from a store, at most once an hour; the drop itself never waits for it. */
export function pruneNow(backend: LedgerBackend, nowMs: number): void {
	if (nowMs - (prunedAt.get(backend) ?? 0) < PRUNE_EVERY_MS) return;
	prunedAt.set(backend, nowMs);
	void backend.prune(nowMs - LEDGER_RETENTION_MS).catch(() => undefined);
}
