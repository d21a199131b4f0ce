import { defineCredential } from '../credentials';

/** Official API origin; the credential's `baseUrl` replaces it for proxies and tests. */
export const TELNYX_ORIGIN = 'https://api.telnyx.com';

export const telnyxCredential = defineCredential('dropMmsTelnyxApi', 'Telnyx', {
	apiKey: { label: 'API Key', required: true, secret: true },
	publicKey: { label: 'Public Key' },
	baseUrl: { label: 'Base URL' },
});
