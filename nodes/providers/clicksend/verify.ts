/**
 * ClickSend signs no webhook (providers.md §7), so the trigger URL carries a secret instead:
 * `?token=<webhookToken>` (DESIGN.md, MMS Delivery Trigger). There is no timestamp, hence no
 * staleness check (no 403 case).
 */
import { timingSafeEqual } from 'node:crypto';

import { queryValue } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';

export function verifyWebhook(credentials: ProviderCredentials, request: WebhookRequest): VerifyResult {
	const expected = typeof credentials.webhookToken === 'string' ? credentials.webhookToken : '';
	// Without a configured token every request would pass: refuse rather than trust the open URL.
	if (expected === '') return { ok: false, status: 401, reason: 'No webhook token is set in the ClickSend credential' };
	const presented = queryValue(request.query, 'token');
	if (presented === undefined || presented === '') {
		return { ok: false, status: 401, reason: 'The request has no token query parameter' };
	}
	const expectedBytes = Buffer.from(expected, 'utf8');
	const presentedBytes = Buffer.from(presented, 'utf8');
	if (presentedBytes.length !== expectedBytes.length || !timingSafeEqual(presentedBytes, expectedBytes)) {
		return { ok: false, status: 401, reason: 'The token query parameter does not match the credential' };
	}
	return { ok: true };
}
