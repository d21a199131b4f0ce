/**
 * n8n's own Redis in queue mode: the `QUEUE_BULL_REDIS_*` settings every main and worker process
 * already has (n8n 2.41 @n8n/config ScalingModeConfig), read the way n8n reads them. One client per
 * process, shared by the package's stores; ioredis is required lazily, only in queue mode.
 */
import type { Cluster, Redis, RedisOptions } from 'ioredis';

export type RedisClient = Redis | Cluster;

/** n8n's queue-mode Redis connection settings, as its main and worker processes read them. */
export function redisOptionsFromEnv(env: NodeJS.ProcessEnv): { options: RedisOptions; clusterNodes: Array<{ host: string; port: number }> } {
	const options: RedisOptions = {
		host: env.QUEUE_BULL_REDIS_HOST || 'localhost',
		port: Number(env.QUEUE_BULL_REDIS_PORT || 6379),
		db: Number(env.QUEUE_BULL_REDIS_DB || 0),
		username: env.QUEUE_BULL_REDIS_USERNAME || undefined,
		password: env.QUEUE_BULL_REDIS_PASSWORD || undefined,
		tls: env.QUEUE_BULL_REDIS_TLS === 'true' ? {} : undefined,
		// A ledger write that cannot reach Redis must fail the drop soon, not queue forever.
		maxRetriesPerRequest: 3,
		connectTimeout: 10_000,
		lazyConnect: true,
	};
	const clusterNodes = (env.QUEUE_BULL_REDIS_CLUSTER_NODES || '')
		.split(',')
		.map((node) => node.trim())
		.filter(Boolean)
		.map((node) => {
			const [host, port] = node.split(':');
			return { host, port: Number(port || 6379) };
		});
	return { options, clusterNodes };
}

export function connectRedis(env: NodeJS.ProcessEnv): RedisClient {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { default: IORedis, Cluster: IOCluster } = require('ioredis') as typeof import('ioredis');
	const { options, clusterNodes } = redisOptionsFromEnv(env);
	return clusterNodes.length > 0 ? new IOCluster(clusterNodes, { redisOptions: options }) : new IORedis(options);
}

