/**
 * Sinch callbacks are authenticated in one of two ways, whichever the account has (both where both
 * are set in the credential):
 *
 * - HMAC signatures (sinch-sdk-node packages/sms/src/rest/v1/callbacks/callbacks-webhook.ts and
 *   packages/sdk-client/src/utils/authorization.helper.ts `validateWebhookSignature`): headers
 *   `x-sinch-webhook-signature` (base64 HMAC-SHA256 with the callback secret over
 *   `{raw body}.{nonce}.{timestamp}`), `-nonce`, `-timestamp` and `-algorithm` (`HmacSHA256`).
 *   Checked against the credential's `callbackSigningSecret`. Sinch retries a failed callback for
 *   up to 22 h 45 min (providers.md §5) and the SDK bounds no timestamp, so no age is enforced: a
 *   replay is the same signed body, which the trigger's event keys recognise.
 * - HTTP Basic auth, arranged with the account manager (providers.md §5 "Signature"), checked
 *   against `callbackUsername` / `callbackPassword`. It proves who called, not what was sent.
 */
import { createHmac } from 'node:crypto';

import { refuse, safeEqual, verifyBasicAuth } from '../auth';
import { header } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { sinchCredential } from './credential';

const SIGNATURE_HEADER = 'x-sinch-webhook-signature';

function verifySignature(secret: string, request: WebhookRequest): VerifyResult {
	const signature = header(request.headers, SIGNATURE_HEADER);
	const nonce = header(request.headers, `${SIGNATURE_HEADER}-nonce`);
	const timestamp = header(request.headers, `${SIGNATURE_HEADER}-timestamp`);
	if (!signature || !nonce || !timestamp) {
		return refuse('Missing x-sinch-webhook-signature, -nonce or -timestamp header (the credential has a callback signing secret)');
	}
	const algorithm = header(request.headers, `${SIGNATURE_HEADER}-algorithm`);
	if (algorithm && algorithm.toLowerCase() !== 'hmacsha256') return refuse('x-sinch-webhook-signature-algorithm is not HmacSHA256');
	// The raw bytes as Sinch signed them, not a re-serialization of the parsed JSON.
	const expected = createHmac('sha256', secret).update(request.rawBody).update(`.${nonce}.${timestamp}`).digest('base64');
	return safeEqual(expected, signature) ? { ok: true } : refuse('x-sinch-webhook-signature does not match this request');
}

export function verify(credentials: ProviderCredentials, request: WebhookRequest): VerifyResult {
	const { callbackUsername, callbackPassword, callbackSigningSecret } = sinchCredential.read(credentials, []);
	const basicAuthSet = callbackUsername !== '' || callbackPassword !== '';
	if (callbackSigningSecret === '' && !basicAuthSet) {
		return refuse('The credential has no callback signing secret and no callback username/password to check this request against');
	}
	if (callbackSigningSecret !== '') {
		const signed = verifySignature(callbackSigningSecret, request);
		if (!signed.ok || !basicAuthSet) return signed;
	}
	return verifyBasicAuth(request, callbackUsername, callbackPassword);
}
