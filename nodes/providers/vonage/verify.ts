/**
 * Vonage signed webhooks (providers.md §6; developer.vonage.com/en/messages/concepts/signed-webhooks):
 * `Authorization: Bearer <JWT>` signed HS256 with the account's signature secret, whatever the
 * dashboard's signature-method setting says. Its `iat` dates the request and its optional
 * `payload_hash` is the hex SHA-256 of the raw body.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { header } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { verifyHs256 } from './jwt';

/** DESIGN.md (MMS Delivery Trigger): Vonage tokens older than 300 s are rejected; the same window absorbs clock skew ahead. */
const MAX_TOKEN_AGE_SECONDS = 300;

export function verify(credentials: ProviderCredentials, request: WebhookRequest, nowMs: number): VerifyResult {
	const secret = String(credentials.signatureSecret ?? '');
	if (!secret) return { ok: false, status: 401, reason: 'The Vonage credential has no signature secret to check webhooks with' };
	const token = /^Bearer\s+(\S+)$/i.exec(header(request.headers, 'authorization') ?? '')?.[1];
	if (!token) return { ok: false, status: 401, reason: 'Missing Authorization: Bearer token' };

	const signed = verifyHs256(token, secret);
	if (!signed.ok) return { ok: false, status: 401, reason: signed.reason };

	const { iat, payload_hash: payloadHash } = signed.claims;
	if (typeof iat !== 'number') return { ok: false, status: 401, reason: 'Authorization token has no iat claim' };
	const ageSeconds = Math.round(nowMs / 1000 - iat);
	if (Math.abs(ageSeconds) > MAX_TOKEN_AGE_SECONDS) {
		const when = ageSeconds > 0 ? `${ageSeconds} s ago` : `${-ageSeconds} s in the future`;
		return { ok: false, status: 403, reason: `Authorization token was issued ${when}; the limit is ${MAX_TOKEN_AGE_SECONDS} s` };
	}

	if (payloadHash !== undefined) {
		const expected = Buffer.from(createHash('sha256').update(request.rawBody).digest('hex'));
		const given = Buffer.from(String(payloadHash).toLowerCase());
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
			return { ok: false, status: 401, reason: 'Body does not match the payload_hash of the Authorization token' };
		}
	}
	return { ok: true };
}
