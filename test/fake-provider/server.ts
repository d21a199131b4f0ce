/**
 * A loopback stand-in for the providers' HTTP APIs. It checks auth and request shape as strictly
 * as the real APIs document, records every accepted message in a ledger, and injects the faults
 * a bulk send meets in the field. It listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import { listenOnLoopback } from '../loopback';
import type { ProviderId } from '../../nodes/providers/types';
import type {
	FakeContext,
	FakeProviderApi,
	FakeReply,
	FakeRequest,
	FakeRoute,
	FaultKind,
	FaultPlan,
	LedgerEntry,
} from './types';

export interface RequestRecord {
	provider: ProviderId;
	method: string;
	path: string;
	fault: FaultKind | null;
	status: number | null;
	/** The request body as received, so tests can tell which recipients a fault hit. */
	body: Buffer;
}

const MAX_BODY_BYTES = 50 * 1024 * 1024;

export class FakeProviderServer {
	readonly ledger: LedgerEntry[] = [];
	readonly requests: RequestRecord[] = [];
	readonly faultsInjected: Record<FaultKind, number> = emptyFaultCounts();

	private server: Server | undefined;
	private readonly sockets = new Set<Socket>();
	private readonly credentials = new Map<ProviderId, Record<string, string>>();
	private readonly mediaStore = new Map<string, { data: Buffer; contentType: string }>();
	private readonly accountSettings = new Map<ProviderId, Map<string, Record<string, string>>>();
	private plan: FaultPlan = {};
	private random = seededRandom(1);
	private idCounter = 0;
	private originValue = '';

	constructor(private readonly apis: FakeProviderApi[]) {
		for (const api of apis) this.credentials.set(api.provider, { ...api.defaultCredentials });
	}

	/** `http://127.0.0.1:<port>`, the `baseUrl` tests put into credentials. */
	get origin(): string {
		if (!this.originValue) throw new Error('FakeProviderServer is not started');
		return this.originValue;
	}

	async start(): Promise<string> {
		const server = createServer((req, res) => void this.handle(req, res));
		server.keepAliveTimeout = 60_000;
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.originValue = await listenOnLoopback(server);
		this.server = server;
		return this.originValue;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	setFaults(plan: FaultPlan): void {
		this.plan = { ...plan, next: [...(plan.next ?? [])] };
		this.random = seededRandom(plan.seed ?? 1);
	}

	setCredentials(provider: ProviderId, credentials: Record<string, string>): void {
		this.credentials.set(provider, credentials);
	}

	credentialsOf(provider: ProviderId): Record<string, string> {
		return this.credentials.get(provider) ?? {};
	}

	/** Account-side settings of a provider (e.g. a messaging profile's webhook URL), for tests to seed and read. */
	settingsOf(provider: ProviderId): Map<string, Record<string, string>> {
		let settings = this.accountSettings.get(provider);
		if (!settings) {
			settings = new Map();
			this.accountSettings.set(provider, settings);
		}
		return settings;
	}

	/** Clears ledger, request log, media and faults between tests. */
	reset(): void {
		this.ledger.length = 0;
		this.requests.length = 0;
		this.mediaStore.clear();
		this.accountSettings.clear();
		Object.assign(this.faultsInjected, emptyFaultCounts());
		this.setFaults({});
		for (const api of this.apis) this.credentials.set(api.provider, { ...api.defaultCredentials });
	}

	ledgerFor(provider: ProviderId): LedgerEntry[] {
		return this.ledger.filter((entry) => entry.provider === provider);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		let body: Buffer;
		try {
			body = await readBody(req);
		} catch {
			return reply(res, { status: 413, body: 'body too large' });
		}
		const match = this.route(req.method ?? 'GET', url.pathname);
		if (!match) {
			return reply(res, {
				status: 404,
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ error: `no fake route for ${req.method} ${url.pathname}` }),
			});
		}
		const { api, route, params } = match;
		const record: RequestRecord = { provider: api.provider, method: req.method ?? 'GET', path: url.pathname, fault: null, status: null, body };
		this.requests.push(record);

		const request: FakeRequest = { method: record.method, path: url.pathname, query: url.searchParams, headers: req.headers, body, params };
		const fault = route.sends ? this.pickFault(api.provider) : null;
		record.fault = fault;
		if (fault) this.faultsInjected[fault] += 1;
		if (this.plan.latencyMs) await delay(this.plan.latencyMs);

		switch (fault) {
			case 'rateLimit': {
				const error = api.errorReply(429);
				record.status = 429;
				return reply(res, {
					...error,
					headers: { ...error.headers, 'retry-after': String(this.plan.retryAfterSeconds ?? 1) },
				});
			}
			case 'unavailable':
				record.status = 503;
				return reply(res, api.errorReply(503));
			case 'reset':
				req.socket.destroy();
				return;
			case 'timeoutAfterAccept': {
				const accepted = this.run(api, route, request);
				record.status = accepted.status;
				return; // accepted, never answered: the client's timeout decides
			}
			case 'serverErrorAfterAccept':
				this.run(api, route, request);
				record.status = 500;
				return reply(res, api.errorReply(500));
			default: {
				const result = this.run(api, route, request);
				record.status = result.status;
				return reply(res, result);
			}
		}
	}

	private run(api: FakeProviderApi, route: FakeRoute, request: FakeRequest): FakeReply {
		const context: FakeContext = {
			accept: (entries) => {
				const acceptedAt = Date.now();
				for (const entry of entries) this.ledger.push({ ...entry, provider: api.provider, acceptedAt });
			},
			storeMedia: (key, data, contentType) => this.mediaStore.set(`${api.provider}:${key}`, { data, contentType }),
			media: (key) => this.mediaStore.get(`${api.provider}:${key}`),
			nextId: (prefix) => `${prefix}${String(++this.idCounter).padStart(16, '0')}`,
			credentials: this.credentialsOf(api.provider),
			settings: this.settingsOf(api.provider),
		};
		try {
			return route.handle(request, context);
		} catch (error) {
			return { status: 500, body: `fake provider route failed: ${(error as Error).message}` };
		}
	}

	private route(method: string, path: string) {
		for (const api of this.apis) {
			for (const route of api.routes) {
				if (route.method !== method) continue;
				const found = route.path.exec(path);
				if (found) return { api, route, params: { ...(found.groups ?? {}) } };
			}
		}
		return undefined;
	}

	private pickFault(provider: ProviderId): FaultKind | null {
		if (this.plan.provider && this.plan.provider !== provider) return null;
		const queued = this.plan.next?.shift();
		if (queued) return queued;
		const rates = this.plan.rates;
		if (!rates) return null;
		let roll = this.random();
		for (const [kind, rate] of Object.entries(rates) as Array<[FaultKind, number]>) {
			if (roll < rate) return kind;
			roll -= rate;
		}
		return null;
	}
}

function reply(res: ServerResponse, result: FakeReply): void {
	if (res.destroyed) return;
	res.writeHead(result.status, result.headers ?? {});
	res.end(result.body ?? '');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('too large'));
				req.destroy();
			} else chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function emptyFaultCounts(): Record<FaultKind, number> {
	return { rateLimit: 0, unavailable: 0, serverErrorAfterAccept: 0, reset: 0, timeoutAfterAccept: 0 };
}

/** mulberry32: a tiny seeded generator, so a fault run can be replayed exactly. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
