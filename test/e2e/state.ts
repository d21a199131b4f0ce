/**
 * What global set-up hands to the suite (n8n's folder, the run's scratch folder) and the ids of the
 * n8n and Chromium processes the suite starts, so global teardown can stop any that a crashed test left behind.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface E2eState {
	/** Folder holding node_modules/n8n (the cached install). */
	n8nDir: string;
	/** Scratch folder of this run: N8N_USER_FOLDER, the packed tarball, imports. */
	workDir: string;
	/** Seconds the n8n install took in global set-up (0 = it came from the cache). */
	installSeconds: number;
}

export const STATE_ENV = 'DROP_MMS_E2E_STATE';

export function readState(): E2eState {
	const file = process.env[STATE_ENV];
	if (!file) throw new Error(`${STATE_ENV} is not set: run the suite with npm run test:e2e (jest.e2e.config.js sets up n8n)`);
	return JSON.parse(readFileSync(file, 'utf8')) as E2eState;
}

export function writeState(state: E2eState): string {
	const file = path.join(state.workDir, 'state.json');
	writeFileSync(file, JSON.stringify(state));
	return file;
}

function pidDir(): string | undefined {
	const file = process.env[STATE_ENV];
	return file ? path.join(path.dirname(file), 'pids') : undefined;
}

export function recordPid(pid: number): void {
	const dir = pidDir();
	if (!dir) return;
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, String(pid)), '');
}

export function forgetPid(pid: number): void {
	const dir = pidDir();
	if (dir) rmSync(path.join(dir, String(pid)), { force: true });
}

/** Process-group ids of n8n and Chromium processes still recorded (started by this run, not seen exiting). */
export function recordedPids(workDir: string): number[] {
	try {
		return readdirSync(path.join(workDir, 'pids')).map(Number).filter(Number.isInteger);
	} catch {
		return [];
	}
}
