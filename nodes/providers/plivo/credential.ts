import { defineCredential } from '../credentials';

/** Official API origin; the credential's `baseUrl` replaces it for proxies and tests. */
export const PLIVO_ORIGIN = 'https://api.plivo.com';

export const plivoCredential = defineCredential('dropMmsPlivoApi', 'Plivo', {
	authId: { label: 'Auth ID', required: true },
	authToken: { label: 'Auth Token', required: true, secret: true },
	baseUrl: { label: 'Base URL' },
	acceptV2Signatures: { label: 'Accept V2 Signatures', type: 'boolean' },
});
