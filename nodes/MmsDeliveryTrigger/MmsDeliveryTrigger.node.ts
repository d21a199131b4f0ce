import type {
	IHookFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { accountListSearch } from '../drop/run';
import { providerCredentials, providerSubtitle } from '../providers';
import { properties } from './properties';
import { createRegistration, deleteRegistration, registrationExists } from './registration';
import { runInboxTrigger } from './inbox-trigger';
import { handleDeliveryWebhook } from './webhook';

const searchRegistrationTargets = accountListSearch((adapter) => (adapter.webhook?.registrar?.targets ? [adapter.webhook.registrar.targets] : undefined), 'registration targets');

export class MmsDeliveryTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MMS Delivery Trigger',
		name: 'mmsDeliveryTrigger',
		icon: { light: 'file:../../icons/mmsDeliveryTrigger.svg', dark: 'file:../../icons/mmsDeliveryTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: providerSubtitle('from'),
		description: 'Starts the workflow on verified MMS delivery reports, replies and opt-outs',
		defaults: { name: 'MMS Delivery Trigger' },
		activationMessage: 'The Production URL now takes delivery reports and replies: give it to your provider (see the set-up steps in the node).',
		// The trigger panel, in n8n's words for webhooks: which of its two URLs a provider must be given.
		triggerPanel: {
			header: 'Delivery reports and replies from your provider start this workflow',
			executionsHelp: {
				inactive:
					"This trigger has two URLs. <b>The provider must be given the Production URL</b> (the node's set-up steps say where): it takes reports once the workflow is published, and they show up in the executions list.<br /><br />The Test URL answers only while you click 'Listen for test event': useful to post one report yourself.",
				active:
					"This trigger has two URLs. <b>The provider must be given the Production URL</b> (the node's set-up steps say where): the workflow is published, so reports arriving there show up in the <a data-key=\"executions\">executions list</a>.<br /><br />The Test URL answers only while you click 'Listen for test event'.",
			},
			activationHint: 'Publish the workflow and give your provider the Production URL: reports then start it without this button.',
		},
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

	methods = {
		listSearch: {
			/** Register Webhook's target: the account's Messaging Services, messaging profiles or applications. */
			async searchRegistrationTargets(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
				return await searchRegistrationTargets.call(this, filter, paginationToken);
			},
		},
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
