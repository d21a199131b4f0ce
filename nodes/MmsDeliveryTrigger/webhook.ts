/**
 * MMS Delivery Trigger: verify the provider's signature on the raw request, parse it into
 * normalized events with the provider's adapter, filter, keep them durably in the trigger's inbox
 * (duplicates flagged or dropped there), and only then answer the provider the way it expects.
 * The inbox's drain (`inbox-trigger.ts`) starts the executions; an event that could not be kept is
 * answered 503, so the provider sends it again (issue #17).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

import type { IDataObject, IWebhookFunctions, IWebhookResponseData, WebhookType } from 'n8n-workflow';

import { adapterFor } from '../providers';
import { credentialsFor } from '../providers/node-credentials';
import type { NormalizedEvent, WebhookAck, WebhookRequest } from '../providers/types';
import { WebhookPayloadError } from '../providers/types';
import { CredentialCache } from './credential-cache';
import { chooseInbox } from './inbox';
import { inboxScope, nudgeDrain } from './inbox-trigger';
import { RecentEvents } from './recent-events';

/** Providers post small documents; anything larger is not a delivery report (issue #6), unless the provider says otherwise. */
const MAX_BODY_BYTES = 1_000_000;
/** A repeated event key within this window is a duplicate (flagged or dropped, by option). */
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/**
 * Events parsed, or written to the inbox in one transaction, in one turn of the event loop at most.
 * A storm in one request (10,000 Bandwidth events, 3 MB) goes in slices with the loop free between
 * them, so other requests and n8n's own database pings are not held up (issue #13's fuzz found
 * 0.8–1.3 s in one stretch).
 */
const SLICE = 250;

/** Only where no store is kept (DROP_MMS_LEDGER=off): duplicates remembered by this process alone. */
const recentEvents = new RecentEvents(DUPLICATE_WINDOW_MS, 50_000);
const credentialCache = new CredentialCache();

export async function handleDeliveryWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: unknown; readRawBody?: () => Promise<void> };
	const res = this.getResponseObject();
	const adapter = adapterFor(this.getNodeParameter('provider') as string);
	const handler = adapter.webhook;
	// n8n leaves multipart bodies (MM7's multipart/related) unread for the node to read itself.
	const readBody = req.rawBody === undefined && typeof req.readRawBody === 'function' ? req.readRawBody.bind(req) : undefined;
	let request: WebhookRequest = {
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
	const maxBodyBytes = handler.maxBodyBytes ?? MAX_BODY_BYTES;
	// An unread body is refused by its declared length, before a byte of it is read.
	if ((readBody ? Number(req.headers['content-length'] ?? 0) : request.rawBody.length) > maxBodyBytes) return reject(413, 'Payload too large');

	/**
	 * The refusal for a request that fails verification; undefined when it passes (or is not verified).
	 * The credential is the one kept for a minute; a request it refuses is checked again with a
	 * fresh read, so a rotated secret is used from its first request.
	 */
	const refuseUnverified = async (): Promise<IWebhookResponseData | undefined> => {
		if (!(this.getNodeParameter('verifySignature', true) as boolean)) return undefined;
		const credentialId = adapter.credentialType ? this.getNode().credentials?.[adapter.credentialType]?.id : undefined;
		const key = credentialId ? `${adapter.credentialType}:${credentialId}` : undefined;
		const read = async () => await credentialsFor(this, adapter);
		let verdict = handler.verify(await credentialCache.get(key, read, Date.now()), request, Date.now());
		if (!verdict.ok) {
			const fresh = await credentialCache.refreshAfterFailure(key, read, Date.now());
			if (fresh) verdict = handler.verify(fresh, request, Date.now());
		}
		return verdict.ok ? undefined : reject(verdict.status, verdict.status === 403 ? 'Forbidden' : 'Unauthorized');
	};
	// Verification from headers alone comes first: a caller without credentials is refused before
	// its body is read or parsed (issue #13).
	const verifyFirst = handler.verifiesHeadersOnly === true;
	if (verifyFirst) {
		const refused = await refuseUnverified();
		if (refused) return refused;
	}
	if (readBody) {
		await readBody();
		request = { ...request, rawBody: rawBodyOf(req) };
		if (request.rawBody.length > maxBodyBytes) return reject(413, 'Payload too large');
	}
	if (!verifyFirst) {
		const refused = await refuseUnverified();
		if (refused) return refused;
	}

	// Reading the body, parsing and keeping each take turns of their own, parsing and keeping a slice
	// per turn: a large array is costly in each.
	await nextTurn();
	const events: NormalizedEvent[] = [];
	try {
		for (const event of handler.parse(request, new Date())) {
			events.push(event);
			if (events.length % SLICE === 0) await nextTurn();
		}
	} catch (error) {
		if (error instanceof WebhookPayloadError) return reject(400, `Bad request: ${error.message}`);
		// Whatever a request holds is the sender's problem, never a 500 (which providers retry for
		// hours); a parser that should have said WebhookPayloadError is logged for us to fix.
		this.logger.warn(`MMS Delivery Trigger: the ${adapter.displayName} parser failed on a request`, { error: (error as Error).message });
		return reject(400, 'Bad request: the payload could not be read');
	}

	/** Not kept, so not acknowledged: the provider sends it again later. */
	const notKept = (error: Error): IWebhookResponseData => {
		this.logger.warn(`MMS Delivery Trigger: an event could not be kept (${error.message}); answered 503 so ${adapter.displayName} sends it again`);
		return reject(503, 'The event could not be stored; send it again later');
	};
	const wanted = new Set(this.getNodeParameter('events', []) as string[]);
	const keepDuplicates = (this.getNodeParameter('options.duplicates', 'flag') as 'flag' | 'drop') === 'flag';
	const chosen = events.filter((event) => wanted.has(event.kind));
	const test = this.getMode() === 'manual';
	const scope = inboxScope(this.getWorkflow().id, this.getNode().id, test);
	let inbox: ReturnType<typeof chooseInbox>;
	try {
		inbox = chooseInbox(this.getNode().type, process.env);
	} catch (error) {
		return notKept(error as Error);
	}

	if (!inbox) {
		const items = chosen
			.map((event) => ({ ...event, duplicate: recentEvents.seen(scope, event.provider, event.eventId) }))
			.filter((event) => keepDuplicates || !event.duplicate);
		send(handler.ack?.(request, events) ?? { status: 200 });
		return items.length === 0 ? { noWebhookResponse: true } : { noWebhookResponse: true, workflowData: [items.map(asItem)] };
	}

	const appended: Array<{ duplicate: boolean; kept: boolean }> = [];
	try {
		// A request cut off between slices is not answered: the provider sends it again, and the
		// slices already kept come back flagged (or dropped) as duplicates.
		for (let start = 0; start < chosen.length; start += SLICE) {
			await nextTurn();
			const slice = chosen.slice(start, start + SLICE).map((event) => ({ key: event.eventId && `${event.provider}:${event.eventId}`, event }));
			appended.push(...(await inbox.backend.append(scope, slice, Date.now(), DUPLICATE_WINDOW_MS, keepDuplicates)));
		}
	} catch (error) {
		return notKept(error as Error);
	}
	const kept = chosen.map((event, index) => ({ ...event, duplicate: appended[index].duplicate })).filter((_, index) => appended[index].kept);
	send(handler.ack?.(request, events) ?? { status: 200 });
	if (test) {
		// A test execution's start node takes its events from the test inbox (inbox-trigger.ts); returning them starts it.
		return kept.length === 0 ? { noWebhookResponse: true } : { noWebhookResponse: true, workflowData: [kept.map(asItem)] };
	}
	nudgeDrain(scope);
	return { noWebhookResponse: true };
}

function asItem(event: NormalizedEvent & { duplicate?: boolean }): { json: IDataObject } {
	return { json: event as unknown as IDataObject };
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
