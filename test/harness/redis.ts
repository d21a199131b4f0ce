/**
 * A throwaway redis-server on 127.0.0.1 for the tests of queue-mode behaviour (Debian's
 * redis-server; `.ci/run` installs it when missing). Without the binary the suites that need it
 * are skipped with a note, unless DROP_MMS_REQUIRE_SERVICES=1 (set by CI) makes that a failure.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';

import type { Redis } from 'ioredis';

import { connectRedis } from '../../nodes/store/redis';
import { freePort } from '../loopback';

export const redisServerAvailable = spawnSync('redis-server', ['--version']).status === 0;

/** `describe` when redis-server is installed (or required), else `describe.skip`. */
export function describeWithRedis(name: string, body: () => void): void {
	if (!redisServerAvailable && process.env.DROP_MMS_REQUIRE_SERVICES !== '1') {
		console.warn(`Skipping "${name}": redis-server is not installed (apt-get install redis-server)`);
		describe.skip(name, body);
		return;
	}
	describe(name, body);
}

export class RedisServer {
	private child: ChildProcess | undefined;
	private starting: Promise<void> | undefined;
	port = 0;

	start(): Promise<void> {
		return (this.starting = this.launch());
	}

	private async launch(): Promise<void> {
		this.port = await freePort();
		// No persistence: the tests are about n8n processes coming and going, not Redis's own durability.
		this.child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
		let output = '';
		this.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const deadline = Date.now() + 10_000;
		while (!/Ready to accept connections/.test(output)) {
			if (Date.now() > deadline) throw new Error(`redis-server did not start:\n${output}`);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}

	async stop(): Promise<void> {
		// A start still under way (a test that failed beside it) would leave a server nobody stops.
		await this.starting?.catch(() => undefined);
		if (!this.child || this.child.exitCode !== null) return;
		this.child.kill('SIGTERM');
		await once(this.child, 'exit');
	}
}

/**
 * A Redis server for the enclosing describe block (started before its tests, stopped after) and
 * clients of it as the package makes them from n8n's queue settings, all disconnected at the end.
 */
export function redisForTests(): { server: RedisServer; connect: () => Redis } {
	const server = new RedisServer();
	const clients: Redis[] = [];
	beforeAll(() => server.start());
	afterAll(async () => {
		for (const client of clients) client.disconnect();
		await server.stop();
	});
	const connect = () => {
		const client = connectRedis({ QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(server.port) }) as Redis;
		clients.push(client);
		return client;
	};
	return { server, connect };
}
