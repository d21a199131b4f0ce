import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { BinaryDataService } from 'n8n-core';

import { createTransport, type Transport } from '../../nodes/drop/transport';
import { telnyxAdapter } from '../../nodes/providers/telnyx';
import type { HttpRequestSpec, HttpResponse, SendBatch, SendOutcome } from '../../nodes/providers/types';
import { phoneItems, runSendDrop, validNumbers } from '../engine/send-drop.helpers';
import { useFilesystemBinaryData } from '../harness/binary-data';
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

	it('takes a media URL only the API key can fetch (Media Storage, as this adapter once sent) yet delivers no picture', async () => {
		const stored = 'https://api.telnyx.com/v2/media/ae6b8755-0543-4366-85aa-c28261d9174d/download';
		const sent = batch('+18665550001');
		const outcomes = await send({ ...sent, message: { ...sent.message, media: [{ url: stored }, { url: 'https://cdn.example.com/a.jpg' }] } });
		// Accepted, as the real API accepts it: the loss shows only on the handset.
		expect(outcomes[0].kind).toBe('accepted');
		expect(server.ledgerFor('telnyx')).toEqual([expect.objectContaining({ media: ['https://cdn.example.com/a.jpg'] })]);
	});
});

describe('telnyx binary media through a whole drop', () => {
	const PUBLIC_N8N = 'https://n8n.example.com';
	const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
	let binaryData: BinaryDataService;
	beforeAll(async () => {
		binaryData = await useFilesystemBinaryData(mkdtempSync(path.join(tmpdir(), 'telnyx-media-')));
	});

	it('reaches Telnyx as n8n’s signed public URL, valid for the drop and Telnyx’s fetch window, and arrives with the picture (issue #12)', async () => {
		const file = await binaryData.store({ type: 'execution', workflowId: 'w', executionId: 'e' }, GIF, { data: '', mimeType: 'image/gif', fileName: 'offer.gif' });
		const { recipients, result } = await runSendDrop(
			server,
			'telnyx',
			{ from: '+18445550001', text: 'Look!', binaryPropertyName: 'data', options: { ratePerSecond: 10 } },
			phoneItems(validNumbers(3)).map((item) => ({ ...item, binary: { data: file } })),
			{ webhookBaseUrl: PUBLIC_N8N },
		);
		expect(result.nodeError('Send MMS Drop')).toBeUndefined();
		expect(recipients.map((recipient) => recipient.status)).toEqual(['accepted', 'accepted', 'accepted']);
		// Nothing went to Telnyx but the sends: no media upload.
		expect(new Set(server.requests.map((request) => `${request.method} ${request.path}`))).toEqual(new Set(['POST /v2/messages']));
		const media = server.ledgerFor('telnyx').map((entry) => entry.media);
		expect(media).toHaveLength(3);
		for (const urls of media) expect(urls).toEqual([media[0][0]]);
		expect(media[0][0].startsWith(`${PUBLIC_N8N}/rest/binary-data/signed?token=`)).toBe(true);
		const token = JSON.parse(Buffer.from(new URL(media[0][0]).searchParams.get('token')!.split('.')[1], 'base64url').toString()) as { iat: number; exp: number };
		// 3 recipients at 10/s = 300 ms of drop, plus the day Telnyx may still fetch a queued message's media.
		expect(token.exp - token.iat).toBe(Math.ceil((300 + 24 * 3600_000) / 1000));
	});
});
