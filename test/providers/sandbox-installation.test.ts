/**
 * The sandbox key (nodes/providers/sandbox/installation.ts) and how the nodes get their provider's
 * credentials (nodes/providers/node-credentials.ts): the sandbox never asks n8n for a credential.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { adapters } from '../../nodes/providers';
import { credentialsFor } from '../../nodes/providers/node-credentials';
import { KEY_FILE, n8nFolder, sandboxCredentials, sandboxKeyFile, sandboxSigningKey } from '../../nodes/providers/sandbox/installation';

const folder = () => mkdtempSync(path.join(tmpdir(), 'sandbox-key-'));

it('finds n8n’s folder the way n8n does: N8N_USER_FOLDER, else the home folder, then .n8n', () => {
	expect(n8nFolder({ N8N_USER_FOLDER: '/srv/n8n', HOME: '/home/ana' })).toBe('/srv/n8n/.n8n');
	expect(n8nFolder({ HOME: '/home/ana' })).toBe('/home/ana/.n8n');
	expect(sandboxKeyFile({ N8N_USER_FOLDER: '/srv/n8n' })).toBe('/srv/n8n/.n8n/storage/n8n-nodes-drop-mms/sandbox-signing.key');
});

it('makes a random key on first use, readable by n8n’s user only, and gives the same one after', () => {
	const env = { N8N_USER_FOLDER: folder() };
	const file = sandboxKeyFile(env);
	expect(existsSync(file)).toBe(false);
	const { signingKey } = sandboxCredentials(env);
	expect(signingKey).toMatch(/^[0-9a-f]{64}$/);
	expect(readFileSync(file, 'utf8').trim()).toBe(signingKey);
	expect(statSync(file).mode & 0o777).toBe(0o600);
	expect(sandboxCredentials(env)).toEqual({ signingKey });
	// Nothing is left beside it (the temporary file it was written under is gone).
	expect(readdirSync(path.dirname(file))).toEqual([path.basename(KEY_FILE)]);
	// Another installation has another key.
	expect(sandboxCredentials({ N8N_USER_FOLDER: folder() }).signingKey).not.toBe(signingKey);
});

it('uses a key another process stored first', () => {
	const file = sandboxKeyFile({ N8N_USER_FOLDER: folder() });
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, 'ab'.repeat(32) + '\n');
	expect(sandboxSigningKey(file)).toBe('ab'.repeat(32));
});

it('a damaged key file is a clear error naming the file and the way out, never a key', () => {
	const file = sandboxKeyFile({ N8N_USER_FOLDER: folder() });
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, 'not a key');
	expect(() => sandboxSigningKey(file)).toThrow(`The sandbox key file ${file} is damaged: delete it, and a new key is made on next use`);
});

it('a key it cannot reach is a clear error', () => {
	// A file where n8n's folder should be: nothing can be read or made under it, whoever runs the test (root ignores modes).
	const notAFolder = path.join(folder(), 'file');
	writeFileSync(notAFolder, '');
	expect(() => sandboxCredentials({ N8N_USER_FOLDER: notAFolder })).toThrow(/^The sandbox key file .*sandbox-signing\.key cannot be read \(ENOTDIR\)$/);
});

describe('credentialsFor', () => {
	const context = (credentials: Record<string, unknown>) => {
		const asked: string[] = [];
		return {
			asked,
			getCredentials: async (type: string) => {
				asked.push(type);
				if (!(type in credentials)) throw new Error(`Node does not have any credentials set for "${type}"`);
				return credentials[type] as never;
			},
		};
	};

	it('hands a provider its n8n credential', async () => {
		const source = context({ dropMmsTwilioApi: { accountSid: 'AC1' } });
		expect(await credentialsFor(source, adapters.twilio)).toEqual({ accountSid: 'AC1' });
		expect(source.asked).toEqual(['dropMmsTwilioApi']);
	});

	it('hands the sandbox this installation’s key, never asking n8n for a credential', async () => {
		const source = context({});
		const credentials = await credentialsFor(source, adapters.sandbox);
		expect(credentials).toEqual({ signingKey: expect.stringMatching(/^[0-9a-f]{64}$/) });
		// The test's N8N_USER_FOLDER (test/setup-env.js) is where both nodes find it.
		expect(credentials).toEqual(sandboxCredentials());
		expect(source.asked).toEqual([]);
	});
});
