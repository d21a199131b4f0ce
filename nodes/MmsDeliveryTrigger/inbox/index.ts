/** Where a trigger's inbox lives: the package's stores (n8n's Redis in queue mode, else a SQLite file; see `nodes/store`). */
import path from 'node:path';

import { memoryReason, openOnce, sharedRedis, storageFolder, storeKind } from '../../store';
import type { InboxBackend } from './backend';
import { MemoryInbox } from './memory';
import { RedisInbox } from './redis';
import { SqliteInbox } from './sqlite';

export type { AppendedEvent, InboxBackend, InboxEvent } from './backend';
export { MemoryInbox } from './memory';

export interface InboxChoice {
	backend: InboxBackend;
	/** Said in n8n's log when acknowledged events would not survive a restart. */
	warning?: string;
}

/** Undefined when the operator turned the stores off (DROP_MMS_LEDGER=off): the trigger then runs one execution per request, as n8n's own webhooks do. */
export function chooseInbox(nodeType: string, env: NodeJS.ProcessEnv): InboxChoice | undefined {
	switch (storeKind(env)) {
		case 'off':
			return undefined;
		case 'redis': {
			const { client, where } = sharedRedis(env);
			return { backend: openOnce(`inbox redis ${where}`, () => new RedisInbox(client, where)) };
		}
		case 'sqlite': {
			const file = path.join(storageFolder(nodeType, env), 'inbox.sqlite');
			return { backend: openOnce(`inbox sqlite ${file}`, () => new SqliteInbox(file)) };
		}
		case 'memory':
			return {
				backend: openOnce('inbox memory', () => new MemoryInbox()),
				warning: `MMS Delivery Trigger: acknowledged events are kept in memory because ${memoryReason(env)}; a restart loses those not yet in an execution.`,
			};
	}
}
