/**
 * The webhook fuzz's cases, the same kinds for every provider (targets.ts says how each provider
 * signs and what its valid requests look like): valid events, replays, stale timestamps, forged,
 * missing and spoiled credentials, bodies changed after signing, malformed encodings (signed, and
 * unsigned), bodies at and over the provider's size limit, multipart garbage and unexpected methods.
 *
 * Each case says which answers the trigger may give and how many items an accepted one yields. A
 * malformed body that is still an event (an extra field, a wrong content type) may be taken or
 * refused, but only with 200 or 400: the changes are made so that an accepted one holds exactly the
 * events of the valid request it was made from.
 */
import { formFieldCount, MAX_FORM_FIELDS } from '../../nodes/providers/shared';
import { mimePartBomb } from '../fixtures/mm7/hostile';
import { Random } from './random';
import type { Draft, FuzzRequest, FuzzTarget, Unsigned } from './targets';
import { MM7_MULTIPART_TYPE } from './targets';

export const CASE_KINDS = [
	'valid',
	'replay',
	'stale timestamp',
	'wrong secret',
	'missing credentials',
	'spoiled credentials',
	'mutated after signing',
	'malformed body, authenticated',
	'hostile body, unauthenticated',
	'at body limit',
	'over body limit',
	'multipart garbage, authenticated',
	'multipart garbage, unauthenticated',
	'unexpected method',
] as const;

export type CaseKind = (typeof CASE_KINDS)[number];

export interface FuzzCase {
	index: number;
	kind: CaseKind;
	variant: string;
	/** The request's `dropId`: every item it causes carries it. */
	marker: string;
	/** Answers the trigger may give. */
	expected: number[];
	/** Items the request yields when it is answered 2xx. */
	events: number;
	/**
	 * An authenticated request the trigger must read whole, and whose handling grows with its size (a body
	 * at the limit, tens of thousands of fields): held to a looser bound than the rest (webhook-fuzz.test.ts).
	 */
	sizeProportional?: boolean;
	/** A valid case's request before its credentials, which a replay signs again as a provider's retry would. */
	unsigned?: Unsigned;
	/** Builds the request right before it is sent, so signed timestamps are fresh. */
	build(): FuzzRequest;
	/** The request as sent (kept for replays). */
	sent?: FuzzRequest;
}

/** How many cases of each kind a provider gets; kinds its authentication cannot tell apart are left out (see `applies`). */
const QUOTAS: Record<CaseKind, number> = {
	valid: 60,
	replay: 25,
	'stale timestamp': 12,
	'wrong secret': 15,
	'missing credentials': 10,
	'spoiled credentials': 15,
	'mutated after signing': 30,
	'malformed body, authenticated': 40,
	'hostile body, unauthenticated': 15,
	'at body limit': 1,
	'over body limit': 2,
	'multipart garbage, authenticated': 5,
	'multipart garbage, unauthenticated': 5,
	'unexpected method': 10,
};

/**
 * A timestamp window exists only where the provider signs a time; a changed body can be told only
 * where something signs the body (not HTTP Basic, not ClickSend's URL token).
 */
export function applies(target: FuzzTarget, kind: CaseKind): boolean {
	if (kind === 'stale timestamp') return target.signs.timestamp;
	if (kind === 'mutated after signing') return target.signs.body;
	return true;
}

const OK = 200;
/** Malformed but authenticated: either still an event, or refused as unreadable. */
const TAKEN_OR_REFUSED = [200, 400];

/** Marker = dropId: fixed width, so no marker is a prefix of another. */
function markerOf(index: number): string {
	return `fz${String(index).padStart(4, '0')}`;
}

/**
 * Round robin over each list of variants, from a random start: every variant of a list comes up
 * once its kind has had as many cases as the list has variants, and the rest fall where they may.
 */
class Turns {
	private readonly next = new Map<string, number>();

	constructor(private readonly random: Random) {}

	pick<T>(list: string, variants: readonly T[]): T {
		const turn = this.next.get(list) ?? this.random.int(0, variants.length - 1);
		this.next.set(list, turn + 1);
		return variants[turn % variants.length];
	}
}

export function generateCases(target: FuzzTarget, random: Random, triggerUrl: string): FuzzCase[] {
	const kinds = random.shuffle(CASE_KINDS.filter((kind) => applies(target, kind)).flatMap((kind) => Array<CaseKind>(QUOTAS[kind]).fill(kind)));
	// A replay needs something sent before it: the run opens with a valid event.
	const firstValid = kinds.indexOf('valid');
	[kinds[0], kinds[firstValid]] = [kinds[firstValid], kinds[0]];

	const cases: FuzzCase[] = [];
	const validCases: FuzzCase[] = [];
	const turns = new Turns(random);
	kinds.forEach((kind, index) => {
		const marker = markerOf(index);
		const url = `${triggerUrl}?dropId=${marker}`;
		const made = makeCase({ target, random, turns, marker, url }, kind, validCases);
		const fuzzCase: FuzzCase = { index, kind, marker, ...made };
		if (kind === 'valid') validCases.push(fuzzCase);
		cases.push(fuzzCase);
	});
	return cases;
}

/** A case as its kind makes it; `marker` only where the request carries another dropId than the case's. */
type Made = Omit<FuzzCase, 'index' | 'kind' | 'marker'> & { marker?: string };

/** What every case is made with: the provider, the run's randomness, and this case's dropId and trigger URL. */
interface Making {
	target: FuzzTarget;
	random: Random;
	turns: Turns;
	marker: string;
	url: string;
}

function makeCase({ target, random, turns, marker, url }: Making, kind: CaseKind, validCases: FuzzCase[]): Made {
	/** A valid request with a body (GET drafts carry none to mangle). */
	const postDraft = (): Draft => {
		for (;;) {
			const draft = target.draft(random, marker, url);
			if (draft.method === 'POST') return draft;
		}
	};
	switch (kind) {
		case 'valid': {
			const draft = target.draft(random, marker, url);
			// Timestamps anywhere inside the window are fresh.
			const offset = target.signs.timestamp && random.int(0, 2) === 0 ? random.int(-240, 240) : 0;
			const variant = `${draft.format} body${offset ? `, signed ${offset} s off` : ''}`;
			return { variant, expected: [OK], events: draft.events, unsigned: draft, build: () => target.authenticate(draft, 'genuine', offset) };
		}
		case 'replay': {
			const original = random.pick(validCases);
			const resigned = random.int(0, 1) === 0;
			const build = (): FuzzRequest => {
				if (!original.sent || !original.unsigned) throw new Error(`case ${original.index} was not sent before its replay`);
				// A provider's retry carries a fresh signature (and timestamp) over the same event.
				return resigned ? target.authenticate(original.unsigned, 'genuine') : original.sent;
			};
			return { variant: resigned ? 'same event, signed again' : 'same bytes and headers', expected: [OK], events: original.events, marker: original.marker, build };
		}
		case 'stale timestamp': {
			const draft = target.draft(random, marker, url);
			const offset = random.pick([-1, 1]) * random.int(302, 7_200);
			return { variant: offset < 0 ? `signed ${-offset} s ago` : `signed ${offset} s ahead`, expected: [403], events: 0, build: () => target.authenticate(draft, 'genuine', offset) };
		}
		case 'wrong secret': {
			const draft = target.draft(random, marker, url);
			return { variant: `${draft.format} body`, expected: [401], events: 0, build: () => target.authenticate(draft, 'wrong') };
		}
		case 'missing credentials': {
			const draft = target.draft(random, marker, url);
			return { variant: `${draft.format} body`, expected: [401], events: 0, build: () => target.stripCredentials(target.authenticate(draft, 'genuine')) };
		}
		case 'spoiled credentials': {
			const draft = target.draft(random, marker, url);
			// Spoiled again from the same seed when sent: the same variant, over fresh timestamps.
			const spoilSeed = random.int(0, 2 ** 31);
			const spoiled = () => target.spoiledCredentials(target.authenticate(draft, 'genuine'), new Random(spoilSeed));
			const chosen = turns.pick(kind, spoiled().map((_, at) => at));
			return { variant: spoiled()[chosen].variant, expected: [401], events: 0, build: () => spoiled()[chosen].request };
		}
		case 'mutated after signing': {
			const draft = target.draft(random, marker, url);
			const mutation = mutationFor({ target, random, turns, marker, url }, draft);
			return { variant: mutation.variant, expected: [401], events: 0, marker: mutation.marker, build: () => mutation.apply(target.authenticate(draft, 'genuine')) };
		}
		case 'malformed body, authenticated': {
			const draft = postDraft();
			const malformed = malform(draft, random, turns, kind);
			// A form of more fields than any webhook has is refused unread: unverified where a signature covers it.
			const tooManyFields = draft.format === 'form' && formFieldCount(malformed.request.body) > MAX_FORM_FIELDS;
			const expected = tooManyFields ? [target.signs.body ? 401 : 400] : malformed.expected;
			return { variant: malformed.variant, expected, events: draft.events, sizeProportional: malformed.sizeProportional, build: () => target.authenticate(malformed.request, 'genuine') };
		}
		case 'hostile body, unauthenticated': {
			const draft = postDraft();
			const malformed = malform(draft, random, turns, kind);
			const forged = random.int(0, 1) === 0;
			const build = () => (forged ? target.authenticate(malformed.request, 'wrong') : target.stripCredentials(target.authenticate(malformed.request, 'genuine')));
			return { variant: `${malformed.variant}, ${forged ? 'wrong secret' : 'no credentials'}`, expected: [401], events: 0, build };
		}
		case 'at body limit': {
			const draft = paddable(postDraft);
			const build = () => target.authenticate(padTo(draft, target.maxBodyBytes), 'genuine');
			return { variant: `${draft.format} body of exactly ${target.maxBodyBytes} bytes`, expected: [OK], events: draft.events, sizeProportional: true, build };
		}
		case 'over body limit': {
			const draft = paddable(postDraft);
			const over = random.pick([1, random.int(2, 65_536)]);
			return { variant: `${draft.format} body ${over} byte(s) over ${target.maxBodyBytes}`, expected: [413], events: 0, build: () => target.authenticate(padTo(draft, target.maxBodyBytes + over), 'genuine') };
		}
		case 'multipart garbage, authenticated':
		case 'multipart garbage, unauthenticated': {
			const garbage = multipartGarbage(random, turns, kind, url, marker);
			const authenticated = kind === 'multipart garbage, authenticated';
			const build = () => (authenticated ? target.authenticate(garbage.request, 'genuine') : target.stripCredentials(target.authenticate(garbage.request, 'genuine')));
			return { variant: garbage.variant, expected: [authenticated ? 400 : 401], events: 0, build };
		}
		case 'unexpected method': {
			const draft = postDraft();
			const method = turns.pick(kind, ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'GET']);
			// n8n serves the trigger's POST and GET webhooks only; a GET with a POST's credentials has no body,
			// which a signature over the body refuses and HTTP Basic lets through to an unreadable request.
			const expected = method === 'GET' ? [target.signs.body ? 401 : 400] : [404];
			const build = (): FuzzRequest => {
				const signed = target.authenticate(draft, 'genuine');
				return { ...signed, method, body: method === 'GET' || method === 'HEAD' ? undefined : signed.body };
			};
			return { variant: method === 'GET' ? "GET with a POST's credentials" : method, expected, events: 0, build };
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Bodies changed after signing

interface Mutation {
	variant: string;
	/** The dropId the changed request carries (a changed query carries another). */
	marker: string;
	apply(signed: FuzzRequest): FuzzRequest;
}

function mutationFor({ target, random, turns, marker, url }: Making, draft: Draft): Mutation {
	const withBody = (variant: string, body: Buffer): Mutation => ({ variant, marker, apply: (signed) => ({ ...signed, body }) });
	const options: Array<() => Mutation> = [];
	if (target.signs.query) {
		const changed = `${marker}x`;
		options.push(() => ({ variant: 'the dropId in the signed query changed', marker: changed, apply: (signed) => ({ ...signed, url: signed.url.replace(`dropId=${marker}`, `dropId=${changed}`) }) }));
		options.push(() => ({ variant: 'a parameter added to the signed query', marker, apply: (signed) => ({ ...signed, url: `${signed.url}&fuzz=1` }) }));
	}
	if (draft.method === 'POST') {
		const other = target.draft(random, marker, url);
		if (other.method === 'POST' && !other.body.equals(draft.body)) options.push(() => withBody("another event's body under this signature", other.body));
		if (draft.format === 'form') {
			const form = new URLSearchParams(draft.body.toString('utf8'));
			const names = [...new Set(form.keys())];
			options.push(() => withBody('one character of a field changed', Buffer.from(changeOneCharacter(form, random).toString())));
			options.push(() => withBody('a field added', Buffer.from(`${draft.body.toString('utf8')}&Fuzz=1`)));
			options.push(() => {
				const removed = random.pick(names);
				const rest = new URLSearchParams(form);
				rest.delete(removed);
				return withBody(`the field ${removed} removed`, Buffer.from(rest.toString()));
			});
			options.push(() => withBody('a field repeated with another value', Buffer.from(`${draft.body.toString('utf8')}&${random.pick(names)}=fuzz`)));
		} else {
			options.push(() => {
				const at = random.int(0, draft.body.length - 1);
				const changed = Buffer.from(draft.body);
				changed[at] = changed[at] === 0x41 ? 0x42 : 0x41;
				return withBody('one byte changed', changed);
			});
			options.push(() => withBody('white space appended', Buffer.concat([draft.body, Buffer.from('\n')])));
			if (draft.format === 'json') {
				options.push(() => withBody('a field added', insertAfterFirstBrace(draft.body, '"fuzz":1,')));
				options.push(() => withBody('the same JSON indented', Buffer.from(JSON.stringify(JSON.parse(draft.body.toString('utf8')), null, 2))));
			}
		}
	}
	return turns.pick(`mutation of a ${draft.method} ${draft.format} request`, options)();
}

/** One letter or digit of one value, replaced by another: the decoded fields differ, so a signature over them must too. */
function changeOneCharacter(form: URLSearchParams, random: Random): URLSearchParams {
	const isAlphanumeric = (char: string) => /^[A-Za-z0-9]$/.test(char);
	const entries = [...form].filter(([, value]) => /[A-Za-z0-9]/.test(value));
	const [name, value] = random.pick(entries);
	// By UTF-16 unit, as slice counts: a letter or digit is always one unit.
	const positions = Array.from({ length: value.length }, (_, at) => at).filter((at) => isAlphanumeric(value[at]));
	const at = random.pick(positions);
	const replacement = value[at] === 'Q' ? 'Z' : 'Q';
	const changed = new URLSearchParams();
	let done = false;
	for (const [key, current] of form) {
		if (!done && key === name && current === value) {
			changed.append(key, value.slice(0, at) + replacement + value.slice(at + 1));
			done = true;
		} else changed.append(key, current);
	}
	return changed;
}

// ---------------------------------------------------------------------------------------------
// Malformed encodings

interface Malformed {
	variant: string;
	request: Unsigned;
	expected: number[];
	sizeProportional?: boolean;
}

const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80]);
const HUGE_NUMBERS = ['1e400', '-1e400', '1e-400', '123456789012345678901234567890123456789012345678901234567890', '0.1e999999999'];
const WRONG_CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'application/json', 'application/xml', 'text/html; charset=utf-8', 'application/json; charset=utf-16', 'application/octet-stream'];

function malform(draft: Draft, random: Random, turns: Turns, kind: CaseKind): Malformed {
	const variants = draft.format === 'json' ? jsonMalformations(draft) : draft.format === 'form' ? formMalformations(draft) : draft.format === 'xml' ? xmlMalformations(draft) : multipartMalformations(draft);
	return turns.pick(`${kind}, ${draft.format}`, variants)(random);
}

type Malformation = (random: Random) => Malformed;

function variantOf(draft: Draft, variant: string, body: Buffer, expected: number[], contentType = draft.contentType): Malformed {
	return { variant, request: { method: draft.method, url: draft.url, contentType, body }, expected };
}

/** Truncation, empty bodies, other encodings and content types: what any body format can suffer. */
function commonMalformations(draft: Draft): Malformation[] {
	const text = draft.body.toString('utf8');
	const lastContent = text.trimEnd().length;
	return [
		(random) => variantOf(draft, 'truncated', draft.body.subarray(0, random.int(1, lastContent - 1)), draft.format === 'form' || draft.format === 'multipart' ? TAKEN_OR_REFUSED : [400]),
		() => variantOf(draft, 'empty body', Buffer.alloc(0), [400]),
		() => variantOf(draft, 'UTF-16 instead of UTF-8', Buffer.from(text, 'utf16le'), [400]),
		() => variantOf(draft, 'latin-1 instead of UTF-8', Buffer.from(text, 'latin1'), TAKEN_OR_REFUSED),
		(random) => {
			const contentType = random.pick([...WRONG_CONTENT_TYPES.filter((type) => type !== draft.contentType), undefined]);
			return variantOf(draft, `content type ${contentType ?? '(none)'}`, draft.body, TAKEN_OR_REFUSED, contentType);
		},
	];
}

function insertAfterFirstBrace(body: Buffer, inserted: string | Buffer): Buffer {
	const at = body.indexOf('{') + 1;
	return Buffer.concat([body.subarray(0, at), Buffer.from(inserted), body.subarray(at)]);
}

/** A value nested `depth` deep, as JSON text. */
function nested(depth: number, kind: 'array' | 'object'): string {
	return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + 'null' + '}'.repeat(depth);
}

/** The first value inside `value` (depth first, `value` itself excluded) that `test` picks, replaced by `replace(found)`. */
function replaceFirst(value: unknown, test: (candidate: unknown) => boolean, replace: (found: unknown) => unknown, depth = 0): { value: unknown; replaced: boolean } {
	if (depth > 0 && test(value)) return { value: replace(value), replaced: true };
	if (Array.isArray(value)) {
		const copy = [...value];
		for (let i = 0; i < copy.length; i++) {
			const result = replaceFirst(copy[i], test, replace, depth + 1);
			if (result.replaced) {
				copy[i] = result.value;
				return { value: copy, replaced: true };
			}
		}
	} else if (typeof value === 'object' && value !== null) {
		const copy: Record<string, unknown> = { ...value };
		for (const key of Object.keys(copy)) {
			const result = replaceFirst(copy[key], test, replace, depth + 1);
			if (result.replaced) {
				copy[key] = result.value;
				return { value: copy, replaced: true };
			}
		}
	}
	return { value, replaced: false };
}

const isRecord = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

function jsonMalformations(draft: Draft): Malformation[] {
	const parsed = () => JSON.parse(draft.body.toString('utf8')) as unknown;
	const withField = (variant: string, field: string | Buffer) => variantOf(draft, variant, insertAfterFirstBrace(draft.body, field), TAKEN_OR_REFUSED);
	return [
		...commonMalformations(draft),
		() => variantOf(draft, 'a byte order mark before the JSON', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), draft.body]), [400]),
		() => withField('invalid UTF-8 in an extra field', Buffer.concat([Buffer.from('"fuzzNote":"'), INVALID_UTF8, Buffer.from('",')])),
		(random) => {
			const huge = random.pick(HUGE_NUMBERS);
			return withField(`an extra field of ${huge.slice(0, 12)}…`, `"fuzzNumber":${huge},`);
		},
		() => {
			const huge = JSON.stringify(parsed(), (_key, value: unknown) => (typeof value === 'number' ? '\u0000huge' : value)).replaceAll('"\\u0000huge"', '1e400');
			return variantOf(draft, 'every number 1e400', Buffer.from(huge), TAKEN_OR_REFUSED);
		},
		(random) => {
			const depth = random.pick([1_000, 5_000, 20_000]);
			const kind = random.pick(['array', 'object'] as const);
			// Deeper than any provider nests (MAX_JSON_DEPTH in nodes/providers/shared.ts): unreadable, and never a 503.
			return { ...withField(`an extra field nested ${depth} deep (${kind}s)`, `"fuzzNested":${nested(depth, kind)},`), expected: [400] };
		},
		() => withField('prototype keys (__proto__, constructor, toString …)', '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"toString":"x","hasOwnProperty":1,"valueOf":null,'),
		() => variantOf(draft, 'the body wrapped in an array', Buffer.from(`[${draft.body.toString('utf8')}]`), TAKEN_OR_REFUSED),
		() => {
			const { value, replaced } = replaceFirst(parsed(), isRecord, (found) => [found]);
			return variantOf(draft, replaced ? 'a nested object as an array' : 'the body wrapped in an array', Buffer.from(JSON.stringify(replaced ? value : [value])), TAKEN_OR_REFUSED);
		},
		() => {
			const { value, replaced } = replaceFirst(parsed(), isRecord, () => null);
			return variantOf(draft, replaced ? 'a nested object as null' : 'null instead of the body', Buffer.from(JSON.stringify(replaced ? value : null)), TAKEN_OR_REFUSED);
		},
		() => {
			const { value } = replaceFirst(parsed(), (candidate) => typeof candidate === 'string', () => 12345);
			return variantOf(draft, 'a text field as a number', Buffer.from(JSON.stringify(value)), TAKEN_OR_REFUSED);
		},
		() => ({ ...withField('20,000 extra fields', Array.from({ length: 20_000 }, (_, i) => `"f${i}":${i},`).join('')), sizeProportional: true }),
	];
}

function formMalformations(draft: Draft): Malformation[] {
	const text = draft.body.toString('utf8');
	const form = new URLSearchParams(text);
	const withFields = (variant: string, extra: string | Buffer) => variantOf(draft, variant, Buffer.concat([draft.body, Buffer.from('&'), Buffer.from(extra)]), TAKEN_OR_REFUSED);
	return [
		...commonMalformations(draft),
		() => withFields('raw invalid UTF-8 bytes in a field', Buffer.concat([Buffer.from('FuzzNote='), INVALID_UTF8])),
		() => withFields('percent-encoded invalid UTF-8 in a field', `FuzzNote=${[...INVALID_UTF8].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('')}`),
		() => {
			const huge = new URLSearchParams([...form].map(([name, value]): [string, string] => [name, /^\d+$/.test(value) ? '9'.repeat(400) : value]));
			return variantOf(draft, 'every number 400 digits long', Buffer.from(huge.toString()), TAKEN_OR_REFUSED);
		},
		() => withFields('a bracket-nested key 5,000 deep', `Fuzz${'[a]'.repeat(5_000)}=1`),
		() => withFields('prototype keys (__proto__, constructor, toString …)', '__proto__=x&constructor=y&toString=z&hasOwnProperty=1&__proto__[polluted]=yes&constructor[prototype][polluted]=yes'),
		() => withFields('every field repeated with another value', [...form].map(([name]) => `${encodeURIComponent(name)}=fuzz`).join('&')),
		() => withFields('900 extra fields', Array.from({ length: 900 }, (_, i) => `f${i}=${i}`).join('&')),
		() => withFields('10,000 extra fields', Array.from({ length: 10_000 }, (_, i) => `f${i}=${i}`).join('&')),
		() => withFields('75,000 extra fields (about 1 MB)', Array.from({ length: 75_000 }, (_, i) => `f${i}=${i}`).join('&')),
	];
}

function insertBefore(body: Buffer, marker: RegExp, inserted: string | Buffer): Buffer {
	const text = body.toString('latin1');
	const at = text.search(marker);
	if (at < 0) return Buffer.concat([body, Buffer.from(inserted)]);
	return Buffer.concat([body.subarray(0, at), Buffer.from(inserted), body.subarray(at)]);
}

const END_OF_REQUEST = /<\/(\w+:)?(DeliveryReportReq|DeliverReq)>/;

function xmlMalformations(draft: Draft): Malformation[] {
	const text = draft.body.toString('utf8');
	return [
		...commonMalformations(draft),
		() => variantOf(draft, 'invalid UTF-8 in a text node', insertBefore(draft.body, END_OF_REQUEST, Buffer.concat([Buffer.from('<Fuzz>'), INVALID_UTF8, Buffer.from('</Fuzz>')])), TAKEN_OR_REFUSED),
		() => variantOf(draft, 'elements 40 deep', insertBefore(draft.body, END_OF_REQUEST, '<a>'.repeat(40) + '</a>'.repeat(40)), [400]),
		() => variantOf(draft, 'elements named like prototype members', insertBefore(draft.body, END_OF_REQUEST, '<__proto__><polluted>yes</polluted></__proto__><constructor><prototype>x</prototype></constructor>'), TAKEN_OR_REFUSED),
		() => variantOf(draft, 'a DOCTYPE with an entity', Buffer.from(text.replace(/^(<\?xml[^>]*\?>)?/, '$1<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>')), [400]),
		() => variantOf(draft, 'a 400-digit date', Buffer.from(text.replace(/(<(?:\w+:)?Date>)[^<]*/, `$1${'9'.repeat(400)}`)), TAKEN_OR_REFUSED),
		() => variantOf(draft, 'a byte order mark before the XML', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), draft.body]), TAKEN_OR_REFUSED),
	];
}

function multipartMalformations(draft: Draft): Malformation[] {
	const boundary = /boundary="([^"]+)"/.exec(draft.contentType ?? '')?.[1] ?? '';
	const text = draft.body.toString('latin1');
	return [
		...commonMalformations(draft),
		() => variantOf(draft, 'a boundary the body does not use', draft.body, [400], MM7_MULTIPART_TYPE.replace(boundary, 'not-the-boundary')),
		() => variantOf(draft, 'no boundary parameter', draft.body, [400], 'multipart/related; type="text/xml"'),
		() => variantOf(draft, 'text/xml over a multipart body', draft.body, [400], 'text/xml'),
		() => {
			const secondPart = text.indexOf(`--${boundary}`, text.indexOf(`--${boundary}`) + 1);
			return variantOf(draft, 'the SOAP part removed', draft.body.subarray(secondPart), [400]);
		},
		() => variantOf(draft, 'invalid UTF-8 in the SOAP part', insertBefore(draft.body, END_OF_REQUEST, Buffer.concat([Buffer.from('<Fuzz>'), INVALID_UTF8, Buffer.from('</Fuzz>')])), TAKEN_OR_REFUSED),
		() => variantOf(draft, 'elements named like prototype members', insertBefore(draft.body, END_OF_REQUEST, '<__proto__><polluted>yes</polluted></__proto__>'), TAKEN_OR_REFUSED),
	];
}

// ---------------------------------------------------------------------------------------------
// Sizes

/** A draft that can be padded to a size: MM7's XML reader takes 64 K characters, so its multipart bodies are padded instead. */
function paddable(draw: () => Draft): Draft {
	for (;;) {
		const draft = draw();
		if (draft.format !== 'xml') return draft;
	}
}

/** The draft, still valid, grown to exactly `bytes`: an extra field (JSON, form) or a MIME epilogue (multipart). */
function padTo(draft: Draft, bytes: number): Draft {
	const padded = (prefix: string, suffix: string, insert: (padding: string) => Buffer) => {
		const need = bytes - draft.body.length - prefix.length - suffix.length;
		if (need < 0) throw new Error(`a ${draft.format} body of ${draft.body.length} bytes cannot be padded to ${bytes}`);
		return { ...draft, body: insert(prefix + 'x'.repeat(need) + suffix) };
	};
	if (draft.format === 'json') return padded('"fuzzPadding":"', '",', (padding) => insertAfterFirstBrace(draft.body, padding));
	if (draft.format === 'form') return padded('&FuzzPadding=', '', (padding) => Buffer.concat([draft.body, Buffer.from(padding)]));
	// RFC 2046 §5.1.1: what follows the close delimiter is an epilogue, to be ignored.
	return padded('\r\n', '', (padding) => Buffer.concat([draft.body, Buffer.from(padding)]));
}

// ---------------------------------------------------------------------------------------------
// Multipart garbage

function multipartGarbage(random: Random, turns: Turns, kind: CaseKind, url: string, marker: string): { variant: string; request: Unsigned } {
	const boundary = `fuzz-${random.text(12)}`;
	const request = (variant: string, contentType: string, body: Buffer) => ({ variant, request: { method: 'POST' as const, url, contentType, body } });
	const bytes = (length: number) => Buffer.from(Array.from({ length }, () => random.int(0, 255)));
	const variants: Array<() => { variant: string; request: Unsigned }> = [
		() =>
			request(
				'a form-data upload of a fake JPEG (MMS media)',
				`multipart/form-data; boundary=${boundary}`,
				Buffer.concat([
					Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="MessageSid"\r\n\r\n${marker}\r\n`),
					Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="MediaUrl0"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
					Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
					bytes(random.int(100, 20_000)),
					Buffer.from(`\r\n--${boundary}--\r\n`),
				]),
			),
		() => request('random bytes under a multipart type', `multipart/related; boundary=${boundary}`, bytes(random.int(1, 65_536))),
		() => request('a multipart type without a boundary', 'multipart/related; type="text/xml"', Buffer.from(`--${boundary}\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n--${boundary}--\r\n`)),
		() => request('an unterminated multipart body', `multipart/related; boundary=${boundary}`, Buffer.from(`--${boundary}\r\nContent-Type: text/xml\r\n\r\n<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body>`)),
		() => {
			const bomb = mimePartBomb(150_000);
			return request('150,000 empty MIME parts (issue #13)', bomb.contentType, bomb.body);
		},
	];
	return turns.pick(kind, variants)();
}
