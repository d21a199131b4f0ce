/**
 * Runs a trigger's webhook lifecycle (checkExists / create / delete) the way n8n does on
 * activation and deactivation: n8n-core's real HookContext, with the workflow's static data
 * kept between calls like n8n keeps it between activation and deactivation.
 */
import { ExecutionLifecycleHooks, HookContext } from 'n8n-core';
import type { IDataObject, IHookFunctions, INode, IWebhookData, IWorkflowBase } from 'n8n-workflow';

import type { CredentialsByType } from './credentials-helper';
import { buildWorkflow, createAdditionalData } from './engine';

export type LifecycleMethod = 'checkExists' | 'create' | 'delete';

export interface Lifecycle {
	call(method: LifecycleMethod): Promise<boolean>;
	/** The node's static data as n8n would save it with the workflow. */
	staticData: IDataObject;
	/** Production URL of the trigger's default webhook. */
	webhookUrl: string;
}

export function triggerLifecycle(node: INode, credentials: CredentialsByType, webhookBaseUrl = 'https://n8n.example.com'): Lifecycle {
	const staticData: IDataObject = {};
	const build = () => {
		const workflow = buildWorkflow({ nodes: [node], staticData });
		const hooks = new ExecutionLifecycleHooks('trigger', 'activation', { id: workflow.id, nodes: [node], connections: {} } as unknown as IWorkflowBase);
		const additionalData = createAdditionalData(credentials, hooks, webhookBaseUrl);
		const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const webhookDescription = nodeType.description.webhooks!.find((webhook) => webhook.name === 'default')!;
		const webhookData = { httpMethod: 'POST', node: node.name, path: webhookDescription.path, webhookDescription, workflowId: workflow.id } as unknown as IWebhookData;
		const context = new HookContext(workflow, node, additionalData, 'trigger', 'activate', webhookData);
		return { workflow, nodeType, context: context as IHookFunctions };
	};
	return {
		staticData,
		get webhookUrl() {
			return build().context.getNodeWebhookUrl('default') ?? '';
		},
		async call(method) {
			const { workflow, nodeType, context } = build();
			const result = await nodeType.webhookMethods!.default![method]!.call(context);
			// n8n saves what the methods left in static data with the workflow (a plain copy, as stored).
			const saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
			for (const key of Object.keys(staticData)) delete staticData[key];
			Object.assign(staticData, saved);
			return result;
		},
	};
}
