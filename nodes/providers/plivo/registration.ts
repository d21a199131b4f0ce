/**
 * The trigger's `registerWebhook` for Plivo: an Application's Message URL receives inbound
 * messages for its numbers (Application API: GET / POST /v1/Account/{auth_id}/Application/{app_id}/).
 * Delivery reports are per message (`url` on send), so the Send node's Status Callback URL covers them.
 *
 *   POST /v1/Account/MA…/Application/2018…/  { "message_url": "https://n8n…/mms", "message_method": "POST" }
 */
import { parseJson } from '../shared';
import type { HttpResponse, ProviderCredentials, WebhookRegistrar } from '../types';
import { accountUrl, authorizationOf } from './send';

function applicationUrl(credentials: ProviderCredentials, appId: string): string {
	return `${accountUrl(credentials)}Application/${encodeURIComponent(appId)}/`;
}

export const plivoRegistrar: WebhookRegistrar = {
	targetLabel: 'Application ID',
	targetPlaceholder: '20372631212782780',
	read: (credentials, appId) => ({
		method: 'GET',
		url: applicationUrl(credentials, appId),
		headers: { authorization: authorizationOf(credentials), accept: 'application/json' },
	}),
	parseSettings(response: HttpResponse) {
		const app = (parseJson(response.body) ?? {}) as Record<string, unknown>;
		const text = (field: string) => (typeof app[field] === 'string' ? (app[field] as string) : '');
		return { message_url: text('message_url'), message_method: text('message_method') };
	},
	settingsFor: (url) => ({ message_url: url, message_method: 'POST' }),
	write: (credentials, appId, settings) => ({
		method: 'POST',
		url: applicationUrl(credentials, appId),
		headers: { authorization: authorizationOf(credentials), 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify({ message_url: settings.message_url, message_method: settings.message_method || 'POST' }),
	}),
};
