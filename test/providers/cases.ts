/**
 * The one runner for provider contract tests, after courier's RunOutgoingTestCases: a provider's
 * test file is its fixtures plus typed case tables, and one runner per kind of case turns a table
 * into tests. Every runner also checks that no secret of the credential (the values of the
 * credential class's `password: true` fields) appears in what the adapter hands back.
 *
 * Kinds: send requests on the wire, send-response classification, message validation, webhook
 * verification (valid / forged / missing), webhook parsing (events / malformed), webhook answers,
 * media uploads, the capability invariants and the credential-test contract.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import nock from 'nock';

import { messageProblems } from '../../nodes/providers/capabilities';
import type {
	AccountPage, HttpRequestSpec, HttpResponse, MediaFile, AccountList, MediaRef, OutboundMessage, ProviderAdapter, ProviderCredentials, SendBatch,
	SendOutcome, WebhookAck, WebhookRequest,
} from '../../nodes/providers/types';
import { ProviderResponseError, WebhookPayloadError } from '../../nodes/providers/types';
import { PackageCredentialTypes } from '../harness/registry';
import { sendViaFetch } from './wire';

/** What a provider's tables share: the adapter, a credential, its fixtures and the clock. */
export interface ProviderSuite {
	adapter: ProviderAdapter;
	/** The credential every case uses unless it brings its own. */
	credentials: ProviderCredentials;
	/** A message this provider takes as it is (the base of the capability invariants). */
	message: OutboundMessage;
	/** The clock for building requests and verifying webhooks. */
	nowMs: number;
	/** When webhook requests arrive, for parse cases. */
	receivedAt: Date;
	/** Replies of this provider's own kind to try on top of everyone's (the capability invariants). */
	junkReplies: string[];
	fixture(name: string): string;
	fixtureBytes(name: string): Buffer;
	fixtureJson<T = unknown>(name: string): T;
}

export interface SuiteOptions {
	credentials: ProviderCredentials;
	message: OutboundMessage;
	nowMs?: number;
	receivedAt?: Date;
	junkReplies?: string[];
}

export function providerSuite(adapter: ProviderAdapter, options: SuiteOptions): ProviderSuite {
	const folder = path.join(__dirname, '../fixtures', adapter.id);
	const fixtureBytes = (name: string) => readFileSync(path.join(folder, name));
	const nowMs = options.nowMs ?? Date.parse('2026-03-02T10:00:00Z');
	return {
		adapter,
		credentials: options.credentials,
		message: options.message,
		nowMs,
		receivedAt: options.receivedAt ?? new Date(nowMs),
		junkReplies: options.junkReplies ?? [],
		fixture: (name) => fixtureBytes(name).toString('utf8'),
		fixtureBytes,
		fixtureJson: (name) => JSON.parse(fixtureBytes(name).toString('utf8')),
	};
}

// ---------------------------------------------------------------------------------------------
// Secrets

const credentialTypes = new PackageCredentialTypes();

/** The names of the credential class's `password: true` fields. */
export function secretFields(adapter: ProviderAdapter): string[] {
	// A provider without a credential (the sandbox) has no class to read them from; its tests check its own key.
	if (!adapter.credentialType) return [];
	return credentialTypes
		.getByName(adapter.credentialType)
		.properties.filter((property) => property.typeOptions?.password === true)
		.map((property) => property.name);
}

/** Fails when a secret of any of these credentials appears in `value` (as text or inside JSON). */
export function expectNoSecrets(suite: ProviderSuite, value: unknown, ...more: Array<ProviderCredentials | undefined>): void {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	for (const credentials of [suite.credentials, ...more]) {
		if (!credentials) continue;
		for (const field of secretFields(suite.adapter)) {
			const secret = credentials[field];
			// Short values are test placeholders that could match anything; real secrets are long.
			if (typeof secret !== 'string' || secret.length < 6) continue;
			expect(text).not.toContain(secret);
			expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
		}
	}
}

// ---------------------------------------------------------------------------------------------
// The wire

/** What a provider answers. */
export interface Reply {
	status: number;
	body?: string;
	/** The body from the provider's fixture folder instead. */
	fixture?: string;
	headers?: Record<string, string>;
}

/** What must reach the provider. */
export interface ExpectedRequest {
	method?: HttpRequestSpec['method'];
	/** The absolute URL: origin, path and query. */
	url: string;
	/** Header values (names in lower case): exact, by pattern, a check of the value, or null for "not sent". */
	headers?: Record<string, string | RegExp | null | ((value: string) => void)>;
	/** The exact text, the JSON value, or a check of the bytes as sent (with the request they came in). */
	body?: string | object | ((body: Buffer, sent: SentRequest) => void);
}

export interface SentRequest {
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

function replyBody(suite: ProviderSuite, reply: Reply): string {
	return reply.fixture !== undefined ? suite.fixture(reply.fixture) : (reply.body ?? '');
}

/** Puts a built request on the wire (fetch, intercepted by nock at `url`) and returns what was sent and answered. */
export async function onTheWire(suite: ProviderSuite, spec: HttpRequestSpec, reply: Reply): Promise<{ sent: SentRequest; response: HttpResponse }> {
	const url = new URL(spec.url);
	const specBody = spec.body === undefined ? Buffer.alloc(0) : Buffer.from(spec.body);
	let sent: SentRequest | undefined;
	const scope = nock(url.origin)
		.intercept(url.pathname + url.search, spec.method)
		.reply(function (_uri, body) {
			// nock hands over a body that is not UTF-8 as hex.
			const bytes = typeof body === 'string' ? Buffer.from(body, isUtf8(specBody) ? 'utf8' : 'hex') : Buffer.from(JSON.stringify(body));
			sent = { method: this.req.method, url: url.origin + this.req.path, headers: this.req.headers, body: bytes };
			return [reply.status, replyBody(suite, reply), reply.headers ?? {}];
		});
	const response = await sendViaFetch(spec);
	expect(scope.isDone()).toBe(true);
	return { sent: sent!, response };
}

export function expectRequest(sent: SentRequest, expected: ExpectedRequest): void {
	expect(`${sent.method} ${sent.url}`).toBe(`${expected.method ?? 'POST'} ${expected.url}`);
	for (const [name, value] of Object.entries(expected.headers ?? {})) {
		const actual = sent.headers[name];
		if (value === null) expect(actual).toBeUndefined();
		else if (value instanceof RegExp) expect(actual).toMatch(value);
		else if (typeof value === 'function') value(String(actual));
		else expect(actual).toBe(value);
	}
	const { body } = expected;
	if (typeof body === 'string') expect(sent.body.toString('utf8')).toBe(body);
	else if (typeof body === 'function') body(sent.body, sent);
	else if (body !== undefined) expect(JSON.parse(sent.body.toString('utf8'))).toEqual(body);
}

// ---------------------------------------------------------------------------------------------
// Sending

export interface SendCase {
	label: string;
	batch: SendBatch;
	credentials?: ProviderCredentials;
	nowMs?: number;
	request: ExpectedRequest;
	reply: Reply;
	outcomes: SendOutcome[];
}

/** The adapter's request for a batch on the wire, exactly as documented, and the outcomes of the reply. */
export function runSendCases(suite: ProviderSuite, cases: SendCase[]): void {
	describe(`${suite.adapter.id} send request on the wire`, () => {
		afterEach(() => nock.cleanAll());
		it.each(cases)('$label', async ({ batch, credentials, nowMs, request, reply, outcomes }) => {
			const spec = suite.adapter.buildSendRequest(credentials ?? suite.credentials, batch, nowMs ?? suite.nowMs);
			expect(spec.url).toBe(request.url);
			const { sent, response } = await onTheWire(suite, spec, reply);
			expectRequest(sent, request);
			const parsed = suite.adapter.parseSendResponse(batch, response);
			expect(parsed).toEqual(outcomes);
			expectNoSecrets(suite, parsed, credentials);
		});
	});
}

export interface RefusedBatchCase {
	label: string;
	batch: SendBatch;
	credentials?: ProviderCredentials;
	/** Why the adapter cannot build a request for it (the engine fails that batch alone). */
	error: RegExp;
}

/** Batches the adapter cannot express: it throws before anything reaches the wire, and says why without secrets. */
export function runRefusedBatchCases(suite: ProviderSuite, cases: RefusedBatchCase[]): void {
	describe(`${suite.adapter.id} send request refused`, () => {
		it.each(cases)('$label', ({ batch, credentials, error }) => {
			let thrown: unknown;
			try {
				suite.adapter.buildSendRequest(credentials ?? suite.credentials, batch, suite.nowMs);
			} catch (caught) {
				thrown = caught;
			}
			expect(thrown).toBeInstanceOf(Error);
			expect((thrown as Error).message).toMatch(error);
			expectNoSecrets(suite, (thrown as Error).message, credentials);
		});
	});
}

export interface ResponseCase {
	label: string;
	reply: Reply;
	/** Default: the table's batch. */
	batch?: SendBatch;
	credentials?: ProviderCredentials;
	/** Every outcome, exactly: one per recipient in batch order. */
	outcomes: SendOutcome[];
}

/** How each documented reply is classified, put on the wire behind a request the adapter built for `batch`. */
export function runResponseCases(suite: ProviderSuite, batch: SendBatch, cases: ResponseCase[]): void {
	describe(`${suite.adapter.id} send response classification`, () => {
		afterEach(() => nock.cleanAll());
		it.each(cases)('$label', async ({ reply, batch: own, credentials, outcomes }) => {
			const sent = own ?? batch;
			const { response } = await onTheWire(suite, suite.adapter.buildSendRequest(credentials ?? suite.credentials, sent, suite.nowMs), reply);
			const parsed = suite.adapter.parseSendResponse(sent, response);
			expect(parsed.map((outcome) => outcome.ref)).toEqual(sent.recipients.map((recipient) => recipient.ref));
			expect(parsed).toEqual(outcomes);
			expectNoSecrets(suite, parsed);
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Validation

export interface ValidationCase {
	label: string;
	message: OutboundMessage;
	credentials?: ProviderCredentials;
	/** Every problem `messageProblems` finds, in order: exact text or a pattern. */
	problems: Array<string | RegExp>;
}

export function runValidationCases(suite: ProviderSuite, cases: ValidationCase[]): void {
	describe(`${suite.adapter.id} message problems`, () => {
		it.each(cases)('$label', ({ message, credentials, problems }) => {
			const found = messageProblems(suite.adapter, message, credentials ?? suite.credentials);
			expect(found).toEqual(problems.map((problem) => (typeof problem === 'string' ? problem : expect.stringMatching(problem))));
			expectNoSecrets(suite, found, credentials);
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Webhooks

export interface RequestOptions {
	url: string;
	method?: string;
	body?: string | Buffer;
	headers?: Record<string, string | string[] | undefined>;
	/** Sets the content-type header. */
	contentType?: string;
	/** The URLs the request may have been signed for; default `[url]`. */
	urls?: string[];
}

/** A webhook request as the trigger hands it to an adapter; the query comes from the URL, repeats as arrays. */
export function webhookRequest(options: RequestOptions): WebhookRequest {
	const query: WebhookRequest['query'] = {};
	for (const [key, value] of new URL(options.url).searchParams) {
		const before = query[key];
		query[key] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
	}
	const headers = { ...(options.contentType ? { 'content-type': options.contentType } : {}), ...options.headers };
	return {
		method: options.method ?? 'POST',
		urls: options.urls ?? [options.url],
		headers: Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)),
		query,
		rawBody: Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body ?? ''),
	};
}

export interface VerifyCase {
	label: string;
	request: WebhookRequest;
	credentials?: ProviderCredentials;
	nowMs?: number;
}

export interface RefusedCase extends VerifyCase {
	/** 401 unless the request is genuine but stale (403). */
	status?: 401 | 403;
	reason: RegExp;
}

export interface VerifyTable {
	/** Requests authenticated as the provider documents it: they pass. */
	valid: VerifyCase[];
	/** Another key or secret, a changed body, URL or timestamp, a replay: refused. */
	forged: RefusedCase[];
	/** Nothing to check with: no signature header, or no secret in the credential: refused. */
	missing: RefusedCase[];
}

export function runVerifyCases(suite: ProviderSuite, table: VerifyTable): void {
	const verify = (testCase: VerifyCase) =>
		suite.adapter.webhook!.verify(testCase.credentials ?? suite.credentials, testCase.request, testCase.nowMs ?? suite.nowMs);
	describe(`${suite.adapter.id} webhook verify`, () => {
		it.each(table.valid)('valid: $label', (testCase) => {
			expect(verify(testCase)).toEqual({ ok: true });
		});
		// Refusals are checked for secrets: a reason is logged and may be shown to whoever called.
		it.each([...table.forged.map((testCase) => ({ ...testCase, kind: 'forged' })), ...table.missing.map((testCase) => ({ ...testCase, kind: 'missing' }))])(
			'$kind: $label',
			(testCase) => {
				const result = verify(testCase);
				expect(result).toEqual({ ok: false, status: testCase.status ?? 401, reason: expect.stringMatching(testCase.reason) });
				expectNoSecrets(suite, result, testCase.credentials);
			},
		);
	});
}

export interface ParseCase {
	label: string;
	request: WebhookRequest;
	receivedAt?: Date;
	/** Every event, in order: whole events, or matchers (expect.objectContaining) where a case looks at part of one. */
	events: unknown[];
}

export interface MalformedCase {
	label: string;
	request: WebhookRequest;
	/** The WebhookPayloadError's message (the trigger answers 400). */
	error: RegExp;
}

export interface ParseTable {
	events: ParseCase[];
	malformed: MalformedCase[];
}

export function runParseCases(suite: ProviderSuite, table: ParseTable): void {
	const parse = (request: WebhookRequest, receivedAt?: Date) => [...suite.adapter.webhook!.parse(request, receivedAt ?? suite.receivedAt)];
	describe(`${suite.adapter.id} webhook parse`, () => {
		it.each(table.events)('$label', ({ request, receivedAt, events }) => {
			const parsed = parse(request, receivedAt);
			expect(parsed).toEqual(events);
			for (const event of parsed) expect(event.provider).toBe(suite.adapter.id);
			expectNoSecrets(suite, parsed);
		});
		if (table.malformed.length === 0) return;
		it.each(table.malformed)('malformed: $label', ({ request, error }) => {
			expect(() => parse(request)).toThrow(WebhookPayloadError);
			expect(() => parse(request)).toThrow(error);
		});
	});
}

export interface AnswerCase {
	label: string;
	request: WebhookRequest;
	/** A refusal (`reject`) with this status and reason instead of the answer to an accepted request (`ack`). */
	refused?: { status: number; reason: string };
	/** The answer exactly (undefined: the trigger's default empty 200), or a check of it. */
	answer: WebhookAck | undefined | ((answer: WebhookAck) => void);
}

export interface AnswerTable {
	/** What the setup steps must name: where in the provider's console the Production URL goes. */
	setupSteps: RegExp[];
	answers: AnswerCase[];
}

/** What the trigger tells the user (the setup hint, one line) and answers the provider: `ack` after parsing, or `reject`. */
export function runAnswerCases(suite: ProviderSuite, table: AnswerTable): void {
	const webhook = suite.adapter.webhook!;
	describe(`${suite.adapter.id} webhook setup and answers`, () => {
		it('says where the Production URL goes in a few short steps, each naming what to click or paste', () => {
			const steps = webhook.setupSteps.join(' ');
			for (const pattern of table.setupSteps) expect(steps).toMatch(pattern);
			expect(webhook.setupSteps.length).toBeGreaterThanOrEqual(2);
			expect(webhook.setupSteps.length).toBeLessThanOrEqual(4);
			for (const step of webhook.setupSteps) {
				expect(step.split(/\s+/).length).toBeLessThanOrEqual(30);
				expect(step).not.toMatch(/\n/);
			}
			// Issue #15: "this URL" was ambiguous next to the panel's Test URL; the step names the URL to use.
			expect(steps).toContain('Production URL');
			expect(steps).not.toMatch(/\b(this|the trigger) URL\b/i);
		});
		if (table.answers.length === 0) return;
		it.each(table.answers)('$label', ({ request, refused, answer }) => {
			const given = refused ? webhook.reject?.(request, refused.status, refused.reason) : webhook.ack?.(request, [...webhook.parse(request, suite.receivedAt)]);
			if (typeof answer === 'function') answer(given!);
			else expect(given).toEqual(answer);
			expectNoSecrets(suite, given ?? null);
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Media uploads

export interface UploadCase {
	label: string;
	file: MediaFile;
	credentials?: ProviderCredentials;
	request: ExpectedRequest;
	reply: Reply;
	/** The reference the message will carry. */
	reference: MediaRef;
}

export interface UploadRefusal {
	label: string;
	file: MediaFile;
	reply: Reply;
	/** The ProviderResponseError's message; its httpStatus is the reply's. */
	error: RegExp;
}

export function runUploadCases(suite: ProviderSuite, table: { stored: UploadCase[]; refused: UploadRefusal[] }): void {
	const upload = suite.adapter.upload!;
	describe(`${suite.adapter.id} media upload`, () => {
		afterEach(() => nock.cleanAll());
		it.each(table.stored)('$label', async ({ file, credentials, request, reply, reference }) => {
			const spec = upload.buildRequest(credentials ?? suite.credentials, file);
			expect(spec.url).toBe(request.url);
			const { sent, response } = await onTheWire(suite, spec, reply);
			expectRequest(sent, request);
			const parsed = upload.parseResponse(file, response);
			expect(parsed).toEqual(reference);
			expectNoSecrets(suite, parsed, credentials);
		});
		it.each(table.refused)('refused: $label', async ({ file, reply, error }) => {
			const { response } = await onTheWire(suite, upload.buildRequest(suite.credentials, file), reply);
			let thrown: unknown;
			try {
				upload.parseResponse(file, response);
			} catch (caught) {
				thrown = caught;
			}
			expect(thrown).toBeInstanceOf(ProviderResponseError);
			expect((thrown as ProviderResponseError).message).toMatch(error);
			expect((thrown as ProviderResponseError).httpStatus).toBe(reply.status);
			expectNoSecrets(suite, (thrown as Error).message);
		});
	});
}


// ---------------------------------------------------------------------------------------------
// Account lists (the editor's pickers, issue #15 point 8)

export interface ListCase {
	label: string;
	list: AccountList;
	/** The cursor of the page asked for (a previous page's `next`). */
	cursor?: string;
	credentials?: ProviderCredentials;
	request: ExpectedRequest;
	reply: Reply;
	/** The page read from the reply, or why it cannot be read. */
	page: AccountPage | RegExp;
}

/** Each list's request on the wire (a GET with the adapter's auth), and what its documented reply gives the picker. */
export function runListCases(suite: ProviderSuite, cases: ListCase[]): void {
	describe(`${suite.adapter.id} account lists on the wire`, () => {
		afterEach(() => nock.cleanAll());
		it.each(cases)('$label', async ({ list, cursor, credentials, request, reply, page }) => {
			const spec = list.buildRequest(credentials ?? suite.credentials, cursor);
			const { sent, response } = await onTheWire(suite, spec, reply);
			expectRequest(sent, { method: 'GET', body: '', ...request });
			if (page instanceof RegExp) {
				expect(() => list.parseResponse(response)).toThrow(ProviderResponseError);
				expect(() => list.parseResponse(response)).toThrow(page);
				return;
			}
			const parsed = list.parseResponse(response);
			expect(parsed).toEqual(page);
			expectNoSecrets(suite, parsed, credentials);
		});
	});
}
