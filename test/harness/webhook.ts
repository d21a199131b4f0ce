/**
 * Serves a trigger node's webhook on loopback the way n8n's webhook server does: a real HTTP
 * request comes in, its raw body is kept (`req.rawBody`) and parsed (`req.body`), and n8n-core's
 * real WebhookContext runs the node's `webhook()` method. Each call's workflow data is recorded
 * as an execution; requests the node answers without workflow data start none.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import { ExecutionLifecycleHooks, WebhookContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, IWebhookData, IWebhookDescription, IWorkflowBase } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { listenOnLoopback } from '../loopback';
import type { CredentialsByType } from './credentials-helper';
import { buildWorkflow, createAdditionalData } from './engine';

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
	/** Workflow data of every request that started an execution, in arrival order. */
	readonly executions: INodeExecutionData[][][] = [];
	private server: Server | undefined;
	private originValue = '';

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
		return this.originValue;
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
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
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
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

		// Like n8n 2.x, multipart bodies are left for the node to read (`req.readRawBody()`).
		const multipart = String(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
		const request = Object.assign(req, {
			rawBody: multipart ? undefined : rawBody,
			readRawBody: async () => {
				request.rawBody = rawBody;
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
			if (result.workflowData) this.executions.push(result.workflowData);
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
	if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
	return {};
}
