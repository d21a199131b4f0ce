import { defineCredential } from '../credentials';

/** Official messaging origin (providers.md §4 "Send": no regional hosts). */
export const BANDWIDTH_ORIGIN = 'https://messaging.bandwidth.com';

/** Ids are read without stray white space; user names and passwords exactly as typed. */
export const bandwidthCredential = defineCredential('dropMmsBandwidthApi', 'Bandwidth', {
	accountId: { label: 'Account ID', required: true, trim: true },
	username: { label: 'API Username', required: true },
	password: { label: 'API Password', required: true, secret: true },
	applicationId: { label: 'Messaging Application ID', required: true, trim: true },
	callbackUsername: { label: 'Callback Username' },
	callbackPassword: { label: 'Callback Password', secret: true },
	baseUrl: { label: 'Base URL' },
});
