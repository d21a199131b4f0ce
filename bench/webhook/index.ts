/**
 * Webhook benchmark (issue #6): verified and parsed events per second per provider, on one core
 * — the adapter's pure path (`verify` + `parse`) on a valid signed request built from the
 * fixtures, as the trigger runs it for every delivery report.
 * Run: npx tsx bench/webhook/index.ts  (or npm run bench)
 */
import { generateKeyPairSync, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { adapterFor } from '../../nodes/providers';
import type { ProviderCredentials, ProviderId, WebhookRequest } from '../../nodes/providers/types';
import { basicAuthorization, plivoV3Signature, rawEd25519PublicKey, telnyxHeaders, twilioSignature, vonageAuthorization } from '../../test/webhook-signing';
import { machineLine, writeSection } from '../results';

const URL_ = 'https://n8n.example.com/webhook/3f1c/mms';
const fixture = (provider: string, file: string) => readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', provider, file));

interface Case {
	provider: ProviderId;
	scheme: string;
	credentials: ProviderCredentials;
	request: WebhookRequest;
}

function request(body: Buffer, headers: WebhookRequest['headers'], query: WebhookRequest['query'] = {}): WebhookRequest {
	return { method: 'POST', urls: [URL_], headers, query, rawBody: body };
}

function cases(): Case[] {
	const secret = randomBytes(16).toString('hex');
	const { publicKey, privateKey } = generateKeyPairSync('ed25519');
	const twilioBody = fixture('twilio', 'status-delivered.form.txt');
	const telnyxBody = fixture('telnyx', 'webhook-message-finalized-delivered.json');
	const plivoBody = fixture('plivo', 'status-delivered.form');
	const vonageBody = fixture('vonage', 'webhook-status-delivered.json');
	const basic = { authorization: basicAuthorization('hook-user', secret), 'content-type': 'application/json' };
	const nonce = '12345678901234567890';
	return [
		{
			provider: 'twilio',
			scheme: 'HMAC-SHA1',
			credentials: { accountSid: 'AC' + '0'.repeat(32), authToken: secret },
			request: request(twilioBody, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(secret, URL_, twilioBody.toString()) }),
		},
		{
			provider: 'plivo',
			scheme: 'HMAC-SHA256 (V3)',
			credentials: { authId: 'MA0000000000000000', authToken: secret },
			request: request(plivoBody, {
				'content-type': 'application/x-www-form-urlencoded',
				'x-plivo-signature-v3': plivoV3Signature(secret, 'POST', URL_, new URLSearchParams(plivoBody.toString()), nonce),
				'x-plivo-signature-v3-nonce': nonce,
			}),
		},
		{
			provider: 'vonage',
			scheme: 'JWT HS256 + payload hash',
			credentials: { applicationId: 'app', privateKey: '', signatureSecret: secret },
			request: request(vonageBody, {
				'content-type': 'application/json',
				authorization: vonageAuthorization(secret, {
					iat: Math.floor(Date.now() / 1000),
					payload_hash: createHash('sha256').update(vonageBody).digest('hex'),
				}),
			}),
		},
		{
			provider: 'telnyx',
			scheme: 'Ed25519',
			credentials: { apiKey: 'KEY', publicKey: rawEd25519PublicKey(publicKey) },
			request: request(telnyxBody, { 'content-type': 'application/json', ...telnyxHeaders(privateKey, telnyxBody.toString()) }),
		},
		{
			provider: 'bandwidth',
			scheme: 'HTTP Basic',
			credentials: { callbackUsername: 'hook-user', callbackPassword: secret },
			request: request(fixture('bandwidth', 'callback-delivered.json'), basic),
		},
		{
			provider: 'sinch',
			scheme: 'HTTP Basic',
			credentials: { callbackUsername: 'hook-user', callbackPassword: secret },
			request: request(fixture('sinch', 'dlr-recipient-mms-delivered.json'), basic),
		},
		{
			provider: 'clicksend',
			scheme: 'token',
			credentials: { webhookToken: secret },
			request: request(fixture('clicksend', 'receipt-delivered.json'), { 'content-type': 'application/json' }, { token: secret }),
		},
		{
			provider: 'mm7',
			scheme: 'HTTP Basic + SOAP',
			credentials: { username: 'vasp', password: 'x', callbackUsername: 'hook-user', callbackPassword: secret },
			request: request(fixture('mm7', 'delivery-report-expired-5.3.0.xml'), { ...basic, 'content-type': 'text/xml' }),
		},
	];
}

/** Events verified and parsed per second over `seconds` of wall time, after a warm-up. */
function measure(testCase: Case, seconds: number): { eventsPerSecond: number; events: number } {
	const handler = adapterFor(testCase.provider).webhook!;
	const once = () => {
		const verdict = handler.verify(testCase.credentials, testCase.request, Date.now());
		if (!verdict.ok) throw new Error(`${testCase.provider}: the benchmark request does not verify (${verdict.reason})`);
		return [...handler.parse(testCase.request, new Date())].length;
	};
	for (let i = 0; i < 2_000; i++) once();
	let events = 0;
	let rounds = 0;
	const started = performance.now();
	const until = started + seconds * 1000;
	while (performance.now() < until) {
		for (let i = 0; i < 200; i++) events += once();
		rounds++;
	}
	const elapsed = (performance.now() - started) / 1000;
	return { eventsPerSecond: events / elapsed, events: events / (rounds * 200) };
}

function main() {
	const results = cases().map((testCase) => ({ ...testCase, ...measure(testCase, 1.5) }));
	for (const result of results) console.log(`${result.provider.padEnd(10)} ${result.scheme.padEnd(26)} ${Math.round(result.eventsPerSecond).toLocaleString('en-US')} events/s`);
	const markdown = `## Webhooks (bench/webhook)

Command: \`npx tsx bench/webhook/index.ts\` (part of \`npm run bench\`). One process, one core: each
provider's \`verify\` + \`parse\` on a valid signed request from its fixtures, 1.5 s per provider after
a warm-up. Machine: ${machineLine()}.

| provider | scheme | events / s | target |
|---|---|---|---|
${results
	.map((r) => `| ${r.provider} | ${r.scheme} | **${Math.round(r.eventsPerSecond).toLocaleString('en-US')}** | ${/HMAC|JWT/.test(r.scheme) ? '≥ 20,000' : '—'} |`)
	.join('\n')}
`;
	writeSection('webhook', markdown);
}

main();
