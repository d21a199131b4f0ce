/** The provider registry: one line per provider. `ProviderId` is its keys. */
import { bandwidthAdapter } from './bandwidth';
import { clicksendAdapter } from './clicksend';
import { mm7Adapter } from './mm7';
import { plivoAdapter } from './plivo';
import { sandboxAdapter } from './sandbox';
import { sinchAdapter } from './sinch';
import { telnyxAdapter } from './telnyx';
import { twilioAdapter } from './twilio';
import type { ProviderAdapter, ProviderId } from './types';
import { vonageAdapter } from './vonage';

/** Every adapter under the id it answers to: filing one under another id does not compile. */
function registry<Entries extends { [Id in keyof Entries]: ProviderAdapter<Id & string> }>(entries: Entries): Readonly<Entries> {
	return entries;
}

export const adapters = registry({
	twilio: twilioAdapter,
	telnyx: telnyxAdapter,
	plivo: plivoAdapter,
	bandwidth: bandwidthAdapter,
	sinch: sinchAdapter,
	clicksend: clicksendAdapter,
	vonage: vonageAdapter,
	mm7: mm7Adapter,
	sandbox: sandboxAdapter,
});

const registered: ProviderAdapter[] = Object.values(adapters);

export function isProviderId(provider: string): provider is ProviderId {
	return Object.prototype.hasOwnProperty.call(adapters, provider);
}

export function adapterFor(provider: string): ProviderAdapter {
	if (!isProviderId(provider)) throw new Error(`Unknown provider "${provider}"`);
	return adapters[provider];
}

/** Options for the `provider` parameter of every node, in display order. */
export const providerOptions = registered
	.map((adapter) => ({ name: adapter.displayName, value: adapter.id }))
	.sort((a, b) => a.name.localeCompare(b.name));

/**
 * A node's canvas subtitle naming its provider properly ("via Twilio", not "via twilio"): the
 * expression maps the `provider` value to the adapter's display name.
 */
export function providerSubtitle(preposition: string): string {
	const names = Object.fromEntries(registered.map((adapter) => [adapter.id, adapter.displayName]));
	return `={{ ${JSON.stringify(`${preposition} `)} + (${JSON.stringify(names)}[$parameter["provider"]] || $parameter["provider"]) }}`;
}

/**
 * `credentials` entries of a node description: one per provider that has a credential, shown for
 * that provider. (With the sandbox, which has none, n8n's editor keeps Provider in the parameters
 * instead of moving it into the credential dialog: that happens only when every option has one.)
 */
export const providerCredentials = registered.flatMap((adapter) =>
	adapter.credentialType ? [{ name: adapter.credentialType, required: true, displayOptions: { show: { provider: [adapter.id] } } }] : [],
);

/**
 * Where n8n shows the credential selector in a node's parameters (its `credentials` property type,
 * as HTTP Request and Notion use it): placed right after Provider, the credential appears under the
 * provider it is for, instead of above every parameter.
 */
export const credentialSlot = { displayName: '', name: 'credentials', type: 'credentials', default: '' } as const;

/** The ids of the providers that have `feature`, for the displayOptions of a field only they can use. */
export function providerIds(feature: (adapter: ProviderAdapter) => boolean): ProviderId[] {
	return registered.filter(feature).map((adapter) => adapter.id);
}

/** The display names of the providers that have `feature`, in display order, for messages that list them. */
export function providerNames(feature: (adapter: ProviderAdapter) => boolean): string {
	return providerOptions
		.filter(({ value }) => feature(adapters[value]))
		.map(({ name }) => name)
		.join(', ');
}

/** Where binary media can go instead of a public URL, derived from what each adapter can do. */
export function binaryMediaAlternatives(): string {
	const inline = providerNames((adapter) => adapter.capabilities.inlineMedia === true);
	return `a provider with a media store (${providerNames((adapter) => adapter.upload !== undefined)})${inline ? ` or one that sends media inline: ${inline}` : ''}`;
}
