/**
 * Each adapter declares its credential's fields once (they mirror the n8n credential class, which
 * test/providers checks) and reads them through `read`: typed values, or a CredentialError that
 * names a missing field and never shows a value.
 */
import type { IAuthenticateRuleResponseCode } from 'n8n-workflow';

import type { ProviderCredentials } from './types';

/**
 * What to check when a credential Test fails with an HTTP status, by status. n8n 2.41 shows the
 * rule's message for a failed test request with that status (CredentialsTester.runRequestTest);
 * without one, only the status text ("Unauthorized").
 */
export function credentialTestRules(advice: Readonly<Record<number, string>>): IAuthenticateRuleResponseCode[] {
	return Object.entries(advice).map(([status, message]) => ({ type: 'responseCode', properties: { value: Number(status), message } }));
}

/**
 * For the field holding the provider's address. A test request that reaches no server fails with
 * the bare error code (ECONNREFUSED, ENOTFOUND, …): n8n 2.41 matches `rules` against HTTP
 * statuses only, so the field itself says what such a code means.
 */
export const UNREACHABLE_BASE_URL =
	"If Test answers ECONNREFUSED, ENOTFOUND, ETIMEDOUT, ECONNRESET or Invalid URL, n8n could not reach this address: check the spelling, the scheme (https://) and the port, and that n8n's network or proxy lets the request out.";

export interface CredentialField {
	/** The field's display name in the credential, for messages. */
	label: string;
	/** The provider cannot be called without it. */
	required?: boolean;
	/**
	 * Required only while other fields hold one of the listed values, e.g. `{ authType: ['apiKey'] }`.
	 * The credential class shows such a field, marked required, only then (`displayOptions.show`), or
	 * shows it always, optional, because it has another use too.
	 */
	requiredWhen?: Readonly<Record<string, readonly string[]>>;
	/** What an empty value reads as: the class's default, for a credential saved before the field existed. */
	default?: string;
	/** A password field: read exactly as typed and never shown. */
	secret?: boolean;
	/** Read without surrounding white space (ids and URLs pasted with a stray space). */
	trim?: boolean;
	/** Fields that are not text. */
	type?: 'number' | 'boolean';
}

type FieldValue<Field extends CredentialField> = Field['type'] extends 'number'
	? number | undefined
	: Field['type'] extends 'boolean'
		? boolean | undefined
		: string;

export type CredentialValues<Fields extends Record<string, CredentialField>> = { [Name in keyof Fields]: FieldValue<Fields[Name]> };

/** A credential that cannot serve the call: a required field is empty, or a field holds something else than its type. */
export class CredentialError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CredentialError';
	}
}

export interface CredentialSpec<Fields extends Record<string, CredentialField> = Record<string, CredentialField>> {
	/** The n8n credential type name (`dropMmsTwilioApi`). */
	type: string;
	fields: Fields;
	/**
	 * The credential's values. Throws a CredentialError when one of `required` (default: every
	 * field required by itself or by the values of others) is empty: a webhook check passes only
	 * the fields it uses.
	 */
	read(credentials: ProviderCredentials, required?: ReadonlyArray<keyof Fields>): CredentialValues<Fields>;
	/** One sentence per unusable field, for checks made before anything is sent. */
	problems(credentials: ProviderCredentials): string[];
}

export function defineCredential<const Fields extends Record<string, CredentialField>>(
	type: string,
	provider: string,
	fields: Fields,
): CredentialSpec<Fields> {
	const names = Object.keys(fields) as Array<keyof Fields & string>;

	/** The fields these values require: the always-required ones and those whose condition holds. */
	function requiredBy(values: CredentialValues<Fields>): Array<keyof Fields & string> {
		return names.filter((name) => {
			const { required, requiredWhen } = fields[name];
			if (required) return true;
			return requiredWhen !== undefined && Object.entries(requiredWhen).every(([other, allowed]) => allowed.includes(String(values[other])));
		});
	}

	function valueOf(credentials: ProviderCredentials, name: keyof Fields & string): string | number | boolean | undefined {
		const field = fields[name];
		const value = credentials[name];
		if (field.type === 'number') {
			const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
			return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
		}
		if (field.type === 'boolean') return typeof value === 'boolean' ? value : undefined;
		if (value === undefined || value === null) return field.default ?? '';
		if (typeof value === 'object' || typeof value === 'function' || typeof value === 'symbol') {
			throw new CredentialError(`The ${provider} credential's ${field.label} is not text`);
		}
		const text = field.trim ? String(value).trim() : String(value);
		return text === '' && field.default !== undefined ? field.default : text;
	}

	function read(credentials: ProviderCredentials, required?: ReadonlyArray<keyof Fields>): CredentialValues<Fields> {
		const values = Object.fromEntries(names.map((name) => [name, valueOf(credentials, name)])) as CredentialValues<Fields>;
		const missing = (required ?? requiredBy(values)).find((name) => values[name] === '' || values[name] === undefined);
		if (missing !== undefined) throw new CredentialError(missingMessage(missing as keyof Fields & string));
		return values;
	}

	function missingMessage(name: keyof Fields & string): string {
		return `The ${provider} credential has no ${fields[name].label}`;
	}

	function problems(credentials: ProviderCredentials): string[] {
		try {
			const values = read(credentials, []);
			return requiredBy(values).filter((name) => values[name] === '' || values[name] === undefined).map(missingMessage);
		} catch (error) {
			if (error instanceof CredentialError) return [error.message];
			throw error;
		}
	}

	return { type, fields, read, problems };
}
