/**
 * Sandbox report signatures, made by the simulator and checked by the MMS Delivery Trigger with the
 * same key (this installation's, installation.ts): HMAC-SHA256 over `"{timestamp}.{raw body}"`, hex,
 * in `x-sandbox-signature: v1=<hex>`, with the Unix time in `x-sandbox-timestamp`. Like Telnyx and
 * Vonage, a timestamp more than 300 s from now is refused, so a captured report cannot be replayed
 * later; `dropId` and `ref` travel in the signed body, not the unsigned query string.
 */
import { createHmac } from 'node:crypto';

import { refuse, safeEqual, staleBy } from '../auth';
import { header } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { sandboxSettings } from './settings';

export const SIGNATURE_HEADER = 'x-sandbox-signature';
export const TIMESTAMP_HEADER = 'x-sandbox-timestamp';

/** The window Telnyx's and Vonage's verifiers use (providers.md §2, §6). */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

const KEY = /^[0-9a-f]{64}$/;

function signature(keyHex: string, timestamp: string, body: Buffer | string): string {
	return 'v1=' + createHmac('sha256', Buffer.from(keyHex, 'hex')).update(`${timestamp}.`).update(body).digest('hex');
}

/** The headers of a report signed now. */
export function signedHeaders(keyHex: string, nowMs: number, body: string): Record<string, string> {
	const timestamp = String(Math.floor(nowMs / 1000));
	return { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signature(keyHex, timestamp, body) };
}

export function verifySandboxReport(credentials: ProviderCredentials, request: WebhookRequest, nowMs: number): VerifyResult {
	const { signingKey } = sandboxSettings(credentials);
	if (!signingKey || !KEY.test(signingKey)) return refuse('This n8n has no usable sandbox key to check the report against');
	const presented = header(request.headers, SIGNATURE_HEADER);
	const timestamp = header(request.headers, TIMESTAMP_HEADER);
	if (!presented || !timestamp) return refuse(`Missing ${SIGNATURE_HEADER} or ${TIMESTAMP_HEADER} header`);
	if (!/^\d{1,12}$/.test(timestamp)) return refuse(`Malformed ${TIMESTAMP_HEADER} header`);
	if (!safeEqual(signature(signingKey, timestamp, request.rawBody), presented)) {
		return refuse('Signature does not match the body and timestamp (another n8n’s sandbox, or a changed report)');
	}
	// Checked after the signature, so only a genuine but replayed report is told it is stale.
	const stale = staleBy(Number(timestamp), nowMs, TIMESTAMP_TOLERANCE_SECONDS);
	if (stale) return refuse(`Timestamp is ${stale}, more than ${TIMESTAMP_TOLERANCE_SECONDS} s away from now`, 403);
	return { ok: true };
}
