/**
 * Switches n8n-core's binary data service to filesystem mode, as n8n does at start-up with
 * N8N_DEFAULT_BINARY_DATA_MODE=filesystem: items then carry only an id and the bytes live on
 * disk. Without this the service stays in its in-memory default (base64 on the item), which
 * needs no set-up.
 */
import path from 'node:path';

import { BinaryDataConfig, BinaryDataService } from 'n8n-core';

/**
 * n8n-core's own DI container: resolved from n8n-core's folder because npm may give it a
 * different @n8n/di version than the one hoisted to the top.
 */
function coreContainer(): { get<T>(type: new (...args: never[]) => T): T } {
	const from = path.dirname(require.resolve('n8n-core'));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(require.resolve('@n8n/di', { paths: [from] })).Container;
}

export async function useFilesystemBinaryData(folder: string): Promise<BinaryDataService> {
	const container = coreContainer();
	const config = container.get(BinaryDataConfig);
	config.mode = 'filesystem';
	config.localStoragePath = folder;
	const service = container.get(BinaryDataService);
	await service.init();
	return service;
}
