/**
 * Plivo callback signatures (providers.md §3 "Signature"; plivo-node `lib/utils/v3Security.js`
 * and `lib/utils/security.js`). Both are HMAC-SHA256 with the Auth Token, base64:
 *
 * - V3 (`X-Plivo-Signature-V3`, `-Ma-V3`, `-V3-Nonce`) signs the URL without its query, the
 *   query and the form fields, each sorted by key, then `.` and the nonce.
 * - V2 (`X-Plivo-Signature-V2`, `-Ma-V2`, `-V2-Nonce`) signs only the URL without its query,
 *   followed by the nonce.
 *
 * The `Ma` variants are signed with the main account's token; a credential holding that token
 * verifies them. Several comma-separated signatures may arrive (one per active token). Neither
 * scheme has a timestamp, so a replay cannot be told from a retry: there is no 403 here.
 */
import { createHmac } from 'node:crypto';

import { refuse, safeEqual } from '../auth';
import { header, parseForm } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { plivoCredential } from './credential';

type Params = Record<string, string[]>;

function queryParams(query: WebhookRequest['query']): Params {
	const params: Params = {};
	for (const [key, value] of Object.entries(query)) {
		if (value === undefined) continue;
		params[key] = Array.isArray(value) ? [...value] : [value];
	}
	return params;
}

/** Keys sorted, repeated values sorted, as the SDK does (plain code-unit order). */
function sortedEntries(params: Params): Array<[string, string]> {
	return Object.keys(params)
		.sort()
		.flatMap((key) => [...params[key]].sort().map((value): [string, string] => [key, value]));
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
	const { authToken } = plivoCredential.read(credentials, ['authToken']);
	const method = request.method.toUpperCase();

	const v3 = signatureHeaders(request, 'V3');
	if (v3.nonce && v3.signatures.length > 0) {
		if (method !== 'GET' && method !== 'POST') return refuse(`Plivo signs GET and POST only, not ${method}`);
		const query = queryParams(request.query);
		const form = method === 'POST' && request.rawBody.length > 0 ? parseForm(request.rawBody) : {};
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
		const valid = request.urls.some((url) => {
			const expected = hmacBase64(authToken, withoutQuery(url) + v2.nonce);
			return v2.signatures.some((signature) => headerMatches(signature, expected));
		});
		return valid ? { ok: true } : refuse('X-Plivo-Signature-V2 does not match this request');
	}

	return refuse('Missing X-Plivo-Signature-V3 (or -V2) header with its nonce');
}
