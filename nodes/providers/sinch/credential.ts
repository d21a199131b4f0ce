import { defineCredential } from '../credentials';

/** Regions with their own XMS host, `https://{region}.sms.api.sinch.com` (providers.md §5). */
export const SINCH_REGIONS = ['us', 'eu', 'au', 'br', 'ca'] as const;

export const DEFAULT_SINCH_REGION = 'us';

export const sinchCredential = defineCredential('dropMmsSinchApi', 'Sinch', {
	servicePlanId: { label: 'Service Plan ID', required: true },
	apiToken: { label: 'API Token', required: true, secret: true },
	region: { label: 'Region' },
	baseUrl: { label: 'Base URL' },
	callbackUsername: { label: 'Callback Username' },
	callbackPassword: { label: 'Callback Password', secret: true },
	callbackSigningSecret: { label: 'Callback Signing Secret', secret: true },
});
