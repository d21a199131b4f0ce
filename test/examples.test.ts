/**
 * The examples/ workflows run as imported (issue #16): each has a stable id (`n8n import:workflow`
 * needs one), opens with a sticky note saying what it does and what to change, and runs on the
 * sandbox, with no credential, until the user picks a real provider. The e2e suites run them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parsePhoneNumberFromString } from 'libphonenumber-js';

import { MAGIC_NUMBERS } from '../nodes/providers/sandbox/numbers';

interface ExampleNode {
	id: string;
	name: string;
	type: string;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
}

interface Example {
	id?: string;
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const folder = path.join(__dirname, '..', 'examples');
const files = readdirSync(folder).filter((file) => file.endsWith('.json'));
const examples = files.map((file) => [file, JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Example] as const);
const example = (file: string) => examples.find(([name]) => name === file)![1];
const nodeOf = (workflow: Example, name: string) => workflow.nodes.find((node) => node.name === name)!;
const OURS = /^n8n-nodes-drop-mms\.(sendMmsDrop|mmsDeliveryTrigger)$/;

it('there are the three examples the README describes', () => {
	expect(files.sort()).toEqual(['crm-webhook-send-mms.json', 'csv-media-prep-send-drop.json', 'delivery-trigger-data-table.json']);
});

it.each(examples)('%s has a stable id of n8n’s shape (16 letters and digits), its own', (_file, workflow) => {
	expect(workflow.id).toMatch(/^[A-Za-z0-9]{16}$/);
	expect(examples.filter(([, other]) => other.id === workflow.id)).toHaveLength(1);
});

it.each(examples)('%s opens with a sticky note: what it does, that it runs on the Sandbox, and what to change to go live', (_file, workflow) => {
	const [first, ...rest] = workflow.nodes;
	expect(first.type).toBe('n8n-nodes-base.stickyNote');
	// Left of everything else on the canvas: the first thing one reads.
	expect(rest.every((node) => node.position[0] > first.position[0])).toBe(true);
	const content = String(first.parameters.content);
	expect(content).toMatch(/^## /);
	expect(content).toContain('Sandbox');
	expect(content).toContain('To go live');
});

it.each(examples)('%s runs on the sandbox, with no credential to create first', (_file, workflow) => {
	const ours = workflow.nodes.filter((node) => OURS.test(node.type));
	expect(ours.length).toBeGreaterThan(0);
	for (const node of ours) {
		expect(node.parameters.provider).toBe('sandbox');
		expect(node.credentials).toBeUndefined();
	}
	expect(workflow.nodes.filter((node) => node.credentials)).toEqual([]);
});

describe('the campaign', () => {
	const campaign = example('csv-media-prep-send-drop.json');
	const settings = (name: string) =>
		(nodeOf(campaign, 'Settings').parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments.find((a) => a.name === name)!.value;

	it('creates the opt-out table it reads when it is missing, with the columns the trigger example stores, before reading it', () => {
		const ensure = nodeOf(campaign, 'Opt-out table (created if missing)');
		const created = nodeOf(example('delivery-trigger-data-table.json'), 'Create opt-out table');
		expect(ensure.parameters).toEqual({ ...created.parameters, options: { createIfNotExists: true } });
		expect(nodeOf(campaign, 'Opt-out list').parameters.dataTableId).toMatchObject({ value: ensure.parameters.tableName });
		expect(campaign.connections.Settings.main[0].map((target) => target.node)).toContain(ensure.name);
		expect(campaign.connections[ensure.name].main[0].map((target) => target.node)).toEqual(['Opt-out list']);
	});

	it('sends (no dry run: the sandbox sends nothing anyway) to contacts that include every magic number', () => {
		expect(settings('dryRun')).toBe(false);
		const phones = String(settings('contactsCsv'))
			.split('\n')
			.slice(1)
			.map((line) => parsePhoneNumberFromString(line.split(',')[0], 'US')?.number);
		for (const number of Object.keys(MAGIC_NUMBERS)) expect(phones).toContain(number);
	});

	it('takes its picture from a URL that exists once the repository is published: the file in examples/media', () => {
		const url = String(settings('imageUrl'));
		expect(url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/n8n-nodes-drop-mms\/n8n-nodes-drop-mms\/main\/examples\/media\/spring-sale\.jpg$/);
		expect(readFileSync(path.join(folder, 'media', 'spring-sale.jpg')).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
	});
});

it('the trigger example’s set-up branch can run again: it reuses the tables', () => {
	const trigger = example('delivery-trigger-data-table.json');
	for (const name of ['Create status table', 'Create opt-out table']) expect(nodeOf(trigger, name).parameters.options).toEqual({ createIfNotExists: true });
});
