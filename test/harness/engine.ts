/**
 * Runs a workflow through n8n-core's real execution engine (WorkflowExecute), modelled on n8n's
 * own NodeTestHarness: this package's nodes and credentials loaded from package.json, real
 * expression resolution, real `continueOnFail`, `pairedItem` and error output handling.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { type CredentialsByType, TestCredentialsHelper } from './credentials-helper';
import { type ExtraNodeTypes, PackageCredentialTypes, PackageNodeTypes } from './registry';

export interface RunWorkflowOptions {
	nodes: INode[];
	connections?: IConnections;
	/** Decrypted credential data by credential type name. */
	credentials?: CredentialsByType;
	/** Items fed into the first node. */
	input?: INodeExecutionData[];
	settings?: IWorkflowSettings;
	mode?: WorkflowExecuteMode;
	extraNodeTypes?: ExtraNodeTypes;
	/** Base for webhook URLs the nodes compute (e.g. the trigger's production URL). */
	webhookBaseUrl?: string;
	/** Cancel the run (the engine's cancel signal reaches the nodes). */
	signal?: AbortSignal;
	workflowId?: string;
	staticData?: IDataObject;
}

export interface WorkflowResult {
	run: IRun;
	status: IRun['status'];
	/** Items of one node's first run, per output index. */
	outputs(nodeName: string): INodeExecutionData[][];
	/** The error a node raised (undefined when it succeeded). */
	nodeError(nodeName: string): Error | undefined;
	executionOrder: string[];
}

export function createAdditionalData(
	credentials: CredentialsByType,
	hooks: ExecutionLifecycleHooks,
	webhookBaseUrl = 'http://127.0.0.1:5678',
): IWorkflowExecuteAdditionalData {
	const credentialsHelper = new TestCredentialsHelper(new PackageCredentialTypes(), credentials);
	const base = webhookBaseUrl.replace(/\/$/, '');
	return {
		credentialsHelper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used in tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('task runners are not used in tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export function buildWorkflow(options: Pick<RunWorkflowOptions, 'nodes' | 'connections' | 'settings' | 'extraNodeTypes' | 'workflowId' | 'staticData'>) {
	return new Workflow({
		id: options.workflowId ?? 'test-workflow',
		name: 'test workflow',
		nodes: options.nodes,
		connections: options.connections ?? {},
		nodeTypes: new PackageNodeTypes(options.extraNodeTypes),
		settings: options.settings,
		staticData: options.staticData,
		active: false,
	});
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowResult> {
	const workflow = buildWorkflow(options);
	const workflowData = { id: workflow.id, name: workflow.name, nodes: options.nodes, connections: options.connections ?? {} } as IWorkflowBase;
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', workflowData);
	const executionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));

	const additionalData = createAdditionalData(options.credentials ?? {}, hooks, options.webhookBaseUrl);
	const startNode = options.nodes[0];
	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.input ?? [{ json: {} }]] }, source: null },
			],
		},
	} as unknown as IRunExecutionData;

	const execute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const running = execute.processRunExecutionData(workflow);
	if (options.signal) {
		const cancel = () => running.cancel();
		if (options.signal.aborted) cancel();
		else options.signal.addEventListener('abort', cancel, { once: true });
	}
	await running.catch(() => undefined);
	const run = await finished;

	const taskOf = (nodeName: string) => run.data.resultData.runData[nodeName]?.[0];
	return {
		run,
		status: run.status,
		executionOrder,
		outputs: (nodeName) => {
			const task = taskOf(nodeName);
			if (!task) throw new Error(`Node "${nodeName}" did not run (${describeErrors(run)})`);
			return (task.data?.main ?? []).map((items) => items ?? []);
		},
		nodeError: (nodeName) => taskOf(nodeName)?.error as Error | undefined,
	};
}

function describeErrors(run: IRun): string {
	const errors = Object.entries(run.data.resultData.runData)
		.map(([name, tasks]) => (tasks[0]?.error ? `${name}: ${tasks[0].error.message}` : ''))
		.filter(Boolean);
	const workflowError = run.data.resultData.error?.message;
	return [...errors, workflowError].filter(Boolean).join('; ') || 'no errors recorded';
}

/** A one-node INode with defaults filled in, for brevity in tests. */
export function node(
	type: string,
	parameters: INode['parameters'],
	extra: Partial<INode> = {},
): INode {
	return {
		id: extra.id ?? `${extra.name ?? type}-id`,
		name: extra.name ?? type,
		type: type.includes('.') ? type : `n8n-nodes-drop-mms.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...extra,
	};
}
