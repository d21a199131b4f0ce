/**
 * Bandwidth signs nothing (providers.md §4 "Signature"): callbacks are protected by the HTTP
 * Basic credentials set on the messaging Application ("Callback user ID/password", RFC 7235),
 * which the user copies into the credential's `callbackUsername` / `callbackPassword`.
 * There is no timestamp, so there is no staleness check.
 */
import { timingSafeEqual } from 'node:crypto';

import { header } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { credentialText } from './account';

export function verifyCallback(credentials: ProviderCredentials, request: WebhookRequest): VerifyResult {
	const username = credentialText(credentials, 'callbackUsername');
	const password = credentialText(credentials, 'callbackPassword');
	if (!username || !password) {
		return {
			ok: false,
			status: 401,
			reason: 'The Bandwidth credential has no callback username/password; set them here and on the messaging application',
		};
	}
	const value = header(request.headers, 'authorization');
	if (!value) return { ok: false, status: 401, reason: 'No Authorization header (callback credentials not sent)' };
	const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value);
	if (!basic) return { ok: false, status: 401, reason: 'Authorization header is not HTTP Basic' };
	const presented = Buffer.from(basic[1], 'base64');
	const expected = Buffer.from(`${username}:${password}`, 'utf8');
	if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
		return { ok: false, status: 401, reason: 'Callback credentials do not match' };
	}
	return { ok: true };
}
