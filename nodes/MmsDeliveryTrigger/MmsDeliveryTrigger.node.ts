import type { IHookFunctions, INodeType, INodeTypeDescription, ITriggerFunctions, ITriggerResponse, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { providerCredentials } from '../providers';
import { properties } from './properties';
import { createRegistration, deleteRegistration, registrationExists } from './registration';
import { runInboxTrigger } from './inbox-trigger';
import { handleDeliveryWebhook } from './webhook';

export class MmsDeliveryTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MMS Delivery Trigger',
		name: 'mmsDeliveryTrigger',
		icon: { light: 'file:../../icons/mmsDeliveryTrigger.svg', dark: 'file:../../icons/mmsDeliveryTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"from " + $parameter["provider"]}}',
		description: 'Starts the workflow on verified MMS delivery reports, replies and opt-outs',
		defaults: { name: 'MMS Delivery Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials,
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'mms' },
			// Plivo (and some gateways) report by GET with the fields in the query string.
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'mms' },
		],
		properties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await registrationExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createRegistration.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteRegistration.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDeliveryWebhook.call(this);
	}

	/** Starts executions from the events the webhook kept (see inbox-trigger.ts). */
	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return await runInboxTrigger.call(this);
	}
}
