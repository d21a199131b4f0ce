/**
 * The Plivo adapter against the fake Plivo over the real undici transport: what the adapter
 * builds is what the fake accepts, and what the fake answers is classified as documented.
 */
import { createHash, randomBytes } from 'node:crypto';

import { createTransport, type Transport } from '../../nodes/drop/transport';
import { plivoAdapter } from '../../nodes/providers/plivo';
import { basicAuth } from '../../nodes/providers/shared';
import type { HttpRequestSpec, HttpResponse, SendBatch } from '../../nodes/providers/types';
import { expectNoSecrets } from '../providers/wire';
import { PLIVO_INVALID_NUMBER, PLIVO_OPTED_OUT_NUMBER, plivoApi } from './providers/plivo';
import { FakeProviderServer } from './server';

describe('plivo adapter ⇄ fake Plivo', () => {
	const fake = new FakeProviderServer([plivoApi]);
	let transport: Transport;
	let credentials: Record<string, string>;

	const exchange = async (spec: HttpRequestSpec): Promise<HttpResponse> => {
		const reply = await transport.send(spec, { timeoutMs: 5_000 });
		if (reply.kind !== 'response') throw new Error(`transport error ${reply.code}: ${reply.message}`);
		return reply.response;
	};
	const sendBatch = async (batch: SendBatch, using = credentials) => {
		const response = await exchange(plivoAdapter.buildSendRequest(using, batch, Date.now()));
		return { response, outcomes: plivoAdapter.parseSendResponse(batch, response) };
	};
	const batchOf = (numbers: string[], overrides: Partial<SendBatch> = {}): SendBatch => ({
		dropId: 'drop-9',
		message: {
			from: '+14155550100',
			text: 'Open house Saturday',
			media: [{ url: 'https://cdn.example.com/house.jpg' }, { url: 'https://cdn.example.com/plan.png' }],
		},
		recipients: numbers.map((to, index) => ({ ref: `r${index + 1}`, to })),
		statusCallbackUrl: 'https://n8n.example.com/webhook/mms-status?dropId=drop-9',
		...overrides,
	});

	beforeAll(async () => {
		await fake.start();
		transport = createTransport({ connections: 4 });
	});
	afterAll(async () => {
		await transport.close();
		await fake.stop();
	});
	beforeEach(() => {
		fake.reset();
		credentials = { ...plivoApi.defaultCredentials, baseUrl: fake.origin };
	});

	it('a batch send is accepted and lands in the ledger with to/from/text/media/callback', async () => {
		const batch = batchOf(['+14155550111', '+14155550122']);
		const { response, outcomes } = await sendBatch(batch);
		expect(response.status).toBe(202);
		expect(outcomes.map((outcome) => outcome.kind)).toEqual(['accepted', 'accepted']);
		const ledger = fake.ledgerFor('plivo');
		expect(ledger.map(({ messageId, to, from, text, subject, media, correlation, callbackUrl }) => ({ messageId, to, from, text, subject, media, correlation, callbackUrl }))).toEqual(
			outcomes.map((outcome, index) => ({
				messageId: outcome.messageId,
				to: batch.recipients[index].to,
				from: '14155550100',
				text: 'Open house Saturday',
				subject: null,
				media: ['https://cdn.example.com/house.jpg', 'https://cdn.example.com/plan.png'],
				// Plivo has no correlation field; a bulk callback URL carries the drop only.
				correlation: null,
				callbackUrl: 'https://n8n.example.com/webhook/mms-status?dropId=drop-9',
			})),
		);
	});

	it('a single-recipient send carries ref on its callback URL', async () => {
		const { outcomes } = await sendBatch(batchOf(['+14155550111']));
		expect(outcomes[0].kind).toBe('accepted');
		expect(fake.ledgerFor('plivo')[0].callbackUrl).toBe('https://n8n.example.com/webhook/mms-status?dropId=drop-9&ref=r1');
	});

	it('a binary upload is stored and then sent by media_ids', async () => {
		const data = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
		const file = { data, mimeType: 'image/gif', fileName: 'dot.gif', sha256: createHash('sha256').update(data).digest('hex') };
		const uploadResponse = await exchange(plivoAdapter.upload!.buildRequest(credentials, file));
		expect(uploadResponse.status).toBe(200);
		const ref = plivoAdapter.upload!.parseResponse(file, uploadResponse);
		expect(ref).toMatchObject({ mediaId: expect.any(String), contentType: 'image/gif', bytes: data.length, fileName: 'dot.gif' });

		const batch = batchOf(['+14155550111'], { message: { from: '+14155550100', text: 'See attached', media: [ref] } });
		const { outcomes } = await sendBatch(batch);
		expect(outcomes[0].kind).toBe('accepted');
		expect(fake.ledgerFor('plivo')[0].media).toEqual([ref.mediaId]);
	});

	it('a media id the store does not know is refused (400) and classified media_rejected', async () => {
		const batch = batchOf(['+14155550111'], { message: { from: '+14155550100', text: 'x', media: [{ mediaId: 'not-uploaded' }] } });
		const { response, outcomes } = await sendBatch(batch);
		expect(response.status).toBe(400);
		expect(outcomes).toEqual([expect.objectContaining({ kind: 'permanent', reason: 'media_rejected' })]);
		expect(fake.ledgerFor('plivo')).toHaveLength(0);
	});

	it('bad auth gets the documented 401 and is fatal, without leaking the token', async () => {
		const wrong = { ...credentials, authToken: randomBytes(16).toString('hex') };
		const { response, outcomes } = await sendBatch(batchOf(['+14155550111', '+14155550122']), wrong);
		expect(response.status).toBe(401);
		expect(JSON.parse(response.body)).toEqual({ api_id: expect.any(String), error: 'authentication failed' });
		expect(outcomes.map((outcome) => [outcome.kind, outcome.reason])).toEqual([
			['fatal', 'auth_failed'],
			['fatal', 'auth_failed'],
		]);
		expectNoSecrets(outcomes, wrong);
		expect(fake.ledgerFor('plivo')).toHaveLength(0);
	});

	it('an invalid number in a batch is permanent invalid_number; the others go through', async () => {
		const batch = batchOf(['+14155550111', `+${PLIVO_INVALID_NUMBER}`, '+14155550122']);
		const { outcomes } = await sendBatch(batch);
		expect(outcomes.map((outcome) => [outcome.ref, outcome.kind, outcome.reason])).toEqual([
			['r1', 'accepted', undefined],
			['r2', 'permanent', 'invalid_number'],
			['r3', 'accepted', undefined],
		]);
		expect(fake.ledgerFor('plivo').map((entry) => entry.to)).toEqual(['+14155550111', '+14155550122']);
		expect(fake.ledgerFor('plivo').map((entry) => entry.messageId)).toEqual([outcomes[0].messageId, outcomes[2].messageId]);
	});

	it('an opted-out number is accepted at send time, as Plivo documents (it fails later with ErrorCode 200)', async () => {
		const { outcomes } = await sendBatch(batchOf([`+${PLIVO_OPTED_OUT_NUMBER}`]));
		expect(outcomes).toEqual([{ ref: 'r1', kind: 'accepted', messageId: expect.any(String) }]);
	});

	// Issue #12.3: Plivo refuses a destination outside the account's Geo Permissions with a 403 (plivo-node GeoPermissionError).
	it('a number in a country the account has not enabled: 403, that request failed provider_rejected, never fatal', async () => {
		const { response, outcomes } = await sendBatch(batchOf(['+14155550111', '+447700900123']));
		expect(response.status).toBe(403);
		expect(outcomes).toEqual(['r1', 'r2'].map((ref) => expect.objectContaining({ ref, kind: 'permanent', reason: 'provider_rejected', error: expect.objectContaining({ code: 'geo_permission', httpStatus: 403, message: expect.stringMatching(/Geo Permissions/) }) })));
		expect(fake.ledgerFor('plivo')).toHaveLength(0);

		const next = await sendBatch(batchOf(['+14155550122']));
		expect(next.outcomes).toEqual([expect.objectContaining({ kind: 'accepted' })]);
	});

	it('the same number goes through once its country is enabled', async () => {
		fake.setCredentials('plivo', { ...plivoApi.defaultCredentials, geoPermissions: '1,44' });
		const { outcomes } = await sendBatch(batchOf(['+447700900123']));
		expect(outcomes).toEqual([expect.objectContaining({ kind: 'accepted' })]);
		expect(fake.ledgerFor('plivo').map((entry) => entry.to)).toEqual(['+447700900123']);
	});

	it('an injected rateLimit fault is retryable and records nothing', async () => {
		fake.setFaults({ next: ['rateLimit'], retryAfterSeconds: 3 });
		const { response, outcomes } = await sendBatch(batchOf(['+14155550111']));
		expect(response.status).toBe(429);
		expect(response.headers['retry-after']).toBe('3');
		expect(outcomes).toEqual([expect.objectContaining({ kind: 'retryable', reason: 'rate_limited' })]);
		expect(fake.ledgerFor('plivo')).toHaveLength(0);
	});

	it('a 500 after the fake accepted is ambiguous (and the message does exist)', async () => {
		fake.setFaults({ next: ['serverErrorAfterAccept'] });
		const { outcomes } = await sendBatch(batchOf(['+14155550111']));
		expect(outcomes).toEqual([expect.objectContaining({ kind: 'ambiguous', reason: 'server_error' })]);
		expect(fake.ledgerFor('plivo')).toHaveLength(1);
	});

	it('the credential test endpoint answers with the account', async () => {
		const ok = await exchange({ method: 'GET', url: `${fake.origin}/v1/Account/${credentials.authId}/`, headers: { authorization: basicAuth(credentials.authId, credentials.authToken) } });
		expect(ok.status).toBe(200);
		expect(JSON.parse(ok.body)).toMatchObject({ auth_id: credentials.authId });
		const refused = await exchange({ method: 'GET', url: `${fake.origin}/v1/Account/${credentials.authId}/`, headers: {} });
		expect(refused.status).toBe(401);
	});
});
