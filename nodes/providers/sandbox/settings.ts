/**
 * What the sandbox reads where other adapters read their credential. It has no n8n credential: the
 * nodes hand it this installation's sandbox key (installation.ts) and, in Send MMS Drop, whose
 * limits it applies (the node's Sandbox Limits parameter).
 */
import type { ProviderCredentials } from '../types';

export interface SandboxSettings {
	/** This n8n's key for signing and checking reports, hex; none when it could not be read. */
	signingKey?: string;
	/** The provider whose limits the sandbox applies (capabilities.ts). */
	limits?: string;
}

/** The settings in the shape a node hands them over; anything else is left out. */
export function sandboxSettings(credentials: ProviderCredentials): SandboxSettings {
	const { signingKey, limits } = credentials;
	return {
		...(typeof signingKey === 'string' && signingKey !== '' ? { signingKey } : {}),
		...(typeof limits === 'string' && limits !== '' ? { limits } : {}),
	};
}
