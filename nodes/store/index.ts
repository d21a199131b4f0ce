/**
 * Where the package keeps what must outlive an execution (the drop ledger, the trigger's inbox),
 * chosen from how n8n runs:
 * - queue mode (`EXECUTIONS_MODE=queue`): n8n's own Redis, which every main, worker and webhook
 *   process reaches, so another process (or machine) continues what one started;
 * - otherwise SQLite files in n8n's storage folder for the node, shared by every execution of the
 *   instance and surviving restarts;
 * - on a Node.js without built-in SQLite (before 22.5, i.e. n8n 1.x), this process's memory.
 * `DROP_MMS_LEDGER` (sqlite | redis | memory | off) overrides the choice: e.g. `redis` for several
 * main processes without queue mode, `off` to measure what the stores cost.
 */
import path from 'node:path';

import { connectRedis, type RedisClient } from './redis';
import { sqliteAvailable } from './sqlite';

export type StoreKind = 'redis' | 'sqlite' | 'memory' | 'off';

export function storeKind(env: NodeJS.ProcessEnv): StoreKind {
	const chosen = env.DROP_MMS_LEDGER?.trim().toLowerCase() || (env.EXECUTIONS_MODE === 'queue' ? 'redis' : sqliteAvailable() ? 'sqlite' : 'memory');
	if (!['redis', 'sqlite', 'memory', 'off'].includes(chosen)) throw new Error(`DROP_MMS_LEDGER must be sqlite, redis, memory or off; got "${env.DROP_MMS_LEDGER}"`);
	return chosen as StoreKind;
}

/** Why the store is in memory, for a warning: the user should know a restart forgets it. */
export function memoryReason(env: NodeJS.ProcessEnv): string {
	return env.DROP_MMS_LEDGER ? 'DROP_MMS_LEDGER is memory' : 'this Node.js has no built-in SQLite (Node 22.5 or later has it)';
}

/**
 * n8n's storage folder for a node type, as `this.helpers.getStoragePath()` gives it
 * (`<N8N_USER_FOLDER or HOME>/.n8n/storage/<node type>`, @n8n/config getN8nFolder), for contexts
 * that have no such helper (webhooks, triggers).
 */
export function storageFolder(nodeType: string, env: NodeJS.ProcessEnv): string {
	return path.join(env.N8N_USER_FOLDER ?? env.HOME ?? process.cwd(), '.n8n', 'storage', nodeType);
}

const opened = new Map<string, unknown>();

/** One store per place and kind in a process, shared by every drop and trigger. */
export function openOnce<T>(key: string, open: () => T): T {
	if (!opened.has(key)) opened.set(key, open());
	return opened.get(key) as T;
}

/** The process's connection to n8n's Redis, and where it points (for messages). */
export function sharedRedis(env: NodeJS.ProcessEnv): { client: RedisClient; where: string } {
	const where = env.QUEUE_BULL_REDIS_CLUSTER_NODES || `${env.QUEUE_BULL_REDIS_HOST || 'localhost'}:${env.QUEUE_BULL_REDIS_PORT || 6379}`;
	return openOnce(`redis ${where} ${env.QUEUE_BULL_REDIS_DB ?? 0}`, () => ({ client: connectRedis(env), where }));
}
