/**
 * The fake provider's own behaviour, and the transport's reading of each failure: every fault
 * mode the drop engine must survive, checked against the ledger.
 */
import { createTransport, type Transport } from '../../nodes/drop/transport';
import { FakeProviderServer } from './server';
import type { FakeProviderApi } from './types';

/** A minimal provider: POST /send {to} ⇒ 201 {id}; missing `to` ⇒ 400. */
const echoApi: FakeProviderApi = {
	provider: 'twilio',
	defaultCredentials: {},
	errorReply: (status) => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status }) }),
	routes: [
		{
			method: 'POST',
			path: /^\/send$/,
			sends: true,
			handle(request, context) {
				const { to } = JSON.parse(request.body.toString() || '{}');
				if (!to) return { status: 400, body: '{"error":"to required"}' };
				const messageId = context.nextId('M');
				context.accept([{ messageId, batchId: null, to, from: 'x', text: '', subject: null, media: [], correlation: null, callbackUrl: null }]);
				return { status: 201, body: JSON.stringify({ id: messageId }) };
			},
		},
	],
};

describe('FakeProviderServer fault injection', () => {
	const fake = new FakeProviderServer([echoApi]);
	let transport: Transport;
	const send = (to: string, timeoutMs = 2_000) =>
		transport.send(
			{ method: 'POST', url: `${fake.origin}/send`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to }) },
			{ timeoutMs },
		);

	beforeAll(async () => {
		await fake.start();
		transport = createTransport({ connections: 4 });
	});
	afterAll(async () => {
		await transport.close();
		await fake.stop();
	});
	beforeEach(() => fake.reset());

	it('listens on loopback only and records accepted messages', async () => {
		expect(fake.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const reply = await send('+15550000001');
		expect(reply).toMatchObject({ kind: 'response', response: { status: 201 } });
		expect(fake.ledger.map((entry) => entry.to)).toEqual(['+15550000001']);
	});

	it('rejects a wrong request shape without recording it', async () => {
		const reply = await send('');
		expect(reply).toMatchObject({ kind: 'response', response: { status: 400 } });
		expect(fake.ledger).toHaveLength(0);
	});

	it('rateLimit: 429 with Retry-After, nothing recorded', async () => {
		fake.setFaults({ next: ['rateLimit'], retryAfterSeconds: 7 });
		const reply = await send('+15550000001');
		expect(reply).toMatchObject({ kind: 'response', response: { status: 429, headers: { 'retry-after': '7' } } });
		expect(fake.ledger).toHaveLength(0);
		expect(fake.faultsInjected.rateLimit).toBe(1);
	});

	it('unavailable: 503, nothing recorded', async () => {
		fake.setFaults({ next: ['unavailable'] });
		expect(await send('+15550000001')).toMatchObject({ kind: 'response', response: { status: 503 } });
		expect(fake.ledger).toHaveLength(0);
	});

	it('reset: the socket dies after the request was written, nothing recorded', async () => {
		fake.setFaults({ next: ['reset'] });
		const reply = await send('+15550000001');
		expect(reply).toMatchObject({ kind: 'error', sent: true, timedOut: false });
		expect(fake.ledger).toHaveLength(0);
	});

	it('timeoutAfterAccept: recorded, never answered; the client times out after sending', async () => {
		fake.setFaults({ next: ['timeoutAfterAccept'] });
		const reply = await send('+15550000001', 300);
		expect(reply).toMatchObject({ kind: 'error', sent: true, timedOut: true, code: 'ETIMEDOUT' });
		expect(fake.ledger).toHaveLength(1);
	});

	it('serverErrorAfterAccept: recorded, yet the client hears 500', async () => {
		fake.setFaults({ next: ['serverErrorAfterAccept'] });
		expect(await send('+15550000001')).toMatchObject({ kind: 'response', response: { status: 500 } });
		expect(fake.ledger).toHaveLength(1);
	});

	it('latency delays every reply (a client timeout shorter than the latency fires)', async () => {
		fake.setFaults({ latencyMs: 400 });
		expect(await send('+15550000001', 100)).toMatchObject({ kind: 'error', timedOut: true });
		fake.setFaults({ latencyMs: 50 });
		expect(await send('+15550000002', 5_000)).toMatchObject({ kind: 'response', response: { status: 201 } });
	});

	it('fault rates are reproducible from the seed', async () => {
		const sequence = async () => {
			fake.reset();
			fake.setFaults({ rates: { rateLimit: 0.3, unavailable: 0.2 }, seed: 42 });
			for (let i = 0; i < 40; i++) await send(`+1555000${String(i).padStart(4, '0')}`);
			return fake.requests.map((request) => request.fault);
		};
		const first = await sequence();
		expect(await sequence()).toEqual(first);
		expect(first.filter((fault) => fault === 'rateLimit').length).toBeGreaterThan(4);
		expect(first.filter((fault) => fault === null).length).toBeGreaterThan(10);
	});

	it('stops cleanly with a request left hanging, after which connections are refused before sending', async () => {
		const other = new FakeProviderServer([echoApi]);
		const origin = await other.start();
		other.setFaults({ next: ['timeoutAfterAccept'] });
		const hanging = transport.send({ method: 'POST', url: `${origin}/send`, headers: {}, body: '{"to":"+1"}' }, { timeoutMs: 10_000 });
		while (other.ledger.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
		await other.stop();
		expect(await hanging).toMatchObject({ kind: 'error', sent: true, timedOut: false });
		const refused = await transport.send({ method: 'POST', url: `${origin}/send`, headers: {}, body: '{}' }, { timeoutMs: 2_000 });
		expect(refused).toMatchObject({ kind: 'error', sent: false, code: 'ECONNREFUSED' });
	});

	it('a cancelled send reports cancelled, not a timeout', async () => {
		fake.setFaults({ latencyMs: 1_000 });
		const controller = new AbortController();
		const pending = send('+15550000001', 5_000);
		const cancelled = transport.send(
			{ method: 'POST', url: `${fake.origin}/send`, headers: {}, body: '{"to":"+2"}' },
			{ timeoutMs: 5_000, signal: controller.signal },
		);
		setTimeout(() => controller.abort(), 50);
		expect(await cancelled).toMatchObject({ kind: 'error', cancelled: true, timedOut: false });
		await pending;
	});
});
