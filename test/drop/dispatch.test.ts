/**
 * The dispatcher's decisions, with a scripted transport and a virtual clock: what is retried,
 * what is final, how a batch refused as a group is split, and what a fatal answer stops.
 */
import { dispatchDrop } from '../../nodes/drop/dispatch';
import { Pacer } from '../../nodes/drop/pacer';
import { planDrop } from '../../nodes/drop/plan';
import { prepareRecipients } from '../../nodes/drop/recipients';
import { RETRY_DEFAULTS } from '../../nodes/drop/retry';
import type { Transport } from '../../nodes/drop/transport';
import type { ProviderAdapter, SendBatch, SendOutcome } from '../../nodes/providers/types';
import { recordingTransport, scriptedAdapter } from './scripted';
import { virtualClock } from './virtual-clock';

/** The scripted provider; its fatal answer is a Plivo-style "not found", which is not a credential failure. */
const adapter = (answer: (to: string, batch: SendBatch) => SendOutcome['kind'] | 'group', recipientsPerRequest = 1) =>
	scriptedAdapter(
		(to, batch) => {
			const kind = answer(to, batch);
			return kind === 'fatal' ? { kind, reason: 'provider_rejected', error: { code: '404', message: 'Application not found', httpStatus: 404 } } : kind;
		},
		{ recipientsPerRequest },
	);

function plan(numbers: string[], perRequest = 1) {
	const recipients = prepareRecipients(numbers.map((rawTo, index) => ({ index, rawTo, from: '+1', text: 'x', media: [] })), { defaultCountry: 'US', dedupe: true, suppressionList: [], optOutFooter: '' });
	return planDrop('d1', recipients, perRequest);
}

const numbers = ['+14155550101', '+14155550102', '+14155550103', '+14155550104'];
const run = (drop: ReturnType<typeof plan>, provider: ProviderAdapter, transport: Transport, concurrency = 1) => {
	const clock = virtualClock();
	const policy = { ...RETRY_DEFAULTS, maxRetries: 2, random: () => 0.5 };
	return dispatchDrop(drop, { adapter: provider, credentials: {}, transport, pacer: new Pacer(Infinity, concurrency, clock), policy, clock, requestTimeoutMs: 1000 });
};

it('retries only the retryable, up to maxRetries, and counts attempts per recipient', async () => {
	let calls = 0;
	const transport = recordingTransport();
	const result = await run(plan(numbers), adapter((to) => (to === '+14155550102' && calls++ < 1 ? 'retryable' : to === '+14155550103' ? 'retryable' : 'accepted')), transport);
	const byTo = (to: string) => result.byIndex.get(numbers.indexOf(to))!;
	expect(byTo('+14155550101')).toMatchObject({ outcome: { kind: 'accepted' }, attempts: 1 });
	expect(byTo('+14155550102')).toMatchObject({ outcome: { kind: 'accepted' }, attempts: 2 });
	// Still retryable after 1 + maxRetries attempts: it ends as it is, never dropped.
	expect(byTo('+14155550103')).toMatchObject({ outcome: { kind: 'retryable' }, attempts: 3 });
	expect(result.retries).toBe(3);
	expect(result.requests).toBe(transport.sent.length);
});

it('a recipient the adapter cannot express fails alone; nothing is sent for it', async () => {
	const transport = recordingTransport();
	const withBad = [...numbers, '+14155550199'];
	const result = await run(plan(withBad), adapter(() => 'accepted'), transport);
	expect(result.byIndex.get(4)).toMatchObject({ outcome: { kind: 'permanent', reason: 'provider_rejected', error: { message: 'cannot express this' } } });
	expect(transport.sent.flat()).not.toContain('+14155550199');
	expect([...result.byIndex.values()].filter(({ outcome }) => outcome.kind === 'accepted')).toHaveLength(4);
});

it('a batch refused as a group is re-sent one per request, and so is the rest of the drop', async () => {
	const transport = recordingTransport();
	const result = await run(plan(numbers, 2), adapter((_to, batch) => (batch.recipients.length > 1 ? 'group' : 'accepted'), 2), transport);
	expect(transport.sent).toEqual([['+14155550101', '+14155550102'], ['+14155550101'], ['+14155550102'], ['+14155550103'], ['+14155550104']]);
	expect([...result.byIndex.values()].every(({ outcome }) => outcome.kind === 'accepted')).toBe(true);
	expect(result.retries).toBe(0);
});

it('a fatal answer stops the drop: nothing more is sent, the rest are not sent for the reason of the stop', async () => {
	const transport = recordingTransport();
	const result = await run(plan(numbers), adapter((to) => (to === '+14155550102' ? 'fatal' : 'accepted')), transport);
	expect(transport.sent).toEqual([['+14155550101'], ['+14155550102']]);
	expect(result.fatal).toMatchObject({ kind: 'fatal', reason: 'provider_rejected', error: { code: '404' } });
	// A provider's "not found" is not a credential failure: the recipients left over say what stopped the drop.
	expect(result.byIndex.get(3)).toMatchObject({ outcome: { kind: 'permanent', reason: 'provider_rejected', error: { code: 'drop_stopped', httpStatus: 404 } }, attempts: 0 });
	expect(result.byIndex.get(3)!.outcome.error!.message).toContain('Application not found');
});

it('a group refused while another worker hits a fatal answer: every recipient still gets an outcome, with the reason of the stop', async () => {
	const transport = recordingTransport();
	// Two workers, batches of two: the first batch is refused as fatal, the second as a group.
	const answer = (to: string) => (to === '+14155550101' || to === '+14155550102' ? 'fatal' : 'group');
	const result = await run(plan(numbers, 2), adapter(answer, 2), transport, 2);
	expect(transport.sent).toEqual([['+14155550101', '+14155550102'], ['+14155550103', '+14155550104']]);
	expect([...result.byIndex.keys()].sort()).toEqual([0, 1, 2, 3]);
	expect(result.byIndex.get(2)).toMatchObject({ outcome: { kind: 'permanent', reason: 'provider_rejected', error: { code: 'drop_stopped' } }, attempts: 1 });
	expect(result.byIndex.get(3)).toMatchObject({ outcome: { kind: 'permanent', reason: 'provider_rejected', error: { code: 'drop_stopped' } }, attempts: 1 });
});
