/**
 * The examples/ workflows, read from disk and adjusted only where the test environment differs
 * from a user's: which provider and credential, where the picture lives, loopback URLs. Every
 * change is named here so what the suite runs stays recognisably the example.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import type { WorkflowJson } from './n8n';
import type { E2eProvider } from './providers';

type WorkflowNode = WorkflowJson['nodes'][number];

export const EXAMPLES = {
	drop: 'csv-media-prep-send-drop.json',
	crm: 'crm-webhook-send-mms.json',
	trigger: 'delivery-trigger-data-table.json',
} as const;

const examplesDir = path.resolve(__dirname, '../../examples');

export function loadExample(file: string): WorkflowJson {
	return JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as WorkflowJson;
}

export function nodeOf(workflow: WorkflowJson, name: string): WorkflowNode {
	const found = workflow.nodes.find((node) => node.name === name);
	if (!found) throw new Error(`${workflow.name} has no node "${name}"`);
	return found;
}

/** Points a Send MMS Drop or MMS Delivery Trigger node at a provider and its credential, by name as the examples do. */
export function useProvider(workflow: WorkflowJson, nodeName: string, provider: E2eProvider): void {
	const node = nodeOf(workflow, nodeName);
	node.parameters.provider = provider.id;
	node.credentials = { [provider.credentialType]: { id: null, name: provider.credentialName } };
}

export function setAssignment(workflow: WorkflowJson, nodeName: string, field: string, value: unknown): void {
	const assignments = (nodeOf(workflow, nodeName).parameters.assignments as { assignments: IDataObject[] }).assignments;
	const assignment = assignments.find((candidate) => candidate.name === field);
	if (!assignment) throw new Error(`${nodeName} sets no field "${field}"`);
	assignment.value = value as IDataObject[keyof IDataObject];
}

function connect(workflow: WorkflowJson, from: string, to: string): void {
	const connections = workflow.connections as Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
	connections[from] ??= { main: [[]] };
	connections[from].main[0].push({ node: to, type: 'main', index: 0 });
}

export interface DropSettings {
	id: string;
	/** undefined: keep the example's own switch (dry run on). */
	dryRun?: boolean;
	from: string;
	imageUrl: string;
	contactsCsv: string;
	/** Where a prepared picture is PUT for providers without a media store. */
	hostUrl: string;
	/** Stands in for the rows of the mms_opt_outs data table (see `cliOptOuts`). */
	optOutPhone?: string;
}

/**
 * Example 1 for one provider, runnable by `n8n execute`.
 * - Settings: the test's sender, contacts, picture URL and dry-run switch.
 * - MMS Media Prep: the provider's profile (ClickSend takes 250 KB).
 * - Send MMS Drop: provider and credential (the subject stays: a provider without one leaves it out).
 * - Providers without a media store (Twilio, Sinch, Vonage) need the picture at a public URL: a
 *   "Host prepared picture" HTTP Request node PUTs MMS Media Prep's output to the loopback host once,
 *   and Send MMS Drop sends that URL instead of the binary (what the example's note tells users).
 * - `cliOptOuts`: `n8n execute` does not start n8n's data-table module ("Attempted to use Data table
 *   node but the module is disabled"), so in CLI runs the "Opt-out list" node is a Set node of the
 *   same name returning one opt-out row, and the node creating the table before it a No Operation
 *   node. The data-table nodes themselves run under `n8n start`.
 */
export function dropWorkflow(provider: E2eProvider, settings: DropSettings, cliOptOuts: boolean): WorkflowJson {
	const workflow = loadExample(EXAMPLES.drop);
	workflow.id = settings.id;
	workflow.name = `${workflow.name} [${provider.id}]`;
	if (settings.dryRun !== undefined) setAssignment(workflow, 'Settings', 'dryRun', settings.dryRun);
	setAssignment(workflow, 'Settings', 'from', settings.from);
	setAssignment(workflow, 'Settings', 'imageUrl', settings.imageUrl);
	setAssignment(workflow, 'Settings', 'contactsCsv', settings.contactsCsv);
	nodeOf(workflow, 'MMS Media Prep').parameters.profile = provider.profile;

	useProvider(workflow, 'Send MMS Drop', provider);
	const send = nodeOf(workflow, 'Send MMS Drop');
	if (!provider.takesBinary) {
		const hostNode: WorkflowNode = {
			id: 'e2e-host-prepared-picture',
			name: 'Host prepared picture',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			// Above Send MMS Drop, so n8n's v1 order runs it first: both hang off MMS Media Prep.
			position: [1100, 200],
			executeOnce: true,
			parameters: {
				method: 'PUT',
				url: `${settings.hostUrl}/${provider.id}-spring-sale.jpg`,
				sendBody: true,
				contentType: 'binaryData',
				inputDataFieldName: 'data',
				options: {},
			},
		};
		workflow.nodes.push(hostNode);
		connect(workflow, 'MMS Media Prep', hostNode.name);
		send.parameters.binaryPropertyName = '';
		send.parameters.mediaUrls = "={{ $('Host prepared picture').first().json.url }}";
	}

	if (cliOptOuts) {
		const ensureTable = nodeOf(workflow, 'Opt-out table (created if missing)');
		Object.assign(ensureTable, { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });
		const optOuts = nodeOf(workflow, 'Opt-out list');
		optOuts.type = 'n8n-nodes-base.set';
		optOuts.typeVersion = 3.4;
		optOuts.parameters = {
			mode: 'manual',
			assignments: { assignments: [{ id: 'e2e-opt-out-phone', name: 'phone', value: settings.optOutPhone ?? '', type: 'string' }] },
			options: {},
		};
	}
	return workflow;
}

/** Example 3 for one provider: its trigger at its own webhook id, verifying with that provider's credential. */
export function triggerWorkflow(provider: E2eProvider, id: string, webhookId: string): WorkflowJson {
	const workflow = loadExample(EXAMPLES.trigger);
	workflow.id = id;
	workflow.name = `${workflow.name} [${provider.id}]`;
	useProvider(workflow, 'Delivery reports', provider);
	nodeOf(workflow, 'Delivery reports').webhookId = webhookId;
	return workflow;
}

/**
 * A running n8n has no "run this manual workflow now" call outside the editor, so to run an
 * example's manual branch inside `n8n start` the Manual Trigger is swapped for a Webhook node of
 * the same name that answers when the branch has finished. The rest of the branch is untouched.
 */
export function manualToWebhook(workflow: WorkflowJson, triggerName: string, webhookPath: string): void {
	const trigger = nodeOf(workflow, triggerName);
	if (trigger.type !== 'n8n-nodes-base.manualTrigger') throw new Error(`${triggerName} is not a Manual Trigger`);
	trigger.type = 'n8n-nodes-base.webhook';
	trigger.typeVersion = 2;
	trigger.webhookId = `e2e-${webhookPath}`;
	trigger.parameters = { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} };
}
