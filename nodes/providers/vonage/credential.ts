import { defineCredential } from '../credentials';

/** Official API origin (providers.md §6: the SDK default); the credential's `baseUrl` replaces it. */
export const VONAGE_ORIGIN = 'https://api.nexmo.com';

export const vonageCredential = defineCredential('dropMmsVonageApi', 'Vonage', {
	applicationId: { label: 'Application ID', required: true, trim: true },
	privateKey: { label: 'Private Key', required: true, secret: true },
	signatureSecret: { label: 'Signature Secret', secret: true },
	baseUrl: { label: 'Base URL' },
});
