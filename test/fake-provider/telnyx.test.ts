import { createHash, randomBytes } from 'node:crypto';

import { createTransport, type Transport } from '../../nodes/drop/transport';
import { telnyxAdapter } from '../../nodes/providers/telnyx';
import type { HttpRequestSpec, HttpResponse, SendBatch, SendOutcome } from '../../nodes/providers/types';
import { expectNoSecrets } from '../providers/wire';
import { telnyxApi, TELNYX_INVALID_NUMBER, TELNYX_OPTED_OUT_NUMBER } from './providers/telnyx';
import { FakeProviderServer } from './server';

const server = new FakeProviderServer([telnyxApi]);
let transport: Transport;
let credentials: Record<string, string>;

beforeAll(async () => {
	const origin = await server.start();
	credentials = { ...telnyxApi.defaultCredentials, baseUrl: origin };
	transport = createTransport({ connections: 4 });
});

afterAll(async () => {
	await transport.close();
	await server.stop();
});

beforeEach(() => server.reset());

const wrongKey = () => `KEY${randomBytes(16).toString('hex')}`;

async function roundTrip(spec: HttpRequestSpec): Promise<HttpResponse> {
	const reply = await transport.send(spec, { timeoutMs: 5_000 });
	if (reply.kind !== 'response') throw new Error(`transport failed: ${reply.code} ${reply.message}`);
	return reply.response;
}

function batch(to: string, ref = 'r1'): SendBatch {
	return {
		dropId: 'drop-fake',
		message: {
			from: '+18445550001',
			text: 'Spring sale\nReply STOP to opt out',
			subject: 'Sale',
			media: [{ url: 'https://cdn.example.com/a.jpg' }, { url: 'https://cdn.example.com/b.png' }],
		},
		recipients: [{ ref, to }],
		statusCallbackUrl: 'https://n8n.example.com/webhook/mms-status?dropId=drop-fake',
	};
}

async function send(sent: SendBatch, creds: Record<string, string> = credentials): Promise<SendOutcome[]> {
	const response = await roundTrip(telnyxAdapter.buildSendRequest(creds, sent, Date.now()));
	return telnyxAdapter.parseSendResponse(sent, response);
}

describe('telnyx adapter against the fake provider', () => {
	it('is accepted and lands in the ledger with to, from, text, media and the callback URL', async () => {
		const outcomes = await send(batch('+18665550001', 'r7'));

		expect(outcomes).toEqual([{ ref: 'r7', kind: 'accepted', messageId: expect.stringMatching(/^tlx-/) }]);
		expect(server.ledgerFor('telnyx')).toEqual([
			expect.objectContaining({
				provider: 'telnyx',
				messageId: outcomes[0].messageId,
				batchId: null,
				to: '+18665550001',
				from: '+18445550001',
				text: 'Spring sale\nReply STOP to opt out',
				subject: 'Sale',
				media: ['https://cdn.example.com/a.jpg', 'https://cdn.example.com/b.png'],
				// Telnyx has no correlation field: `ref` rides on the per-message webhook_url.
				correlation: null,
				callbackUrl: 'https://n8n.example.com/webhook/mms-status?dropId=drop-fake&ref=r7',
			}),
		]);
	});

	it('answers a wrong API key with the documented 401 and the adapter stops the drop (fatal)', async () => {
		const wrong = { ...credentials, apiKey: wrongKey() };
		const response = await roundTrip(telnyxAdapter.buildSendRequest(wrong, batch('+18665550001'), 0));
		expect(response.status).toBe(401);
		expect(JSON.parse(response.body)).toEqual({ errors: [expect.objectContaining({ code: '10009', title: 'Authentication failed' })] });

		const [outcome] = telnyxAdapter.parseSendResponse(batch('+18665550001'), response);
		expect(outcome).toMatchObject({ kind: 'fatal', reason: 'auth_failed', error: { code: '10009', httpStatus: 401 } });
		expect(server.ledger).toHaveLength(0);
		expectNoSecrets(outcome, wrong);
	});

	it.each([
		{ to: TELNYX_OPTED_OUT_NUMBER, reason: 'opted_out', code: '40300', status: 409 },
		{ to: TELNYX_INVALID_NUMBER, reason: 'invalid_number', code: '10002', status: 400 },
		{ to: '18665550001', reason: 'invalid_number', code: '10016', status: 400 },
	])('classifies $to as permanent $reason', async ({ to, reason, code, status }) => {
		const [outcome] = await send(batch(to));
		expect(outcome).toMatchObject({ ref: 'r1', kind: 'permanent', reason, error: { code, httpStatus: status } });
		expect(server.ledger).toHaveLength(0);
	});

	it('classifies an injected rate limit as retryable with the x-ratelimit-reset hint, and sends nothing', async () => {
		server.setFaults({ next: ['rateLimit'], retryAfterSeconds: 2 });
		const [outcome] = await send(batch('+18665550001'));
		expect(outcome).toMatchObject({ kind: 'retryable', reason: 'rate_limited', retryAfterMs: 1000, error: { code: '10011', httpStatus: 429 } });
		expect(server.ledger).toHaveLength(0);
		expect(server.requests).toEqual([expect.objectContaining({ fault: 'rateLimit', status: 429 })]);

		// The next attempt goes through: the fault was one request only.
		expect((await send(batch('+18665550001')))[0].kind).toBe('accepted');
		expect(server.ledger).toHaveLength(1);
	});

	it('classifies an injected 503 as retryable and a 500 after accepting as ambiguous', async () => {
		server.setFaults({ next: ['unavailable', 'serverErrorAfterAccept'] });
		expect((await send(batch('+18665550001')))[0]).toMatchObject({ kind: 'retryable', reason: 'server_error' });
		expect((await send(batch('+18665550001')))[0]).toMatchObject({ kind: 'ambiguous', reason: 'server_error' });
		expect(server.ledger).toHaveLength(1);
	});

	it('uploads media to the store and references it by media_name', async () => {
		const data = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x0d, 0x0a, 0x2d, 0x2d]);
		const file = { data, mimeType: 'image/jpeg', fileName: 'a.jpg', sha256: createHash('sha256').update(data).digest('hex') };
		const response = await roundTrip(telnyxAdapter.upload!.buildRequest(credentials, file));
		expect(response.status).toBe(201);

		const ref = telnyxAdapter.upload!.parseResponse(file, response);
		expect(ref.mediaId).toMatch(/^media-/);
		expect(ref.url).toBe(`https://api.telnyx.com/v2/media/${ref.mediaId}/download`);
		expect(server.requests).toEqual([expect.objectContaining({ method: 'POST', path: '/v2/media', status: 201 })]);

		// The bytes (with CRLF and `--` inside) survived the multipart body. Fetched with fetch: the
		// transport decodes replies as UTF-8 text, which binary does not survive.
		const stored = await fetch(`${credentials.baseUrl}/v2/media/${ref.mediaId}/download`, {
			headers: { authorization: `Bearer ${credentials.apiKey}` },
		});
		expect(stored.status).toBe(200);
		expect(stored.headers.get('content-type')).toBe('image/jpeg');
		expect(Buffer.from(await stored.arrayBuffer())).toEqual(data);
	});

	it('refuses an upload with a wrong API key', async () => {
		const data = Buffer.from('x');
		const file = { data, mimeType: 'image/png', fileName: 'x.png', sha256: createHash('sha256').update(data).digest('hex') };
		const response = await roundTrip(telnyxAdapter.upload!.buildRequest({ ...credentials, apiKey: wrongKey() }, file));
		expect(response.status).toBe(401);
		expect(() => telnyxAdapter.upload!.parseResponse(file, response)).toThrow(/HTTP 401\): 10009/);
	});
});
