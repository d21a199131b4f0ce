/**
 * X-Twilio-Signature (providers.md §1 "Signature"):
 * base64(HMAC-SHA1(AuthToken, URL + each POST parameter's name+value, sorted by name)).
 * JSON bodies (Event Streams) carry `bodySHA256=<hex>` in the URL instead: the URL alone is
 * signed and the body must hash to that value. The scheme has no timestamp, so nothing can be
 * stale; a replay is caught only by event-id dedupe downstream, so the event id comes from what
 * is signed (`signedParameters`), never from an unsigned header.
 *
 * Where a Webhook Rule applies a Setting that signs with a SharedKey, Twilio signs the same string
 * with that key's secret and the Setting's algorithm, and says so in a header (twilio.com/docs/usage/
 * webhooks/webhook-shared-keys; twilio-node examples/WebhookSignatureValidation.md):
 *
 *   X-Twilio-Webhooks-Signature-Settings: key=<SharedKey id>,algorithm=HMAC_SHA256
 */
import { createHash, createHmac } from 'node:crypto';
import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring';

import { refuse, safeEqual } from '../auth';
import { formFieldCount, header, lookup, MAX_FORM_FIELDS, parseForm, queryValue } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { twilioCredential } from './credential';

const SIGNATURE_SETTINGS_HEADER = 'x-twilio-webhooks-signature-settings';

const NO_AUTH_TOKEN =
	"The Twilio credential has no Auth Token: Twilio signs webhooks with the account's Auth Token, also when API calls use an API key. Add the Auth Token (Twilio Console → Account → API keys & tokens) to the credential, or turn Verify Signature off.";

/** The settings header's algorithms, as HMAC digests; without the header it is HMAC-SHA1 with the Auth Token. */
const ALGORITHMS: Readonly<Record<string, 'sha1' | 'sha256'>> = { HMAC_SHA1: 'sha1', HMAC_SHA256: 'sha256' };

interface SigningKey {
	secret: string;
	algorithm: 'sha1' | 'sha256';
}

export function verify(credentials: ProviderCredentials, request: WebhookRequest): VerifyResult {
	const signature = header(request.headers, 'x-twilio-signature');
	if (!signature) return refuse('Missing X-Twilio-Signature header');
	const key = signingKey(credentials, request);
	if ('ok' in key) return key;

	const bodyHash = queryValue(request.query, 'bodySHA256');
	// GET callbacks carry their parameters in the URL, which is signed as it is.
	const signsForm = bodyHash === undefined && request.method.toUpperCase() !== 'GET';
	if (signsForm && formFieldCount(request.rawBody) > MAX_FORM_FIELDS) return refuse(`The form has more than ${MAX_FORM_FIELDS} fields: no Twilio webhook does`);
	const params = signsForm ? parseForm(request.rawBody) : {};
	const signed = candidateUrls(request.urls).some((url) => safeEqual(signatureFor(key, url, params), signature));
	if (!signed) return refuse('X-Twilio-Signature does not match this request');

	if (bodyHash !== undefined) {
		const actualHash = createHash('sha256').update(request.rawBody).digest('hex');
		if (!safeEqual(actualHash, bodyHash.toLowerCase())) return refuse('Body does not match the signed bodySHA256');
	}
	return { ok: true };
}

/**
 * Why the credential can verify no request (the trigger then refuses to listen): Twilio signs with
 * the account's Auth Token, or with a Webhook Rule's SharedKey, never with an API key
 * (twilio.com/docs/usage/webhooks/webhooks-security; twilio.com/docs/api/errors/57012: "use your
 * Primary AuthToken"). An API-key credential without an Auth Token has neither.
 */
export function unverifiableReason(credentials: ProviderCredentials): string | undefined {
	const { authToken, sharedKeySecret } = twilioCredential.read(credentials, []);
	return authToken === '' && sharedKeySecret === '' ? NO_AUTH_TOKEN : undefined;
}

/** The Auth Token and SHA-1, unless the settings header names a shared key and its algorithm. */
function signingKey(credentials: ProviderCredentials, request: WebhookRequest): SigningKey | VerifyResult {
	const settings = header(request.headers, SIGNATURE_SETTINGS_HEADER);
	if (settings === undefined) {
		const { authToken } = twilioCredential.read(credentials, []);
		return authToken === '' ? refuse(NO_AUTH_TOKEN) : { secret: authToken, algorithm: 'sha1' };
	}
	const fields = new Map(
		settings.split(',').map((part): [string, string] => {
			const [name, ...value] = part.split('=');
			return [name.trim().toLowerCase(), value.join('=').trim()];
		}),
	);
	const named = fields.get('algorithm') ?? '';
	const algorithm = lookup(ALGORITHMS, named.toUpperCase());
	if (!algorithm) return refuse(`${SIGNATURE_SETTINGS_HEADER} names no signing algorithm this trigger knows ("${named.slice(0, 40)}")`);
	return { secret: twilioCredential.read(credentials, ['sharedKeySecret']).sharedKeySecret, algorithm };
}

function signatureFor(key: SigningKey, url: string, params: Record<string, string[]>): string {
	return createHmac(key.algorithm, key.secret).update(url + signedParameters(params), 'utf8').digest('base64');
}

/**
 * The parameters as the signature covers them: names sorted, each distinct value of a repeated
 * name sorted, as name+value (twilio-node webhooks.ts). Bodies that differ only in order,
 * encoding or repeats carry the same signature, so this, not the raw body, is what was signed.
 */
export function signedParameters(params: Record<string, string[]>): string {
	return Object.keys(params)
		.sort()
		.map((name) => [...new Set(params[name])].sort().map((value) => name + value).join(''))
		.join('');
}

/**
 * Every URL Twilio may have signed, because its backend signs inconsistently (twilio-node
 * webhooks.ts `validateRequest`): each given URL with the default port added and removed, and each
 * of those with its query string re-encoded the legacy way (Node's querystring parse + stringify,
 * as twilio-node does). The URL as given stays byte-for-byte a candidate.
 */
function candidateUrls(urls: string[]): string[] {
	const candidates = new Set<string>();
	for (const url of urls) {
		for (const form of withAndWithoutDefaultPort(url)) {
			candidates.add(form);
			candidates.add(withLegacyQuery(form));
		}
	}
	return [...candidates];
}

function withAndWithoutDefaultPort(url: string): string[] {
	const parts = /^(https?):\/\/(\[[^\]]+\]|[^/?#:]+)(?::(\d+))?(.*)$/i.exec(url);
	if (!parts) return [url];
	const [, scheme, host, port, rest] = parts;
	const defaultPort = scheme.toLowerCase() === 'https' ? '443' : '80';
	if (port === undefined) return [url, `${scheme}://${host}:${defaultPort}${rest}`];
	if (port === defaultPort) return [url, `${scheme}://${host}${rest}`];
	return [url];
}

function withLegacyQuery(url: string): string {
	const start = url.indexOf('?');
	if (start < 0 || start === url.length - 1) return url;
	return `${url.slice(0, start)}?${stringifyQuery(parseQuery(url.slice(start + 1)))}`;
}
