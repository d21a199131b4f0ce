import { credentialTestRules, defineCredential } from '../credentials';

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

/**
 * What a failed credential Test means: Bandwidth's answer to `GET /api/v2/users/{accountId}/media`
 * with HTTP Basic API user. Bandwidth documents 401 "Authentication Failed", 403 "Access Denied"
 * and 404 for an unknown path (Bandwidth/api-docs messaging/errors.mdx; test/fixtures/bandwidth).
 */
export const BANDWIDTH_TEST_FAILURES = credentialTestRules({
	401: 'Bandwidth answered HTTP 401 (not authenticated): check the API Username and API Password: an API user\'s, not your Dashboard login.',
	403: 'Bandwidth answered HTTP 403 (forbidden): the API user may not use this account\'s messaging. Check the Account ID, and that the user has the Messaging role (Dashboard → Account → Users).',
	404: 'Bandwidth answered HTTP 404 (not found): check the Account ID, and that the Base URL is https://messaging.bandwidth.com, with no path, or a proxy to it.',
});
