/**
 * The Twilio adapter against the fake Twilio API over the real undici transport: what the
 * adapter builds is what the API accepts, and what the API answers is classified as documented.
 */
import { randomBytes } from 'node:crypto';

import { createTransport, type Transport } from '../../nodes/drop/transport';
import { searchAccount } from '../../nodes/drop/account';
import { twilioAdapter } from '../../nodes/providers/twilio';
import { twilioAuthorization } from '../../nodes/providers/twilio/auth';
import type { HttpResponse, LookupQuery, SendBatch, SendOutcome } from '../../nodes/providers/types';
import { phoneItems, runSendDrop, validNumbers } from '../engine/send-drop.helpers';
import { testCredential } from '../harness/credential-test';
import { expectNoSecrets } from '../providers/wire';
import { twilioApi } from './providers/twilio';
import { FakeProviderServer } from './server';

describe('twilio adapter ⇄ fake Twilio API', () => {
	const fake = new FakeProviderServer([twilioApi]);
	let transport: Transport;
	let credentials: Record<string, string>;

	beforeAll(async () => {
		await fake.start();
		transport = createTransport({ connections: 2 });
	});
	afterAll(async () => {
		await transport.close();
		await fake.stop();
	});
	beforeEach(() => {
		fake.reset();
		credentials = { ...fake.credentialsOf('twilio'), baseUrl: fake.origin };
	});

	const batchTo = (to: string, overrides: Partial<SendBatch> = {}): SendBatch => ({
		dropId: 'drop-7',
		message: {
			from: '+15017122661',
			text: 'Spring sale! Reply STOP to opt out',
			media: [{ url: 'https://cdn.example.com/a.jpg' }, { url: 'https://cdn.example.com/b.png' }],
		},
		recipients: [{ ref: 'r1', to }],
		statusCallbackUrl: 'https://n8n.example.com/webhook/mms-events?dropId=drop-7',
		...overrides,
	});

	async function send(batch: SendBatch, using = credentials): Promise<{ outcomes: SendOutcome[]; headers: Record<string, unknown> }> {
		const reply = await transport.send(twilioAdapter.buildSendRequest(using, batch, Date.now()), { timeoutMs: 5_000 });
		if (reply.kind !== 'response') throw new Error(`transport failed: ${reply.code} ${reply.message}`);
		const outcomes = twilioAdapter.parseSendResponse(batch, reply.response);
		expectNoSecrets(outcomes, using);
		return { outcomes, headers: reply.response.headers };
	}

	it('sends one MMS that lands in the ledger with to, from, text, media and the callback URL', async () => {
		const { outcomes } = await send(batchTo('+15558675310'));

		expect(outcomes).toEqual([{ ref: 'r1', kind: 'accepted', messageId: expect.stringMatching(/^MM[0-9a-f]{32}$/) }]);
		expect(fake.ledgerFor('twilio')).toEqual([
			expect.objectContaining({
				messageId: outcomes[0].messageId,
				batchId: null,
				to: '+15558675310',
				from: '+15017122661',
				text: 'Spring sale! Reply STOP to opt out',
				subject: null,
				media: ['https://cdn.example.com/a.jpg', 'https://cdn.example.com/b.png'],
				correlation: null,
				callbackUrl: 'https://n8n.example.com/webhook/mms-events?dropId=drop-7&ref=r1',
			}),
		]);
	});

	it('sends through a Messaging Service when the sender is an MG… SID', async () => {
		const service = 'MG9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b';
		const batch = batchTo('+15558675310');
		const { outcomes } = await send({ ...batch, message: { ...batch.message, from: service } });
		expect(outcomes[0].kind).toBe('accepted');
		expect(fake.ledgerFor('twilio')).toEqual([expect.objectContaining({ from: service })]);
	});

	it('gets the documented 401 for a wrong Auth Token and stops the drop (fatal)', async () => {
		const { outcomes } = await send(batchTo('+15558675310'), { ...credentials, authToken: randomBytes(16).toString('hex') });
		expect(outcomes).toEqual([
			{ ref: 'r1', kind: 'fatal', reason: 'auth_failed', error: { code: '20003', message: 'Authenticate', httpStatus: 401 } },
		]);
		expect(fake.ledgerFor('twilio')).toEqual([]);
	});

	it.each([
		['+15005550004', 'opted_out', '21610'],
		['+15005550001', 'invalid_number', '21211'],
		['+15005550009', 'invalid_number', '21614'],
		['+15005550002', 'unsupported_destination', '21612'],
		['555-0100', 'invalid_number', '21211'],
	])('classifies recipient %s as permanent %s (%s) and records nothing', async (to, reason, code) => {
		const { outcomes } = await send(batchTo(to));
		expect(outcomes).toEqual([
			{ ref: 'r1', kind: 'permanent', reason, error: { code, message: expect.any(String), httpStatus: 400 } },
		]);
		expect(fake.ledgerFor('twilio')).toEqual([]);
	});

	it('classifies an injected rate limit as retryable and passes Retry-After through to the engine', async () => {
		fake.setFaults({ next: ['rateLimit'], retryAfterSeconds: 2 });
		const { outcomes, headers } = await send(batchTo('+15558675310'));
		expect(outcomes).toEqual([
			{ ref: 'r1', kind: 'retryable', reason: 'rate_limited', error: { code: '20429', message: 'Too Many Requests', httpStatus: 429 } },
		]);
		expect(headers['retry-after']).toBe('2');
		expect(fake.ledgerFor('twilio')).toEqual([]);

		const retried = await send(batchTo('+15558675310'));
		expect(retried.outcomes[0].kind).toBe('accepted');
		expect(fake.ledgerFor('twilio')).toHaveLength(1);
	});

	it('classifies an injected 503 as retryable and a 500 after accepting as ambiguous', async () => {
		fake.setFaults({ next: ['unavailable', 'serverErrorAfterAccept'] });
		expect((await send(batchTo('+15558675310'))).outcomes[0]).toMatchObject({ kind: 'retryable', reason: 'server_error' });
		expect(fake.ledgerFor('twilio')).toEqual([]);
		expect((await send(batchTo('+15558675310'))).outcomes[0]).toMatchObject({ kind: 'ambiguous', reason: 'server_error' });
		// The ambiguous one did land: exactly why the engine must never retry it blindly.
		expect(fake.ledgerFor('twilio')).toHaveLength(1);
	});

	async function lookUp(query: LookupQuery) {
		const reply = await transport.send(twilioAdapter.lookup!.buildRequest(credentials, query), { timeoutMs: 5_000 });
		if (reply.kind !== 'response') throw new Error(`transport failed: ${reply.code} ${reply.message}`);
		expect(reply.response.status).toBe(200);
		return twilioAdapter.lookup!.parseResponse(query, reply.response);
	}

	const queryFor = (batch: SendBatch, sentAfterMs: number): LookupQuery => ({
		dropId: batch.dropId,
		ref: batch.recipients[0].ref,
		to: batch.recipients[0].to,
		from: batch.message.from,
		text: batch.message.text,
		sentAfterMs,
	});

	it('finds a message it accepted (still queued, as the fake never sends) in the list, and nothing for a number it never got', async () => {
		const before = Date.now() - 1000;
		const { outcomes } = await send(batchTo('+15558675310'));
		expect(await lookUp(queryFor(batchTo('+15558675310'), before))).toEqual({ found: true, messageId: outcomes[0].messageId });
		expect(await lookUp(queryFor(batchTo('+15558675399'), before))).toEqual({ found: false });
		// Sent before the earlier run's send: an older message with the same text is not this one.
		expect(await lookUp(queryFor(batchTo('+15558675310'), Date.now() + 60_000))).toEqual({ found: false });
	});

	it('lists the way Twilio does: a DateSent filter misses a message still queued, which is why the lookup does not use one', async () => {
		await send(batchTo('+15558675310'));
		const list = async (query: string): Promise<HttpResponse> => {
			const reply = await transport.send(
				{ method: 'GET', url: `${fake.origin}/2010-04-01/Accounts/${credentials.accountSid}/Messages.json?${query}`, headers: { authorization: twilioAuthorization(credentials) } },
				{ timeoutMs: 5_000 },
			);
			if (reply.kind !== 'response') throw new Error(`transport failed: ${reply.code}`);
			return reply.response;
		};
		const page = JSON.parse((await list('To=%2B15558675310&PageSize=2')).body);
		expect(page).toEqual(expect.objectContaining({ page: 0, page_size: 2, next_page_uri: null, messages: [expect.objectContaining({ to: '+15558675310', date_sent: null, status: 'queued' })] }));
		const dated = JSON.parse((await list(`To=%2B15558675310&DateSent%3E=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`)).body);
		expect(dated.messages).toEqual([]);
		expect((await list('PageSize=1001')).status).toBe(400);
	});

	it('pages its list: next_page_uri until the last page, then null', async () => {
		for (const to of ['+15558675310', '+15558675310', '+15558675310']) await send(batchTo(to));
		const reply = await transport.send(
			{ method: 'GET', url: `${fake.origin}/2010-04-01/Accounts/${credentials.accountSid}/Messages.json?To=%2B15558675310&PageSize=2`, headers: { authorization: twilioAuthorization(credentials) } },
			{ timeoutMs: 5_000 },
		);
		if (reply.kind !== 'response') throw new Error('transport failed');
		const first = JSON.parse(reply.response.body);
		expect(first.messages).toHaveLength(2);
		expect(first.next_page_uri).toMatch(/[?&]Page=1&PageToken=PA(SM|MM)/);
		const next = await transport.send(
			{ method: 'GET', url: `${fake.origin}${first.next_page_uri}`, headers: { authorization: twilioAuthorization(credentials) } },
			{ timeoutMs: 5_000 },
		);
		if (next.kind !== 'response') throw new Error('transport failed');
		expect(JSON.parse(next.response.body)).toEqual(expect.objectContaining({ page: 1, next_page_uri: null, messages: [expect.any(Object)] }));
	});

	it('re-running a drop with Resolve Unknown: what Twilio has is already sent, what it never got is sent, nothing twice (issue #14)', async () => {
		const phones = validNumbers(3);
		const parameters = { from: '+14155550000', text: 'Flash sale', mediaUrls: 'https://media.example.com/sale.jpg' };
		const options = { ratePerSecond: 1000, concurrency: 1, requestTimeoutMs: 1000, maxRetries: 0 };
		// One send is accepted but never answered, one is cut before Twilio records it.
		fake.setFaults({ next: ['timeoutAfterAccept', 'reset'] });
		const first = await runSendDrop(fake, 'twilio', { ...parameters, options }, phoneItems(phones), { workflowId: 'resolve-unknown' });
		expect(first.recipients.map((recipient) => recipient.status).sort()).toEqual(['accepted', 'unknown', 'unknown']);
		const landed = new Map(fake.ledgerFor('twilio').map((entry) => [entry.to, entry.messageId]));
		expect(landed.size).toBe(2);

		const again = await runSendDrop(fake, 'twilio', { ...parameters, options: { ...options, resolveUnknown: true } }, phoneItems(phones), { workflowId: 'resolve-unknown' });
		const ledger = fake.ledgerFor('twilio');
		expect(ledger.map((entry) => entry.to).sort()).toEqual([...phones].sort());
		for (const recipient of again.recipients) {
			const to = recipient.to as string;
			if (landed.has(to)) expect(recipient).toMatchObject({ status: 'skipped', reason: 'already_sent', messageId: landed.get(to) });
			else expect(recipient).toMatchObject({ status: 'accepted', messageId: ledger.find((entry) => entry.to === to)!.messageId });
		}
		// Two unknowns asked about, one sent.
		expect(fake.requests.filter((request) => request.method === 'GET').map((request) => request.path)).toEqual([
			`/2010-04-01/Accounts/${credentials.accountSid}/Messages.json`,
			`/2010-04-01/Accounts/${credentials.accountSid}/Messages.json`,
		]);
	});

	it('sends with Auth Type API Key, and refuses a key that is not the account’s', async () => {
		const apiKey = { ...credentials, authType: 'apiKey', authToken: '' };
		const { outcomes } = await send(batchTo('+15558675310'), apiKey);
		expect(outcomes).toEqual([{ ref: 'r1', kind: 'accepted', messageId: expect.stringMatching(/^MM/) }]);
		const wrongSecret = randomBytes(24).toString('base64url');
		const refused = await send(batchTo('+15558675311'), { ...apiKey, apiKeySecret: wrongSecret });
		expect(refused.outcomes).toEqual([expect.objectContaining({ kind: 'fatal', reason: 'auth_failed' })]);
		expectNoSecrets(refused.outcomes, { apiKeySecret: wrongSecret });
	});

	it("answers the credential's test request: OK with the right token or API key, what to check without", async () => {
		expect(await testCredential('dropMmsTwilioApi', credentials)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(await testCredential('dropMmsTwilioApi', { ...credentials, authType: 'apiKey', authToken: '' })).toEqual({ status: 'OK', message: 'Connection successful!' });
		const accountPath = `/2010-04-01/Accounts/${credentials.accountSid}.json`;
		expect(fake.requests.map((request) => [request.method, request.path, request.status])).toEqual([
			['GET', accountPath, 200],
			['GET', accountPath, 200],
		]);
		fake.reset();
		const failed = await testCredential('dropMmsTwilioApi', { ...credentials, authToken: randomBytes(16).toString('hex') });
		expect(failed).toEqual({ status: 'Error', message: expect.stringMatching(/^Twilio answered HTTP 401 \(not authenticated\): check the Account SID and Auth Token/) });
		const refused = fake.requests.map((request) => [request.method, request.path, request.status]);
		// n8n repeats a request that got 401 once before giving up.
		expect(refused.length).toBeGreaterThan(0);
		for (const request of refused) expect(request).toEqual(['GET', accountPath, 401]);
	});
	it("lists the account's numbers that take MMS, then its Messaging Services, the way the editor's From picker asks", async () => {
		fake.settingsOf('twilio').set('MG' + 'b2'.repeat(16), { friendly_name: 'Spring campaign' });
		const numbers = await searchAccount('Twilio', twilioAdapter.senders!, credentials, { transport });
		expect(numbers.results).toEqual([{ name: '+14155550100 · Store front', value: '+14155550100' }]);
		const services = await searchAccount('Twilio', twilioAdapter.senders!, credentials, { transport, token: numbers.paginationToken });
		expect(services).toEqual({ results: [{ name: `Spring campaign · Messaging Service MG${'b2'.repeat(16)}`, value: 'MG' + 'b2'.repeat(16) }] });
		await expect(searchAccount('Twilio', twilioAdapter.senders!, { ...credentials, authToken: 'wrong' }, { transport })).rejects.toThrow(/HTTP 401 \(check the credential\)/);
	});
});
