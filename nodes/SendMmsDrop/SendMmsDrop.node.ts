import type { IExecuteFunctions, ILoadOptionsFunctions, INodeExecutionData, INodeListSearchResult, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { accountListSearch } from '../drop/run';
import { providerCredentials, providerSubtitle } from '../providers';
import { executeSendMmsDrop } from './execute';
import { properties } from './properties';
import { TOOL_DESCRIPTION } from './tool';

const searchSenders = accountListSearch((adapter) => adapter.senders, 'senders');

export class SendMmsDrop implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Send MMS Drop',
		name: 'sendMmsDrop',
		icon: { light: 'file:../../icons/sendMmsDrop.svg', dark: 'file:../../icons/sendMmsDrop.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: providerSubtitle('via'),
		description: 'Send a text or picture message (MMS) to every incoming item: bulk SMS/MMS campaigns, batched, paced, never sent twice',
		defaults: { name: 'Send MMS Drop' },
		// As an agent's tool it sends one message: its own name, and a description written for the model.
		usableAsTool: { replacements: { displayName: 'Send MMS', description: TOOL_DESCRIPTION, subtitle: providerSubtitle('via') } },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Recipients', 'Summary'],
		credentials: providerCredentials,
		properties,
	};

	methods = {
		listSearch: {
			/** From's list: the account's numbers, Messaging Services, number pools (nodes/providers/<id>/lists.ts). */
			async searchSenders(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
				return await searchSenders.call(this, filter, paginationToken);
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeSendMmsDrop.call(this);
	}
}
