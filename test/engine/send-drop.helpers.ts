/**
 * Shared pieces of the Send MMS Drop engine tests: a workflow with one Send MMS Drop node fed
 * with recipient items, run through n8n-core against the fake provider.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { adapters } from '../../nodes/providers';
import type { ProviderId } from '../../nodes/providers/types';
import { node, runWorkflow, type RunWorkflowOptions } from '../harness/engine';
import type { FakeProviderServer } from '../fake-provider/server';

/** Credential type per provider, as the registry's adapters declare them. */
export const CREDENTIAL_TYPES = Object.fromEntries(
	Object.values(adapters).map((adapter) => [adapter.id, adapter.credentialType]),
) as Record<ProviderId, string>;

/** Credentials the fake accepts, pointed at the fake. */
export function fakeCredentials(fake: FakeProviderServer, provider: ProviderId): ICredentialDataDecryptedObject {
	const credentials: ICredentialDataDecryptedObject = { ...fake.credentialsOf(provider) };
	if (provider === 'mm7') credentials.url = `${fake.origin}/mm7`;
	else credentials.baseUrl = fake.origin;
	return credentials;
}

export interface SendDropRun {
	recipients: IDataObject[];
	summary: IDataObject;
	result: Awaited<ReturnType<typeof runWorkflow>>;
}

let runs = 0;

/**
 * Runs one Send MMS Drop workflow. Each run is its own workflow (as a new n8n workflow would be)
 * unless `extra.workflowId` names one: the drop ledger treats runs of the same workflow and
 * message as re-runs of one drop.
 */
export async function runSendDrop(
	fake: FakeProviderServer,
	provider: ProviderId,
	parameters: IDataObject,
	input: INodeExecutionData[],
	extra: Partial<RunWorkflowOptions> = {},
): Promise<SendDropRun> {
	const credentialType = CREDENTIAL_TYPES[provider];
	const result = await runWorkflow({
		nodes: [
			node('sendMmsDrop', { provider, to: '={{ $json.phone }}', ...parameters } as never, {
				name: 'Send MMS Drop',
				credentials: { [credentialType]: { id: '1', name: `${provider} test` } },
				...(extra.nodes?.[0] ?? {}),
			}),
		],
		credentials: { [credentialType]: fakeCredentials(fake, provider), ...(extra.credentials ?? {}) },
		input,
		signal: extra.signal,
		workflowId: extra.workflowId ?? `send-drop-${++runs}`,
		webhookBaseUrl: extra.webhookBaseUrl,
		settings: extra.settings,
		mode: extra.mode,
	});
	if (result.status !== 'success') {
		return { recipients: [], summary: {}, result };
	}
	const [recipients, summary] = result.outputs('Send MMS Drop');
	return { recipients: recipients.map((item) => item.json), summary: summary[0]?.json ?? {}, result };
}

export function phoneItems(phones: unknown[], extra: (index: number) => IDataObject = () => ({})): INodeExecutionData[] {
	return phones.map((phone, index) => ({ json: { phone, ...extra(index) } as IDataObject }));
}

/** `count` distinct valid US numbers in E.164 (fictional 555-01xx-style ranges). */
export function validNumbers(count: number, area = '415'): string[] {
	return Array.from({ length: count }, (_, i) => `+1${area}${String(2000000 + i).padStart(7, '0')}`);
}
