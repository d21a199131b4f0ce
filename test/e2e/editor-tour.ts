/**
 * What the browser check (editor.e2e.test.ts) and the README's pictures (scripts/screenshots.ts)
 * look at, set up once on an n8n that `startDemo` started: a Twilio credential pointed at the fake
 * provider (so From's list comes from an account, on loopback), and two small workflows beside
 * the examples. Each scene opens one thing the way a user would and reads what is drawn.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Editor } from './browser';
import type { N8n, WorkflowJson } from './n8n';

export const TOUR = {
	twilio: 'DropMmsTourTwil1',
	dryRun: 'DropMmsTourDryR1',
} as const;

/** The demo's campaign example, which has an MMS Media Prep. */
export const CAMPAIGN = 'DropMmsCampaign1';

/**
 * Contacts as a CSV would give them: names, numbers in human formats, consent as text, and each
 * contact's own sender (a number pool), Ana's a number as a spreadsheet gives it rather than text.
 */
export const CONTACTS: IDataObject[] = [
	{ first_name: 'Ana', phone: '(415) 555-0101', opt_in: 'yes', sender: 14155550100 },
	{ first_name: 'Ben', phone: '415.555.0102', opt_in: 'yes', sender: '+14155550109' },
	{ first_name: 'Cleo', phone: '+1 415 555 0103', opt_in: 'no', sender: '+14155550109' },
	{ first_name: 'Dev', phone: '4155550101', opt_in: 'yes', sender: '+14155550109' },
];

const TEXT = '=Hi {{ $json.first_name }}! Our spring sale starts today: 20% off everything in store.';

/** `edges`: each node with the nodes its main output feeds. */
function workflow(id: string, name: string, nodes: WorkflowJson['nodes'], edges: Array<[string, string[]]>, extra: IDataObject = {}): WorkflowJson {
	const connections = Object.fromEntries(edges.map(([from, to]) => [from, { main: [to.map((node) => ({ node, type: 'main', index: 0 }))] }]));
	return { id, name, nodes, connections, settings: {}, ...extra };
}

const contactsTrigger = { id: 'tour-contacts', name: 'Contacts', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

/**
 * The tour's workflows; `credentialId` is the Twilio credential's, `origin` n8n's own (it serves a
 * small PNG). Two workflows, not one per scene: each opens with a load of the editor (5 to 15 s on
 * two busy cores), so what the scenes look at shares them.
 */
export function tourWorkflows(credentialId: string, origin: string): WorkflowJson[] {
	const twilio = { dropMmsTwilioApi: { id: credentialId, name: 'Twilio (fake)' } };
	return [
		workflow(
			TOUR.twilio,
			'Editor tour: Twilio, sending and delivery reports',
			[
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
				{
					id: 'tour-trigger',
					name: 'Delivery reports',
					type: 'n8n-nodes-drop-mms.mmsDeliveryTrigger',
					typeVersion: 1,
					position: [0, 300],
					webhookId: '5b7e2c1a-4d3f-4e8a-9b6c-0f1e2d3c4b5a',
					credentials: twilio,
					parameters: { provider: 'twilio' },
				},
			],
			[['Contacts', ['Send MMS Drop']]],
		),
		workflow(
			TOUR.dryRun,
			'Editor tour: a dry run to check, and a picture that already fits',
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
						// Issue #15 point 3: From per item, read whatever type the item holds.
						from: { __rl: true, mode: 'id', value: '={{ $json.sender }}' },
						to: '={{ $json.phone }}',
						text: TEXT,
						mediaUrls: 'https://example.com/spring-sale.jpg',
						options: { dryRun: true, includeInputFields: true, consent: "={{ $json.opt_in === 'yes' }}" },
					},
				},
				// A picture that already fits every budget, prepared once in the same run: n8n's own logo, served by the n8n under test.
				{
					id: 'tour-prep',
					name: 'MMS Media Prep',
					type: 'n8n-nodes-drop-mms.mmsMediaPrep',
					typeVersion: 1,
					position: [260, 300],
					executeOnce: true,
					parameters: { source: 'url', url: `${origin}/static/n8n-logo.png`, profile: 'carrierSafe', format: 'auto', outputBinaryPropertyName: 'data' },
				},
			],
			[['Contacts', ['Send MMS Drop', 'MMS Media Prep']]],
			{ pinData: { Contacts: CONTACTS.map((json) => ({ json })) } },
		),
	];
}

/** The credential and workflows, created over n8n's public API as a user's import would make them. */
export async function setUpTour(n8n: N8n, fakeOrigin: string, twilioCredentials: Record<string, string>): Promise<void> {
	const credential = await n8n.api<{ id: string }>('POST', '/credentials', { name: 'Twilio (fake)', type: 'dropMmsTwilioApi', data: { ...twilioCredentials, baseUrl: fakeOrigin, sharedKeySecret: '' } });
	const cookie = await n8n.login();
	for (const tour of tourWorkflows(credential.id, n8n.origin)) await n8n.rest('POST', '/rest/workflows', cookie, tour);
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
	await editor.waitForCredentialSlot('Twilio API');
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
	await editor.waitForCredentialSlot('Twilio API');
	await editor.selectOption('provider', 'Telnyx');
	// The slot follows the provider in the same render as the parameters and notices.
	await editor.waitForCredentialSlot('Telnyx API');
	const scene = { labels: await editor.parameterLabels(), notices: await editor.notices() };
	await editor.selectOption('provider', 'Twilio');
	await editor.waitForCredentialSlot('Twilio API');
	await editor.closeNode();
	return scene;
}

/** A dry run on the Sandbox, as the user checks it: the Recipients table and the hints; and Consent's tooltip. */
export async function dryRunScene(editor: Editor): Promise<{ header: string[]; rows: string[][]; hints: string[]; consentTooltip: string }> {
	await editor.openWorkflow(TOUR.dryRun);
	await editor.executeWorkflow(['Send MMS Drop', 'MMS Media Prep']);
	await editor.openNode('Send MMS Drop');
	await editor.widenOutput();
	const table = await editor.outputTable();
	const hints = await editor.outputHints();
	await editor.shot('dry-run-table');
	// After the picture: hovering Consent scrolls the parameters down to it.
	const consentTooltip = await editor.tooltipOf('Consent');
	await editor.closeNode();
	return { ...table, hints, consentTooltip };
}

/** MMS Delivery Trigger on Twilio: the set-up steps. */
export async function triggerScene(editor: Editor): Promise<{ notices: string[]; labels: string[] }> {
	await editor.openWorkflow(TOUR.twilio);
	await editor.openNode('Delivery reports');
	await editor.waitForCredentialSlot('Twilio API');
	const scene = { notices: await editor.notices(), labels: await editor.parameterLabels() };
	await editor.shot('trigger-setup');
	await editor.closeNode();
	return scene;
}

/** MMS Media Prep on a picture that already fits: what it made of it, in the dry run's run if it is still open. */
export async function fittingPictureScene(editor: Editor): Promise<{ header: string[]; rows: string[][] }> {
	await editor.openWorkflow(TOUR.dryRun);
	await editor.executeWorkflow(['MMS Media Prep']);
	await editor.openNode('MMS Media Prep');
	const table = await editor.outputTable();
	await editor.closeNode();
	return table;
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
