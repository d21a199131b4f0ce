import { defineCredential } from '../credentials';

/** Official API origin; the credential's `baseUrl` replaces it for regional edges, proxies and tests. */
export const TWILIO_ORIGIN = 'https://api.twilio.com';

export const twilioCredential = defineCredential('dropMmsTwilioApi', 'Twilio', {
	accountSid: { label: 'Account SID', required: true },
	authToken: { label: 'Auth Token', required: true, secret: true },
	sharedKeySecret: { label: 'Webhook Shared Key Secret', secret: true },
	baseUrl: { label: 'Base URL' },
});
