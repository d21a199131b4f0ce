/**
 * The account-scoped part every Bandwidth request shares: the origin from the credential, the
 * `/api/v2/users/{accountId}` prefix and HTTP Basic auth with the API user (providers.md §4).
 */
import { basicAuth, originOf } from '../shared';
import type { ProviderCredentials } from '../types';

/** Official messaging origin (providers.md §4 "Send": no regional hosts). */
export const BANDWIDTH_ORIGIN = 'https://messaging.bandwidth.com';

/** A credential field as typed; ids are trimmed where used, secrets never are. */
export function credentialText(credentials: ProviderCredentials, name: string): string {
	const value = credentials[name];
	return typeof value === 'string' ? value : '';
}

/** `<origin>/api/v2/users/{accountId}`, the root of the send and media paths. */
export function accountUrl(credentials: ProviderCredentials): string {
	const origin = originOf(credentials.baseUrl, BANDWIDTH_ORIGIN);
	return `${origin}/api/v2/users/${encodeURIComponent(credentialText(credentials, 'accountId').trim())}`;
}

/** Where a stored upload lives; the message's `media` references it by this URL (§4 "Media"). */
export function mediaStoreUrl(credentials: ProviderCredentials, mediaId: string): string {
	return `${accountUrl(credentials)}/media/${encodeURIComponent(mediaId)}`;
}

export function authorization(credentials: ProviderCredentials): string {
	return basicAuth(credentials.username, credentials.password);
}
