/**
 * The trigger's `registerWebhook` for Telnyx: a messaging profile's `webhook_url` receives its
 * numbers' delivery reports and inbound messages (Telnyx messaging-profiles API:
 * GET / PATCH /v2/messaging_profiles/{id}).
 *
 *   PATCH /v2/messaging_profiles/3fa85f64-…  { "webhook_url": "https://n8n.example.com/webhook/…/mms" }
 */
import { originOf, parseJson } from '../shared';
import type { HttpResponse, ProviderCredentials, WebhookRegistrar } from '../types';
import { TELNYX_ORIGIN } from './capabilities';
import { bearerAuth } from './send';

function profileUrl(credentials: ProviderCredentials, profileId: string): string {
	return `${originOf(credentials.baseUrl, TELNYX_ORIGIN)}/v2/messaging_profiles/${encodeURIComponent(profileId)}`;
}

export const telnyxRegistrar: WebhookRegistrar = {
	targetLabel: 'Messaging Profile ID',
	targetPlaceholder: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
	read: (credentials, profileId) => ({
		method: 'GET',
		url: profileUrl(credentials, profileId),
		headers: { authorization: bearerAuth(credentials), accept: 'application/json' },
	}),
	parseSettings(response: HttpResponse) {
		const data = (parseJson(response.body) as { data?: { webhook_url?: unknown } } | undefined)?.data;
		return { webhook_url: typeof data?.webhook_url === 'string' ? data.webhook_url : '' };
	},
	settingsFor: (url) => ({ webhook_url: url }),
	write: (credentials, profileId, settings) => ({
		method: 'PATCH',
		url: profileUrl(credentials, profileId),
		headers: { authorization: bearerAuth(credentials), 'content-type': 'application/json', accept: 'application/json' },
		// An empty URL restores "no webhook", which Telnyx stores as null.
		body: JSON.stringify({ webhook_url: settings.webhook_url || null }),
	}),
};
