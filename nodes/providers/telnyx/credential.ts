import { credentialTestRules, defineCredential } from '../credentials';

/** Official API origin; the credential's `baseUrl` replaces it for proxies and tests. */
export const TELNYX_ORIGIN = 'https://api.telnyx.com';

export const telnyxCredential = defineCredential('dropMmsTelnyxApi', 'Telnyx', {
	apiKey: { label: 'API Key', required: true, secret: true },
	publicKey: { label: 'Public Key' },
	baseUrl: { label: 'Base URL' },
});

/**
 * What a failed credential Test means: Telnyx's answer to `GET /v2/balance` with the API key as a
 * Bearer token. 401 is error 10009 "Authentication failed", 403 is 10010 "Authorization failed",
 * 404 is 10005 "The requested resource or URL could not be found" (developers.telnyx.com/development/
 * api-fundamentals/api-errors). A 403's causes: a key without permission for the action, a resource
 * of another account, an account that needs verification (developers.telnyx.com/development/cli/
 * troubleshooting).
 */
export const TELNYX_TEST_FAILURES = credentialTestRules({
	401: 'Telnyx answered HTTP 401 (not authenticated): check the API Key, a v2 key from Portal → Account Settings → Keys & Credentials (it starts with KEY). The Public Key is not an API key.',
	403: 'Telnyx answered HTTP 403 (forbidden): the API Key is valid but may not read the account balance. Check the key\'s permissions in the Portal, and whether the account needs verification.',
	404: 'Telnyx answered HTTP 404 (not found): the Base URL is not the Telnyx API. Use https://api.telnyx.com, with no path, or a proxy that forwards /v2/ to it.',
});
