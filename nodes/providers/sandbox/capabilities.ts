/**
 * The sandbox has no limits of its own: it applies those of the provider the user means to go live
 * with (the Sandbox Limits parameter), so a drop that passes in the sandbox passes there too. Default:
 * Twilio's, a new long code's 1 message per second, the slowest and best-known start.
 *
 * What it takes from that provider: recipients per request, media count and bytes, text and subject
 * lengths, required parts, the default rate and how long media must stay fetchable. What stays its
 * own: no media store (binary media is served by n8n at its signed URL, as for Twilio), a status
 * callback URL per message, and no correlation field (`dropId` and `ref` travel in the request).
 */
import { bandwidthAdapter } from '../bandwidth';
import { clicksendAdapter } from '../clicksend';
import { lookup } from '../shared';
import { mm7Adapter } from '../mm7';
import { plivoAdapter } from '../plivo';
import { sinchAdapter } from '../sinch';
import { telnyxAdapter } from '../telnyx';
import { twilioAdapter } from '../twilio';
import type { Capabilities, ProviderAdapter, ProviderCredentials } from '../types';
import { vonageAdapter } from '../vonage';
import { sandboxSettings } from './settings';

/** Whose limits the sandbox can apply, by provider id. */
export const LIMIT_PROFILES: Readonly<Record<string, ProviderAdapter<string>>> = Object.fromEntries(
	[twilioAdapter, telnyxAdapter, plivoAdapter, bandwidthAdapter, sinchAdapter, clicksendAdapter, vonageAdapter, mm7Adapter].map((adapter) => [adapter.id, adapter]),
);

export const DEFAULT_LIMITS = 'twilio';

/** The sandbox's capabilities with `profile`'s limits (the profile's static ones: an MMSC's own are a credential's). */
export function sandboxCapabilitiesOf(profile: ProviderAdapter<string>): Capabilities {
	return { ...profile.capabilities, mediaStore: false, inlineMedia: undefined, perMessageCallbackUrl: true, carriesCallbackUrl: true, correlationField: null };
}

export const sandboxCapabilities: Capabilities = sandboxCapabilitiesOf(LIMIT_PROFILES[DEFAULT_LIMITS]);

/** The capabilities for the node's choice; an unknown choice (an imported workflow) falls back to the default, which the node refuses first. */
export function capabilitiesFor(credentials: ProviderCredentials): Capabilities {
	const profile = lookup(LIMIT_PROFILES, sandboxSettings(credentials).limits);
	return profile ? sandboxCapabilitiesOf(profile) : sandboxCapabilities;
}
