/**
 * The node reads and writes binaries through n8n's helpers, so stored binary modes (which keep
 * only an id on the item) work like in-memory ones. Here: filesystem mode, set up the way n8n
 * does at start-up, in a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';
import sharp from 'sharp';

import { node, runWorkflow } from '../harness/engine';
import { useFilesystemBinaryData } from '../harness/binary-data';
import { logoPng } from './fixtures';

const folder = mkdtempSync(path.join(tmpdir(), 'mms-media-binary-'));
let service: BinaryDataService;

beforeAll(async () => {
	service = await useFilesystemBinaryData(folder);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

it('prepares a binary stored on disk and stores the result there too', async () => {
	const stored = await service.store({ type: 'execution', workflowId: 'test-workflow', executionId: 'test-execution' }, await logoPng(300), {
		data: '',
		mimeType: 'image/png',
		fileName: 'logo.png',
	} as IBinaryData);
	expect(stored.id).toMatch(/^filesystem/);

	const result = await runWorkflow({
		nodes: [node('mmsMediaPrep', { source: 'binary', binaryPropertyName: 'data', profile: 'universal', format: 'jpeg', outputBinaryPropertyName: 'out' }, { name: 'Prep' })],
		input: [{ json: {}, binary: { data: stored } }],
	});
	expect(result.nodeError('Prep')).toBeUndefined();
	const [item] = result.outputs('Prep')[0];
	const out = item.binary!.out as IBinaryData;
	expect(out).toMatchObject({ mimeType: 'image/jpeg', fileName: 'logo.jpg' });
	expect(out.id).toMatch(/^filesystem/);
	const written = await service.getAsBuffer(out);
	expect(await sharp(written).metadata()).toMatchObject({ format: 'jpeg', width: 300, height: 300 });
	expect(item.json.bytes).toBe(written.length);
});
