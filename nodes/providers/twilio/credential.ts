import { defineCredential } from '../credentials';

/** Official API origin; the credential's `baseUrl` replaces it for regional edges, proxies and tests. */
export const TWILIO_ORIGIN = 'https://api.twilio.com';

/**
 * Auth Type `authToken` or `apiKey`, with the field names of n8n's own Twilio credential (nodes-base
 * TwilioApi.credentials.ts); auth.ts says how each authenticates. The Auth Token is required with
 * Auth Type Auth Token only; with an API key it serves one purpose: Twilio signs webhooks with the
 * account's Auth Token, never with an API key (verify.ts).
 */
export const twilioCredential = defineCredential('dropMmsTwilioApi', 'Twilio', {
	authType: { label: 'Auth Type', default: 'authToken' },
	accountSid: { label: 'Account SID', required: true },
	apiKeySid: { label: 'API Key SID', requiredWhen: { authType: ['apiKey'] } },
	apiKeySecret: { label: 'API Key Secret', secret: true, requiredWhen: { authType: ['apiKey'] } },
	authToken: { label: 'Auth Token', secret: true, requiredWhen: { authType: ['authToken'] } },
	sharedKeySecret: { label: 'Webhook Shared Key Secret', secret: true },
	baseUrl: { label: 'Base URL' },
});

