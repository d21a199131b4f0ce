/**
 * The account-scoped part every Bandwidth request shares: the origin from the credential, the
 * `/api/v2/users/{accountId}` prefix and HTTP Basic auth with the API user (providers.md §4).
 */
import { basicAuth, originOf } from '../shared';
import type { ProviderCredentials } from '../types';
import { BANDWIDTH_ORIGIN, bandwidthCredential } from './credential';

/** `<origin>/api/v2/users/{accountId}`, the root of the send and media paths. */
export function accountUrl(credentials: ProviderCredentials): string {
	const { accountId, baseUrl } = bandwidthCredential.read(credentials);
	return `${originOf(baseUrl, BANDWIDTH_ORIGIN)}/api/v2/users/${encodeURIComponent(accountId)}`;
}

/** Where a stored upload lives; the message's `media` references it by this URL (§4 "Media"). */
export function mediaStoreUrl(credentials: ProviderCredentials, mediaId: string): string {
	return `${accountUrl(credentials)}/media/${encodeURIComponent(mediaId)}`;
}

export function authorization(credentials: ProviderCredentials): string {
	const { username, password } = bandwidthCredential.read(credentials);
	return basicAuth(username, password);
}
