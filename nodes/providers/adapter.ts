/**
 * Assembles an adapter from its parts and adds what is the same for all of them: a send request
 * carries 1 to `recipientsPerRequest` recipients, and a webhook check whose credential lacks a
 * field it needs refuses the request (401) instead of failing.
 */
import { refuse } from './auth';
import { capabilitiesOf } from './capabilities';
import { CredentialError, type CredentialSpec } from './credentials';
import type { ProviderAdapter, WebhookHandler } from './types';

/** `credential: null` says so on purpose: a provider without an account (the sandbox). */
export type AdapterParts<Id extends string> = Omit<ProviderAdapter<Id>, 'credentialType' | 'credential'> & { credential: CredentialSpec | null };

function refusingUnusableCredentials(verify: WebhookHandler['verify']): WebhookHandler['verify'] {
	return (credentials, request, nowMs) => {
		try {
			return verify(credentials, request, nowMs);
		} catch (error) {
			if (error instanceof CredentialError) return refuse(error.message);
			throw error;
		}
	};
}

/** The adapter; what its parts define stays defined in its type (an adapter with `validateMessage` has it). */
export function defineAdapter<const Parts extends AdapterParts<string>>(parts: Parts): ProviderAdapter<Parts['id']> & Pick<Parts, 'validateMessage'> {
	const { credential, webhook, buildSendRequest } = parts;
	const adapter: ProviderAdapter<Parts['id']> & Pick<Parts, 'validateMessage'> = {
		...parts,
		credential: credential ?? undefined,
		credentialType: credential?.type,
		buildSendRequest(credentials, batch, nowMs) {
			const count = batch.recipients.length;
			const { recipientsPerRequest } = capabilitiesOf(adapter, credentials);
			if (count < 1 || count > recipientsPerRequest) {
				throw new Error(`${adapter.displayName} takes 1 to ${recipientsPerRequest} recipients per send request; this batch has ${count}`);
			}
			return buildSendRequest(credentials, batch, nowMs);
		},
		...(webhook ? { webhook: { ...webhook, verify: refusingUnusableCredentials(webhook.verify) } } : {}),
	};
	return adapter;
}
