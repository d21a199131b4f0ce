import type { IncomingHttpHeaders } from 'node:http';

import type { ProviderId } from '../../nodes/providers/types';

/** One message the fake accepted, per recipient: what tests count to prove nothing is lost or doubled. */
export interface LedgerEntry {
	provider: ProviderId;
	/** Provider message id the fake answered with (Sinch: the batch id). */
	messageId: string;
	batchId: string | null;
	to: string;
	from: string;
	text: string;
	subject: string | null;
	/** Media URLs, media ids or inline part names, as the request carried them. */
	media: string[];
	/** Value of the provider's correlation field (tag, client_ref, …), if sent. */
	correlation: string | null;
	callbackUrl: string | null;
	acceptedAt: number;
}

export interface FakeRequest {
	method: string;
	/** Path without the query string. */
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: Buffer;
	/** Values captured by the route pattern's named groups. */
	params: Record<string, string>;
}

export interface FakeReply {
	status: number;
	headers?: Record<string, string>;
	body?: string | Buffer;
}

/** What a route handler may do besides replying. */
export interface FakeContext {
	/** Records accepted messages (call only when the request is valid and accepted). */
	accept(entries: Array<Omit<LedgerEntry, 'provider' | 'acceptedAt'>>): void;
	/** Stores an uploaded media object; returns nothing, the route builds its own reply. */
	storeMedia(key: string, data: Buffer, contentType: string): void;
	media(key: string): { data: Buffer; contentType: string } | undefined;
	/** Unique ids for this run: `nextId('SM')` ⇒ `SM0000000000000001…`. */
	nextId(prefix: string): string;
	/** Credentials the fake accepts for this provider (set by the test). */
	credentials: Record<string, string>;
	/** Account-side settings (callback URLs of profiles, services, applications), by the route's own keys. */
	settings: Map<string, Record<string, string>>;
}

export interface FakeRoute {
	method: string;
	/** Path pattern with named groups, e.g. /^\/2010-04-01\/Accounts\/(?<sid>[^/]+)\/Messages\.json$/ */
	path: RegExp;
	/** A message send (faults apply to these; not to uploads or credential checks unless asked). */
	sends?: boolean;
	handle(request: FakeRequest, context: FakeContext): FakeReply;
}

/** One provider's HTTP API as the fake speaks it. */
export interface FakeProviderApi {
	provider: ProviderId;
	routes: FakeRoute[];
	/** The provider's documented error body for an injected HTTP error (429, 503, 500). */
	errorReply(status: number): FakeReply;
	/** Credentials the fake accepts unless a test overrides them (tests use the same values). */
	defaultCredentials: Record<string, string>;
}

export type FaultKind =
	/** HTTP 429 with Retry-After (seconds) in the provider's error shape; nothing recorded. */
	| 'rateLimit'
	/** HTTP 503 in the provider's error shape; nothing recorded. */
	| 'unavailable'
	/** HTTP 500 after accepting: the message is recorded, the client gets a server error. */
	| 'serverErrorAfterAccept'
	/** Socket destroyed after the request was read, before anything was recorded. */
	| 'reset'
	/** The message is recorded, then no reply is ever sent (client times out). */
	| 'timeoutAfterAccept';

export interface FaultPlan {
	/** Probability per send request of each fault, decided by a seeded generator (reproducible). */
	rates?: Partial<Record<FaultKind, number>>;
	/** Faults for the next N send requests, in order, before rates apply. */
	next?: FaultKind[];
	/** Seconds sent in Retry-After with rateLimit faults. */
	retryAfterSeconds?: number;
	/** Milliseconds added before every reply (send requests and others). */
	latencyMs?: number;
	/** Seed for the rates' generator. */
	seed?: number;
	/** Limit faults to one provider (default: all). */
	provider?: ProviderId;
}
