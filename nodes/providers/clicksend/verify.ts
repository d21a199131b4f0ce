/**
 * ClickSend signs no webhook (providers.md §7), so the trigger URL carries a secret instead:
 * `?token=<webhookToken>` (DESIGN.md, MMS Delivery Trigger). There is no timestamp, hence no
 * staleness check (no 403 case).
 */
import { refuse, safeEqual } from '../auth';
import { queryValue } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { clicksendCredential } from './credential';

export function verifyWebhook(credentials: ProviderCredentials, request: WebhookRequest): VerifyResult {
	const { webhookToken } = clicksendCredential.read(credentials, []);
	// Without a configured token every request would pass: refuse rather than trust the open URL.
	if (webhookToken === '') return refuse('No webhook token is set in the ClickSend credential');
	const presented = queryValue(request.query, 'token');
	if (presented === undefined || presented === '') return refuse('The request has no token query parameter');
	if (!safeEqual(webhookToken, presented)) return refuse('The token query parameter does not match the credential');
	return { ok: true };
}
