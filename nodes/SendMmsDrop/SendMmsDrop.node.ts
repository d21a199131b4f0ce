import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { providerCredentials } from '../providers';
import { executeSendMmsDrop } from './execute';
import { properties } from './properties';

export class SendMmsDrop implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Send MMS Drop',
		name: 'sendMmsDrop',
		icon: { light: 'file:../../icons/sendMmsDrop.svg', dark: 'file:../../icons/sendMmsDrop.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{"via " + $parameter["provider"]}}',
		description: 'Send one multimedia message to every incoming item: batched, paced, deduplicated, never sent twice',
		defaults: { name: 'Send MMS Drop' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Recipients', 'Summary'],
		credentials: providerCredentials,
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeSendMmsDrop.call(this);
	}
}
