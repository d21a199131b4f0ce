/**
 * The Vonage credential's test request, run as n8n's CredentialsTester runs it. The Bearer token is
 * an RS256 JWT, so `authenticate` is a function; the test checks the token on the wire with the
 * public half of a key pair made here.
 */
import { generateKeyPairSync, verify as verifySignature } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import nock from 'nock';

import { testCredential } from '../harness/credential-test';
import { runTestFailureCases } from './failures';

const keys = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const applicationId = '7d2a5c1e-0f3b-4a6d-9c8e-1b2a3c4d5e6f';
const usersPage = readFileSync(path.join(__dirname, '../fixtures/vonage/users-response-200.json'), 'utf8');

/** True when the header carries an application JWT for our application, signed by our key, valid now. */
function isApplicationJwt(authorization: string): boolean {
	const [header, claims, signature] = (/^Bearer (.+)$/.exec(authorization)?.[1] ?? '').split('.');
	if (!signature) return false;
	if (!verifySignature('sha256', Buffer.from(`${header}.${claims}`), keys.publicKey, Buffer.from(signature, 'base64url'))) return false;
	const payload = JSON.parse(Buffer.from(claims, 'base64url').toString());
	const now = Date.now() / 1000;
	return payload.application_id === applicationId && Math.abs(payload.iat - now) < 60 && payload.exp - payload.iat === 900 && !!payload.jti;
}

describe('dropMmsVonageApi credential test', () => {
	afterEach(() => nock.cleanAll());

	it('passes with a valid application key: GET /v1/users?page_size=1 with the JWT', async () => {
		const scope = nock('https://api.nexmo.com', { reqheaders: { authorization: isApplicationJwt } })
			.get('/v1/users')
			.query({ page_size: '1' })
			.reply(200, usersPage, { 'content-type': 'application/json' });
		const result = await testCredential('dropMmsVonageApi', { applicationId, privateKey: keys.privateKey, signatureSecret: 'sig-secret-123' });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});

	it('uses the baseUrl origin (trailing slash trimmed)', async () => {
		const scope = nock('http://127.0.0.1:8089', { reqheaders: { authorization: isApplicationJwt } })
			.get('/v1/users')
			.query({ page_size: '1' })
			.reply(200, usersPage);
		const result = await testCredential('dropMmsVonageApi', { applicationId, privateKey: keys.privateKey, baseUrl: 'http://127.0.0.1:8089/' });
		expect(result.status).toBe('OK');
		expect(scope.isDone()).toBe(true);
	});
});

runTestFailureCases({
	type: 'dropMmsVonageApi',
	// A key of another application: Vonage refuses its token (401).
	credentials: {
		applicationId,
		privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
		signatureSecret: 'sig-secret-456-a8f3',
	},
	origin: 'https://api.nexmo.com',
	addressField: 'baseUrl',
	addressAt: (port) => `http://127.0.0.1:${port}`,
	cases: [
		{ status: 401, fixture: 'vonage/error-401-unauthorized.json', fields: ['Private Key', 'Application ID'] },
		{ status: 403, fixture: 'vonage/error-403-forbidden.json', fields: ['Application ID', 'Private Key'] },
		{ status: 404, fixture: 'vonage/error-404-no-route.html', fields: ['Base URL'], mentions: [/https:\/\/api\.nexmo\.com/] },
	],
});

it('a Private Key that is no PEM key: the Test says what to paste, and never shows what was pasted', async () => {
	const pasted = `not-a-key-${'x'.repeat(40)}`;
	const result = await testCredential('dropMmsVonageApi', { applicationId, privateKey: pasted });
	expect(result).toEqual({ status: 'Error', message: 'The Vonage private key is not a PEM private key (paste the whole private.key file)' });
	expect(JSON.stringify(result)).not.toContain(pasted);
});
