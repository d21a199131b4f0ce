/**
 * Webhook authentication every adapter builds on: one constant-time comparison, HTTP Basic as
 * Bandwidth, Sinch and MM7 present it, and the freshness window of signed timestamps.
 */
import { hash, timingSafeEqual } from 'node:crypto';

import { header } from './shared';
import type { VerifyResult, WebhookRequest } from './types';

export function refuse(reason: string, status: 401 | 403 = 401): VerifyResult {
	return { ok: false, status, reason };
}

/**
 * Compares fixed-length digests instead of the values, so neither the time taken nor an early
 * length check tells a caller how long the expected value is or where it first differs.
 */
export function safeEqual(expected: string | Buffer, presented: string | Buffer): boolean {
	return timingSafeEqual(hash('sha256', expected, 'buffer'), hash('sha256', presented, 'buffer'));
}

/**
 * HTTP Basic (RFC 7617) against the pair the credential holds. Both halves are compared before
 * deciding, and a pair with an empty half never passes: an unset password must not let in
 * whoever sends the user name alone.
 */
export function verifyBasicAuth(request: WebhookRequest, expectedUser: string, expectedPassword: string): VerifyResult {
	if (!expectedUser || !expectedPassword) {
		return refuse('The credential has no callback username/password to check this request against');
	}
	const authorization = header(request.headers, 'authorization');
	if (!authorization) return refuse('No Authorization header (the caller sent no Basic credentials)');
	// The scheme name is case-insensitive (RFC 7235 §2.1).
	const encoded = /^basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(authorization)?.[1];
	if (!encoded) return refuse('Authorization header is not HTTP Basic');
	const decoded = Buffer.from(encoded, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return refuse('Malformed Basic credentials (no colon)');
	const user = decoded.slice(0, colon);
	const password = decoded.slice(colon + 1);
	const userMatches = safeEqual(expectedUser, user);
	const passwordMatches = safeEqual(expectedPassword, password);
	return userMatches && passwordMatches && password !== '' ? { ok: true } : refuse('Callback credentials do not match the credential');
}

/**
 * When a signed timestamp (Unix seconds) lies more than `toleranceSeconds` from now, either way (a
 * replay, or a clock far off): how far, as '301 s ago' or '5 s in the future'. Undefined when fresh.
 */
export function staleBy(timestampSeconds: number, nowMs: number, toleranceSeconds: number): string | undefined {
	const ageSeconds = nowMs / 1000 - timestampSeconds;
	if (Math.abs(ageSeconds) <= toleranceSeconds) return undefined;
	const rounded = Math.round(Math.abs(ageSeconds));
	return ageSeconds > 0 ? `${rounded} s ago` : `${rounded} s in the future`;
}
