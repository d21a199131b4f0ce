/**
 * The trigger's `registerWebhook` for Twilio: a Messaging Service's Status Callback URL and
 * Incoming Message Request URL (Services resource, messaging.twilio.com/v1/Services/{Sid};
 * PascalCase form parameters on update, snake_case fields on read).
 *
 *   POST /v1/Services/MG…  StatusCallback=https://n8n…/mms&InboundRequestUrl=https://n8n…/mms&InboundMethod=POST
 */
import { basicAuth, originOf, parseJson } from '../shared';
import type { HttpResponse, ProviderCredentials, WebhookRegistrar } from '../types';

/** The Services resource lives on its own host; a custom baseUrl (proxy, tests) serves both. */
function serviceUrl(credentials: ProviderCredentials, serviceSid: string): string {
	const origin = originOf(credentials.baseUrl, 'https://api.twilio.com');
	const messagingOrigin = origin === 'https://api.twilio.com' ? 'https://messaging.twilio.com' : origin;
	return `${messagingOrigin}/v1/Services/${encodeURIComponent(serviceSid)}`;
}

/** Read field ⇒ update parameter. */
const FIELDS: Record<string, string> = {
	status_callback: 'StatusCallback',
	inbound_request_url: 'InboundRequestUrl',
	inbound_method: 'InboundMethod',
};

export const twilioRegistrar: WebhookRegistrar = {
	targetLabel: 'Messaging Service SID',
	targetPlaceholder: 'MG…',
	read: (credentials, serviceSid) => ({
		method: 'GET',
		url: serviceUrl(credentials, serviceSid),
		headers: { authorization: basicAuth(credentials.accountSid, credentials.authToken), accept: 'application/json' },
	}),
	parseSettings(response: HttpResponse) {
		const service = (parseJson(response.body) ?? {}) as Record<string, unknown>;
		return Object.fromEntries(
			Object.keys(FIELDS).map((field) => [field, typeof service[field] === 'string' ? (service[field] as string) : '']),
		);
	},
	settingsFor: (url) => ({ status_callback: url, inbound_request_url: url, inbound_method: 'POST' }),
	write: (credentials, serviceSid, settings) => ({
		method: 'POST',
		url: serviceUrl(credentials, serviceSid),
		headers: {
			authorization: basicAuth(credentials.accountSid, credentials.authToken),
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'application/json',
		},
		body: new URLSearchParams(
			Object.entries(settings)
				.filter(([field]) => field in FIELDS)
				.map(([field, value]): [string, string] => [FIELDS[field], value]),
		).toString(),
	}),
};
