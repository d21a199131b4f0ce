/**
 * Capabilities are data the engine, Media Prep and the README trust. These invariants hold each
 * adapter's declarations to what the adapter does, so a field cannot stay true on paper only.
 */
import { isDeepStrictEqual } from 'node:util';

import { adapters } from '../../nodes/providers';
import { capabilitiesOf, checkCapabilities, messageProblems, uncarriedFields } from '../../nodes/providers/capabilities';
import { callbackUrlFor, encodeCorrelation } from '../../nodes/providers/shared';
import type {
	Capabilities, HttpRequestSpec, MediaRef, OutboundMessage, ProviderCredentials, SendBatch,
} from '../../nodes/providers/types';
import { PackageCredentialTypes } from '../harness/registry';
import type { ProviderSuite } from './cases';

/** A batch of `count` recipients of the suite's message, with a status callback URL. */
export function sampleBatch(suite: ProviderSuite, count: number, overrides: Partial<SendBatch> = {}): SendBatch {
	return {
		dropId: 'drop-inv',
		message: suite.message,
		recipients: Array.from({ length: count }, (_, index) => ({ ref: `r${index + 1}`, to: `+1415555${String(index).padStart(4, '0')}` })),
		statusCallbackUrl: 'https://n8n.example.com/webhook/mms?dropId=drop-inv',
		...overrides,
	};
}

function bodyText(spec: HttpRequestSpec): string {
	return spec.body === undefined ? '' : Buffer.from(spec.body).toString('latin1');
}

function parsedBody(spec: HttpRequestSpec): unknown {
	try {
		return JSON.parse(bodyText(spec));
	} catch {
		return undefined;
	}
}

/** Every value of `key` anywhere in a JSON body, or of a form field. */
function valuesOf(spec: HttpRequestSpec, key: string): unknown[] {
	const json = parsedBody(spec);
	if (json === undefined) return /x-www-form-urlencoded/.test(spec.headers['content-type'] ?? '') ? new URLSearchParams(bodyText(spec)).getAll(key) : [];
	const found: unknown[] = [];
	const visit = (value: unknown) => {
		if (Array.isArray(value)) value.forEach(visit);
		else if (value && typeof value === 'object') {
			for (const [name, inner] of Object.entries(value)) {
				if (name === key) found.push(inner);
				else visit(inner);
			}
		}
	};
	visit(json);
	return found;
}

/** Every text the request carries: JSON strings, form values, else the body as a whole. */
function stringsIn(spec: HttpRequestSpec): string[] {
	const json = parsedBody(spec);
	if (json !== undefined) {
		const strings: string[] = [];
		const visit = (value: unknown) => {
			if (typeof value === 'string') strings.push(value);
			else if (value && typeof value === 'object') Object.values(value).forEach(visit);
		};
		visit(json);
		return strings;
	}
	if (/x-www-form-urlencoded/.test(spec.headers['content-type'] ?? '')) return [...new URLSearchParams(bodyText(spec)).values()];
	return [bodyText(spec)];
}

/** Replies no provider documents: every adapter must still answer each recipient once, without throwing. */
const JUNK_BODIES = ['', 'null', '[]', '{}', '"text"', '{"errors":5}', '{"type":5}', '{"data":{"messages":[null]}}', '<', '<a/>', '\u0000\u0001'];
const JUNK_HEADERS = [{}, { 'content-type': 'application/json' }, { 'content-type': 'text/xml' }, { 'content-type': 'multipart/related; boundary="x"' }];

const withProblem = (problems: string[], pattern: RegExp) => problems.some((problem) => pattern.test(problem));

export function runCapabilityInvariants(suite: ProviderSuite): void {
	const { adapter, credentials, message } = suite;
	const capabilities = capabilitiesOf(adapter, credentials);
	const build = (batch: SendBatch) => adapter.buildSendRequest(credentials, batch, suite.nowMs);
	const checked = (overrides: Partial<OutboundMessage>) => checkCapabilities(adapter, { ...message, ...overrides }, credentials);
	const template: MediaRef = { ...message.media[0], bytes: 1 };
	/** Two recipients where a request takes several, so a batch-level value cannot pass for a per-recipient one. */
	const batchSize = Math.min(2, capabilities.recipientsPerRequest);

	describe(`${adapter.id} capabilities`, () => {
		it('is registered under its id, and reads exactly the fields of its credential class', () => {
			expect(adapters[adapter.id]).toBe(adapter);
			// The sandbox has no credential class, and so no fields declared for one.
			if (!adapter.credentialType) return expect(adapter.credential).toBeUndefined();
			const properties = new PackageCredentialTypes().getByName(adapter.credentialType).properties;
			const fields = adapter.credential!.fields;
			const declared = Object.entries(fields).map(([name, field]) => ({
				name,
				label: field.label,
				// The class marks a field required when the adapter needs it whenever the class shows it:
				// always, or under the very condition the field is shown for (an auth type's own fields).
				required: field.required === true || (field.requiredWhen !== undefined && isDeepStrictEqual(field.requiredWhen, shownWhen(name))),
				secret: field.secret === true,
				type: field.type ?? 'text',
				...(field.default === undefined ? {} : { default: field.default }),
			}));
			expect(declared).toEqual(
				properties.map((property) => ({
					name: property.name,
					label: property.displayName,
					required: property.required === true,
					secret: property.typeOptions?.password === true,
					type: property.type === 'number' || property.type === 'boolean' ? property.type : 'text',
					...(fields[property.name]?.default === undefined ? {} : { default: property.default }),
				})),
			);
			// A condition names a field of the class and values it offers.
			for (const field of Object.values(fields)) {
				for (const [other, values] of Object.entries(field.requiredWhen ?? {})) {
					const offered = properties.find((property) => property.name === other)?.options?.map((option) => (option as { value: unknown }).value);
					expect({ other, values, offered: offered?.filter((value) => values.includes(value as string)) }).toEqual({ other, values, offered: values });
				}
			}

			function shownWhen(name: string) {
				return properties.find((property) => property.name === name)?.displayOptions?.show;
			}
		});

		it('declares positive whole-number limits', () => {
			const { recipientsPerRequest, mediaPerMessage, maxMediaBytes, defaultRatePerSecond, maxTextLength, maxSubjectLength } = adapter.capabilities;
			for (const count of [recipientsPerRequest, mediaPerMessage, maxMediaBytes]) expect(Number.isInteger(count) && count >= 1).toBe(true);
			expect(defaultRatePerSecond).toBeGreaterThan(0);
			if (maxTextLength !== undefined) expect(Number.isInteger(maxTextLength) && maxTextLength >= 1).toBe(true);
			if (typeof maxSubjectLength === 'number') expect(Number.isInteger(maxSubjectLength) && maxSubjectLength >= 1).toBe(true);
		});

		it('has a media store exactly when it can upload (mediaStore ⇔ upload)', () => {
			expect(capabilities.mediaStore).toBe(adapter.upload !== undefined);
		});

		it('carries media inside the request exactly when it declares inlineMedia', () => {
			const inline = message.media.filter((media) => media.data !== undefined);
			if (!capabilities.inlineMedia) {
				expect(inline).toEqual([]);
				return;
			}
			// Inline media is how binary input works without a store (the engine fetches URLs once).
			expect(capabilities.mediaStore).toBe(false);
			expect(inline.length).toBeGreaterThan(0);
			const body = Buffer.from(build(sampleBatch(suite, 1)).body ?? '');
			for (const media of inline) expect(body.includes(media.data!)).toBe(true);
		});

		it('puts ref on each recipient\'s callback URL exactly when perMessageCallbackUrl', () => {
			const batch = sampleBatch(suite, batchSize);
			const strings = stringsIn(build(batch));
			for (const recipient of batch.recipients) {
				expect(strings.includes(callbackUrlFor(batch, recipient)!)).toBe(capabilities.perMessageCallbackUrl);
			}
		});

		it('carries the status callback URL in the send request exactly when carriesCallbackUrl is not false', () => {
			const spec = build(sampleBatch(suite, batchSize));
			const carried = stringsIn(spec).some((text) => text.includes('n8n.example.com/webhook/mms'));
			expect(carried).toBe(capabilities.carriesCallbackUrl !== false);
			if (!carried) expect(bodyText(spec)).not.toContain('n8n.example.com');
		});

		it('carries dropId:ref (or, for a whole batch, the dropId) in the correlation field exactly when it names one', () => {
			const batch = sampleBatch(suite, batchSize);
			const spec = build(batch);
			const encoded = batch.recipients.map((recipient) => encodeCorrelation(batch.dropId, recipient.ref));
			if (capabilities.correlationField === null) {
				for (const value of encoded) expect(bodyText(spec)).not.toContain(value);
				return;
			}
			expect([encoded, [batch.dropId]]).toContainEqual(valuesOf(spec, capabilities.correlationField));
		});

		it(`builds requests of 1 to recipientsPerRequest (${capabilities.recipientsPerRequest}) recipients and refuses others`, () => {
			const limit = capabilities.recipientsPerRequest;
			expect(() => build(sampleBatch(suite, limit))).not.toThrow();
			const refusal = new RegExp(`takes 1 to ${limit} recipients per send request`);
			expect(() => build(sampleBatch(suite, limit + 1))).toThrow(refusal);
			expect(() => build(sampleBatch(suite, 0))).toThrow(refusal);
		});

		it('builds the same request for the same batch at the same time (a pure function)', () => {
			const batch = sampleBatch(suite, batchSize);
			expect(build(batch)).toEqual(build(batch));
		});

		it('takes the suite\'s sample message as it is', () => {
			expect(messageProblems(adapter, message, credentials)).toEqual([]);
		});

		it(`holds a message to ${capabilities.mediaPerMessage} media and ${capabilities.maxMediaBytes} media bytes`, () => {
			const countProblem = /media per message/;
			expect(withProblem(checked({ media: Array.from({ length: capabilities.mediaPerMessage }, () => template) }), countProblem)).toBe(false);
			expect(withProblem(checked({ media: Array.from({ length: capabilities.mediaPerMessage + 1 }, () => template) }), countProblem)).toBe(true);
			const bytesProblem = /bytes of media per message/;
			expect(withProblem(checked({ media: [{ ...template, bytes: capabilities.maxMediaBytes }] }), bytesProblem)).toBe(false);
			expect(withProblem(checked({ media: [{ ...template, bytes: capabilities.maxMediaBytes + 1 }] }), bytesProblem)).toBe(true);
		});

		it('counts text in code points against maxTextLength', () => {
			const textProblem = /characters of text/;
			const limit = capabilities.maxTextLength;
			if (limit === undefined) {
				expect(withProblem(checked({ text: 'x'.repeat(10_000) }), textProblem)).toBe(false);
				return;
			}
			expect(withProblem(checked({ text: '😀'.repeat(limit) }), textProblem)).toBe(false);
			expect(withProblem(checked({ text: '😀'.repeat(limit + 1) }), textProblem)).toBe(true);
		});

		it('leaves out a subject it cannot carry (never a problem), refuses one longer than maxSubjectLength', () => {
			const limit = capabilities.maxSubjectLength;
			const uncarried = uncarriedFields(adapter, credentials).map(({ field }) => field);
			expect(uncarried).toEqual(limit === null ? ['subject'] : []);
			if (limit === null) {
				expect(checked({ subject: 'Sale' })).toEqual([]);
			} else if (limit === undefined) {
				expect(checked({ subject: 'S'.repeat(1000) })).toEqual([]);
			} else {
				expect(checked({ subject: '😀'.repeat(limit) })).toEqual([]);
				expect(withProblem(checked({ subject: 'x'.repeat(limit + 1) }), /subject of at most/)).toBe(true);
			}
		});

		it('refuses a message without the parts the provider requires', () => {
			const empty = checked({ text: ' ', media: [] });
			expect(withProblem(empty, /only with a media file/)).toBe(capabilities.mediaRequired === true);
			expect(withProblem(empty, /requires a message text/)).toBe(capabilities.textRequired === true);
			expect(withProblem(empty, /needs text or media/)).toBe(!capabilities.mediaRequired && !capabilities.textRequired);
		});

		it('answers any reply with one outcome per recipient, in order, and never throws', () => {
			const batch = sampleBatch(suite, batchSize);
			for (const body of [...JUNK_BODIES, ...suite.junkReplies]) {
				for (const status of [200, 201, 202, 400, 401, 404, 429, 500, 502, 503]) {
					for (const headers of JUNK_HEADERS) {
						const outcomes = adapter.parseSendResponse(batch, { status, headers, body });
						expect(outcomes.map((outcome) => outcome.ref)).toEqual(batch.recipients.map((recipient) => recipient.ref));
					}
				}
			}
		});
	});
}

export interface CapabilitiesCase {
	label: string;
	credentials: ProviderCredentials;
	/** What differs from the declared capabilities for this credential. */
	differences: Partial<Capabilities>;
}

/** Capabilities a credential sets (an MMSC's own limits): `capabilitiesFor`, as the engine reads it. */
export function runCapabilitiesForCases(suite: ProviderSuite, cases: CapabilitiesCase[]): void {
	describe(`${suite.adapter.id} capabilities for a credential`, () => {
		it.each(cases)('$label', ({ credentials, differences }) => {
			expect(capabilitiesOf(suite.adapter, credentials)).toEqual({ ...suite.adapter.capabilities, ...differences });
		});
	});
}
