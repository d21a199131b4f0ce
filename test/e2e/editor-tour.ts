/**
 * What the browser check (editor.e2e.test.ts) and the README's pictures (scripts/screenshots.ts)
 * look at, set up once on an n8n that `startDemo` started: a Twilio credential pointed at the fake
 * provider (so From's list comes from an account, on loopback), and three small workflows beside
 * the examples. Each scene opens one thing the way a user would and reads what is drawn.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Editor } from './browser';
import type { N8n, WorkflowJson } from './n8n';

export const TOUR = {
	twilio: 'DropMmsTourTwil1',
	dryRun: 'DropMmsTourDryR1',
	trigger: 'DropMmsTourTrig1',
} as const;

/** The demo's campaign example, which has an MMS Media Prep. */
export const CAMPAIGN = 'DropMmsCampaign1';

/** Contacts as a CSV would give them: names, numbers in human formats, consent as text. */
export const CONTACTS: IDataObject[] = [
	{ first_name: 'Ana', phone: '(415) 555-0101', opt_in: 'yes' },
	{ first_name: 'Ben', phone: '415.555.0102', opt_in: 'yes' },
	{ first_name: 'Cleo', phone: '+1 415 555 0103', opt_in: 'no' },
	{ first_name: 'Dev', phone: '4155550101', opt_in: 'yes' },
];

const TEXT = '=Hi {{ $json.first_name }}! Our spring sale starts today: 20% off everything in store.';

function workflow(id: string, name: string, nodes: WorkflowJson['nodes'], extra: IDataObject = {}): WorkflowJson {
	const names = nodes.map((node) => node.name);
	const connections = Object.fromEntries(names.slice(0, -1).map((from, index) => [from, { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] }]));
	return { id, name, nodes, connections: extra.connections === undefined ? connections : (extra.connections as IDataObject), settings: {}, ...extra };
}

const contactsTrigger = { id: 'tour-contacts', name: 'Contacts', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

/** The tour's workflows; `credentialId` is the Twilio credential's. */
export function tourWorkflows(credentialId: string): WorkflowJson[] {
	const twilio = { dropMmsTwilioApi: { id: credentialId, name: 'Twilio (fake)' } };
	return [
		workflow(TOUR.twilio, 'Editor tour: Send MMS Drop on Twilio', [
			contactsTrigger,
			{
				id: 'tour-send-twilio',
				name: 'Send MMS Drop',
				type: 'n8n-nodes-drop-mms.sendMmsDrop',
				typeVersion: 1,
				position: [260, 0],
				credentials: twilio,
				parameters: { provider: 'twilio', from: { __rl: true, mode: 'list', value: '' }, to: '={{ $json.phone }}', text: TEXT, mediaUrls: 'https://example.com/spring-sale.jpg', options: {} },
			},
		]),
		workflow(
			TOUR.dryRun,
			'Editor tour: a dry run to check',
			[
				contactsTrigger,
				{
					id: 'tour-send-dry',
					name: 'Send MMS Drop',
					type: 'n8n-nodes-drop-mms.sendMmsDrop',
					typeVersion: 1,
					position: [260, 0],
					parameters: {
						provider: 'sandbox',
						from: { __rl: true, mode: 'id', value: '+14155550100' },
						to: '={{ $json.phone }}',
						text: TEXT,
						mediaUrls: 'https://example.com/spring-sale.jpg',
						options: { dryRun: true, includeInputFields: true, consent: "={{ $json.opt_in === 'yes' }}" },
					},
				},
			],
			{ pinData: { Contacts: CONTACTS.map((json) => ({ json })) } },
		),
		workflow(
			TOUR.trigger,
			'Editor tour: delivery reports from Twilio',
			[{ id: 'tour-trigger', name: 'Delivery reports', type: 'n8n-nodes-drop-mms.mmsDeliveryTrigger', typeVersion: 1, position: [0, 0], webhookId: '5b7e2c1a-4d3f-4e8a-9b6c-0f1e2d3c4b5a', credentials: twilio, parameters: { provider: 'twilio' } }],
			{ connections: {} },
		),
	];
}

/** The credential and workflows, created over n8n's public API as a user's import would make them. */
export async function setUpTour(n8n: N8n, fakeOrigin: string, twilioCredentials: Record<string, string>): Promise<void> {
	const credential = await n8n.api<{ id: string }>('POST', '/credentials', { name: 'Twilio (fake)', type: 'dropMmsTwilioApi', data: { ...twilioCredentials, baseUrl: fakeOrigin, sharedKeySecret: '' } });
	const cookie = await n8n.login();
	for (const tour of tourWorkflows(credential.id)) await n8n.rest('POST', '/rest/workflows', cookie, tour);
}

export interface SendPanel {
	labels: string[];
	notices: string[];
	provider: string;
	canvas: string;
	from: string[];
}

/** Send MMS Drop on Twilio: the panel, its From list (from the fake account), the canvas subtitle. */
export async function sendPanelScene(editor: Editor): Promise<SendPanel> {
	await editor.openWorkflow(TOUR.twilio);
	const canvas = await editor.canvasText('Send MMS Drop');
	await editor.openNode('Send MMS Drop');
	const scene = { labels: await editor.parameterLabels(), notices: await editor.notices(), provider: await editor.optionValue('provider'), canvas };
	await editor.shot('send-mms-drop-panel');
	const from = await editor.locatorList('from');
	await editor.closeNode();
	return { ...scene, from };
}

/** The same node switched to Telnyx: what changes with the provider. */
export async function telnyxScene(editor: Editor): Promise<{ labels: string[]; notices: string[] }> {
	await editor.openWorkflow(TOUR.twilio);
	await editor.openNode('Send MMS Drop');
	await editor.selectOption('provider', 'Telnyx');
	const scene = { labels: await editor.parameterLabels(), notices: await editor.notices() };
	await editor.selectOption('provider', 'Twilio');
	await editor.closeNode();
	return scene;
}

/** A dry run on the Sandbox, as the user checks it: the Recipients table and the hints. */
export async function dryRunScene(editor: Editor): Promise<{ header: string[]; rows: string[][]; hints: string[] }> {
	await editor.openWorkflow(TOUR.dryRun);
	await editor.executeWorkflow();
	await editor.openNode('Send MMS Drop');
	await editor.widenOutput();
	const table = await editor.outputTable();
	const hints = await editor.outputHints();
	await editor.shot('dry-run-table');
	await editor.closeNode();
	return { ...table, hints };
}

/** MMS Delivery Trigger on Twilio: the set-up steps. */
export async function triggerScene(editor: Editor): Promise<{ notices: string[]; labels: string[] }> {
	await editor.openWorkflow(TOUR.trigger);
	await editor.openNode('Delivery reports');
	const scene = { notices: await editor.notices(), labels: await editor.parameterLabels() };
	await editor.shot('trigger-setup');
	await editor.closeNode();
	return scene;
}

/** MMS Media Prep in the campaign example. */
export async function mediaPrepScene(editor: Editor): Promise<{ canvas: string; labels: string[]; profile: string }> {
	await editor.openWorkflow(CAMPAIGN);
	const canvas = await editor.canvasText('MMS Media Prep');
	await editor.openNode('MMS Media Prep');
	const scene = { canvas, labels: await editor.parameterLabels(), profile: await editor.optionValue('profile') };
	await editor.shot('media-prep-panel');
	await editor.closeNode();
	return scene;
}
