/**
 * Sinch signs no SMS REST callback. What it offers, by arrangement with the account manager, is HTTP
 * Basic auth on the callback request (providers.md §5, Signature) — checked here against the
 * credential's `callbackUsername` / `callbackPassword`. Basic auth proves who called, not what was
 * sent: the body and timestamps are not covered, so there is no replay window to enforce.
 */
import { timingSafeEqual } from 'node:crypto';

import { header } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';

function sameText(received: string, expected: string): boolean {
	const a = Buffer.from(received, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(reason: string): VerifyResult {
	return { ok: false, status: 401, reason };
}

export function verify(credentials: ProviderCredentials, request: WebhookRequest): VerifyResult {
	const username = typeof credentials.callbackUsername === 'string' ? credentials.callbackUsername : '';
	const password = typeof credentials.callbackPassword === 'string' ? credentials.callbackPassword : '';
	if (!username && !password) {
		return refuse(
			'The Sinch credential has no callback username/password, so callbacks cannot be verified: set them (and ask Sinch to enable Basic auth on callbacks) or turn off signature verification',
		);
	}

	const authorization = header(request.headers, 'authorization');
	if (!authorization) return refuse('Missing Authorization header');
	// The scheme name is case-insensitive (RFC 7235 §2.1).
	const match = /^basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(authorization);
	if (!match) return refuse('Authorization is not HTTP Basic');
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return refuse('Malformed Basic credentials');

	// Both halves are compared before deciding, so the time taken does not tell which one was wrong.
	const userMatches = sameText(decoded.slice(0, colon), username);
	const passwordMatches = sameText(decoded.slice(colon + 1), password);
	return userMatches && passwordMatches ? { ok: true } : refuse('Callback username or password does not match the credential');
}
