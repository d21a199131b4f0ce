/**
 * MM7 signs nothing: an MMSC authenticates to the VASP with HTTP Basic (providers.md §9
 * "Transport", §11 "webhook auth"), using what the operator configured for the VASP URL. The
 * credential's callbackUsername/callbackPassword hold it; empty ones mean the MMSC presents the
 * same pair the VASP uses (DESIGN.md, dropMmsMm7Api). There is no timestamp, so no staleness check.
 */
import { verifyBasicAuth } from '../auth';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { mm7Credential } from './credential';

export function verifyCallback(credentials: ProviderCredentials, request: WebhookRequest): VerifyResult {
	const { callbackUsername, callbackPassword, username, password } = mm7Credential.read(credentials, []);
	const ownPair = callbackUsername !== '' || callbackPassword !== '';
	return ownPair ? verifyBasicAuth(request, callbackUsername, callbackPassword) : verifyBasicAuth(request, username, password);
}
