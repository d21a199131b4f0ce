/**
 * Plivo callback signatures (providers.md §3 "Signature"; plivo-node `lib/utils/v3Security.js`
 * and `lib/utils/security.js`). Both are HMAC-SHA256 with the Auth Token, base64:
 *
 * - V3 (`X-Plivo-Signature-V3`, `-Ma-V3`, `-V3-Nonce`) signs the URL without its query, the
 *   query and the form fields, each sorted by key, then `.` and the nonce.
 * - V2 (`X-Plivo-Signature-V2`, `-Ma-V2`, `-V2-Nonce`) signs only the URL without its query,
 *   followed by the nonce: not the form fields of a POST, not the query of a GET. A captured V2
 *   pair therefore carries any content (a forged `Text=STOP` became an opt-out, issue #13), so V2
 *   counts only where the credential's `acceptV2Signatures` says the account sends nothing else.
 *
 * The `Ma` variants are signed with the main account's token; a credential holding that token
 * verifies them. Several comma-separated signatures may arrive (one per active token). Neither
 * scheme has a timestamp, so a replay cannot be told from a retry: there is no 403 here.
 */
import { createHmac } from 'node:crypto';

import { refuse, safeEqual } from '../auth';
import { formFieldCount, header, MAX_FORM_FIELDS, parseForm } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { plivoCredential } from './credential';

export type Params = Record<string, string[]>;

/**
 * The query exactly as it arrived: the candidate URLs carry it as received, while a framework's
 * query parser may drop or rename keys (a parameter named constructor or __proto__). No prototype:
 * such a parameter is a parameter like any other.
 */
function receivedQuery(request: WebhookRequest): Params {
	const params: Params = Object.create(null);
	const [url] = request.urls;
	if (url !== undefined) {
		const search = url.includes('?') ? url.slice(url.indexOf('?') + 1).replace(/#.*$/, '') : '';
		for (const [key, value] of new URLSearchParams(search)) (params[key] ??= []).push(value);
		return params;
	}
	for (const [key, value] of Object.entries(request.query)) {
		if (value !== undefined) params[key] = Array.isArray(value) ? [...value] : [value];
	}
	return params;
}

/** Keys sorted, repeated values sorted, as the SDK does (plain code-unit order). */
function sortedEntries(params: Params): Array<[string, string]> {
	return Object.keys(params)
		.sort()
		.flatMap((key) => [...params[key]].sort().map((value): [string, string] => [key, value]));
}

/** What V3 signs besides the URL: the query, and the form fields of a POST. */
export function signedParams(request: WebhookRequest): { query: Params; form: Params } {
	const form = request.method.toUpperCase() === 'POST' && request.rawBody.length > 0 ? parseForm(request.rawBody) : Object.create(null);
	return { query: receivedQuery(request), form };
}

/**
 * The signed parameters as one text, in V3's own order: a replay, or the same request with its
 * parameters reordered (V3 sorts them, so its signature still holds), gives the same text.
 */
export function signedContent(request: WebhookRequest): string {
	const { query, form } = signedParams(request);
	return JSON.stringify([sortedEntries(query), sortedEntries(form)]);
}

/** scheme://host[:port]/path exactly as given: query and fragment dropped, port kept as written. */
function withoutQuery(url: string): string {
	return url.replace(/[?#].*$/, '');
}

/** The string V3 signs, before `.nonce` (v3Security.js construct_get_url / construct_post_url). */
export function v3Payload(method: 'GET' | 'POST', url: string, query: Params, form: Params): string {
	const sortedQuery = sortedEntries(query)
		.map(([key, value]) => `${key}=${value}`)
		.join('&');
	if (method === 'GET') return withoutQuery(url) + (sortedQuery ? `?${sortedQuery}` : '');
	const sortedForm = sortedEntries(form)
		.map(([key, value]) => key + value)
		.join('');
	let payload = withoutQuery(url);
	if (sortedQuery || sortedForm) payload += `?${sortedQuery}`;
	if (sortedQuery && sortedForm) payload += '.';
	return payload + sortedForm;
}

function hmacBase64(token: string, payload: string): string {
	return createHmac('sha256', token).update(payload, 'utf8').digest('base64');
}

/** True when any of the comma-separated signatures in the header equals the expected one. */
function headerMatches(headerValue: string, expected: string): boolean {
	return headerValue.split(',').some((candidate) => safeEqual(expected, candidate.trim()));
}

function signatureHeaders(request: WebhookRequest, version: 'V3' | 'V2') {
	const signatures = [header(request.headers, `x-plivo-signature-${version}`), header(request.headers, `x-plivo-signature-ma-${version}`)]
		.filter((value): value is string => Boolean(value));
	return { nonce: header(request.headers, `x-plivo-signature-${version}-nonce`), signatures };
}

export function verifyPlivoRequest(credentials: ProviderCredentials, request: WebhookRequest): VerifyResult {
	const { authToken, acceptV2Signatures } = plivoCredential.read(credentials, ['authToken']);
	const method = request.method.toUpperCase();

	const v3 = signatureHeaders(request, 'V3');
	if (v3.nonce && v3.signatures.length > 0) {
		if (method !== 'GET' && method !== 'POST') return refuse(`Plivo signs GET and POST only, not ${method}`);
		if (formFieldCount(request.rawBody) > MAX_FORM_FIELDS) return refuse(`The form has more than ${MAX_FORM_FIELDS} fields: no Plivo callback does`);
		const { query, form } = signedParams(request);
		const valid = request.urls.some((url) => {
			const expected = hmacBase64(authToken, `${v3Payload(method, url, query, form)}.${v3.nonce}`);
			return v3.signatures.some((signature) => headerMatches(signature, expected));
		});
		return valid ? { ok: true } : refuse('X-Plivo-Signature-V3 does not match this request');
	}

	// V2 is checked only when no V3 header came: it does not cover the body, so a request that
	// carries a failing V3 signature must not pass on its V2 one.
	const v2 = signatureHeaders(request, 'V2');
	if (v2.nonce && v2.signatures.length > 0) {
		if (acceptV2Signatures !== true) {
			return refuse('Only X-Plivo-Signature-V2 came, which does not cover the message fields; turn on Accept V2 Signatures in the credential if the account sends no V3');
		}
		const valid = request.urls.some((url) => {
			const expected = hmacBase64(authToken, withoutQuery(url) + v2.nonce);
			return v2.signatures.some((signature) => headerMatches(signature, expected));
		});
		return valid ? { ok: true } : refuse('X-Plivo-Signature-V2 does not match this request');
	}

	return refuse('Missing X-Plivo-Signature-V3 (or -V2) header with its nonce');
}
