/**
 * The providers' webhook signing schemes, written from their documentation (providers.md) and
 * independently of the adapters, so tests, benchmarks and e2e runs can sign requests the way the
 * providers do — with keys and secrets the test makes itself.
 */
import { createHmac, type KeyObject, sign } from 'node:crypto';

/** Twilio: base64 HMAC-SHA1(authToken, URL + each sorted form parameter's name and value; repeated values sorted, deduplicated). */
export function twilioSignature(authToken: string, url: string, formBody = ''): string {
	// One pass over the parameters: getAll per name would make a 10,000-field body take seconds to sign.
	const valuesByName = new Map<string, Set<string>>();
	for (const [name, value] of new URLSearchParams(formBody)) {
		const values = valuesByName.get(name) ?? new Set<string>();
		valuesByName.set(name, values.add(value));
	}
	let data = url;
	for (const name of [...valuesByName.keys()].sort()) {
		for (const value of [...valuesByName.get(name)!].sort()) data += name + value;
	}
	return createHmac('sha1', authToken).update(data).digest('base64');
}

/** Telnyx: Ed25519 over `"{timestamp}|{raw body}"`, headers `telnyx-signature-ed25519` and `telnyx-timestamp`. */
export function telnyxHeaders(privateKey: KeyObject, body: string | Buffer, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
	return {
		'telnyx-timestamp': String(timestamp),
		'telnyx-signature-ed25519': sign(null, Buffer.concat([Buffer.from(`${timestamp}|`), Buffer.from(body)]), privateKey).toString('base64'),
	};
}

/** The raw 32-byte Ed25519 public key, base64, as the Telnyx portal shows it (the credential's `publicKey`). */
export function rawEd25519PublicKey(publicKey: KeyObject): string {
	return publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
}

/** Plivo V3: URL, sorted query, `.`, sorted form pairs, `.nonce`; base64 HMAC-SHA256 with the auth token. */
export function plivoV3Signature(authToken: string, method: 'GET' | 'POST', url: string, form: URLSearchParams, nonce: string): string {
	const [base, search = ''] = url.split('?');
	const sortPairs = (params: URLSearchParams) =>
		[...params].sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1));
	const query = sortPairs(new URLSearchParams(search)).map(([k, v]) => `${k}=${v}`).join('&');
	const body = method === 'POST' ? sortPairs(form).map(([k, v]) => k + v).join('') : '';
	let signed = base;
	if (method === 'GET') signed += query ? `?${query}` : '';
	else signed += (query || body ? `?${query}` : '') + (query && body ? '.' : '') + body;
	return createHmac('sha256', authToken).update(`${signed}.${nonce}`).digest('base64');
}

/** Plivo V2: base64 HMAC-SHA256 with the auth token over the URL without its query, then the nonce (no field is signed). */
export function plivoV2Signature(authToken: string, url: string, nonce: string): string {
	return createHmac('sha256', authToken).update(url.split('?')[0] + nonce).digest('base64');
}

/** Vonage: an HS256 JWT signed with the signature secret, claims `iat` and `payload_hash` (hex SHA-256 of the body). */
export function vonageAuthorization(secret: string, claims: Record<string, unknown>): string {
	const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
	const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
	const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
	return `Bearer ${header}.${payload}.${signature}`;
}

/**
 * Sinch (sinch-sdk-node `validateWebhookSignature`): base64 HMAC-SHA256 with the callback secret
 * over `"{raw body}.{nonce}.{timestamp}"`, in `x-sinch-webhook-signature` with its `-nonce`,
 * `-timestamp` and `-algorithm` headers.
 */
export function sinchSignatureHeaders(secret: string, body: string | Buffer, nonce: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
	const signature = createHmac('sha256', secret).update(body).update(`.${nonce}.${timestamp}`).digest('base64');
	return {
		'x-sinch-webhook-signature': signature,
		'x-sinch-webhook-signature-nonce': nonce,
		'x-sinch-webhook-signature-timestamp': String(timestamp),
		'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
	};
}

/**
 * The sandbox's reports (README, nodes/providers/sandbox/verify.ts): hex HMAC-SHA256 with the
 * installation's key over `"{timestamp}.{raw body}"`, as `x-sandbox-signature: v1=<hex>` beside
 * `x-sandbox-timestamp`.
 */
export function sandboxHeaders(keyHex: string, body: string | Buffer, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
	const signature = createHmac('sha256', Buffer.from(keyHex, 'hex')).update(`${timestamp}.`).update(body).digest('hex');
	return { 'x-sandbox-timestamp': String(timestamp), 'x-sandbox-signature': `v1=${signature}` };
}

/** HTTP Basic (Bandwidth, Sinch and MM7 callbacks). */
export function basicAuthorization(user: string, password: string): string {
	return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}
