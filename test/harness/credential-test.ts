/**
 * Runs a credential's `test` request as n8n's CredentialsTester does: a temporary declarative
 * node whose only property routes the test request, executed by n8n-core's RoutingNode with
 * the credential applied. Returns n8n's result shape ({ status, message }), read from a failure
 * as n8n 2.41.1 reads it (n8n dist/services/credentials-tester.service.js `runRequestTest`): an
 * HTTP status a `responseCode` rule names gives the rule's message, another status its status
 * text; a request that got no answer gives the error's code (ECONNREFUSED), else its message.
 * test/e2e/drop-mms.e2e.test.ts asks a real n8n the same questions.
 */
import { ExecuteContext, ExecutionLifecycleHooks, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeType,
	IRunExecutionData,
	IWorkflowBase,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { withDefaults } from './credentials-helper';
import { createAdditionalData } from './engine';
import { PackageCredentialTypes } from './registry';

export async function testCredential(
	type: string,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const credentialType = new PackageCredentialTypes().getByName(type);
	const test = credentialType.test;
	if (!test) return { status: 'Error', message: 'No testing function found for this credential.' };
	const fullData = withDefaults(credentialType.properties, data);

	const probe: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Credential Test' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: test.request } },
			],
		},
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'test.credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: '1', name: 'test credential' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => probe,
			getByNameAndVersion: () => probe,
			getKnownTypes: () => ({}),
		},
	});
	const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', { id: 'w', nodes: [node], connections: {} } as unknown as IWorkflowBase);
	const additionalData = createAdditionalData({ [type]: fullData }, hooks);
	const runExecutionData = { resultData: { runData: {} } } as unknown as IRunExecutionData;
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routing = new RoutingNode(context, probe, { id: '1', name: 'test credential', type, data: fullData });

	try {
		await routing.runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			const { status, statusText } = cause.response;
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		}
		if (cause?.code) return { status: 'Error', message: cause.code };
		return { status: 'Error', message: (error as Error).message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
