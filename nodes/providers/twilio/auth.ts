/**
 * How Twilio authenticates REST calls (twilio.com/docs/usage/requests-to-twilio, "Authentication"):
 * HTTP Basic with the API Key SID and API Key Secret (Twilio's recommendation), or with the Account
 * SID and Auth Token. The Account SID names the account in every URL either way.
 *
 *   Authorization: Basic base64(SK…:<API Key Secret>)      Auth Type API Key
 *   Authorization: Basic base64(AC…:<Auth Token>)          Auth Type Auth Token
 *
 * Webhook signatures are another matter: Twilio signs them with the Auth Token only (verify.ts).
 */
import { basicAuth } from '../shared';
import type { ProviderCredentials } from '../types';
import { twilioCredential } from './credential';

export function twilioAuthorization(credentials: ProviderCredentials): string {
	const { authType, accountSid, authToken, apiKeySid, apiKeySecret } = twilioCredential.read(credentials);
	return authType === 'apiKey' ? basicAuth(apiKeySid, apiKeySecret) : basicAuth(accountSid, authToken);
}
