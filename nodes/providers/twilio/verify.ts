/**
 * X-Twilio-Signature (providers.md §1 "Signature"):
 * base64(HMAC-SHA1(AuthToken, URL + each POST parameter's name+value, sorted by name)).
 * JSON bodies (Event Streams) carry `bodySHA256=<hex>` in the URL instead: the URL alone is
 * signed and the body must hash to that value. The scheme has no timestamp, so nothing can be
 * stale; a replay is caught only by event-id dedupe downstream, so the event id comes from what
 * is signed (`signedParameters`), never from an unsigned header.
 */
import { createHash, createHmac } from 'node:crypto';

import { refuse, safeEqual } from '../auth';
import { header, parseForm, queryValue } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { twilioCredential } from './credential';

export function verify(credentials: ProviderCredentials, request: WebhookRequest): VerifyResult {
	const { authToken } = twilioCredential.read(credentials, ['authToken']);
	const signature = header(request.headers, 'x-twilio-signature');
	if (!signature) return refuse('Missing X-Twilio-Signature header');

	const bodyHash = queryValue(request.query, 'bodySHA256');
	// GET callbacks carry their parameters in the URL, which is signed as it is.
	const params = bodyHash !== undefined || request.method.toUpperCase() === 'GET' ? {} : parseForm(request.rawBody);
	const signed = candidateUrls(request.urls).some((url) => safeEqual(signatureFor(authToken, url, params), signature));
	if (!signed) return refuse('X-Twilio-Signature does not match this request');

	if (bodyHash !== undefined) {
		const actualHash = createHash('sha256').update(request.rawBody).digest('hex');
		if (!safeEqual(actualHash, bodyHash.toLowerCase())) return refuse('Body does not match the signed bodySHA256');
	}
	return { ok: true };
}

function signatureFor(authToken: string, url: string, params: Record<string, string[]>): string {
	return createHmac('sha1', authToken).update(url + signedParameters(params), 'utf8').digest('base64');
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
 * Every URL Twilio may have signed: each given URL as is, with the default port added and with
 * it removed, because Twilio's backend signs either form (providers.md §1). The rest of the URL
 * stays byte-for-byte: re-encoding the query would break the signature.
 */
function candidateUrls(urls: string[]): string[] {
	const candidates = new Set<string>();
	for (const url of urls) {
		candidates.add(url);
		const parts = /^(https?):\/\/(\[[^\]]+\]|[^/?#:]+)(?::(\d+))?(.*)$/i.exec(url);
		if (!parts) continue;
		const [, scheme, host, port, rest] = parts;
		const defaultPort = scheme.toLowerCase() === 'https' ? '443' : '80';
		if (port === undefined) candidates.add(`${scheme}://${host}:${defaultPort}${rest}`);
		else if (port === defaultPort) candidates.add(`${scheme}://${host}${rest}`);
	}
	return [...candidates];
}
