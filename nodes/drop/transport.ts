/**
 * Puts adapter-built requests on the wire over keep-alive undici pools and tells the retry
 * layer the one thing it must know about a failure: had the request been written when it
 * failed? A refused connection was surely not accepted; a reset or timeout after the body was
 * written may have been.
 */
import type { Dispatcher } from 'undici';
import { EnvHttpProxyAgent } from 'undici';

import type { HttpRequestSpec, HttpResponse } from '../providers/types';
import { MAX_TIMER_MS } from './pacer';

export type TransportReply =
	| { kind: 'response'; response: HttpResponse }
	| {
			kind: 'error';
			/** The request had been written to the socket when the failure happened. */
			sent: boolean;
			timedOut: boolean;
			cancelled: boolean;
			code: string;
			message: string;
	  };

export interface SendOptions {
	timeoutMs: number;
	signal?: AbortSignal;
}

export interface Transport {
	send(spec: HttpRequestSpec, options: SendOptions): Promise<TransportReply>;
	close(): Promise<void>;
}

/** Replies larger than this are cut off: provider replies are small JSON or XML documents. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export interface TransportOptions {
	/** Sockets per origin; the pacer keeps in-flight requests at or below this. */
	connections: number;
	/** For tests: any undici dispatcher (MockAgent, a plain Agent). Default honours HTTP(S)_PROXY / NO_PROXY. */
	dispatcher?: Dispatcher;
}

export function createTransport(options: TransportOptions): Transport {
	const dispatcher =
		options.dispatcher ??
		new EnvHttpProxyAgent({
			connections: options.connections,
			keepAliveTimeout: 30_000,
			pipelining: 1,
		});
	const owned = options.dispatcher === undefined;

	return {
		send: (spec, sendOptions) => dispatchOnce(dispatcher, spec, sendOptions),
		close: async () => {
			if (owned) await dispatcher.close();
		},
	};
}

function dispatchOnce(dispatcher: Dispatcher, spec: HttpRequestSpec, options: SendOptions): Promise<TransportReply> {
	return new Promise((resolve) => {
		const url = new URL(spec.url);
		let sent = false;
		let settled = false;
		let abortRequest: ((reason: Error) => void) | undefined;
		let status = 0;
		let headers: HttpResponse['headers'] = {};
		const chunks: Buffer[] = [];
		let received = 0;
		let failure: { timedOut: boolean; cancelled: boolean } = { timedOut: false, cancelled: false };

		const finish = (reply: TransportReply) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onCancel);
			resolve(reply);
		};
		const abortWith = (reason: 'timeout' | 'cancelled') => {
			failure = { timedOut: reason === 'timeout', cancelled: reason === 'cancelled' };
			const error = new Error(reason === 'timeout' ? `No reply within ${options.timeoutMs} ms` : 'Cancelled');
			if (abortRequest) abortRequest(error);
			else
				finish({ kind: 'error', sent, ...failure, code: reason === 'timeout' ? 'ETIMEDOUT' : 'ECANCELED', message: error.message });
		};
		const onCancel = () => abortWith('cancelled');
		const timer = setTimeout(() => abortWith('timeout'), Math.min(options.timeoutMs, MAX_TIMER_MS));
		if (options.signal?.aborted) return abortWith('cancelled');
		options.signal?.addEventListener('abort', onCancel, { once: true });

		const handler: Dispatcher.DispatchHandler = {
			onConnect(abort) {
				abortRequest = abort as (reason: Error) => void;
				if (settled || failure.timedOut || failure.cancelled) abort(new Error('aborted'));
			},
			onRequestSent() {
				sent = true;
			},
			onHeaders(statusCode, rawHeaders) {
				status = statusCode;
				headers = headersFromRaw(rawHeaders);
				return true;
			},
			onData(chunk) {
				received += chunk.length;
				if (received <= MAX_RESPONSE_BYTES) chunks.push(chunk);
				return true;
			},
			onComplete() {
				finish({ kind: 'response', response: { status, headers, body: Buffer.concat(chunks).toString('utf8') } });
			},
			onError(error: Error & { code?: string }) {
				const code = failure.timedOut ? 'ETIMEDOUT' : failure.cancelled ? 'ECANCELED' : (error.code ?? 'EUNKNOWN');
				// A reply whose headers already arrived was written, whatever broke afterwards.
				finish({ kind: 'error', sent: sent || status > 0, ...failure, code, message: error.message });
			},
		} as Dispatcher.DispatchHandler;

		dispatcher.dispatch(
			{
				origin: url.origin,
				path: url.pathname + url.search,
				method: spec.method,
				headers: spec.headers,
				body: spec.body,
				// Our own timer decides; undici's defaults (300 s) must not fire first.
				headersTimeout: options.timeoutMs + 1_000,
				bodyTimeout: options.timeoutMs + 1_000,
			},
			handler,
		);
	});
}

function headersFromRaw(raw: Buffer[] | string[] | null): HttpResponse['headers'] {
	const result: Record<string, string | string[]> = {};
	if (!raw) return result;
	for (let i = 0; i + 1 < raw.length; i += 2) {
		const key = raw[i].toString().toLowerCase();
		const value = raw[i + 1].toString();
		const existing = result[key];
		if (existing === undefined) result[key] = value;
		else result[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return result;
}
