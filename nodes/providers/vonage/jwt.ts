/**
 * The two JWTs Vonage uses, built on node:crypto alone: the application token the API wants on
 * every request (RS256 with the application's private key) and the webhook token Vonage signs
 * with the account's signature secret (HS256). Shared by the adapter and the n8n credential.
 */
import { createHash, createHmac, createPrivateKey, sign, type KeyObject } from 'node:crypto';

import { safeEqual } from '../auth';
import type { ProviderCredentials } from '../types';
import { vonageCredential } from './credential';

/** Lifetime of an application token: the Vonage SDKs' default ttl (vonage-node-sdk jwt tokenGenerate: 900 s). */
const APPLICATION_TOKEN_TTL_SECONDS = 900;

function base64url(value: Buffer | string): string {
	return Buffer.from(value).toString('base64url');
}

/**
 * The credential's PEM key. n8n text fields often hold a key pasted as one line with literal
 * `\n` escapes (how the dashboard's key is usually copied into env files), so those are restored.
 */
function privateKeyOf(privateKey: string): KeyObject {
	const pem = privateKey.replace(/\\n/g, '\n').trim();
	try {
		return createPrivateKey(pem);
	} catch {
		// crypto's own message is not shown: it is of no help and must never risk echoing key material.
		throw new Error('The Vonage private key is not a PEM private key (paste the whole private.key file)');
	}
}

/**
 * Application JWT: claims `application_id`, `iat`, `jti`, `exp` (providers.md §6;
 * developer.vonage.com/en/getting-started/concepts/authentication#json-web-tokens).
 */
export function applicationToken(credentials: ProviderCredentials, nowMs: number, jti: string): string {
	const { applicationId, privateKey } = vonageCredential.read(credentials);
	const iat = Math.floor(nowMs / 1000);
	const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
	const claims = base64url(JSON.stringify({ application_id: applicationId, iat, jti, exp: iat + APPLICATION_TOKEN_TTL_SECONDS }));
	const signature = sign('sha256', Buffer.from(`${header}.${claims}`), privateKeyOf(privateKey));
	return `${header}.${claims}.${base64url(signature)}`;
}

/** A deterministic RFC 4122-shaped id from a seed, so a request built twice is byte-identical. */
export function uuidFrom(seed: string): string {
	const hex = createHash('sha256').update(seed).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type Hs256Result = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

/** Checks an HS256 JWT's signature and returns its claims; nothing else (freshness is the caller's). */
export function verifyHs256(token: string, secret: string): Hs256Result {
	const parts = token.split('.');
	if (parts.length !== 3) return { ok: false, reason: 'Authorization token is not a JWT' };
	const [encodedHeader, encodedClaims, encodedSignature] = parts;
	const header = decodeJsonPart(encodedHeader);
	// Only HS256: accepting the header's own choice would let a forger pick `none`.
	if (header?.alg !== 'HS256') return { ok: false, reason: 'Authorization token is not HS256-signed' };
	const expected = createHmac('sha256', secret).update(`${encodedHeader}.${encodedClaims}`).digest();
	if (!safeEqual(expected, Buffer.from(encodedSignature, 'base64url'))) {
		return { ok: false, reason: 'Authorization token signature does not match the signature secret' };
	}
	const claims = decodeJsonPart(encodedClaims);
	if (!claims) return { ok: false, reason: 'Authorization token claims are not JSON' };
	return { ok: true, claims };
}

function decodeJsonPart(part: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}
