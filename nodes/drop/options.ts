/**
 * Parameter values as n8n hands them over, checked once with one message shape (sharp's
 * `is.mjs` lesson): the parameter, what it must be, what it got. Expressions and imported
 * workflows can put any value anywhere (undefined, null, a number, an array), and n8n enforces
 * `minValue`/`maxValue` only in the editor, so every value is checked here before anything is sent.
 */
import { isSupportedCountry } from 'libphonenumber-js';

import { DROP_BOUNDS, DROP_DEFAULTS, type NumberBounds } from './defaults';
import { DropInputError } from './errors';
import { splitList } from './recipients';

/** The drop's options after checking, defaults applied. */
export interface DropRules {
	defaultCountry: string;
	dedupe: boolean;
	optOutFooter: string;
	suppressionList: string[];
	/** 0 = the provider's default rate. */
	ratePerSecond: number;
	concurrency: number;
	maxRetries: number;
	requestTimeoutMs: number;
	statusCallbackUrl?: string;
	dropId?: string;
	dryRun: boolean;
	rerunWindowHours: number;
	resolveUnknown: boolean;
	forgetDrop: boolean;
	allowPrivateMediaHost: boolean;
}

/** The options collection as the node reads it; any field may hold any value. */
export type RawDropOptions = Partial<Record<keyof DropRules, unknown>>;

/** Display names, so a message names the field the user sees. */
const LABELS: Record<keyof DropRules, string> = {
	defaultCountry: 'Default Country',
	dedupe: 'Dedupe',
	optOutFooter: 'Opt-Out Footer',
	suppressionList: 'Suppression List',
	ratePerSecond: 'Rate per Second',
	concurrency: 'Concurrency',
	maxRetries: 'Max Retries',
	requestTimeoutMs: 'Request Timeout (ms)',
	statusCallbackUrl: 'Status Callback URL',
	dropId: 'Drop ID',
	dryRun: 'Dry Run',
	rerunWindowHours: 'Re-Run Window (Hours)',
	resolveUnknown: 'Resolve Unknown',
	forgetDrop: 'Forget Drop',
	allowPrivateMediaHost: 'Allow Private Media Host',
};

/** Longest user-given drop id; it travels in callback URLs and correlation fields. */
const MAX_DROP_ID_LENGTH = 200;

export function invalid(label: string, expected: string, got: unknown, itemIndex?: number): DropInputError {
	const where = itemIndex === undefined ? '' : ` (item ${itemIndex})`;
	return new DropInputError(`"${label}" must be ${expected}${where}; got ${describe(got)}`, undefined, itemIndex);
}

function describe(value: unknown): string {
	if (value === undefined) return 'nothing (undefined)';
	if (value === null) return 'null';
	if (Array.isArray(value)) return `a list of ${value.length}`;
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return value === '' ? 'an empty text' : JSON.stringify(value.length > 60 ? value.slice(0, 57) + '…' : value);
	return String(value);
}

const unset = (value: unknown) => value === undefined || value === null;

export function numberOption(label: string, value: unknown, bounds: NumberBounds, fallback: number): number {
	if (unset(value) || value === '') return fallback;
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	const range = `from ${bounds.min.toLocaleString('en-US')} to ${bounds.max.toLocaleString('en-US')}`;
	const expected = bounds.integer ? `a whole number ${range}` : `a number ${range}`;
	if (typeof number !== 'number' || !Number.isFinite(number)) throw invalid(label, expected, value);
	if (number < bounds.min || number > bounds.max || (bounds.integer && !Number.isInteger(number))) throw invalid(label, expected, value);
	return number;
}

export function booleanValue(label: string, value: unknown, fallback: boolean, itemIndex?: number): boolean {
	if (unset(value)) return fallback;
	if (typeof value === 'boolean') return value;
	// Spreadsheets and CSV files hand booleans over as text or 0/1.
	if (value === 1 || value === 0) return value === 1;
	if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
	throw invalid(label, 'true or false', value, itemIndex);
}

/** Text from a parameter: numbers become text, nothing becomes empty; lists and objects are refused. */
export function textValue(label: string, value: unknown, itemIndex?: number): string {
	if (unset(value)) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	throw invalid(label, 'text', value, itemIndex);
}

/** A list as users paste it (comma/newline separated) or as an expression returns it (an array). */
export function listValue(label: string, value: unknown, itemIndex?: number): string[] {
	if (unset(value)) return [];
	if (typeof value === 'string' || Array.isArray(value)) {
		const nested = Array.isArray(value) ? value.find((entry) => entry !== null && typeof entry === 'object') : undefined;
		if (nested !== undefined) throw invalid(label, 'a list of texts', value, itemIndex);
		return splitList(value);
	}
	throw invalid(label, 'text or a list', value, itemIndex);
}

/** Below this a drop of a few recipients would take hours: a rate is 0 (the provider's default) or at least this. */
const MIN_RATE_PER_SECOND = 0.01;

function rateOption(value: unknown): number {
	const rate = numberOption(LABELS.ratePerSecond, value, DROP_BOUNDS.ratePerSecond, DROP_DEFAULTS.ratePerSecond);
	if (rate > 0 && rate < MIN_RATE_PER_SECOND) throw invalid(LABELS.ratePerSecond, `0 (the provider's default) or from ${MIN_RATE_PER_SECOND} to ${DROP_BOUNDS.ratePerSecond.max.toLocaleString('en-US')}`, value);
	return rate;
}

function httpUrlOption(label: string, value: unknown): string | undefined {
	const text = textValue(label, value).trim();
	if (text === '') return undefined;
	try {
		const url = new URL(text);
		if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
	} catch {
		// reported below
	}
	throw invalid(label, 'an http(s) URL', value);
}

export function resolveRules(options: RawDropOptions): DropRules {
	const country = textValue(LABELS.defaultCountry, options.defaultCountry).trim().toUpperCase() || DROP_DEFAULTS.defaultCountry;
	if (!isSupportedCountry(country)) throw invalid(LABELS.defaultCountry, 'a two-letter ISO country code such as US or GB', options.defaultCountry);
	const dropId = textValue(LABELS.dropId, options.dropId).trim() || undefined;
	if (dropId !== undefined && dropId.length > MAX_DROP_ID_LENGTH) throw invalid(LABELS.dropId, `at most ${MAX_DROP_ID_LENGTH} characters`, dropId);
	const number = (name: keyof typeof DROP_BOUNDS) => numberOption(LABELS[name], options[name], DROP_BOUNDS[name], DROP_DEFAULTS[name]);
	return {
		defaultCountry: country,
		dedupe: booleanValue(LABELS.dedupe, options.dedupe, DROP_DEFAULTS.dedupe),
		optOutFooter: unset(options.optOutFooter) ? DROP_DEFAULTS.optOutFooter : textValue(LABELS.optOutFooter, options.optOutFooter),
		suppressionList: listValue(LABELS.suppressionList, options.suppressionList),
		ratePerSecond: rateOption(options.ratePerSecond),
		concurrency: number('concurrency'),
		maxRetries: number('maxRetries'),
		requestTimeoutMs: number('requestTimeoutMs'),
		statusCallbackUrl: httpUrlOption(LABELS.statusCallbackUrl, options.statusCallbackUrl),
		dropId,
		dryRun: booleanValue(LABELS.dryRun, options.dryRun, DROP_DEFAULTS.dryRun),
		rerunWindowHours: number('rerunWindowHours'),
		resolveUnknown: booleanValue(LABELS.resolveUnknown, options.resolveUnknown, DROP_DEFAULTS.resolveUnknown),
		forgetDrop: booleanValue(LABELS.forgetDrop, options.forgetDrop, DROP_DEFAULTS.forgetDrop),
		allowPrivateMediaHost: booleanValue(LABELS.allowPrivateMediaHost, options.allowPrivateMediaHost, DROP_DEFAULTS.allowPrivateMediaHost),
	};
}
