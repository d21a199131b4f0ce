import { credentialTestRules, defineCredential } from '../credentials';

/** Official API origin; the credential's `baseUrl` replaces it for proxies and tests. */
export const CLICKSEND_ORIGIN = 'https://rest.clicksend.com';

export const clicksendCredential = defineCredential('dropMmsClickSendApi', 'ClickSend', {
	username: { label: 'Username', required: true },
	apiKey: { label: 'API Key', required: true, secret: true },
	webhookToken: { label: 'Webhook Token', secret: true },
	baseUrl: { label: 'Base URL' },
});

/**
 * What a failed credential Test means: ClickSend's answer to `GET /v3/account` with HTTP Basic
 * username:API key. Status codes from developers.clicksend.com/docs/rest/v3 "Status Codes"
 * (401 UNAUTHORIZED, 403 FORBIDDEN, 404 NOT_FOUND; test/fixtures/clicksend).
 */
export const CLICKSEND_TEST_FAILURES = credentialTestRules({
	401: 'ClickSend answered HTTP 401 (not authenticated): check the Username and API Key (Dashboard → Developers → API Credentials). The API Key is not your account password.',
	403: 'ClickSend answered HTTP 403 (forbidden): the Username and API Key are valid but the account may not use the API. Check that the account is active.',
	404: 'ClickSend answered HTTP 404 (not found): the Base URL is not the ClickSend API. Use https://rest.clicksend.com, with no path, or a proxy to it.',
});
