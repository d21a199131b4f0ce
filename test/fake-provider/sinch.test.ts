/**
 * The Sinch adapter against the fake Sinch API over the real undici transport: what the adapter
 * builds is what the fake accepts, and what the fake answers is classified as the engine needs.
 */
import { randomBytes } from 'node:crypto';

import { createTransport, type Transport } from '../../nodes/drop/transport';
import { sinchAdapter } from '../../nodes/providers/sinch';
import { refFor } from '../../nodes/providers/shared';
import type { HttpResponse, LookupAnswer, LookupQuery, SendBatch, SendOutcome } from '../../nodes/providers/types';
import { expectNoSecrets } from '../providers/wire';
import {
	SINCH_ILLEGAL_TYPE_NUMBER,
	SINCH_INVALID_NUMBER,
	SINCH_OPTED_OUT_NUMBER,
	sinchApi,
} from './providers/sinch';
import { FakeProviderServer } from './server';

const fake = new FakeProviderServer([sinchApi]);
let transport: Transport;
let credentials: Record<string, string>;

function batch(recipients: string[], dropId = 'drop-fake-1'): SendBatch {
	return {
		dropId,
		message: {
			from: '+15559870000',
			text: 'Spring sale! Reply STOP to opt out',
			subject: 'Spring sale',
			media: [{ url: 'https://cdn.example.com/spring.jpg' }],
		},
		recipients: recipients.map((to, index) => ({ ref: `r${index + 1}`, to })),
		statusCallbackUrl: `https://n8n.example.com/webhook/mms?dropId=${dropId}`,
	};
}

async function exchange(sent: SendBatch, creds = credentials): Promise<{ response: HttpResponse; outcomes: SendOutcome[] }> {
	const reply = await transport.send(sinchAdapter.buildSendRequest(creds, sent, Date.now()), { timeoutMs: 5_000 });
	if (reply.kind !== 'response') throw new Error(`transport error ${reply.code}: ${reply.message}`);
	const outcomes = sinchAdapter.parseSendResponse(sent, reply.response);
	expectNoSecrets(outcomes, creds);
	return { response: reply.response, outcomes };
}

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
	credentials = { ...fake.credentialsOf('sinch'), region: 'us', baseUrl: fake.origin };
});

describe('sinch adapter ⇄ fake Sinch API', () => {
	it('sends a batch that lands in the ledger once per recipient with to/from/text/media/correlation', async () => {
		const sent = batch(['+15551230001', '+15551230002']);
		const { response, outcomes } = await exchange(sent);

		expect(response.status).toBe(201);
		const batchId = JSON.parse(response.body).id;
		expect(outcomes).toEqual([
			{ ref: 'r1', kind: 'accepted', messageId: batchId, batchId },
			{ ref: 'r2', kind: 'accepted', messageId: batchId, batchId },
		]);
		expect(fake.ledgerFor('sinch')).toEqual(
			['+15551230001', '+15551230002'].map((to) => ({
				provider: 'sinch',
				messageId: batchId,
				batchId,
				to,
				from: '+15559870000',
				text: 'Spring sale! Reply STOP to opt out',
				subject: 'Spring sale',
				media: ['https://cdn.example.com/spring.jpg'],
				correlation: 'drop-fake-1',
				callbackUrl: 'https://n8n.example.com/webhook/mms?dropId=drop-fake-1',
				acceptedAt: expect.any(Number),
			})),
		);
	});

	it('gets the documented 401 for a wrong token, classified fatal, nothing recorded', async () => {
		const { response, outcomes } = await exchange(batch(['+15551230001']), { ...credentials, apiToken: randomBytes(16).toString('hex') });
		expect(response.status).toBe(401);
		expect(JSON.parse(response.body)).toEqual({ code: 'unauthorized', text: expect.any(String) });
		expect(outcomes).toEqual([
			{ ref: 'r1', kind: 'fatal', reason: 'auth_failed', error: { code: 'unauthorized', message: expect.any(String), httpStatus: 401 } },
		]);
		expect(fake.ledger).toHaveLength(0);
	});

	it('gets 401 for a service plan the token does not belong to', async () => {
		const { response, outcomes } = await exchange(batch(['+15551230001']), { ...credentials, servicePlanId: 'someone-elses-plan' });
		expect(response.status).toBe(401);
		expect(outcomes[0]).toMatchObject({ kind: 'fatal', reason: 'auth_failed' });
	});

	it('classifies an invalid recipient as invalid_number; the rest of the refused batch can go again', async () => {
		const { response, outcomes } = await exchange(batch(['+15551230001', SINCH_INVALID_NUMBER]));
		expect(response.status).toBe(400);
		expect(outcomes.map(({ ref, kind, reason }) => ({ ref, kind, reason }))).toEqual([
			{ ref: 'r1', kind: 'retryable', reason: 'provider_rejected' },
			{ ref: 'r2', kind: 'permanent', reason: 'invalid_number' },
		]);
		expect(fake.ledger).toHaveLength(0);

		// The engine's second try without the invalid recipient goes through.
		const retry = await exchange(batch(['+15551230001']));
		expect(retry.outcomes[0].kind).toBe('accepted');
		expect(fake.ledger.map((entry) => entry.to)).toEqual(['+15551230001']);
	});

	it('classifies an illegal number type (landline) as unsupported_destination', async () => {
		const { response, outcomes } = await exchange(batch([SINCH_ILLEGAL_TYPE_NUMBER]));
		expect(response.status).toBe(403);
		expect(outcomes[0]).toMatchObject({ kind: 'permanent', reason: 'unsupported_destination', error: { code: 'illegal_number_type' } });
	});

	it('accepts an opted-out recipient at send time, as Sinch does (the opt-out comes as code 257 in the report)', async () => {
		const { outcomes } = await exchange(batch([SINCH_OPTED_OUT_NUMBER]));
		expect(outcomes[0].kind).toBe('accepted');
		expect(fake.ledger.map((entry) => entry.to)).toEqual([SINCH_OPTED_OUT_NUMBER]);
	});

	it('stops the drop when the account is blocked', async () => {
		fake.setCredentials('sinch', { ...fake.credentialsOf('sinch'), accountBlocked: 'true' });
		const { response, outcomes } = await exchange(batch(['+15551230001']));
		expect(response.status).toBe(403);
		expect(outcomes[0]).toMatchObject({ kind: 'fatal', reason: 'auth_failed', error: { code: 'blocked_account' } });
	});

	it('asks for no delivery reports without a callback URL, so a plan without a default URL accepts the batch', async () => {
		const sent = { ...batch(['+15551230001']), statusCallbackUrl: undefined };
		const { response, outcomes } = await exchange(sent);
		expect(response.status).toBe(201);
		expect(outcomes[0]).toMatchObject({ kind: 'accepted' });
	});

	it('classifies an injected rateLimit fault as retryable, with the Retry-After left for the engine', async () => {
		fake.setFaults({ next: ['rateLimit'], retryAfterSeconds: 3 });
		const { response, outcomes } = await exchange(batch(['+15551230001', '+15551230002']));
		expect(response.status).toBe(429);
		expect(response.headers['retry-after']).toBe('3');
		expect(outcomes.map(({ kind, reason }) => ({ kind, reason }))).toEqual([
			{ kind: 'retryable', reason: 'rate_limited' },
			{ kind: 'retryable', reason: 'rate_limited' },
		]);
		expect(fake.ledger).toHaveLength(0);
	});

	it('classifies 503 as retryable and a 500 after accepting as ambiguous', async () => {
		fake.setFaults({ next: ['unavailable', 'serverErrorAfterAccept'] });
		const unavailable = await exchange(batch(['+15551230001']));
		expect(unavailable.outcomes[0]).toMatchObject({ kind: 'retryable', reason: 'server_error' });
		expect(fake.ledger).toHaveLength(0);

		const afterAccept = await exchange(batch(['+15551230001']));
		expect(afterAccept.outcomes[0]).toMatchObject({ kind: 'ambiguous', reason: 'server_error' });
		// The batch exists although the client saw an error: exactly why it must not be resent blindly.
		expect(fake.ledger).toHaveLength(1);
	});

	it('answers the credential test request (GET one page of batches) only with valid auth', async () => {
		const path = `/xms/v1/${credentials.servicePlanId}/batches?page_size=1`;
		const good = await transport.send(
			{ method: 'GET', url: `${fake.origin}${path}`, headers: { authorization: `Bearer ${credentials.apiToken}` } },
			{ timeoutMs: 5_000 },
		);
		const bad = await transport.send(
			{ method: 'GET', url: `${fake.origin}${path}`, headers: { authorization: 'Bearer nope' } },
			{ timeoutMs: 5_000 },
		);
		expect(good).toMatchObject({ kind: 'response', response: { status: 200 } });
		expect(bad).toMatchObject({ kind: 'response', response: { status: 401 } });
	});
});

// Issue #14: a send whose answer was lost is asked about before it is sent again; the fake lists the
// batches it accepted, filtered by client_reference and time as Sinch does.
describe('sinch lookup ⇄ fake Sinch API', () => {
	const sentAfterMs = () => Date.now() - 60_000;
	const ask = async (to: string, dropId = 'drop-fake-1', text = 'Spring sale! Reply STOP to opt out', after = sentAfterMs()): Promise<LookupAnswer> => {
		const query: LookupQuery = { dropId, ref: refFor(dropId, to), to, from: '+15559870000', text, sentAfterMs: after };
		const reply = await transport.send(sinchAdapter.lookup!.buildRequest(credentials, query), { timeoutMs: 5_000 });
		if (reply.kind !== 'response') throw new Error(`transport error ${reply.code}: ${reply.message}`);
		expect(reply.response.status).toBe(200);
		return sinchAdapter.lookup!.parseResponse(query, reply.response);
	};

	it('finds a batch whose answer never came (accepted, then the connection timed out), and nothing for the rest', async () => {
		fake.setFaults({ next: ['timeoutAfterAccept'] });
		const lost = await transport.send(sinchAdapter.buildSendRequest(credentials, batch(['+15551230001', '+15551230002']), Date.now()), { timeoutMs: 300 });
		expect(lost.kind).not.toBe('response');
		const [accepted] = fake.ledgerFor('sinch');

		expect(await ask('+15551230002')).toEqual({ found: true, messageId: accepted.batchId, batchId: accepted.batchId });
		expect(await ask('+15551230003')).toEqual({ found: false });
		expect(await ask('+15551230001', 'drop-fake-2')).toEqual({ found: false });
		expect(await ask('+15551230001', 'drop-fake-1', 'Another text')).toEqual({ found: 'unknown', why: 'Sinch has a batch of this drop to this number, with another text' });
	});

	it('lists only batches created at or after start_date', async () => {
		await exchange(batch(['+15551230001']));
		expect(await ask('+15551230001', 'drop-fake-1', undefined, Date.now() + 60_000)).toEqual({ found: false });
	});
});
