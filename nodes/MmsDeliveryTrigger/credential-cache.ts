/**
 * The trigger's credentials, kept for a short time per credential id. In n8n 2.41 reading a
 * credential (`getCredentials`) builds a stand-in workflow and takes an expression isolate: about
 * 50 ms of CPU per delivery report under the default expression engine (issue #17's profile), for a
 * secret that rarely changes. A secret is read again after `CREDENTIAL_TTL_MS`, and at once (at
 * most every `REFRESH_AFTER_FAILURE_MS`) when a request fails verification with the kept one, so a
 * rotated token is used within a minute and, usually, from its first request.
 */
import type { ProviderCredentials } from '../providers/types';

/** How long a read credential is used before it is read again (documented in the README). */
export const CREDENTIAL_TTL_MS = 60_000;
/** A failed verification reads the credential again, at most this often (forged requests cannot make every request pay). */
export const REFRESH_AFTER_FAILURE_MS = 5_000;

interface Kept {
	credentials: ProviderCredentials;
	readAt: number;
	refreshedAfterFailureAt: number;
}

export class CredentialCache {
	private readonly kept = new Map<string, Kept>();

	/**
	 * The credential, read with `read` unless a fresh copy is kept. `key` is the credential's type and
	 * id; without an id (a test set-up) nothing is kept.
	 */
	async get(key: string | undefined, read: () => Promise<ProviderCredentials>, nowMs: number): Promise<ProviderCredentials> {
		const kept = key === undefined ? undefined : this.kept.get(key);
		if (kept && nowMs - kept.readAt < CREDENTIAL_TTL_MS) return kept.credentials;
		const credentials = await read();
		if (key !== undefined) this.kept.set(key, { credentials, readAt: nowMs, refreshedAfterFailureAt: kept?.refreshedAfterFailureAt ?? 0 });
		return credentials;
	}

	/** After a failed verification: a newer credential, if one may be read now and the kept one was not just read. */
	async refreshAfterFailure(key: string | undefined, read: () => Promise<ProviderCredentials>, nowMs: number): Promise<ProviderCredentials | undefined> {
		const kept = key === undefined ? undefined : this.kept.get(key);
		if (!kept || nowMs - kept.refreshedAfterFailureAt < REFRESH_AFTER_FAILURE_MS || nowMs === kept.readAt) return undefined;
		const credentials = await read();
		this.kept.set(key!, { credentials, readAt: nowMs, refreshedAfterFailureAt: nowMs });
		return credentials;
	}
}
