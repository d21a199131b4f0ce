/**
 * The providers' webhook signing schemes, written from their documentation (providers.md) and
 * independently of the adapters, so tests, benchmarks and e2e runs can sign requests the way the
 * providers do — with keys and secrets the test makes itself.
 */
import { createHmac, type KeyObject, sign } from 'node:crypto';

/** Twilio: base64 HMAC-SHA1(authToken, URL + each sorted form parameter's name and value; repeated values sorted, deduplicated). */
export function twilioSignature(authToken: string, url: string, formBody = ''): string {
	const params = new URLSearchParams(formBody);
	let data = url;
	for (const name of [...new Set(params.keys())].sort()) {
		for (const value of [...new Set(params.getAll(name))].sort()) data += name + value;
	}
	return createHmac('sha1', authToken).update(data).digest('base64');
}

/** Telnyx: Ed25519 over `"{timestamp}|{raw body}"`, headers `telnyx-signature-ed25519` and `telnyx-timestamp`. */
export function telnyxHeaders(privateKey: KeyObject, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
	return {
		'telnyx-timestamp': String(timestamp),
		'telnyx-signature-ed25519': sign(null, Buffer.from(`${timestamp}|${body}`), privateKey).toString('base64'),
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

/** Vonage: an HS256 JWT signed with the signature secret, claims `iat` and `payload_hash` (hex SHA-256 of the body). */
export function vonageAuthorization(secret: string, claims: Record<string, unknown>): string {
	const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
	const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
	const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
	return `Bearer ${header}.${payload}.${signature}`;
}

/** HTTP Basic (Bandwidth, Sinch and MM7 callbacks). */
export function basicAuthorization(user: string, password: string): string {
	return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}
