/**
 * What a node hands its provider's adapter as credentials, in one place for both nodes: the n8n
 * credential of the adapter's type, or, for the sandbox, which has none, this installation's sandbox
 * key from n8n's own folder. n8n is never asked for a credential the node does not list.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { sandboxCredentials } from './sandbox/installation';
import type { ProviderAdapter, ProviderCredentials } from './types';

export interface CredentialSource {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

export async function credentialsFor(context: CredentialSource, adapter: ProviderAdapter): Promise<ProviderCredentials> {
	if (adapter.credentialType) return await context.getCredentials(adapter.credentialType);
	return adapter.simulated ? sandboxCredentials() : {};
}
