/**
 * A throwaway PostgreSQL server on 127.0.0.1 for n8n's queue mode (Debian's postgresql package;
 * `.ci/run` installs it when missing): initdb into a scratch folder, stopped with the suite. When
 * the suite runs as root, PostgreSQL (which refuses root) runs as the `postgres` user through
 * spawn's uid/gid: runuser in between did not pass the stop signal on. As root, the data lives in
 * a folder of its own under the system's temp folder, owned by postgres: the suite's scratch
 * folder is private to root, so postgres could not reach inside it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort } from '../loopback';

function binDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
	return versions.map((version) => path.join(root, version, 'bin')).find((dir) => existsSync(path.join(dir, 'initdb')));
}

export const postgresAvailable = binDir() !== undefined;

const program = (name: string) => path.join(binDir()!, name);
const postgresId = (flag: '-u' | '-g') => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());

export class PostgresServer {
	private child: ChildProcess | undefined;
	/** The data's folder when this class made it (as root), removed on stop. */
	private ownFolder: string | undefined;
	private starting: Promise<void> | undefined;
	port = 0;
	readonly database = 'n8n';
	readonly user = 'postgres';

	constructor(private readonly folder: string) {}

	/** PostgreSQL's programs run as the postgres user when this process is root, and as this process otherwise. */
	private readonly as = process.getuid?.() === 0 ? { uid: postgresId('-u'), gid: postgresId('-g') } : {};

	start(): Promise<void> {
		return (this.starting = this.launch());
	}

	private async launch(): Promise<void> {
		if (!postgresAvailable) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
		let folder = this.folder;
		const { as } = this;
		if (as.uid !== undefined) {
			folder = this.ownFolder = mkdtempSync(path.join(tmpdir(), 'drop-mms-postgres-'));
			chownSync(folder, as.uid, as.gid);
		} else {
			mkdirSync(folder, { recursive: true });
		}
		const data = path.join(folder, 'pgdata');
		const init = spawnSync(program('initdb'), ['-D', data, '-U', this.user, '--auth=trust', '--no-sync', '-E', 'UTF8'], { encoding: 'utf8', ...as });
		if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
		this.port = await freePort();
		this.child = spawn(program('postgres'), ['-D', data, '-h', '127.0.0.1', '-p', String(this.port), '-k', data, '-c', 'fsync=off'], { stdio: ['ignore', 'pipe', 'pipe'], ...as });
		let output = '';
		this.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		this.child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const deadline = Date.now() + 30_000;
		while (!/ready to accept connections/.test(output)) {
			if (this.child.exitCode !== null || Date.now() > deadline) throw new Error(`postgres did not start:\n${output}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const created = spawnSync(program('createdb'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', this.user, this.database], { encoding: 'utf8', ...as });
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
		// A start still under way (a test that failed beside it) would leave a server nobody stops.
		await this.starting?.catch(() => undefined);
		if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
			const exited = once(this.child, 'exit');
			this.child.kill('SIGINT'); // fast shutdown
			await exited;
		}
		if (this.ownFolder) rmSync(this.ownFolder, { recursive: true, force: true });
	}
}
