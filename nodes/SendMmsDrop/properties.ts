import type { INodeProperties } from 'n8n-workflow';

import { DROP_BOUNDS, DROP_DEFAULTS, estimateDurationMs, formatDuration, formatRate } from '../drop/run';
import { adapters, credentialSlot, providerIds, providerNames, providerOptions } from '../providers';
import { mediaLimits, type ProviderView } from '../providers/views';
import { perProvider } from './per-provider';
import { sandboxProperties } from './sandbox';
import { toolProperties } from './tool';

/** Parameters an AI agent does not get: the tool fills recipient, text and media from the model. */
const notForTools = { hide: { '@tool': [true] } };

/** How each provider's default rate plays out, for the notice shown while Rate per Second is left at 0. */
function rateNotice(view: ProviderView): string {
	const { defaultRatePerSecond: rate, recipientsPerRequest } = view.capabilities;
	const takes = (count: number) => `${count.toLocaleString('en-US')} recipients take about ${formatDuration(estimateDurationMs(count, rate))}`;
	const whose = view.adapter.simulated ? `${view.limitsOf}'s default, which the Sandbox applies` : `${view.name}'s documented safe default`;
	const batches = recipientsPerRequest > 1 ? ` (${view.limitsOf} queues each batch and paces delivery itself)` : '';
	return `Sends at ${formatRate(rate)}, ${whose}${batches}: ${takes(1000)}, ${takes(10_000)}. Options → Rate per Second sets another rate; a dry run gives this drop's estimate.`;
}

/** How a file from the input reaches the provider. */
function binaryRoute(view: ProviderView): string {
	const { capabilities: c } = view;
	if (c.mediaStore) return `It is uploaded once per drop to ${view.name}'s media store`;
	if (c.inlineMedia) return `It travels inside each ${view.name} request`;
	return `${view.adapter.simulated ? 'n8n serves it' : `${view.name} fetches it from n8n itself`} at a signed URL under WEBHOOK_URL, so n8n must be reachable from the internet`;
}

const textLimit = (view: ProviderView) =>
	view.capabilities.maxTextLength ? ` ${view.name} takes up to ${view.capabilities.maxTextLength.toLocaleString('en-US')} characters, the opt-out footer included.` : '';

export const properties: INodeProperties[] = [
	{
		displayName: 'Provider',
		name: 'provider',
		type: 'options',
		noDataExpression: true,
		options: providerOptions,
		default: 'twilio',
		description: 'Who delivers the messages. Each provider has its own credential, chosen below; Sandbox needs none and sends nothing.',
	},
	// n8n's place for the credential (HTTP Request, Notion): right under the Provider it belongs to.
	credentialSlot,
	...sandboxProperties,
	...perProvider((view) => ({ displayName: rateNotice(view), name: 'rateNotice', type: 'notice', default: '' }), {
		hide: { 'options.ratePerSecond': [{ _cnd: { gt: 0 } }], '@tool': [true] },
	}),
	...perProvider((view) => {
		const lists = view.adapter.senders ?? [];
		const listed = lists.map((list) => list.label).join(' and ');
		const name = view.adapter.displayName;
		return {
			displayName: 'From',
			name: 'from',
			type: 'resourceLocator',
			// A provider that lists its senders opens on the list; the others on typing.
			default: { mode: lists.length > 0 ? 'list' : 'id', value: '' },
			required: true,
			modes: [
				...(lists.length > 0 ? [{ displayName: 'From List', name: 'list', type: 'list' as const, typeOptions: { searchListMethod: 'searchSenders', searchable: true } }] : []),
				{ displayName: 'By ID', name: 'id', type: 'string' as const, placeholder: '+14155550100' },
			],
			description:
				lists.length > 0
					? `Sender: pick one of your ${name} ${listed}, or type a number, short code or sender ID (By ID)`
					: `Sender: a number in E.164, a short code or a sender ID. ${view.adapter.sendersUnlisted ?? ''}`.trim(),
		};
	}, {}, { perAdapter: true }),
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '={{ $json.phone }}',
		required: true,
		description: 'Recipient of this item, in any human format; normalized to E.164',
		displayOptions: notForTools,
	},
	...toolProperties,
	...perProvider(
		(view) => ({
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			description: `Message text; expressions personalize it per recipient (Hi {{ $json.name }}).${textLimit(view)}`,
		}),
		notForTools,
	),
	...perProvider(
		(view) =>
			view.capabilities.maxSubjectLength === null
				? null
				: {
						displayName: 'Subject',
						name: 'subject',
						type: 'string',
						default: '',
						description: `Optional MMS subject line${typeof view.capabilities.maxSubjectLength === 'number' ? ` (${view.name}: up to ${view.capabilities.maxSubjectLength} characters)` : ''}`,
					},
		notForTools,
	),
	...perProvider(
		(view) => ({
			displayName: 'Media URLs',
			name: 'mediaUrls',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			placeholder: 'https://example.com/offer.jpg',
			description: `Public media URLs, separated by commas or new lines (an expression may return an array). ${view.name} takes ${mediaLimits(view.capabilities)} per message.`,
		}),
		notForTools,
	),
	...perProvider(
		(view) => ({
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: '',
			placeholder: 'data',
			hint: `Optional: the file in this binary field (e.g. from MMS Media Prep) goes with the message. ${binaryRoute(view)}.`,
			description: `Name of the input binary field holding a file to send. Counts toward ${view.name}'s ${mediaLimits(view.capabilities)}.`,
		}),
		notForTools,
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allow Private Media Host',
				name: 'allowPrivateMediaHost',
				type: 'boolean',
				default: DROP_DEFAULTS.allowPrivateMediaHost,
				description: `Whether n8n may hand the provider a media URL on a private or loopback address. Providers that only fetch URLs (${providerNames((adapter) => !adapter.simulated && !adapter.capabilities.mediaStore && !adapter.capabilities.inlineMedia)}) get a binary file from n8n itself, at a URL built from WEBHOOK_URL; turn this on only when the provider is inside the same network (an operator MMSC) or for tests.`,
			},
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: DROP_BOUNDS.concurrency.min, maxValue: DROP_BOUNDS.concurrency.max },
				default: DROP_DEFAULTS.concurrency,
				description: 'Requests in flight at once',
			},
			{
				displayName: 'Consent',
				name: 'consent',
				type: 'boolean',
				default: true,
				description:
					'Whether this recipient consented to receive messages (map it per item, e.g. {{ $json.optIn }}); false skips them with reason no_consent',
			},
			{
				displayName: 'Dedupe',
				name: 'dedupe',
				type: 'boolean',
				default: DROP_DEFAULTS.dedupe,
				description: 'Whether to send only once to a number that appears several times (in any format)',
			},
			{
				displayName: 'Default Country',
				name: 'defaultCountry',
				type: 'string',
				default: DROP_DEFAULTS.defaultCountry,
				description: 'ISO country code for numbers written without +country code',
			},
			{
				displayName: 'Drop ID',
				name: 'dropId',
				type: 'string',
				default: '',
				description:
					'Identifies the drop in results and delivery reports. Empty: derived from the workflow, node and message, so a re-run of the same drop has the same ID.',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: DROP_DEFAULTS.dryRun,
				description: 'Whether to only plan: validate, dedupe, suppress and count requests, sending nothing',
			},
			{
				displayName: 'Forget Drop',
				name: 'forgetDrop',
				type: 'boolean',
				default: DROP_DEFAULTS.forgetDrop,
				description:
					'Whether to clear what earlier runs of this drop recorded and send to everyone again. Off: a re-run skips recipients an earlier run sent (status skipped, reason already_sent).',
			},
			{
				displayName: 'Include Input Fields',
				name: 'includeInputFields',
				type: 'boolean',
				default: false,
				description:
					"Whether each Recipients item also carries the input item's fields (name, phone, …), so a table shows who each row is. The drop's own fields win over input fields of the same name.",
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: DROP_BOUNDS.maxRetries.min, maxValue: DROP_BOUNDS.maxRetries.max },
				default: DROP_DEFAULTS.maxRetries,
				description: 'Retries for failures that surely were not accepted (rate limits, unavailable, refused connections)',
			},
			{
				displayName: 'Opt-Out Footer',
				name: 'optOutFooter',
				type: 'string',
				default: DROP_DEFAULTS.optOutFooter,
				description: 'Appended on a new line unless the text already says how to opt out; empty disables it',
			},
			{
				displayName: 'Rate per Second',
				name: 'ratePerSecond',
				type: 'number',
				typeOptions: { minValue: DROP_BOUNDS.ratePerSecond.min, maxValue: DROP_BOUNDS.ratePerSecond.max },
				default: DROP_DEFAULTS.ratePerSecond,
				description: `Messages per second for the whole drop. 0: the provider's documented safe default (${providerOptions
					.filter(({ value }) => !adapters[value].simulated)
					.map(({ name, value }) => `${name} ${adapters[value].capabilities.defaultRatePerSecond.toLocaleString('en-US')}/s`)
					.join(', ')}; the Sandbox applies its Sandbox Limits' rate).`,
			},
			{
				displayName: 'Re-Run Window (Hours)',
				name: 'rerunWindowHours',
				type: 'number',
				typeOptions: { minValue: DROP_BOUNDS.rerunWindowHours.min, maxValue: DROP_BOUNDS.rerunWindowHours.max },
				default: DROP_DEFAULTS.rerunWindowHours,
				description:
					'How long a finished drop counts as the same drop when it runs again: within it, recipients already sent are skipped; after it, the same message is a new drop. A run that did not finish (a crash, a restart) and a drop with a Drop ID are always continued.',
			},
			{
				// n8n's own wording for this option (HTTP Request: "Timeout"; units in lower case).
				// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased
				displayName: 'Request Timeout (ms)',
				name: 'requestTimeoutMs',
				type: 'number',
				typeOptions: { minValue: DROP_BOUNDS.requestTimeoutMs.min, maxValue: DROP_BOUNDS.requestTimeoutMs.max },
				default: DROP_DEFAULTS.requestTimeoutMs,
				description:
					'Per-request timeout. A timeout after the request was sent is reported as unknown, never retried.',
			},
			{
				displayName: 'Resolve Unknown',
				name: 'resolveUnknown',
				type: 'boolean',
				default: DROP_DEFAULTS.resolveUnknown,
				// Only a provider that can be asked (adapter.lookup) can resolve anything.
				displayOptions: { show: { '/provider': providerIds((adapter) => adapter.lookup !== undefined) } },
				description:
					`Whether to ask the provider, before sending again, about recipients an earlier run of this drop may have sent (its request timed out or the run stopped mid-request); they are sent only if the provider has no record of them. Offered for the providers that can be asked: ${providerNames((adapter) => adapter.lookup !== undefined)}.`,
			},
			{
				displayName: 'Status Callback URL',
				name: 'statusCallbackUrl',
				type: 'string',
				default: '',
				// Providers whose reports go only where their console points them have no place for it.
				displayOptions: { show: { '/provider': providerIds((adapter) => adapter.capabilities.carriesCallbackUrl !== false) } },
				placeholder: 'https://n8n.example.com/webhook/…/mms',
				description:
					'Delivery-report URL (e.g. the MMS Delivery Trigger’s production URL); dropId and ref are added for correlation',
			},
			{
				displayName: 'Suppression List',
				name: 'suppressionList',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				description: 'Numbers never to send to, in any format, separated by commas or new lines (or an array)',
			},
		],
	},
];
