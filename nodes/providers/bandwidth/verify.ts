/**
 * Bandwidth signs nothing (providers.md §4 "Signature"): callbacks are protected by the HTTP
 * Basic credentials set on the messaging Application ("Callback user ID/password", RFC 7235),
 * which the user copies into the credential's `callbackUsername` / `callbackPassword`.
 * There is no timestamp, so there is no staleness check.
 */
import { verifyBasicAuth } from '../auth';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { bandwidthCredential } from './credential';

export function verifyCallback(credentials: ProviderCredentials, request: WebhookRequest): VerifyResult {
	const { callbackUsername, callbackPassword } = bandwidthCredential.read(credentials, []);
	return verifyBasicAuth(request, callbackUsername, callbackPassword);
}
