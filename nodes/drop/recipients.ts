/**
 * Turns input items into recipients: E.164 normalization, consent, suppression, dedupe, and the
 * opt-out footer. Pure: the node reads parameters, this decides who gets what.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

import type { MediaRef, SkipReason } from '../providers/types';

export interface RecipientInput {
	/** Input item index (output order and pairedItem). */
	index: number;
	rawTo: unknown;
	/** Sender for this recipient: a number, short code, sender ID or Messaging Service. */
	from: string;
	/** false ⇒ skipped with `no_consent`; undefined = consent not tracked. */
	consent?: boolean;
	text: string;
	subject?: string;
	media: MediaRef[];
}

export type Recipient =
	| (RecipientInput & { to: string; skip: null })
	| (RecipientInput & { to: string; skip: SkipReason });

export interface RecipientRules {
	defaultCountry: string;
	dedupe: boolean;
	/** Numbers never to send to, any format. */
	suppressionList: unknown[];
	/** Appended unless the text already says how to opt out; empty disables. */
	optOutFooter: string;
}

/** E.164 for a valid number in any human format, else null. */
export function toE164(raw: unknown, defaultCountry: string): string | null {
	if (typeof raw !== 'string' && typeof raw !== 'number') return null;
	const text = String(raw).trim();
	if (text === '') return null;
	const parsed = parsePhoneNumberFromString(text, defaultCountry.toUpperCase() as CountryCode);
	return parsed?.isValid() ? parsed.number : null;
}

/** A comma/newline separated string or an array, as users paste lists. */
export function splitList(value: unknown): string[] {
	const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\n,;]+/) : [];
	return items.map((item) => String(item ?? '').trim()).filter((item) => item !== '');
}

// DESIGN.md: the footer is left out when the text already contains STOP, "opt out" or "unsubscribe".
const OPT_OUT_INSTRUCTION = /stop|opt[\s-]?out|unsubscribe/i;

export function withOptOutFooter(text: string, footer: string): string {
	if (footer.trim() === '' || OPT_OUT_INSTRUCTION.test(text)) return text;
	return text === '' ? footer : `${text}\n${footer}`;
}

export function prepareRecipients(inputs: RecipientInput[], rules: RecipientRules): Recipient[] {
	const suppressed = new Set(
		splitList(rules.suppressionList).map((number) => toE164(number, rules.defaultCountry) ?? number),
	);
	const seen = new Set<string>();
	return inputs.map((input) => {
		const text = withOptOutFooter(input.text, rules.optOutFooter);
		const e164 = toE164(input.rawTo, rules.defaultCountry);
		const base = { ...input, text };
		if (e164 === null) return { ...base, to: String(input.rawTo ?? ''), skip: 'invalid_number' as const };
		if (input.consent === false) return { ...base, to: e164, skip: 'no_consent' as const };
		if (suppressed.has(e164)) return { ...base, to: e164, skip: 'suppressed' as const };
		if (rules.dedupe && seen.has(e164)) return { ...base, to: e164, skip: 'duplicate' as const };
		seen.add(e164);
		return { ...base, to: e164, skip: null };
	});
}
