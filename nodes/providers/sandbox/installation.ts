/**
 * This n8n's sandbox key: 32 random bytes made on first use and kept in n8n's own folder
 * (`$N8N_USER_FOLDER/.n8n`, else `~/.n8n`, found the way n8n finds it), readable by its owner only.
 * Both nodes reach it without a credential: Send MMS Drop's simulator signs its reports with it, the
 * MMS Delivery Trigger checks them against it. A report signed by another n8n, or by nobody, fails.
 *
 * Not part of the adapter (it touches the file system); the nodes read it through `credentialsFor`.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { ProviderCredentials } from '../types';

/** Where in n8n's folder, beside n8n's own `storage/<node type>` folders. */
export const KEY_FILE = path.join('storage', 'n8n-nodes-drop-mms', 'sandbox-signing.key');

const KEY = /^[0-9a-f]{64}$/;

/** n8n's folder as @n8n/config's getN8nFolder finds it: N8N_USER_FOLDER, else the home folder, plus `.n8n`. */
export function n8nFolder(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(env.N8N_USER_FOLDER ?? env.HOME ?? env.USERPROFILE ?? process.cwd(), '.n8n');
}

export function sandboxKeyFile(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(n8nFolder(env), KEY_FILE);
}

/** Read once per process and file: a webhook request must not cost a file read. */
const known = new Map<string, string>();

/** The key (hex) in `file`, made there first if there is none. */
export function sandboxSigningKey(file: string = sandboxKeyFile()): string {
	let key = known.get(file);
	if (key) return key;
	key = readKey(file) ?? createKey(file);
	known.set(file, key);
	return key;
}

/** What the sandbox adapter gets where others get their credential. */
export function sandboxCredentials(env: NodeJS.ProcessEnv = process.env): ProviderCredentials {
	return { signingKey: sandboxSigningKey(sandboxKeyFile(env)) };
}

function readKey(file: string): string | undefined {
	let text: string;
	try {
		text = readFileSync(file, 'utf8').trim();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw new Error(`The sandbox key file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
	}
	if (!KEY.test(text)) throw new Error(`The sandbox key file ${file} is damaged: delete it, and a new key is made on next use`);
	return text;
}

/**
 * Written whole under a temporary name, then linked into place: a link never replaces a file, so
 * when two processes (the main process and a webhook process) create one at once, both end up
 * using whichever landed first, and nobody ever reads a half-written key.
 */
function createKey(file: string): string {
	const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
	try {
		mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
		writeFileSync(temporary, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
		try {
			linkSync(temporary, file);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		} finally {
			unlinkSync(temporary);
		}
	} catch (error) {
		throw new Error(`The sandbox key cannot be stored at ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}): n8n's folder must be writable`);
	}
	return readKey(file)!;
}
