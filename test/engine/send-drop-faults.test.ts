/**
 * The fault run (issue #4): 2,000 recipients against a fake provider that answers 5% of sends
 * with 429 + Retry-After, 2% with 503, resets 1% of connections after reading the request and
 * swallows 1% after accepting them (longer than the request timeout). Every input item gets
 * exactly one outcome, nothing is sent twice, and `unknown` appears only where a message may
 * have landed.
 */
import { twilioApi } from '../fake-provider/providers/twilio';
import { FakeProviderServer } from '../fake-provider/server';
import type { FaultKind } from '../fake-provider/types';
import { phoneItems, runSendDrop, validNumbers } from './send-drop.helpers';

const fake = new FakeProviderServer([twilioApi]);
beforeAll(() => fake.start());
afterAll(() => fake.stop());

it('2,000 recipients through 429s, 503s, resets and timeouts: one outcome each, no duplicate, unknown only where it may have landed', async () => {
	fake.setFaults({
		rates: { rateLimit: 0.05, unavailable: 0.02, reset: 0.01, timeoutAfterAccept: 0.01 },
		retryAfterSeconds: 1,
		seed: 2026,
	});
	const phones = validNumbers(2000);
	const { recipients, summary, result } = await runSendDrop(
		fake,
		'twilio',
		{
			from: '+14155550000',
			text: 'Flash sale',
			mediaUrls: 'https://media.example.com/sale.jpg',
			options: { ratePerSecond: 100_000, concurrency: 32, requestTimeoutMs: 3000, maxRetries: 5 },
		},
		phoneItems(phones),
	);
	expect(result.status).toBe('success');
	expect(recipients.map((r) => r.to)).toEqual(phones);

	// Which faults each recipient met, in order, from the fake's request log.
	const faultsOf = new Map<string, FaultKind[]>();
	for (const request of fake.requests) {
		const to = new URLSearchParams(request.body.toString()).get('To')!;
		faultsOf.set(to, [...(faultsOf.get(to) ?? []), ...(request.fault ? [request.fault] : [])]);
	}
	const ledgerTos = fake.ledger.map((entry) => entry.to);
	expect(new Set(ledgerTos).size).toBe(ledgerTos.length);

	let retriedThenAccepted = 0;
	for (const recipient of recipients) {
		const to = recipient.to as string;
		const faults = faultsOf.get(to) ?? [];
		const last = faults.at(-1);
		const landed = ledgerTos.includes(to);
		if (recipient.status === 'accepted') {
			expect(landed).toBe(true);
			expect(fake.ledger.find((entry) => entry.to === to)?.messageId).toBe(recipient.messageId);
			// Only surely-unaccepted failures came before the success.
			expect(faults.every((fault) => fault === 'rateLimit' || fault === 'unavailable')).toBe(true);
			expect(recipient.attempts).toBe(faults.length + 1);
			if (faults.length > 0) retriedThenAccepted++;
		} else {
			expect(recipient).toMatchObject({ status: 'unknown', messageId: null });
			expect(['reset', 'timeoutAfterAccept']).toContain(last);
			expect(recipient.reason).toBe(last === 'reset' ? 'connection_error' : 'timeout');
			// Swallowed after accepting ⇒ it is in the ledger; reset before recording ⇒ it is not.
			expect(landed).toBe(last === 'timeoutAfterAccept');
		}
	}
	expect(fake.faultsInjected.rateLimit).toBeGreaterThan(50);
	expect(fake.faultsInjected.unavailable).toBeGreaterThan(15);
	expect(fake.faultsInjected.reset).toBeGreaterThan(5);
	expect(fake.faultsInjected.timeoutAfterAccept).toBeGreaterThan(5);
	expect(retriedThenAccepted).toBeGreaterThan(50);
	expect(summary).toMatchObject({
		total: 2000,
		requests: fake.requests.length,
		byStatus: { accepted: 2000 - fake.faultsInjected.reset - fake.faultsInjected.timeoutAfterAccept, unknown: fake.faultsInjected.reset + fake.faultsInjected.timeoutAfterAccept },
	});
	expect(summary.retries).toBe(fake.faultsInjected.rateLimit + fake.faultsInjected.unavailable);
});

