import { createHash, randomBytes } from 'node:crypto';

import { createTransport, type Transport } from '../../nodes/drop/transport';
import { messageProblems } from '../../nodes/providers/capabilities';
import { clicksendAdapter } from '../../nodes/providers/clicksend';
import { refFor } from '../../nodes/providers/shared';
import type { HttpRequestSpec, HttpResponse, LookupAnswer, LookupQuery, SendBatch } from '../../nodes/providers/types';
import { expectNoSecrets } from '../providers/wire';
import { CLICKSEND_INVALID_NUMBER, CLICKSEND_NO_CREDIT_NUMBER, clicksendApi } from './providers/clicksend';
import { FakeProviderServer } from './server';

const server = new FakeProviderServer([clicksendApi]);
let transport: Transport;
let credentials: Record<string, string>;

beforeAll(async () => {
	const origin = await server.start();
	credentials = { ...clicksendApi.defaultCredentials, webhookToken: randomBytes(16).toString('hex'), baseUrl: origin };
	transport = createTransport({ connections: 2 });
});

afterAll(async () => {
	await transport.close();
	await server.stop();
});

afterEach(() => server.reset());

async function send(spec: HttpRequestSpec): Promise<HttpResponse> {
	const reply = await transport.send(spec, { timeoutMs: 5_000 });
	if (reply.kind !== 'response') throw new Error(`transport failed: ${reply.code} ${reply.message}`);
	return reply.response;
}

function batchTo(tos: string[], mediaUrl = 'https://media.example.com/promo.jpg'): SendBatch {
	return {
		dropId: 'drop-e2e',
		message: { from: '+61411111112', text: 'Spring sale starts today', subject: 'Spring sale', media: [{ url: mediaUrl }] },
		recipients: tos.map((to, index) => ({ ref: `r${index + 1}`, to })),
		statusCallbackUrl: 'https://n8n.example.com/webhook/clicksend?dropId=drop-e2e',
	};
}

describe('ClickSend adapter against the fake provider', () => {
	it('sends a batch that lands in the ledger with to, from, text, subject, media and correlation', async () => {
		const batch = batchTo(['+61411111111', '+15551234567']);
		const outcomes = clicksendAdapter.parseSendResponse(batch, await send(clicksendAdapter.buildSendRequest(credentials, batch, Date.now())));
		const ledger = server.ledgerFor('clicksend');
		expect(outcomes).toEqual([
			{ ref: 'r1', kind: 'accepted', messageId: ledger[0].messageId },
			{ ref: 'r2', kind: 'accepted', messageId: ledger[1].messageId },
		]);
		expect(ledger.map(({ to, from, text, subject, media, correlation, callbackUrl, batchId }) => ({ to, from, text, subject, media, correlation, callbackUrl, batchId }))).toEqual([
			{
				to: '+61411111111',
				from: '+61411111112',
				text: 'Spring sale starts today',
				subject: 'Spring sale',
				media: ['https://media.example.com/promo.jpg'],
				correlation: 'drop-e2e:r1',
				callbackUrl: null,
				batchId: null,
			},
			{
				to: '+15551234567',
				from: '+61411111112',
				text: 'Spring sale starts today',
				subject: 'Spring sale',
				media: ['https://media.example.com/promo.jpg'],
				correlation: 'drop-e2e:r2',
				callbackUrl: null,
				batchId: null,
			},
		]);
	});

	it('uploads a file, then sends the converted URL the upload returned', async () => {
		// Text-safe bytes, so the file served back can be compared through the transport's text body.
		const file = { data: Buffer.from(randomBytes(2048).toString('hex')), mimeType: 'image/png', fileName: 'promo.png', sha256: 'n/a' };
		const upload = clicksendAdapter.upload!;
		const media = upload.parseResponse(file, await send(upload.buildRequest(credentials, file)));
		expect(media.url).toMatch(new RegExp(`^${credentials.baseUrl}/clicksend-files/.+\\.jpg$`));
		const stored = await send({ method: 'GET', url: media.url!, headers: {} });
		expect(stored).toMatchObject({ status: 200, body: file.data.toString() });

		const batch = batchTo(['+61411111111'], media.url);
		expect(clicksendAdapter.validateMessage(batch.message, credentials)).toEqual([]);
		const [outcome] = clicksendAdapter.parseSendResponse(batch, await send(clicksendAdapter.buildSendRequest(credentials, batch, Date.now())));
		expect(outcome.kind).toBe('accepted');
		expect(server.ledgerFor('clicksend').map((entry) => entry.media)).toEqual([[media.url]]);
	});

	it('gets the documented 401 for bad credentials and classifies it fatal', async () => {
		const batch = batchTo(['+61411111111', '+15551234567']);
		const wrong = { ...credentials, apiKey: randomBytes(18).toString('hex') };
		const response = await send(clicksendAdapter.buildSendRequest(wrong, batch, Date.now()));
		expect(response.status).toBe(401);
		expect(JSON.parse(response.body)).toMatchObject({ http_code: 401, response_code: 'UNAUTHORIZED' });
		const outcomes = clicksendAdapter.parseSendResponse(batch, response);
		expect(outcomes.map(({ kind, reason }) => ({ kind, reason }))).toEqual([
			{ kind: 'fatal', reason: 'auth_failed' },
			{ kind: 'fatal', reason: 'auth_failed' },
		]);
		expectNoSecrets(outcomes, wrong);
		expect(server.ledgerFor('clicksend')).toEqual([]);
	});

	it('classifies an invalid and an out-of-credit recipient and still accepts the rest of the batch', async () => {
		const batch = batchTo(['+61411111111', CLICKSEND_INVALID_NUMBER, CLICKSEND_NO_CREDIT_NUMBER]);
		const outcomes = clicksendAdapter.parseSendResponse(batch, await send(clicksendAdapter.buildSendRequest(credentials, batch, Date.now())));
		expect(outcomes.map(({ ref, kind, reason }) => ({ ref, kind, reason }))).toEqual([
			{ ref: 'r1', kind: 'accepted', reason: undefined },
			{ ref: 'r2', kind: 'permanent', reason: 'invalid_number' },
			{ ref: 'r3', kind: 'fatal', reason: 'insufficient_funds' },
		]);
		expect(server.ledgerFor('clicksend').map((entry) => entry.to)).toEqual(['+61411111111']);
	});

	it('refuses a subject over 20 characters with the documented 400', async () => {
		const batch = batchTo(['+61411111111']);
		batch.message.subject = 'A subject far too long for ClickSend';
		const response = await send(clicksendAdapter.buildSendRequest(credentials, batch, Date.now()));
		expect(response.status).toBe(400);
		expect(clicksendAdapter.parseSendResponse(batch, response)).toEqual([
			{
				ref: 'r1',
				kind: 'permanent',
				reason: 'provider_rejected',
				error: { code: 'BAD_REQUEST', message: 'subject must be at most 20 characters', httpStatus: 400 },
			},
		]);
	});

	it('classifies an injected rate limit as retryable and records nothing', async () => {
		server.setFaults({ next: ['rateLimit'], retryAfterSeconds: 2 });
		const batch = batchTo(['+61411111111']);
		const response = await send(clicksendAdapter.buildSendRequest(credentials, batch, Date.now()));
		expect(response.status).toBe(429);
		expect(response.headers['retry-after']).toBe('2');
		expect(clicksendAdapter.parseSendResponse(batch, response)).toEqual([
			{
				ref: 'r1',
				kind: 'retryable',
				reason: 'rate_limited',
				error: { code: 'TOO_MANY_REQUESTS', message: 'The request could not be processed.', httpStatus: 429 },
			},
		]);
		expect(server.ledgerFor('clicksend')).toEqual([]);
	});

	it('answers the credential test endpoint only with the right credentials', async () => {
		const auth = (apiKey: string) => ({
			authorization: `Basic ${Buffer.from(`${credentials.username}:${apiKey}`).toString('base64')}`,
		});
		const ok = await send({ method: 'GET', url: `${credentials.baseUrl}/v3/account`, headers: auth(credentials.apiKey) });
		expect(ok.status).toBe(200);
		const refused = await send({ method: 'GET', url: `${credentials.baseUrl}/v3/account`, headers: auth('wrong') });
		expect(refused.status).toBe(401);
	});

	// Issue #12.2: a PNG from a binary property is uploaded with ?convert=mms; what is sent is the converted file.
	it('takes a PNG given as a binary: planned, uploaded and converted, then sent; the PNG itself is refused', async () => {
		const data = Buffer.from(randomBytes(1024).toString('hex'));
		const file = { data, mimeType: 'image/png', fileName: 'promo.png', sha256: createHash('sha256').update(data).digest('hex') };
		const upload = clicksendAdapter.upload!;
		// As nodes/drop/media.ts plans it: the planned reference with the file's own type, size and hash.
		const planned = { ...upload.plannedReference(file), contentType: file.mimeType, bytes: data.length, sha256: file.sha256 };
		expect(messageProblems(clicksendAdapter, { ...batchTo(['+61411111111']).message, media: [planned] }, credentials)).toEqual([]);

		const converted = { ...upload.parseResponse(file, await send(upload.buildRequest(credentials, file))), contentType: file.mimeType, sha256: file.sha256 };
		const batch = { ...batchTo(['+61411111111']), message: { ...batchTo(['+61411111111']).message, media: [converted] } };
		expect(clicksendAdapter.parseSendResponse(batch, await send(clicksendAdapter.buildSendRequest(credentials, batch, Date.now())))).toEqual([expect.objectContaining({ kind: 'accepted' })]);

		const unconverted = batchTo(['+61411111111'], 'https://media.example.com/promo.png');
		const refused = await send(clicksendAdapter.buildSendRequest(credentials, unconverted, Date.now()));
		expect(refused.status).toBe(400);
		expect(server.ledgerFor('clicksend').map((entry) => entry.media)).toEqual([[converted.url]]);
	});

	// Issue #12.4: custom_string holds 50 characters; the fake refuses more, as a too-long value cannot be carried back.
	it('carries a long drop id within 50 characters of custom_string, and refuses 51', async () => {
		const dropId = `campaign-2026-spring-${'x'.repeat(60)}`;
		const to = '+61411111111';
		const batch = { ...batchTo([to]), dropId, recipients: [{ ref: refFor(dropId, to), to }] };
		const [outcome] = clicksendAdapter.parseSendResponse(batch, await send(clicksendAdapter.buildSendRequest(credentials, batch, Date.now())));
		expect(outcome).toMatchObject({ kind: 'accepted' });
		expect([...(server.ledgerFor('clicksend')[0].correlation ?? '')].length).toBeLessThanOrEqual(50);

		const tooLong = clicksendAdapter.buildSendRequest(credentials, batchTo([to]), Date.now());
		const body = JSON.parse(String(tooLong.body)) as { messages: Array<{ custom_string: string }> };
		body.messages[0].custom_string = 'c'.repeat(51);
		expect((await send({ ...tooLong, body: JSON.stringify(body) })).status).toBe(400);
	});
});

// Issue #14: a send whose answer was lost is asked about in the MMS history before it is sent again.
describe('ClickSend lookup against the fake provider', () => {
	const ask = async (ref: string, to: string, text = 'Spring sale starts today'): Promise<LookupAnswer> => {
		const query: LookupQuery = { dropId: 'drop-e2e', ref, to, from: '+61411111112', text, sentAfterMs: Date.now() - 60_000 };
		const response = await send(clicksendAdapter.lookup!.buildRequest(credentials, query));
		expect(response.status).toBe(200);
		return clicksendAdapter.lookup!.parseResponse(query, response);
	};

	it('finds the messages of a send whose answer never came, and nothing for a recipient not sent', async () => {
		server.setFaults({ next: ['timeoutAfterAccept'] });
		const lost = await transport.send(clicksendAdapter.buildSendRequest(credentials, batchTo(['+61411111111', '+15551234567']), Date.now()), { timeoutMs: 300 });
		expect(lost.kind).not.toBe('response');
		const ledger = server.ledgerFor('clicksend');

		expect(await ask('r2', '+15551234567')).toEqual({ found: true, messageId: ledger[1].messageId });
		expect(await ask('r3', '+15550000000')).toEqual({ found: false });
		expect(await ask('r1', '+61411111111', 'Another text')).toEqual({ found: 'unknown', why: 'ClickSend has a message of this drop to this recipient, with another text' });
	});
});
