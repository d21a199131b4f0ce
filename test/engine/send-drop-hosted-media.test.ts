/**
 * Binary media for providers that only fetch URLs (issue #12, part 1): n8n serves the file at its
 * signed binary-data URL, valid for the drop plus the provider's fetch window. Refused before
 * anything is sent when the provider could not fetch it: binary data in memory, a URL on a
 * loopback or private address (unless allowed), an execution n8n does not keep; a dry run says
 * the same as warnings.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { BinaryDataService } from 'n8n-core';
import type { INodeExecutionData } from 'n8n-workflow';

import { adapterFor } from '../../nodes/providers';
import { useFilesystemBinaryData } from '../harness/binary-data';
import { twilioApi } from '../fake-provider/providers/twilio';
import { FakeProviderServer } from '../fake-provider/server';
import { phoneItems, runSendDrop, validNumbers } from './send-drop.helpers';

const fake = new FakeProviderServer([twilioApi]);
let binaryData: BinaryDataService;
beforeAll(async () => {
	await fake.start();
	binaryData = await useFilesystemBinaryData(mkdtempSync(path.join(tmpdir(), 'hosted-media-')));
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
const PUBLIC_N8N = 'https://n8n.example.com';
const base = { from: '+14155550000', text: 'Look!', binaryPropertyName: 'data', options: { ratePerSecond: 10 } };

/** Items sharing one file stored the way n8n stores binaries in filesystem mode. */
async function withStoredFile(items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const stored = await binaryData.store({ type: 'execution', workflowId: 'w', executionId: 'e' }, GIF, { data: '', mimeType: 'image/gif', fileName: 'offer.gif' });
	return items.map((item) => ({ ...item, binary: { data: stored } }));
}

const jwtPayload = (url: string) => JSON.parse(Buffer.from(new URL(url).searchParams.get('token')!.split('.')[1], 'base64url').toString()) as { id: string; iat: number; exp: number };

it('Twilio gets the prepared file from n8n itself, at one signed URL that outlives the drop and Twilio’s queue', async () => {
	const input = await withStoredFile(phoneItems(validNumbers(20)));
	const { recipients, result } = await runSendDrop(fake, 'twilio', base, input, { webhookBaseUrl: PUBLIC_N8N });
	expect(result.nodeError('Send MMS Drop')).toBeUndefined();
	expect(recipients.every((r) => r.status === 'accepted')).toBe(true);
	const urls = new Set(fake.ledger.map((entry) => entry.media[0]));
	expect(urls.size).toBe(1);
	const [url] = urls;
	expect(url.startsWith(`${PUBLIC_N8N}/rest/binary-data/signed?token=`)).toBe(true);
	const token = jwtPayload(url);
	expect(token.id).toBe(input[0].binary!.data.id);
	// 20 recipients at 10/s = 2 s, plus the window in which Twilio may still fetch queued messages.
	expect(token.exp - token.iat).toBe(Math.ceil((2_000 + adapterFor('twilio').capabilities.mediaFetchWindowMs!) / 1000));
});

it('refuses before sending when the URL would point at a loopback or private address, naming WEBHOOK_URL; the option allows it', async () => {
	const input = await withStoredFile(phoneItems(validNumbers(3)));
	for (const origin of ['http://127.0.0.1:5678', 'http://192.168.1.20:5678', 'http://n8n.local']) {
		const { result } = await runSendDrop(fake, 'twilio', base, input, { webhookBaseUrl: origin });
		const error = result.nodeError('Send MMS Drop') as Error & { description?: string };
		expect(error.message).toMatch(/^Twilio would have to fetch offer.gif from .+, which it cannot reach$/);
		expect(error.description).toContain('WEBHOOK_URL');
	}
	expect(fake.requests).toHaveLength(0);
	const allowed = await runSendDrop(fake, 'twilio', { ...base, options: { ...base.options, allowPrivateMediaHost: true } }, input, { webhookBaseUrl: 'http://127.0.0.1:5678' });
	expect(allowed.recipients.every((r) => r.status === 'accepted')).toBe(true);
});

it('a dry run reports the same problem as a warning on the Summary and plans the drop', async () => {
	const input = await withStoredFile(phoneItems(validNumbers(3)));
	const { recipients, summary } = await runSendDrop(fake, 'twilio', { ...base, options: { ...base.options, dryRun: true } }, input, { webhookBaseUrl: 'http://127.0.0.1:5678' });
	expect(recipients.map((r) => r.status)).toEqual(['planned', 'planned', 'planned']);
	expect(summary.warnings).toEqual(expect.arrayContaining([expect.stringContaining('which it cannot reach')]));
	expect(fake.requests).toHaveLength(0);
});

it('binary data kept in memory cannot be served: refused, naming N8N_DEFAULT_BINARY_DATA_MODE', async () => {
	const input = phoneItems(validNumbers(2)).map((item) => ({ ...item, binary: { data: { data: GIF.toString('base64'), mimeType: 'image/gif', fileName: 'offer.gif' } } }));
	const { result } = await runSendDrop(fake, 'twilio', base, input, { webhookBaseUrl: PUBLIC_N8N });
	const error = result.nodeError('Send MMS Drop') as Error & { description?: string };
	expect(error.message).toBe('n8n keeps binary data in memory, so it cannot serve this file to the provider');
	expect(error.description).toContain('N8N_DEFAULT_BINARY_DATA_MODE=filesystem');
	expect(fake.requests).toHaveLength(0);
});

it('an execution n8n does not keep takes its file with it: refused, naming the setting', async () => {
	const input = await withStoredFile(phoneItems(validNumbers(2)));
	const { result } = await runSendDrop(fake, 'twilio', base, input, { webhookBaseUrl: PUBLIC_N8N, mode: 'trigger', settings: { saveDataSuccessExecution: 'none' } });
	const error = result.nodeError('Send MMS Drop') as Error & { description?: string };
	expect(error.message).toBe('n8n deletes this execution when it ends, and the file the provider must fetch with it');
	expect(error.description).toContain('EXECUTIONS_DATA_SAVE_ON_SUCCESS');
	expect(fake.requests).toHaveLength(0);
});

it('says on the Summary that count-based pruning could delete the file early', async () => {
	const input = await withStoredFile(phoneItems(validNumbers(2)));
	const { summary } = await runSendDrop(fake, 'twilio', base, input, { webhookBaseUrl: PUBLIC_N8N });
	expect(summary.warnings).toEqual([expect.stringContaining('EXECUTIONS_DATA_PRUNE_MAX_COUNT')]);
});
