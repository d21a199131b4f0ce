/**
 * Telnyx webhook signatures (providers.md §2 Signature; telnyx-node `src/lib/webhooks.ts`):
 * Ed25519 over `"{telnyx-timestamp}|{raw body}"`, signature base64 in `telnyx-signature-ed25519`,
 * verified with the account's public key (base64 of the raw 32-byte key, from the portal).
 *
 * Ed25519 is checked with `crypto.verify`, not by comparing two MACs, so there is no digest to
 * hand to `timingSafeEqual`; the verification itself does not leak timing about the signature.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';

import { refuse, staleBy } from '../auth';
import { header } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { telnyxCredential } from './credential';

/** providers.md §2: the SDK rejects timestamps more than 300 s away from now (either direction). */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

export const SIGNATURE_HEADER = 'telnyx-signature-ed25519';
export const TIMESTAMP_HEADER = 'telnyx-timestamp';

/** DER header of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const STRICT_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Importing the key costs a third of a verification (bench/webhook): keep the last one. */
let lastKey: { text: string; key: KeyObject } | undefined;

function publicKeyFrom(value: string): KeyObject | undefined {
	const text = value.trim();
	if (!STRICT_BASE64.test(text)) return undefined;
	if (lastKey?.text === text) return lastKey.key;
	const raw = Buffer.from(text, 'base64');
	if (raw.length !== 32) return undefined;
	const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
	lastKey = { text, key };
	return key;
}

export function verifyTelnyxSignature(credentials: ProviderCredentials, request: WebhookRequest, nowMs: number): VerifyResult {
	const key = publicKeyFrom(telnyxCredential.read(credentials, []).publicKey);
	if (!key) return refuse('The credential has no valid Telnyx public key (base64 of 32 bytes)');

	const signature = header(request.headers, SIGNATURE_HEADER);
	const timestamp = header(request.headers, TIMESTAMP_HEADER);
	if (!signature || !timestamp) return refuse(`Missing ${SIGNATURE_HEADER} or ${TIMESTAMP_HEADER} header`);
	if (!/^\d+$/.test(timestamp)) return refuse(`Malformed ${TIMESTAMP_HEADER} header`);

	const signatureBytes = STRICT_BASE64.test(signature) ? Buffer.from(signature, 'base64') : Buffer.alloc(0);
	if (signatureBytes.length !== 64) return refuse('Malformed Ed25519 signature');

	const signed = Buffer.concat([Buffer.from(`${timestamp}|`), request.rawBody]);
	if (!verify(null, signed, key, signatureBytes)) return refuse('Signature does not match the body and timestamp');
	// Checked after the signature, so only a genuine but replayed request is told it is stale.
	const stale = staleBy(Number(timestamp), nowMs, TIMESTAMP_TOLERANCE_SECONDS);
	if (stale) return refuse(`Timestamp is ${stale}, more than ${TIMESTAMP_TOLERANCE_SECONDS} s away from now`, 403);
	return { ok: true };
}
