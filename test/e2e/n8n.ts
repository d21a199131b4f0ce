/**
 * A real n8n 2.41 instance for the e2e suite: the CLI (`import:*`, `execute`) and `n8n start`, each
 * a child process of the test run, on loopback only, with all of its data in one temporary
 * N8N_USER_FOLDER. Nothing here talks to anything but 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, IRun } from 'n8n-workflow';

import { freePort } from '../loopback';
import { recordPid, forgetPid } from './state';

export { freePort };

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface ImportedCredential {
	id: string;
	name: string;
	type: string;
	data: IDataObject;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: Array<IDataObject & { name: string; type: string; parameters: IDataObject }>;
	connections: IDataObject;
	settings?: IDataObject;
	[key: string]: unknown;
}

/** The instance owner the API is bootstrapped with (the demo passes its own). */
export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

const OWNER: Owner = { email: 'e2e-owner@example.com', firstName: 'Drop', lastName: 'Mms', password: 'E2e-owner-Passw0rd' };

export class N8n {
	/** `n8n start` output, kept so a failing test can show it and the load check can scan it. */
	serverLog = '';
	private server: ChildProcess | undefined;
	private apiKey = '';
	private importCount = 0;
	readonly origin: string;

	private readonly workers: ChildProcess[] = [];

	/** `extraEnv`: settings of this instance beyond the suite's defaults (queue mode, PostgreSQL, save settings). */
	constructor(
		private readonly n8nDir: string,
		readonly userFolder: string,
		readonly port: number,
		private readonly extraEnv: NodeJS.ProcessEnv = {},
		readonly owner: Owner = OWNER,
	) {
		this.origin = `http://127.0.0.1:${port}`;
	}

	/**
	 * The environment of every n8n process: the parent's PATH and HOME only (no npm_config_* or
	 * N8N_* leaking in from the shell or from jest's setup), loopback-only listeners, no telemetry,
	 * and the modules that would call api.n8n.io switched off.
	 */
	private env(brokerPort: number): NodeJS.ProcessEnv {
		return {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			TZ: 'UTC',
			N8N_USER_FOLDER: this.userFolder,
			// n8n 2.41 always runs JS task runners (it reports this variable as deprecated); kept because it
			// documents the intent and older 2.x releases honour it.
			N8N_RUNNERS_ENABLED: 'false',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			// Each process gets its own broker port: `n8n execute` runs while `n8n start` is up.
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			// The MCP registry refresh fetches https://api.n8n.io at start; the suite stays on loopback.
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			N8N_WEBHOOK_URL: `${this.origin}/`,
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LOG_LEVEL: 'info',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			...this.extraEnv,
		};
	}

	private command(args: string[], brokerPort: number): ChildProcess {
		// detached: n8n and the task runner it spawns share one process group the suite can stop together.
		const child = spawn(process.execPath, [path.join(this.n8nDir, 'node_modules/n8n/bin/n8n'), ...args], {
			cwd: this.userFolder,
			env: this.env(brokerPort),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		if (child.pid) recordPid(child.pid);
		child.once('exit', () => child.pid && forgetPid(child.pid));
		return child;
	}

	/** Runs one CLI command to completion (killed with its process group after `timeoutMs`). */
	async cli(args: string[], timeoutMs = 180_000): Promise<CliResult> {
		const child = this.command(args, await freePort());
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
		const [code] = (await once(child, 'exit')) as [number | null];
		clearTimeout(timer);
		return { code, stdout, stderr };
	}

	private async cliOrThrow(args: string[]): Promise<CliResult> {
		const result = await this.cli(args);
		if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} exited with ${result.code}\n${tail(result.stdout + result.stderr)}`);
		return result;
	}

	private writeImport(kind: string, data: unknown): string {
		const dir = path.join(this.userFolder, 'imports');
		mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${++this.importCount}-${kind}.json`);
		writeFileSync(file, JSON.stringify(data, null, '\t'));
		return file;
	}

	/** `n8n import:credentials`: plain `data` objects are encrypted on import. */
	async importCredentials(credentials: ImportedCredential[]): Promise<CliResult> {
		return await this.cliOrThrow(['import:credentials', `--input=${this.writeImport('credentials', credentials)}`]);
	}

	/** `n8n import:workflow` with an array; credential references without an id are resolved by name here. */
	async importWorkflows(workflows: WorkflowJson[]): Promise<CliResult> {
		return await this.cliOrThrow(['import:workflow', `--input=${this.writeImport('workflows', workflows)}`]);
	}

	/**
	 * `n8n execute --id … --rawOutput`. n8n prints its log lines on stdout too, so the run is the
	 * JSON document that starts at the first line holding only `{`.
	 */
	async execute(workflowId: string): Promise<IRun> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		const start = result.stdout.search(/^\{$/m);
		// On failure n8n logs the run as JSON followed by more log lines: take the JSON up to its closing line.
		const end = result.stdout.search(/^\}$/m);
		const run = start >= 0 && end > start ? (JSON.parse(result.stdout.slice(start, end + 1)) as IRun) : undefined;
		if (result.code !== 0 || !run) {
			const error = run?.data.resultData.error as (IDataObject & { node?: { name?: string } }) | undefined;
			const reason = error ? `${error.node?.name ?? 'workflow'}: ${String(error.message)} ${String(error.description ?? '')}` : tail(result.stdout + result.stderr);
			throw new Error(`n8n execute --id=${workflowId} exited with ${result.code}: ${reason}`);
		}
		return run;
	}

	/** The process (group) id of `n8n start`, while it runs. */
	get pid(): number | undefined {
		return this.server?.pid;
	}

	/** `n8n start`, resolved once /healthz/readiness answers 200. */
	async start(timeoutMs = 120_000): Promise<void> {
		const child = this.command(['start'], await freePort());
		this.server = child;
		child.stdout?.on('data', (chunk: Buffer) => (this.serverLog += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (this.serverLog += chunk.toString()));
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (child.exitCode !== null) throw new Error(`n8n start exited with ${child.exitCode}\n${tail(this.serverLog)}`);
			const ready = await fetch(`${this.origin}/healthz/readiness`).then(
				(response) => response.status === 200,
				() => false,
			);
			if (ready) return;
			await sleep(500);
		}
		throw new Error(`n8n start not ready after ${timeoutMs} ms\n${tail(this.serverLog)}`);
	}

	/**
	 * `n8n worker` (queue mode), resolved once it is ready to take jobs. Workers log to the same
	 * server log, each line prefixed with the worker's number.
	 */
	async startWorker(timeoutMs = 120_000): Promise<ChildProcess> {
		const number = this.workers.length + 1;
		const child = this.command(['worker', '--concurrency=5'], await freePort());
		this.workers.push(child);
		let log = '';
		const collect = (chunk: Buffer) => {
			log += chunk.toString();
			this.serverLog += chunk.toString().replace(/^/gm, `[worker ${number}] `);
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		await waitFor(`worker ${number} to be ready`, async () => {
			if (child.exitCode !== null) throw new Error(`n8n worker exited with ${child.exitCode}\n${tail(log)}`);
			return /n8n worker is now ready|Worker ready/i.test(log) ? true : undefined;
		}, timeoutMs);
		return child;
	}

	/** SIGKILL: n8n dies the way an out-of-memory kill or a pulled plug ends it, with no chance to clean up. */
	async kill(child: ChildProcess | undefined = this.server): Promise<void> {
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = once(child, 'exit');
		killGroup(child, 'SIGKILL');
		await exited;
		if (child === this.server) this.server = undefined;
	}

	/** Stops the workers, then the main process. */
	async stopAll(): Promise<void> {
		for (const worker of this.workers.splice(0)) {
			if (worker.exitCode !== null || worker.signalCode !== null) continue;
			const exited = once(worker, 'exit');
			killGroup(worker, 'SIGTERM');
			const timer = setTimeout(() => killGroup(worker, 'SIGKILL'), 20_000);
			await exited;
			clearTimeout(timer);
		}
		await this.stop();
	}

	/** SIGTERM to n8n's process group (n8n and its task runner), SIGKILL if it has not exited in 20 s. */
	async stop(): Promise<void> {
		const child = this.server;
		this.server = undefined;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = once(child, 'exit');
		killGroup(child, 'SIGTERM');
		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 20_000);
		await exited;
		clearTimeout(timer);
		// Kept with the user folder (DROP_MMS_E2E_KEEP=1) for reading after a failure.
		writeFileSync(path.join(this.userFolder, 'n8n-start.log'), this.serverLog);
	}

	/**
	 * Owner account, session cookie and a public-API key, the way a headless set-up does it
	 * (POST /rest/owner/setup → /rest/login → /rest/api-keys).
	 */
	async bootstrapApi(): Promise<void> {
		const setup = await fetch(`${this.origin}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(this.owner),
		});
		if (!setup.ok) throw new Error(`owner setup: HTTP ${setup.status} ${await setup.text()}`);
		await this.createApiKey();
	}

	/** A public-API key of the owner's, for an instance whose owner exists (one another process set up, like the demo's). */
	async createApiKey(label = 'e2e'): Promise<void> {
		const cookie = await this.login();
		const scopes = await this.rest<string[]>('GET', '/rest/api-keys/scopes', cookie);
		const key = await this.rest<{ rawApiKey: string }>('POST', '/rest/api-keys', cookie, { label, scopes, expiresAt: null });
		this.apiKey = key.rawApiKey;
	}

	/** The `n8n-auth` cookie of the owner's session. */
	async login(): Promise<string> {
		const response = await fetch(`${this.origin}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: this.owner.email, password: this.owner.password }),
		});
		if (!response.ok) throw new Error(`login: HTTP ${response.status} ${await response.text()}`);
		const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		if (!cookie) throw new Error('login set no n8n-auth cookie');
		return cookie.split(';')[0];
	}

	/** Internal REST call with the session cookie; returns the `data` field. */
	async rest<T>(method: string, route: string, cookie: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.origin}${route}`, {
			method,
			headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${text.slice(0, 500)}`);
		const parsed = JSON.parse(text) as { data?: T };
		return (parsed.data ?? parsed) as T;
	}

	/** Public API (`/api/v1`) call with the API key; returns the parsed body. */
	async api<T>(method: string, route: string, body?: unknown): Promise<T> {
		if (!this.apiKey) throw new Error('call bootstrapApi() first');
		const response = await fetch(`${this.origin}/api/v1${route}`, {
			method,
			headers: { 'x-n8n-api-key': this.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${route}: HTTP ${response.status} ${text.slice(0, 1000)}`);
		return (text ? JSON.parse(text) : {}) as T;
	}

	/**
	 * Publishes (2.x for "activates") a workflow and waits until each given production webhook path
	 * (after /webhook/) is registered: n8n 2.41 answers the publish call before it has registered them.
	 */
	async publish(workflowId: string, webhookPaths: string[]): Promise<void> {
		await this.api('POST', `/workflows/${workflowId}/publish`, {});
		for (const webhookPath of webhookPaths) {
			// A GET starts nothing: a POST-only webhook answers "not registered for GET requests", a
			// trigger that also takes GET refuses the unsigned request; only an unknown path says
			// "The requested webhook … is not registered".
			await waitFor(`webhook ${webhookPath} of ${workflowId} to be registered`, async () => {
				const response = await fetch(`${this.origin}/webhook/${webhookPath}`);
				const body = await response.text();
				return response.status === 404 && body.includes('The requested webhook') ? undefined : true;
			});
		}
	}

	async executions(workflowId: string, includeData = false): Promise<Array<IDataObject & { id: string; status: string; data?: IRun['data'] }>> {
		const body = await this.api<{ data: Array<IDataObject & { id: string; status: string; data?: IRun['data'] }> }>(
			'GET',
			`/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=${includeData}&limit=250`,
		);
		return body.data;
	}

	/** A workflow's executions as the editor lists them, running ones too (the public API leaves those out). */
	async editorExecutions(workflowId: string): Promise<Array<IDataObject & { id: string; status: string }>> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const body = await this.rest<{ results: Array<IDataObject & { id: string; status: string }> }>('GET', `/rest/executions?filter=${filter}`, await this.login());
		return body.results;
	}

	/** Every row of the data table with this name (created by example 3's set-up branch). */
	async dataTableRows(name: string): Promise<IDataObject[]> {
		const tables = await this.api<{ data: Array<{ id: string; name: string }> }>('GET', '/data-tables?limit=250');
		const table = tables.data.find((candidate) => candidate.name === name);
		if (!table) throw new Error(`no data table named ${name}; tables: ${tables.data.map((t) => t.name).join(', ')}`);
		const rows = await this.api<{ data: IDataObject[] }>('GET', `/data-tables/${table.id}/rows?limit=250`);
		return rows.data;
	}
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (!child.pid) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// already gone
	}
}

function tail(text: string, chars = 3000): string {
	return text.length > chars ? '…' + text.slice(-chars) : text;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value other than undefined, or throws with the last value seen. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await check();
			if (value !== undefined) return value;
		} catch (error) {
			last = error;
		}
		await sleep(250);
	}
	throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
