import { credentialTestRules, defineCredential } from '../credentials';

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

/**
 * What a failed credential Test means: Twilio's answer to `GET /2010-04-01/Accounts/{AccountSid}.json`.
 * 401 is error 20003, whose documented causes are a wrong SID/token pair, a deleted key and a key
 * of another region (twilio.com/docs/errors/20003; "any given Auth Token or API Key is only valid
 * for the Twilio Region in which it was created", twilio.com/docs/global-infrastructure/
 * manage-regional-api-credentials); 403 is 20008, test credentials (twilio.com/docs/errors/20008);
 * 404 is 20404, a SID that does not exist for these credentials or a request sent to the wrong
 * base URL (twilio.com/docs/api/errors/20404).
 */
export const TWILIO_TEST_FAILURES = credentialTestRules({
	401: 'Twilio answered HTTP 401 (not authenticated): check the Account SID and Auth Token, or with Auth Type API Key the API Key SID and API Key Secret. Credentials work only in the Twilio region that issued them: a regional Base URL needs that region\'s Auth Token or API key.',
	403: 'Twilio answered HTTP 403 (forbidden): these credentials may not read the account. Test credentials cannot (use the live Account SID and Auth Token), nor can a Restricted API key without read access to the account.',
	404: 'Twilio answered HTTP 404 (not found): these credentials see no account with this Account SID. Check the Account SID (AC…, not the API Key SID SK…; with an API key, the account the key was created in), and that the Base URL is a Twilio API origin such as https://api.twilio.com, with no path.',
});
