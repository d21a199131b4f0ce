import { credentialTestRules, defineCredential } from '../credentials';

/** Official API origin; the credential's `baseUrl` replaces it for proxies and tests. */
export const PLIVO_ORIGIN = 'https://api.plivo.com';

export const plivoCredential = defineCredential('dropMmsPlivoApi', 'Plivo', {
	authId: { label: 'Auth ID', required: true },
	authToken: { label: 'Auth Token', required: true, secret: true },
	baseUrl: { label: 'Base URL' },
	acceptV2Signatures: { label: 'Accept V2 Signatures', type: 'boolean' },
});

/**
 * What a failed credential Test means: Plivo's answer to `GET /v1/Account/{auth_id}/` with HTTP
 * Basic auth_id:auth_token. Plivo documents 401 "Authentication failed" and 404 "not found"
 * (plivo.com/docs/messaging/api/response; providers.md §3 lists no 403).
 */
export const PLIVO_TEST_FAILURES = credentialTestRules({
	401: 'Plivo answered HTTP 401 (not authenticated): check the Auth ID and Auth Token (Console → Overview → Account). A subaccount\'s Auth ID (SA…) needs that subaccount\'s Auth Token.',
	404: 'Plivo answered HTTP 404 (not found): no account with this Auth ID. Check the Auth ID (MA… or SA…), and that the Base URL is https://api.plivo.com, with no path, or a proxy to it.',
});
