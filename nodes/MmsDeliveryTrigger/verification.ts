/**
 * A trigger whose credential can verify no request would answer every provider call 401 and start
 * nothing, silently. It refuses to start listening instead, saying what the credential lacks (a
 * Twilio credential with an API key but no Auth Token: Twilio signs with the Auth Token only).
 * n8n runs the webhook's `checkExists` on activation and when the editor listens for a test event,
 * so the refusal shows in both places.
 */
import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { adapterFor } from '../providers';
import { credentialsFor } from '../providers/node-credentials';

export async function refuseUnverifiableCredential(context: IHookFunctions): Promise<void> {
	if (!(context.getNodeParameter('verifySignature', true) as boolean)) return;
	const adapter = adapterFor(context.getNodeParameter('provider') as string);
	const unverifiableReason = adapter.webhook?.unverifiableReason;
	if (!unverifiableReason) return;
	const reason = unverifiableReason(await credentialsFor(context, adapter));
	if (reason) {
		throw new NodeOperationError(context.getNode(), reason, {
			description: `With Verify Signature on, the trigger would refuse every request from ${adapter.displayName} (401) and start no execution.`,
		});
	}
}
