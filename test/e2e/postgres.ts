/**
 * A throwaway PostgreSQL server on 127.0.0.1 for n8n's queue mode (Debian's postgresql package;
 * `.ci/run` installs it when missing): initdb into a scratch folder, run as the `postgres` user
 * when the suite runs as root (PostgreSQL refuses to run as root), stopped with the suite.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { freePort } from '../loopback';

function binDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
	return versions.map((version) => path.join(root, version, 'bin')).find((dir) => existsSync(path.join(dir, 'initdb')));
}

export const postgresAvailable = binDir() !== undefined;

export class PostgresServer {
	private child: ChildProcess | undefined;
	port = 0;
	readonly database = 'n8n';
	readonly user = 'postgres';

	constructor(private readonly folder: string) {}

	/** As the postgres user when this process is root. */
	private command(binary: string, args: string[]): [string, string[]] {
		const full = path.join(binDir()!, binary);
		return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
	}

	async start(): Promise<void> {
		if (!postgresAvailable) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
		const data = path.join(this.folder, 'pgdata');
		mkdirSync(this.folder, { recursive: true });
		if (process.getuid?.() === 0) {
			// The postgres user must reach the scratch folder and own its data directory.
			chmodSync(this.folder, 0o777);
			mkdirSync(data, { recursive: true });
			chownSync(data, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
		}
		const [initdb, initArgs] = this.command('initdb', ['-D', data, '-U', this.user, '--auth=trust', '--no-sync', '-E', 'UTF8']);
		const init = spawnSync(initdb, initArgs, { encoding: 'utf8' });
		if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
		this.port = await freePort();
		const [postgres, args] = this.command('postgres', ['-D', data, '-h', '127.0.0.1', '-p', String(this.port), '-k', data, '-c', 'fsync=off']);
		this.child = spawn(postgres, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		this.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		this.child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const deadline = Date.now() + 30_000;
		while (!/ready to accept connections/.test(output)) {
			if (this.child.exitCode !== null || Date.now() > deadline) throw new Error(`postgres did not start:\n${output}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const [createdb, createArgs] = this.command('createdb', ['-h', '127.0.0.1', '-p', String(this.port), '-U', this.user, this.database]);
		const created = spawnSync(createdb, createArgs, { encoding: 'utf8' });
		if (created.status !== 0) throw new Error(`createdb failed: ${created.stderr}`);
	}

	/** n8n's settings for this database. */
	n8nEnv(): NodeJS.ProcessEnv {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: this.database,
			DB_POSTGRESDB_USER: this.user,
			DB_POSTGRESDB_PASSWORD: '',
		};
	}

	async stop(): Promise<void> {
		if (!this.child || this.child.exitCode !== null) return;
		this.child.kill('SIGINT'); // fast shutdown
		await once(this.child, 'exit');
	}
}
