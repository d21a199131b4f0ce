/**
 * MM7 signs nothing: an MMSC authenticates to the VASP with HTTP Basic (providers.md §9
 * "Transport", §11 "webhook auth"), using what the operator configured for the VASP URL. The
 * credential's callbackUsername/callbackPassword hold it; empty ones mean the MMSC presents the
 * same pair the VASP uses (DESIGN.md, dropMmsMm7Api). There is no timestamp, so no staleness check.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { header } from '../shared';
import type { ProviderCredentials, VerifyResult, WebhookRequest } from '../types';
import { credentialText } from './capabilities';

export function verifyCallback(credentials: ProviderCredentials, request: WebhookRequest): VerifyResult {
	const ownPair = credentialText(credentials, 'callbackUsername') !== '' || credentialText(credentials, 'callbackPassword') !== '';
	const username = credentialText(credentials, ownPair ? 'callbackUsername' : 'username');
	const password = credentialText(credentials, ownPair ? 'callbackPassword' : 'password');
	if (!username && !password) {
		return { ok: false, status: 401, reason: 'The MM7 credential has neither callback nor MMSC username/password to check the MMSC against' };
	}
	const value = header(request.headers, 'authorization');
	if (!value) return { ok: false, status: 401, reason: 'No Authorization header (the MMSC sent no Basic credentials)' };
	const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value);
	if (!basic) return { ok: false, status: 401, reason: 'Authorization header is not HTTP Basic' };
	// Digests have a fixed length, so the comparison time says nothing about either value's length.
	const presented = createHash('sha256').update(Buffer.from(basic[1], 'base64')).digest();
	const expected = createHash('sha256').update(`${username}:${password}`, 'utf8').digest();
	if (!timingSafeEqual(presented, expected)) return { ok: false, status: 401, reason: 'MMSC credentials do not match' };
	return { ok: true };
}
