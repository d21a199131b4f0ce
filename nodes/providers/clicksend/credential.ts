import { defineCredential } from '../credentials';

/** Official API origin; the credential's `baseUrl` replaces it for proxies and tests. */
export const CLICKSEND_ORIGIN = 'https://rest.clicksend.com';

export const clicksendCredential = defineCredential('dropMmsClickSendApi', 'ClickSend', {
	username: { label: 'Username', required: true },
	apiKey: { label: 'API Key', required: true, secret: true },
	webhookToken: { label: 'Webhook Token', secret: true },
	baseUrl: { label: 'Base URL' },
});
