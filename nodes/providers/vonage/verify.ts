/**
 * Vonage signed webhooks (providers.md §6; developer.vonage.com/en/messages/concepts/signed-webhooks):
 * `Authorization: Bearer <JWT>` signed HS256 with the account's signature secret, whatever the
 * dashboard's signature-method setting says. Its `iat` dates the request and its `payload_hash`
 * is the hex SHA-256 of the raw body. Vonage calls the claim optional, but a token without it signs
 * no body: captured once, it would carry any body for 300 s (issue #13 point 6), so it is required.
 */
import { createHash } from 'node:crypto';

import { refuse, safeEqual, staleBy } from '../auth';
import { header } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { vonageCredential } from './credential';
import { verifyHs256 } from './jwt';

/** DESIGN.md (MMS Delivery Trigger): Vonage tokens older than 300 s are rejected; the same window absorbs clock skew ahead. */
const MAX_TOKEN_AGE_SECONDS = 300;

export function verify(credentials: ProviderCredentials, request: WebhookRequest, nowMs: number): VerifyResult {
	const { signatureSecret } = vonageCredential.read(credentials, []);
	if (!signatureSecret) return refuse('The Vonage credential has no signature secret to check webhooks with');
	const token = /^Bearer\s+(\S+)$/i.exec(header(request.headers, 'authorization') ?? '')?.[1];
	if (!token) return refuse('Missing Authorization: Bearer token');

	const signed = verifyHs256(token, signatureSecret);
	if (!signed.ok) return refuse(signed.reason);

	const { iat, payload_hash: payloadHash } = signed.claims;
	if (typeof iat !== 'number') return refuse('Authorization token has no iat claim');
	const stale = staleBy(iat, nowMs, MAX_TOKEN_AGE_SECONDS);
	if (stale) return refuse(`Authorization token was issued ${stale}; the limit is ${MAX_TOKEN_AGE_SECONDS} s`, 403);

	if (typeof payloadHash !== 'string') return refuse('Authorization token has no payload_hash claim, so it does not sign the body');
	const bodyHash = createHash('sha256').update(request.rawBody).digest('hex');
	if (!safeEqual(bodyHash, payloadHash.toLowerCase())) return refuse('Body does not match the payload_hash of the Authorization token');
	return { ok: true };
}
