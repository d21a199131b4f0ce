/**
 * The Vonage adapter against the fake Vonage API over the real undici transport: what the
 * adapter builds is what the strict fake accepts, and what the fake answers is classified right.
 */
import { generateKeyPairSync } from 'node:crypto';

import { DropMmsVonageApi } from '../../credentials/DropMmsVonageApi.credentials';
import { createTransport, type Transport } from '../../nodes/drop/transport';
import type { SendBatch } from '../../nodes/providers/types';
import { vonageAdapter } from '../../nodes/providers/vonage';
import { expectNoSecrets } from '../providers/wire';
import { INVALID_NUMBER, OPTED_OUT_NUMBER, vonageApi } from './providers/vonage';
import { FakeProviderServer } from './server';

describe('vonage adapter ⇄ fake Vonage over the real transport', () => {
	const fake = new FakeProviderServer([vonageApi]);
	let transport: Transport;
	let credentials: Record<string, string>;

	const batch = (to: string, ref = 'r1'): SendBatch => ({
		dropId: 'drop-e2e',
		message: {
			from: '+14155550100',
			text: 'Spring sale. Reply STOP to opt out',
			media: [
				{ url: 'https://cdn.example.com/sale.jpg', contentType: 'image/jpeg' },
				{ url: 'https://cdn.example.com/clip.mp4', contentType: 'video/mp4' },
			],
		},
		recipients: [{ ref, to }],
		statusCallbackUrl: 'https://n8n.example.com/webhook/mms-status?dropId=drop-e2e',
	});

	async function send(sendBatch: SendBatch, withCredentials = credentials) {
		const reply = await transport.send(vonageAdapter.buildSendRequest(withCredentials, sendBatch, Date.now()), { timeoutMs: 5_000 });
		if (reply.kind !== 'response') throw new Error(`transport error ${reply.code}`);
		return { response: reply.response, outcomes: vonageAdapter.parseSendResponse(sendBatch, reply.response) };
	}

	beforeAll(async () => {
		const origin = await fake.start();
		credentials = { ...vonageApi.defaultCredentials, baseUrl: origin };
		transport = createTransport({ connections: 2 });
	});
	afterAll(async () => {
		await transport.close();
		await fake.stop();
	});
	beforeEach(() => fake.reset());

	it('a send is accepted and lands in the ledger with to/from/text/media/correlation/callback', async () => {
		const { response, outcomes } = await send(batch('+14155550101'));
		expect(response.status).toBe(202);
		const [entry] = fake.ledgerFor('vonage');
		expect(outcomes).toEqual([{ ref: 'r1', kind: 'accepted', messageId: entry.messageId }]);
		expect(entry).toMatchObject({
			to: '+14155550101',
			from: '+14155550100',
			text: 'Spring sale. Reply STOP to opt out',
			subject: null,
			media: ['https://cdn.example.com/sale.jpg', 'https://cdn.example.com/clip.mp4'],
			correlation: 'drop-e2e:r1',
			callbackUrl: 'https://n8n.example.com/webhook/mms-status?dropId=drop-e2e&ref=r1',
		});
		expect(fake.ledger).toHaveLength(1);
	});

	it('a JWT signed with another key gets the documented 401 and is fatal', async () => {
		const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		const { response, outcomes } = await send(batch('+14155550101'), { ...credentials, privateKey: otherKey });
		expect(response.status).toBe(401);
		expect(JSON.parse(response.body)).toMatchObject({ type: 'https://developer.nexmo.com/api-errors/#unathorized' });
		expect(outcomes).toEqual([
			{ ref: 'r1', kind: 'fatal', reason: 'auth_failed', error: expect.objectContaining({ code: 'unathorized', httpStatus: 401 }) },
		]);
		expect(fake.ledger).toHaveLength(0);
		expectNoSecrets(outcomes, { ...credentials, otherKey });
	});

	it('a JWT for another application is refused the same way', async () => {
		const { outcomes } = await send(batch('+14155550101'), { ...credentials, applicationId: 'ffffffff-0000-4000-8000-000000000000' });
		expect(outcomes[0]).toMatchObject({ kind: 'fatal', reason: 'auth_failed' });
	});

	it.each([
		{ name: 'opted-out recipient ⇒ permanent opted_out', to: `+${OPTED_OUT_NUMBER}`, expected: { kind: 'permanent', reason: 'opted_out' } },
		{ name: 'invalid recipient ⇒ permanent invalid_number', to: `+${INVALID_NUMBER}`, expected: { kind: 'permanent', reason: 'invalid_number' } },
	])('$name, nothing recorded', async ({ to, expected }) => {
		const { response, outcomes } = await send(batch(to));
		expect(response.status).toBe(422);
		expect(outcomes).toEqual([{ ref: 'r1', ...expected, error: expect.objectContaining({ httpStatus: 422 }) }]);
		expect(fake.ledger).toHaveLength(0);
	});

	it('a wrong request shape gets 422 with invalid_parameters, nothing recorded', async () => {
		const spec = vonageAdapter.buildSendRequest(credentials, batch('+14155550101'), Date.now());
		const body = { ...JSON.parse(String(spec.body)), channel: 'sms', to: '+14155550101', content: [{ type: 'image' }] };
		const reply = await transport.send({ ...spec, body: JSON.stringify(body) }, { timeoutMs: 5_000 });
		if (reply.kind !== 'response') throw new Error('no response');
		expect(reply.response.status).toBe(422);
		expect(JSON.parse(reply.response.body).invalid_parameters.map((item: { name: string }) => item.name)).toEqual([
			'channel',
			'to',
			'content[0].url',
		]);
		const notJson = await transport.send({ ...spec, headers: { ...spec.headers, 'content-type': 'text/plain' } }, { timeoutMs: 5_000 });
		expect(notJson).toMatchObject({ kind: 'response', response: { status: 422 } });
		expect(fake.ledger).toHaveLength(0);
	});

	it('an injected rateLimit fault ⇒ 429 with Retry-After, classified retryable, nothing recorded', async () => {
		fake.setFaults({ next: ['rateLimit'], retryAfterSeconds: 2 });
		const { response, outcomes } = await send(batch('+14155550101'));
		expect(response.status).toBe(429);
		expect(response.headers['retry-after']).toBe('2');
		expect(outcomes).toEqual([{ ref: 'r1', kind: 'retryable', reason: 'rate_limited', error: expect.objectContaining({ httpStatus: 429 }) }]);
		expect(fake.ledger).toHaveLength(0);
	});

	it('unavailable ⇒ retryable; server error after accept ⇒ ambiguous with the message in the ledger', async () => {
		fake.setFaults({ next: ['unavailable', 'serverErrorAfterAccept'] });
		expect((await send(batch('+14155550101'))).outcomes[0]).toMatchObject({ kind: 'retryable', reason: 'server_error' });
		expect(fake.ledger).toHaveLength(0);
		expect((await send(batch('+14155550102', 'r2'))).outcomes[0]).toMatchObject({ kind: 'ambiguous', reason: 'server_error' });
		expect(fake.ledger.map((entry) => entry.correlation)).toEqual(['drop-e2e:r2']);
	});

	it("the credential's authenticate() produces a JWT the fake accepts on the credential-test endpoint", async () => {
		const credential = new DropMmsVonageApi();
		const options = await credential.authenticate(credentials, { url: `${fake.origin}/v1/users`, method: 'GET' });
		const reply = await transport.send(
			{ method: 'GET', url: `${fake.origin}/v1/users?page_size=1`, headers: options.headers as Record<string, string> },
			{ timeoutMs: 5_000 },
		);
		expect(reply).toMatchObject({ kind: 'response', response: { status: 200 } });
		const unsigned = await transport.send({ method: 'GET', url: `${fake.origin}/v1/users`, headers: {} }, { timeoutMs: 5_000 });
		expect(unsigned).toMatchObject({ kind: 'response', response: { status: 401 } });
	});
});
