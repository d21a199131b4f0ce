/**
 * The Bandwidth adapter against the fake provider over the real undici transport: what the
 * engine would see end to end, checked against the fake's ledger.
 */
import { createHash, randomBytes } from 'node:crypto';

import { createTransport, type Transport } from '../../nodes/drop/transport';
import { bandwidthAdapter } from '../../nodes/providers/bandwidth';
import type { HttpRequestSpec, HttpResponse, MediaFile, MediaRef, SendBatch, SendOutcome } from '../../nodes/providers/types';
import { ProviderResponseError } from '../../nodes/providers/types';
import { expectNoSecrets } from '../providers/wire';
import { bandwidthApi, BANDWIDTH_INVALID_NUMBER, BANDWIDTH_OPTED_OUT_NUMBER } from './providers/bandwidth';
import { FakeProviderServer } from './server';

const server = new FakeProviderServer([bandwidthApi]);
let transport: Transport;
let credentials: Record<string, string>;

beforeAll(async () => {
	const origin = await server.start();
	credentials = { ...bandwidthApi.defaultCredentials, baseUrl: origin };
	transport = createTransport({ connections: 4 });
});

afterAll(async () => {
	await transport.close();
	await server.stop();
});

beforeEach(() => server.reset());

async function roundTrip(spec: HttpRequestSpec): Promise<HttpResponse> {
	const reply = await transport.send(spec, { timeoutMs: 5_000 });
	if (reply.kind !== 'response') throw new Error(`transport failed: ${reply.code} ${reply.message}`);
	return reply.response;
}

function batch(to: string, ref = 'r1', media: MediaRef[] = [{ url: 'https://cdn.example.com/a.jpg' }, { url: 'https://cdn.example.com/b.png' }]): SendBatch {
	return {
		dropId: 'drop-fake',
		message: { from: '+18445550001', text: 'Spring sale\nReply STOP to opt out', media },
		recipients: [{ ref, to }],
		statusCallbackUrl: 'https://n8n.example.com/webhook/mms-status?dropId=drop-fake',
	};
}

async function send(sent: SendBatch, creds: Record<string, string> = credentials): Promise<SendOutcome[]> {
	const response = await roundTrip(bandwidthAdapter.buildSendRequest(creds, sent, Date.now()));
	return bandwidthAdapter.parseSendResponse(sent, response);
}

describe('bandwidth adapter against the fake provider', () => {
	it('is accepted and lands in the ledger with to, from, text, media and the tag', async () => {
		const outcomes = await send(batch('+18665550001', 'r7'));

		expect(outcomes).toEqual([{ ref: 'r7', kind: 'accepted', messageId: expect.stringMatching(/^bw\d+$/) }]);
		expect(server.ledgerFor('bandwidth')).toEqual([
			expect.objectContaining({
				provider: 'bandwidth',
				messageId: outcomes[0].messageId,
				batchId: null,
				to: '+18665550001',
				from: '+18445550001',
				text: 'Spring sale\nReply STOP to opt out',
				subject: null,
				media: ['https://cdn.example.com/a.jpg', 'https://cdn.example.com/b.png'],
				correlation: 'drop-fake:r7',
				// Callbacks are configured on the Bandwidth application, never per message.
				callbackUrl: null,
			}),
		]);
	});

	it('uploads media to the store and sends a message that references it', async () => {
		const data = randomBytes(4096);
		const file: MediaFile = { data, mimeType: 'image/jpeg', fileName: 'promo.jpg', sha256: createHash('sha256').update(data).digest('hex') };
		const uploaded = await roundTrip(bandwidthAdapter.upload!.buildRequest(credentials, file));
		expect(uploaded.status).toBe(204);
		const ref = bandwidthAdapter.upload!.parseResponse(file, uploaded);

		const outcomes = await send(batch('+18665550002', 'r8', [ref, { url: 'https://cdn.example.com/b.png' }]));
		expect(outcomes).toEqual([{ ref: 'r8', kind: 'accepted', messageId: expect.any(String) }]);
		const storeUrl = `${credentials.baseUrl}/api/v2/users/${credentials.accountId}/media/${file.sha256}.jpg`;
		expect(server.ledgerFor('bandwidth')[0].media).toEqual([storeUrl, 'https://cdn.example.com/b.png']);

		const download = await transport.send(
			{ method: 'GET', url: storeUrl, headers: { authorization: 'Basic ' + Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64') } },
			{ timeoutMs: 5_000 },
		);
		expect(download).toMatchObject({ kind: 'response', response: { status: 200, headers: { 'content-type': 'image/jpeg' } } });
	});

	it('refuses a message that references media never uploaded', async () => {
		const missing = { mediaId: `${'0'.repeat(64)}.jpg` };
		const [outcome] = await send(batch('+18665550003', 'r9', [missing]));
		expect(outcome).toMatchObject({ kind: 'permanent', reason: 'media_rejected', error: { code: 'request-validation', httpStatus: 400 } });
		expect(server.ledgerFor('bandwidth')).toHaveLength(0);
	});

	it('answers a wrong password with the documented 401 and the adapter stops the drop (fatal)', async () => {
		const wrong = { ...credentials, password: 'wrong-secret-123456' };
		const response = await roundTrip(bandwidthAdapter.buildSendRequest(wrong, batch('+18665550001'), 0));
		expect(response.status).toBe(401);
		expect(JSON.parse(response.body)).toEqual({ type: 'unauthorized', description: 'Authentication Failed' });

		const outcomes = bandwidthAdapter.parseSendResponse(batch('+18665550001'), response);
		expect(outcomes).toEqual([
			{ ref: 'r1', kind: 'fatal', reason: 'auth_failed', error: { code: 'unauthorized', message: 'Authentication Failed', httpStatus: 401 } },
		]);
		expectNoSecrets(outcomes, wrong);
		expect(server.ledger).toHaveLength(0);
	});

	it('answers an upload with a wrong account id with 401, which the uploader reports', async () => {
		const data = Buffer.from('GIF89a');
		const file: MediaFile = { data, mimeType: 'image/gif', fileName: 'a.gif', sha256: createHash('sha256').update(data).digest('hex') };
		const response = await roundTrip(bandwidthAdapter.upload!.buildRequest({ ...credentials, accountId: '1234567' }, file));
		expect(() => bandwidthAdapter.upload!.parseResponse(file, response)).toThrow(ProviderResponseError);
		expect(() => bandwidthAdapter.upload!.parseResponse(file, response)).toThrow(/HTTP 401\): unauthorized/);
	});

	it('classifies an invalid recipient as invalid_number and records nothing', async () => {
		const outcomes = await send(batch(BANDWIDTH_INVALID_NUMBER));
		expect(outcomes).toEqual([
			{
				ref: 'r1',
				kind: 'permanent',
				reason: 'invalid_number',
				error: {
					code: 'request-validation',
					message: `Your request could not be accepted.; to: '${BANDWIDTH_INVALID_NUMBER}' must be replaced with a valid E164 formatted telephone number`,
					httpStatus: 400,
				},
			},
		]);
		expect(server.ledger).toHaveLength(0);
	});

	it('accepts an opted-out recipient: Bandwidth reports the opt-out only later, as callback 4775', async () => {
		const outcomes = await send(batch(BANDWIDTH_OPTED_OUT_NUMBER));
		expect(outcomes).toEqual([{ ref: 'r1', kind: 'accepted', messageId: expect.any(String) }]);
		expect(server.ledgerFor('bandwidth').map((entry) => entry.to)).toEqual([BANDWIDTH_OPTED_OUT_NUMBER]);
	});

	it('classifies an injected rate limit as retryable, with the queue-drain wait hint, and records nothing', async () => {
		server.setFaults({ next: ['rateLimit'], retryAfterSeconds: 2 });
		const response = await roundTrip(bandwidthAdapter.buildSendRequest(credentials, batch('+18665550001'), 0));
		expect(response.status).toBe(429);
		expect(response.headers['retry-after']).toBe('2');

		const outcomes = bandwidthAdapter.parseSendResponse(batch('+18665550001'), response);
		expect(outcomes).toEqual([
			{
				ref: 'r1',
				kind: 'retryable',
				reason: 'rate_limited',
				retryAfterMs: 1000,
				error: expect.objectContaining({ code: 'max-message-queue-size-exceeded', httpStatus: 429 }),
			},
		]);
		expect(server.ledger).toHaveLength(0);

		expect(await send(batch('+18665550001'))).toEqual([expect.objectContaining({ kind: 'accepted' })]);
		expect(server.ledger).toHaveLength(1);
	});

	it('classifies 503 as retryable and a 500 after acceptance as ambiguous (the message exists)', async () => {
		server.setFaults({ next: ['unavailable', 'serverErrorAfterAccept'] });
		expect(await send(batch('+18665550001'))).toEqual([expect.objectContaining({ kind: 'retryable', reason: 'server_error' })]);
		expect(server.ledger).toHaveLength(0);
		expect(await send(batch('+18665550001'))).toEqual([expect.objectContaining({ kind: 'ambiguous', reason: 'server_error' })]);
		expect(server.ledger).toHaveLength(1);
	});
});
