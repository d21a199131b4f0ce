import type { INodeProperties } from 'n8n-workflow';

import { adapters, credentialSlot, providerIds, providerOptions } from '../providers';
import type { ProviderAdapter } from '../providers/types';
import { BATCH_DEFAULTS } from './inbox-trigger';

/**
 * Per provider, numbered steps to the point where its reports arrive: the panel shows the Test URL
 * first, so the steps start by naming the Production URL, and end with publishing, without which
 * that URL answers nothing.
 */
function setupSteps(adapter: ProviderAdapter<string>): string[] {
	const registrar = adapter.webhook?.registrar;
	return [
		'Above, open Webhook URLs, switch to Production URL and copy it (the Test URL answers only while the editor listens for a test event).',
		...(adapter.webhook?.setupSteps ?? []),
		...(registrar ? [`Or turn on Register Webhook below: publishing points your ${adapter.displayName} ${registrar.targetLabel} at the Production URL, unpublishing restores it.`] : []),
		'Publish the workflow: the Production URL takes reports only while it is published.',
	];
}

const setupNotices: INodeProperties[] = Object.values(adapters).map((adapter) => {
	const steps = setupSteps(adapter);
	return {
		// A notice keeps only a, ul and li (n8n's N8nNotice): one list item per step.
		displayName: `Set up ${adapter.displayName} in ${steps.length} steps:<ul>${steps.map((step, index) => `<li>${index + 1}. ${step.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</li>`).join('')}</ul>`,
		name: `setupNotice_${adapter.id}`,
		type: 'notice',
		default: '',
		displayOptions: { show: { provider: [adapter.id] } },
	};
});

/** Providers whose API can point callbacks at a URL. */
const registeringProviders = providerIds((adapter) => adapter.webhook?.registrar !== undefined);

/** What `registerWebhook` changes, named the provider's way (one field per provider, same name). */
const registrationTargets: INodeProperties[] = Object.values(adapters).flatMap((adapter) => {
	const registrar = adapter.webhook?.registrar;
	if (!registrar) return [];
	return [
		{
			displayName: registrar.targetLabel,
			name: 'registrationTarget',
			type: 'resourceLocator' as const,
			default: { mode: registrar.targets ? 'list' : 'id', value: '' },
			required: true,
			modes: [
				...(registrar.targets ? [{ displayName: 'From List', name: 'list', type: 'list' as const, typeOptions: { searchListMethod: 'searchRegistrationTargets', searchable: true } }] : []),
				{ displayName: 'By ID', name: 'id', type: 'string' as const, placeholder: registrar.targetPlaceholder },
			],
			displayOptions: { show: { provider: [adapter.id], registerWebhook: [true] } },
			description: `The ${adapter.displayName} ${registrar.targetLabel} whose callback URL this trigger takes over while published: pick it from your account, or type its ID`,
		},
	];
});

export const properties: INodeProperties[] = [
	{
		displayName: 'Provider',
		name: 'provider',
		type: 'options',
		noDataExpression: true,
		options: providerOptions,
		default: 'twilio',
		description: 'Whose delivery reports and replies arrive here. Each provider has its own credential, chosen below, which verifies them; Sandbox needs none.',
	},
	credentialSlot,
	...setupNotices,
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{ name: 'Inbound Message', value: 'inbound', description: 'A reply or other message from a recipient' },
			{ name: 'Opt-In', value: 'opt_in', description: 'START / UNSTOP from a recipient' },
			{ name: 'Opt-Out', value: 'opt_out', description: 'STOP-type keyword from a recipient' },
			{ name: 'Status', value: 'status', description: 'Delivery report for a sent message' },
		],
		default: ['status', 'inbound', 'opt_out', 'opt_in'],
		description: 'Which events start the workflow; others are acknowledged and dropped',
	},
	{
		displayName: 'Verify Signature',
		name: 'verifySignature',
		type: 'boolean',
		default: true,
		description: 'Whether to reject requests whose provider signature or credentials do not verify (401/403)',
	},
	{
		displayName:
			'Signature verification is off: anyone who knows this URL can start the workflow. Use this only for local testing.',
		name: 'verifyOffNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { verifySignature: [false] } },
	},
	{
		displayName: 'Register Webhook',
		name: 'registerWebhook',
		type: 'boolean',
		default: false,
		displayOptions: { show: { provider: registeringProviders } },
		description:
			'Whether to point the provider’s callback setting at this trigger when the workflow is activated, and restore the previous value when it is deactivated',
	},
	...registrationTargets,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				// Units in lower case, as n8n writes them ("Request Timeout (ms)").
				// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased
				displayName: 'Collect Events For (ms)',
				name: 'collectForMs',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 600_000 },
				default: BATCH_DEFAULTS.collectForMs,
				description:
					'How long the first waiting event may wait for others to join its execution. 0: an execution starts as soon as n8n can take it, with every event waiting by then (up to Max Events per Execution).',
			},
			{
				displayName: 'Max Events per Execution',
				name: 'maxEventsPerExecution',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10_000 },
				default: BATCH_DEFAULTS.maxEventsPerExecution,
				description:
					'Most events (items) one execution carries. A storm of delivery reports then runs as a few executions of many items instead of thousands of executions; 1 starts an execution per event.',
			},
			{
				displayName: 'Repeated Deliveries',
				name: 'duplicates',
				type: 'options',
				options: [
					{ name: 'Flag', value: 'flag', description: 'Emit it again with duplicate: true' },
					{ name: 'Drop', value: 'drop', description: 'Acknowledge it without starting the workflow' },
				],
				default: 'flag',
				description:
					'What to do with an event seen again within 10 minutes (providers deliver at least once, and a captured request may be replayed). Events are known by what their signature covers, across restarts of n8n.',
			},
		],
	},
];
