/**
 * What the editor shows per provider, derived from the adapters so no number is copied by hand:
 * one view per real provider, and one per limits the Sandbox can apply (it takes a real provider's
 * limits and default rate, Sandbox Limits). Each view says which parameter values select it, so a
 * node description can show a field, or a field's wording, only where it applies.
 */
import { adapters } from './index';
import { DEFAULT_LIMITS, LIMIT_PROFILES, sandboxCapabilitiesOf } from './sandbox/capabilities';
import type { Capabilities, ProviderAdapter } from './types';

export interface ProviderView {
	/** The adapter the drop goes through (the sandbox's own for a sandbox view). */
	adapter: ProviderAdapter<string>;
	capabilities: Capabilities;
	/** Whose limits these are, by name: the provider's own, or the one the Sandbox imitates. */
	limitsOf: string;
	/** How sentences name the view: "Twilio", "the Sandbox (Twilio's limits)". */
	name: string;
	/** Node parameter values that select this view (displayOptions.show). */
	show: Record<string, string[]>;
}

const realViews: ProviderView[] = Object.values(adapters)
	.filter((adapter) => !adapter.simulated)
	.map((adapter) => ({ adapter, capabilities: adapter.capabilities, limitsOf: adapter.displayName, name: adapter.displayName, show: { provider: [adapter.id] } }));

const sandboxViews: ProviderView[] = Object.values(LIMIT_PROFILES).map((profile) => ({
	adapter: adapters.sandbox,
	capabilities: sandboxCapabilitiesOf(profile),
	limitsOf: profile.displayName,
	name: `the Sandbox (${profile.displayName}'s limits)`,
	show: { provider: ['sandbox'], sandboxLimits: [profile.id] },
}));

/** Every view, real providers first. */
export const providerViews: readonly ProviderView[] = [...realViews, ...sandboxViews];

/** The view a node is in, for its provider and (on the sandbox) its Sandbox Limits. */
export function viewOf(provider: string, sandboxLimits: string = DEFAULT_LIMITS): ProviderView | undefined {
	return providerViews.find((view) => view.show.provider[0] === provider && (!view.show.sandboxLimits || view.show.sandboxLimits[0] === sandboxLimits));
}

/** "5 MB", "250 KB", "3.5 MB": decimal, as every budget here. */
export function shortBytes(bytes: number): string {
	return bytes >= 1_000_000 ? `${bytes / 1_000_000} MB` : `${bytes / 1000} KB`;
}

/** "up to 10 media, 5 MB in total", "exactly one media file (required), up to 1 MB". */
export function mediaLimits(capabilities: Capabilities): string {
	const { mediaPerMessage, maxMediaBytes, mediaRequired } = capabilities;
	if (mediaPerMessage === 1) return `${mediaRequired ? 'exactly one media file (required)' : 'one media file'}, up to ${shortBytes(maxMediaBytes)}`;
	return `up to ${mediaPerMessage} media${mediaRequired ? ' (at least one)' : ''}, ${shortBytes(maxMediaBytes)} in total`;
}
