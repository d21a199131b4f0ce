/** The webhook authentication every adapter builds on (nodes/providers/auth.ts). */
import { safeEqual, staleBy, verifyBasicAuth } from '../../nodes/providers/auth';
import type { WebhookRequest } from '../../nodes/providers/types';
import { basicAuthorization } from '../webhook-signing';
import { webhookRequest } from './cases';

const withAuthorization = (authorization?: string): WebhookRequest =>
	webhookRequest({ url: 'https://n8n.example.com/webhook/mms', headers: { authorization } });

describe('safeEqual', () => {
	it.each([
		['same text', 'secret-value', 'secret-value', true],
		['text and the same bytes', 'secret-value', Buffer.from('secret-value'), true],
		['another value of the same length', 'secret-value', 'secret-valuf', false],
		['a prefix', 'secret-value', 'secret', false],
		['a longer value', 'secret', 'secret-value', false],
		['empty against empty', '', '', true],
		['empty against a value', '', 'x', false],
	])('%s', (_name, expected, presented, equal) => {
		expect(safeEqual(expected, presented)).toBe(equal);
	});
});

describe('verifyBasicAuth', () => {
	it.each([
		['the expected pair', basicAuthorization('hook-user', 'hook-pass'), 'hook-user', 'hook-pass', { ok: true }],
		['a colon inside the password', basicAuthorization('hook-user', 'pa:ss'), 'hook-user', 'pa:ss', { ok: true }],
		['a wrong password', basicAuthorization('hook-user', 'other'), 'hook-user', 'hook-pass', /do not match/],
		['a wrong user name', basicAuthorization('other', 'hook-pass'), 'hook-user', 'hook-pass', /do not match/],
		['the user name alone', basicAuthorization('hook-user', ''), 'hook-user', 'hook-pass', /do not match/],
		['an empty expected password, whatever is presented', basicAuthorization('hook-user', ''), 'hook-user', '', /no callback username\/password/],
		['an empty expected user name', basicAuthorization('', 'hook-pass'), '', 'hook-pass', /no callback username\/password/],
		['no header', undefined, 'hook-user', 'hook-pass', /No Authorization header/],
		['another scheme', 'Bearer hook-pass', 'hook-user', 'hook-pass', /not HTTP Basic/],
		['no colon', `Basic ${Buffer.from('hook-user').toString('base64')}`, 'hook-user', 'hook-pass', /Malformed/],
	])('%s', (_name, authorization, user, password, expected) => {
		const result = verifyBasicAuth(withAuthorization(authorization), user, password);
		expect(result).toEqual(expected instanceof RegExp ? { ok: false, status: 401, reason: expect.stringMatching(expected) } : expected);
	});
});

describe('staleBy', () => {
	const now = 1_700_000_000_000;
	it.each([
		[1_700_000_000 - 300, undefined],
		[1_700_000_000 + 300, undefined],
		[1_700_000_000 - 301, '301 s ago'],
		[1_700_000_000 + 301, '301 s in the future'],
	])('a timestamp of %d', (timestamp, expected) => {
		expect(staleBy(timestamp, now, 300)).toBe(expected);
	});
});
