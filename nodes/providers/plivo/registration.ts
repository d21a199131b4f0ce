/**
 * The trigger's `registerWebhook` for Plivo: an Application's Message URL receives inbound
 * messages for its numbers (Application API: GET / POST /v1/Account/{auth_id}/Application/{app_id}/).
 * Delivery reports are per message (`url` on send), so the Send node's Status Callback URL covers them.
 *
 *   POST /v1/Account/MA…/Application/2018…/  { "message_url": "https://n8n…/mms", "message_method": "POST" }
 */
import { settingsRegistrar } from '../registration';
import { plivoApplications } from './lists';
import { accountUrl, authorizationOf } from './send';

export const plivoRegistrar = settingsRegistrar({
	targets: plivoApplications,
	targetLabel: 'Application ID',
	targetPlaceholder: '20372631212782780',
	url: (credentials, appId) => `${accountUrl(credentials)}Application/${encodeURIComponent(appId)}/`,
	authorization: authorizationOf,
	fields: ['message_url', 'message_method'],
	settingsFor: (url) => ({ message_url: url, message_method: 'POST' }),
	writeMethod: 'POST',
	writeBody: (settings) => ({ message_url: settings.message_url, message_method: settings.message_method || 'POST' }),
});
