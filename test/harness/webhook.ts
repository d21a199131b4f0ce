/**
 * Serves a trigger node's webhook on loopback the way n8n's webhook server does: a real HTTP
 * request comes in, its raw body is kept (`req.rawBody`) and parsed (`req.body`), and n8n-core's
 * real WebhookContext runs the node's `webhook()` method. As for an active workflow, the node's
 * `trigger()` runs too (n8n-core's TriggerContext), and what it emits is recorded as executions,
 * as is the workflow data a call returns. A test call's data starts a manual execution, as in n8n:
 * its start node runs again, and a node with a `trigger()` outputs what that emits.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';

import { ExecutionLifecycleHooks, TriggerContext, WebhookContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, IRun, ITriggerFunctions, IWebhookData, IWebhookDescription, IWorkflowBase } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { listenOnLoopback } from '../loopback';
import type { CredentialsByType } from './credentials-helper';
import { buildWorkflow, createAdditionalData, runWorkflow } from './engine';

export interface WebhookServerOptions {
	node: INode;
	credentials?: CredentialsByType;
	staticData?: IDataObject;
}

export interface WebhookCall {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export class WebhookServer {
	/** Workflow data of every execution started (by a call, or emitted by the trigger), in order. */
	readonly executions: INodeExecutionData[][][] = [];
	private server: Server | undefined;
	private originValue = '';
	private closeTrigger: (() => Promise<void>) | undefined;
	private lastExecutionAt = 0;
	/** Bodies the node read itself (multipart ones, which n8n leaves unread). */
	bodyReads = 0;

	constructor(private readonly options: WebhookServerOptions) {}

	/** Production URL of a webhook of the node (`/webhook/<webhookId>/<path>`). */
	url(name = 'default'): string {
		const description = this.description(name);
		return NodeHelpers.getNodeWebhookUrl(`${this.originValue}/webhook`, 'test-workflow', this.options.node, description.path as string, false);
	}

	/** The same webhook's test URL (`/webhook-test/…`), as served while the editor listens. */
	testUrl(name = 'default'): string {
		return this.url(name).replace('/webhook/', '/webhook-test/');
	}

	async start(): Promise<string> {
		const server = createServer((req, res) => void this.handle(req, res));
		this.originValue = await listenOnLoopback(server);
		this.server = server;
		await this.startTrigger();
		return this.originValue;
	}

	async stop(): Promise<void> {
		await this.stopTrigger();
		const server = this.server;
		this.server = undefined;
		// A request whose body was never sent would keep the server open.
		server?.closeAllConnections();
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/**
	 * The executions once nothing more is on its way: no new one for `quietMs`. A test that expects
	 * none waits as long, so an execution started late would still be seen.
	 */
	async settledExecutions(quietMs = 250): Promise<INodeExecutionData[][][]> {
		const deadline = Date.now() + 10_000;
		this.lastExecutionAt = Math.max(this.lastExecutionAt, Date.now());
		while (Date.now() - this.lastExecutionAt < quietMs && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
		return this.executions;
	}

	private record(data: INodeExecutionData[][]): void {
		this.executions.push(data);
		this.lastExecutionAt = Date.now();
	}

	/** Stops the node's trigger() as n8n does when it deactivates the workflow (or goes down). */
	async stopTrigger(): Promise<void> {
		await this.closeTrigger?.();
		this.closeTrigger = undefined;
	}

	/** The node's trigger(), as n8n starts it when the workflow is activated: each emit is an execution that ends at once. */
	async startTrigger(): Promise<void> {
		const workflow = buildWorkflow({ nodes: [this.options.node], staticData: this.options.staticData });
		const nodeType = workflow.nodeTypes.getByNameAndVersion(this.options.node.type, this.options.node.typeVersion);
		if (!nodeType.trigger) return;
		const hooks = new ExecutionLifecycleHooks('trigger', 'test-trigger', { id: workflow.id, nodes: [this.options.node], connections: {} } as unknown as IWorkflowBase);
		const additionalData = createAdditionalData(this.options.credentials ?? {}, hooks, this.originValue);
		const emit: ITriggerFunctions['emit'] = (data, _response, done) => {
			this.record(data);
			done?.resolve({} as IRun);
		};
		const context = new TriggerContext(workflow, this.options.node, additionalData, 'trigger', 'activate', emit);
		const response = await nodeType.trigger.call(context);
		this.closeTrigger = response?.closeFunction;
	}

	/**
	 * What n8n 2.41 makes of a test call's workflow data when the start node also has a trigger():
	 * a manual execution whose start node runs trigger() in manual mode (WorkflowExecute
	 * .executeTriggerNode) and outputs its first emit, not the data the webhook returned.
	 */
	private async testExecution(workflowData: INodeExecutionData[][]): Promise<INodeExecutionData[][]> {
		const { node, credentials, staticData } = this.options;
		const run = await runWorkflow({ nodes: [node], credentials, staticData, input: workflowData[0], mode: 'manual', webhookBaseUrl: this.originValue });
		if (run.nodeError(node.name)) throw run.nodeError(node.name);
		return run.outputs(node.name);
	}

	/** Sends a request to the webhook with fetch and returns the node's answer. */
	async call(init: { method?: string; url?: string; headers?: Record<string, string>; body?: string | Buffer; query?: Record<string, string> }): Promise<WebhookCall> {
		const url = new URL(init.url ?? this.url());
		for (const [key, value] of Object.entries(init.query ?? {})) url.searchParams.set(key, value);
		const response = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
		const headers: WebhookCall['headers'] = {};
		response.headers.forEach((value, key) => (headers[key] = value));
		return { status: response.status, headers, body: await response.text() };
	}

	private description(name: string): IWebhookDescription {
		const workflow = buildWorkflow({ nodes: [this.options.node] });
		const nodeType = workflow.nodeTypes.getByNameAndVersion(this.options.node.type, this.options.node.typeVersion);
		const found = nodeType.description.webhooks?.find((webhook) => webhook.name === name);
		if (!found) throw new Error(`The node has no webhook "${name}"`);
		return found;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		// Like n8n 2.x, multipart bodies stay in the stream until the node reads them (`req.readRawBody()`).
		const multipart = String(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
		const rawBody = multipart ? Buffer.alloc(0) : await bodyOf(req);
		const url = new URL(req.url ?? '/', this.originValue);
		const isTest = url.pathname.startsWith('/webhook-test/');
		const workflow = buildWorkflow({ nodes: [this.options.node], staticData: this.options.staticData });
		const nodeType = workflow.nodeTypes.getByNameAndVersion(this.options.node.type, this.options.node.typeVersion);
		const webhookDescription = nodeType.description.webhooks?.find(
			(webhook) => String(webhook.httpMethod).toUpperCase() === req.method,
		);
		if (!webhookDescription || !nodeType.webhook) {
			res.writeHead(404).end('no webhook for this method');
			return;
		}

		const request = Object.assign(req, {
			rawBody: multipart ? undefined : rawBody,
			readRawBody: async () => {
				if (request.rawBody !== undefined) return;
				this.bodyReads++;
				request.rawBody = await bodyOf(req);
			},
			body: parseBody(req.headers['content-type'], rawBody),
			query: Object.fromEntries(url.searchParams),
			params: {},
			originalUrl: req.url,
			header: (name: string) => req.headers[name.toLowerCase()],
		});
		const response = Object.assign(res, {
			status(code: number) {
				res.statusCode = code;
				return response;
			},
			send(body?: unknown) {
				if (!res.headersSent && typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) {
					res.setHeader('content-type', 'application/json');
					body = JSON.stringify(body);
				}
				res.end(body as string | Buffer | undefined);
				return response;
			},
			json(body: unknown) {
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify(body));
				return response;
			},
			set(name: string, value: string) {
				res.setHeader(name, value);
				return response;
			},
			header(name: string, value: string) {
				res.setHeader(name, value);
				return response;
			},
		});

		const hooks = new ExecutionLifecycleHooks('webhook', 'test-webhook', { id: workflow.id, nodes: [this.options.node], connections: {} } as unknown as IWorkflowBase);
		const additionalData = createAdditionalData(this.options.credentials ?? {}, hooks, this.originValue);
		additionalData.httpRequest = request as never;
		additionalData.httpResponse = response as never;
		const webhookData = {
			httpMethod: req.method,
			node: this.options.node.name,
			path: webhookDescription.path,
			webhookDescription,
			workflowId: workflow.id,
			isTest,
		} as unknown as IWebhookData;
		const context = new WebhookContext(workflow, this.options.node, additionalData, isTest ? 'manual' : 'webhook', webhookData, [], null);

		try {
			const result = await nodeType.webhook.call(context);
			if (this.options.staticData) Object.assign(this.options.staticData, workflow.staticData);
			if (result.workflowData) this.record(isTest && nodeType.trigger ? await this.testExecution(result.workflowData) : result.workflowData);
			if (!result.noWebhookResponse && !res.writableEnded) {
				// n8n's answer for responseMode "onReceived" when the node leaves the response to it.
				res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result.webhookResponse ?? { message: 'Workflow was started' }));
			}
		} catch (error) {
			if (!res.writableEnded) res.writeHead(500).end(`Webhook failed: ${(error as Error).message}`);
		}
	}
}

/** What n8n's body parsers leave on `req.body` (JSON and form); other types stay raw. */
function parseBody(contentType: string | undefined, raw: Buffer): unknown {
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	try {
		if (type === 'application/json') return JSON.parse(raw.toString('utf8'));
	} catch {
		return {};
	}
	// As n8n 2.41's body parser (middlewares/body-parser.js): node:querystring, at most 1,000 keys.
	if (type === 'application/x-www-form-urlencoded') return parseQueryString(raw.toString('utf8'), '&', '=', { maxKeys: 1000 });
	return {};
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}
