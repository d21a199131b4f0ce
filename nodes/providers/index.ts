/** The provider registry: one line per provider. */
import { bandwidthAdapter } from './bandwidth';
import { clicksendAdapter } from './clicksend';
import { mm7Adapter } from './mm7';
import { plivoAdapter } from './plivo';
import { sinchAdapter } from './sinch';
import { telnyxAdapter } from './telnyx';
import { twilioAdapter } from './twilio';
import type { ProviderAdapter, ProviderId } from './types';
import { vonageAdapter } from './vonage';

export const adapters: Partial<Record<ProviderId, ProviderAdapter>> = {
	twilio: twilioAdapter,
	telnyx: telnyxAdapter,
	plivo: plivoAdapter,
	bandwidth: bandwidthAdapter,
	sinch: sinchAdapter,
	clicksend: clicksendAdapter,
	vonage: vonageAdapter,
	mm7: mm7Adapter,
};

export function adapterFor(provider: string): ProviderAdapter {
	const adapter = adapters[provider as ProviderId];
	if (!adapter) throw new Error(`Unknown provider "${provider}"`);
	return adapter;
}

/** Options for the `provider` parameter of every node, in display order. */
export const providerOptions = Object.values(adapters)
	.map((adapter) => ({ name: adapter.displayName, value: adapter.id }))
	.sort((a, b) => a.name.localeCompare(b.name));

/** `credentials` entries of a node description: one per provider, shown for that provider. */
export const providerCredentials = Object.values(adapters).map((adapter) => ({
	name: adapter.credentialType,
	required: true,
	displayOptions: { show: { provider: [adapter.id] } },
}));
