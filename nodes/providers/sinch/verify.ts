/**
 * Sinch signs no SMS REST callback. What it offers, by arrangement with the account manager, is HTTP
 * Basic auth on the callback request (providers.md §5, Signature) — checked here against the
 * credential's `callbackUsername` / `callbackPassword`. Basic auth proves who called, not what was
 * sent: the body and timestamps are not covered, so there is no replay window to enforce.
 */
import { verifyBasicAuth } from '../auth';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { sinchCredential } from './credential';

export function verify(credentials: ProviderCredentials, request: WebhookRequest): VerifyResult {
	const { callbackUsername, callbackPassword } = sinchCredential.read(credentials, []);
	return verifyBasicAuth(request, callbackUsername, callbackPassword);
}
