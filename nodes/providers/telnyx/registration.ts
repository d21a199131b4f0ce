/**
 * The trigger's `registerWebhook` for Telnyx: a messaging profile's `webhook_url` receives its
 * numbers' delivery reports and inbound messages (Telnyx messaging-profiles API:
 * GET / PATCH /v2/messaging_profiles/{id}).
 *
 *   PATCH /v2/messaging_profiles/3fa85f64-…  { "webhook_url": "https://n8n.example.com/webhook/…/mms" }
 */
import { settingsRegistrar } from '../registration';
import { telnyxProfiles } from './lists';
import { apiOrigin, bearerAuth } from './send';

export const telnyxRegistrar = settingsRegistrar({
	targets: telnyxProfiles,
	targetLabel: 'Messaging Profile ID',
	targetPlaceholder: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
	url: (credentials, profileId) => `${apiOrigin(credentials)}/v2/messaging_profiles/${encodeURIComponent(profileId)}`,
	authorization: bearerAuth,
	fields: ['webhook_url'],
	settingsIn: (reply) => reply.data,
	settingsFor: (url) => ({ webhook_url: url }),
	writeMethod: 'PATCH',
	// An empty URL restores "no webhook", which Telnyx stores as null.
	writeBody: (settings) => ({ webhook_url: settings.webhook_url || null }),
});
