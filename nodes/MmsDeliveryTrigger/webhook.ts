/**
 * MMS Delivery Trigger: verify the provider's signature on the raw request, parse it into
 * normalized events with the provider's adapter, filter and dedupe, answer the provider the way
 * it expects, and start the workflow with one item per event.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData, WebhookType } from 'n8n-workflow';

import { adapterFor } from '../providers';
import { credentialsFor } from '../providers/node-credentials';
import type { NormalizedEvent, WebhookAck, WebhookRequest } from '../providers/types';
import { WebhookPayloadError } from '../providers/types';
import { RecentEvents } from './recent-events';

/** Providers post small documents; anything larger is not a delivery report (issue #6), unless the provider says otherwise. */
const MAX_BODY_BYTES = 1_000_000;

const recentEvents = new RecentEvents(10 * 60 * 1000, 50_000);

export async function handleDeliveryWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: unknown; readRawBody?: () => Promise<void> };
	// n8n leaves multipart bodies (MM7's multipart/related) unread for the node to read itself.
	if (req.rawBody === undefined && typeof req.readRawBody === 'function') await req.readRawBody();
	const res = this.getResponseObject();
	const adapter = adapterFor(this.getNodeParameter('provider') as string);
	const handler = adapter.webhook;
	const request: WebhookRequest = {
		method: req.method,
		urls: candidateUrls(this, req.originalUrl ?? req.url),
		headers: req.headers,
		query: req.query as WebhookRequest['query'],
		rawBody: rawBodyOf(req),
	};
	const send = (answer: WebhookAck) => {
		if (answer.contentType) res.setHeader('content-type', answer.contentType);
		res.status(answer.status).send(answer.body ?? '').end();
	};
	const reject = (status: number, reason: string): IWebhookResponseData => {
		send(handler?.reject?.(request, status, reason) ?? { status, contentType: 'text/plain; charset=utf-8', body: reason });
		return { noWebhookResponse: true };
	};

	if (!handler) return reject(404, `${adapter.displayName} sends no webhooks`);
	if (request.rawBody.length > (handler.maxBodyBytes ?? MAX_BODY_BYTES)) return reject(413, 'Payload too large');

	if (this.getNodeParameter('verifySignature', true) as boolean) {
		const credentials = await credentialsFor(this, adapter);
		const verdict = handler.verify(credentials, request, Date.now());
		if (!verdict.ok) return reject(verdict.status, verdict.status === 403 ? 'Forbidden' : 'Unauthorized');
	}

	let events: NormalizedEvent[];
	try {
		events = handler.parse(request, new Date());
	} catch (error) {
		if (error instanceof WebhookPayloadError) return reject(400, `Bad request: ${error.message}`);
		// Whatever a request holds is the sender's problem, never a 500 (which providers retry for
		// hours); a parser that should have said WebhookPayloadError is logged for us to fix.
		this.logger.warn(`MMS Delivery Trigger: the ${adapter.displayName} parser failed on a request`, { error: (error as Error).message });
		return reject(400, 'Bad request: the payload could not be read');
	}

	const wanted = new Set(this.getNodeParameter('events', []) as string[]);
	const duplicates = this.getNodeParameter('options.duplicates', 'flag') as 'flag' | 'drop';
	const scope = `${this.getWorkflow().id}:${this.getNode().id}`;
	const items = events
		.filter((event) => wanted.has(event.kind))
		.map((event) => ({ ...event, duplicate: recentEvents.seen(scope, event.provider, event.eventId) }))
		.filter((event) => !(event.duplicate && duplicates === 'drop'));

	send(handler.ack?.(request, events) ?? { status: 200 });
	if (items.length === 0) return { noWebhookResponse: true };
	return {
		noWebhookResponse: true,
		workflowData: [items.map((item) => ({ json: item as unknown as IDataObject }))],
	};
}

/** The raw bytes as the provider signed them (n8n keeps them on `req.rawBody`). */
function rawBodyOf(req: { rawBody?: unknown }): Buffer {
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
	if (typeof req.rawBody === 'string') return Buffer.from(req.rawBody);
	return Buffer.alloc(0);
}

/**
 * URLs the provider may have signed: the production URL (n8n's WEBHOOK_URL) and the endpoint
 * actually serving this request (the test URL during "listen for test event"), each with the
 * query string as received.
 */
function candidateUrls(context: IWebhookFunctions, receivedPath: string): string[] {
	const query = receivedPath.includes('?') ? receivedPath.slice(receivedPath.indexOf('?')) : '';
	const name = context.getWebhookName() as WebhookType;
	const urls = [context.getNodeWebhookUrl(name), context.getWebhookResourceUrl(name)]
		.filter((url): url is string => typeof url === 'string' && url !== '')
		.map((url) => url + query);
	return [...new Set(urls)];
}
