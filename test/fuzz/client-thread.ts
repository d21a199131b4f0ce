/**
 * Sends the fuzz's requests from a worker thread. The client's own work (fetch copying a body of
 * megabytes, writing it to the socket, reading the answer) then runs off the main thread, whose event
 * loop serves the trigger and is the one the blocking probe measures.
 */
import { Worker } from 'node:worker_threads';

import type { FuzzRequest } from './targets';

/** Plain JavaScript: the worker runs outside jest's module system and TypeScript transform. */
const CLIENT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ id, url, method, headers, body }) => {
	try {
		const response = await fetch(url, { method, headers, body });
		parentPort.postMessage({ id, status: response.status, body: await response.text() });
	} catch (error) {
		parentPort.postMessage({ id, error: String(error && error.stack || error) });
	}
});
`;

export interface Answer {
	status: number;
	body: string;
}

interface Reply extends Partial<Answer> {
	id: number;
	error?: string;
}

/** A request ready to go: its body already copied into memory of its own, to be handed over without another copy. */
export interface PreparedRequest {
	request: FuzzRequest;
	body: Uint8Array | undefined;
}

export class ClientThread {
	private readonly worker = new Worker(CLIENT, { eval: true });
	private readonly waiting = new Map<number, (reply: Reply) => void>();
	private sent = 0;

	constructor() {
		this.worker.on('message', (reply: Reply) => {
			this.waiting.get(reply.id)?.(reply);
			this.waiting.delete(reply.id);
		});
	}

	/** Copies the body out of Buffer's shared pool (done before timing starts), so `send` can transfer it. A GET or HEAD has none. */
	prepare(request: FuzzRequest): PreparedRequest {
		const bodiless = request.method === 'GET' || request.method === 'HEAD';
		return { request, body: request.body === undefined || bodiless ? undefined : new Uint8Array(request.body) };
	}

	async send({ request, body }: PreparedRequest): Promise<Answer> {
		const id = ++this.sent;
		const reply = await new Promise<Reply>((resolve) => {
			this.waiting.set(id, resolve);
			const message = { id, url: request.url, method: request.method, headers: request.headers, body };
			this.worker.postMessage(message, body ? [body.buffer as ArrayBuffer] : []);
		});
		if (reply.error !== undefined) throw new Error(`the request could not be sent: ${reply.error}`);
		return { status: reply.status!, body: reply.body! };
	}

	async close(): Promise<void> {
		await this.worker.terminate();
	}
}
