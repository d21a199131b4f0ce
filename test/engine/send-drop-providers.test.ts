/**
 * The same mixed drop through every provider (issue #4): exact statuses and reasons, and the
 * fake's ledger holds each valid unique recipient exactly once with the right text, footer and
 * media. Batch providers: 2,500 recipients in 3 requests.
 */
import type { ProviderId } from '../../nodes/providers/types';
import { allFakeApis, FakeProviderServer } from '../fake-provider';
import { phoneItems, runSendDrop, validNumbers } from './send-drop.helpers';

const fake = new FakeProviderServer(allFakeApis);
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

/** Media each provider takes: Sinch and ClickSend carry exactly one file, ClickSend a JPEG or GIF. */
const cases: Array<{ provider: ProviderId; media: string[]; subject?: string; batch: boolean }> = [
	{ provider: 'twilio', media: ['https://media.example.com/a.jpg', 'https://media.example.com/b.png'], batch: false },
	{ provider: 'telnyx', media: ['https://media.example.com/a.jpg', 'https://media.example.com/b.png'], subject: 'Sale', batch: false },
	{ provider: 'plivo', media: ['https://media.example.com/a.jpg', 'https://media.example.com/b.png'], batch: true },
	{ provider: 'bandwidth', media: ['https://media.example.com/a.jpg', 'https://media.example.com/b.png'], batch: false },
	{ provider: 'sinch', media: ['https://media.example.com/a.jpg'], subject: 'Sale', batch: true },
	{ provider: 'clicksend', media: ['https://media.example.com/a.jpg'], subject: 'Sale', batch: true },
	{ provider: 'vonage', media: ['https://media.example.com/a.jpg', 'https://media.example.com/b.png'], batch: false },
];

describe.each(cases)('Send MMS Drop via $provider (fake provider)', ({ provider, media, subject, batch }) => {
	const parameters = {
		from: '+14155550000',
		text: 'Spring sale: 20% off',
		subject: subject ?? '',
		mediaUrls: media.join('\n'),
		options: { ratePerSecond: 10_000, suppressionList: '(415) 555-0103', consent: '={{ $json.consent !== false }}' },
	};

	it('mixed drop: statuses, reasons and the ledger', async () => {
		const phones = ['+1 415 555 0101', 'call me maybe', '(415) 555-0101', '415-555-0103', '4155550104', '+14155550105'];
		const { recipients, summary, result } = await runSendDrop(fake, provider, parameters, phoneItems(phones, (i) => ({ consent: i !== 4 })));
		expect(result.status).toBe('success');
		expect(recipients.map((r) => [r.to, r.status, r.reason])).toEqual([
			['+14155550101', 'accepted', null],
			['call me maybe', 'skipped', 'invalid_number'],
			['+14155550101', 'skipped', 'duplicate'],
			['+14155550103', 'skipped', 'suppressed'],
			['+14155550104', 'skipped', 'no_consent'],
			['+14155550105', 'accepted', null],
		]);
		const ledger = fake.ledgerFor(provider);
		expect(ledger.map((entry) => entry.to.replace(/^\+?/, '+')).sort()).toEqual(['+14155550101', '+14155550105']);
		for (const entry of ledger) {
			expect(entry.text).toBe('Spring sale: 20% off\nReply STOP to opt out');
			expect(entry.media).toEqual(media);
		}
		for (const recipient of recipients.filter((r) => r.status === 'accepted')) {
			expect(recipient.messageId).toEqual(expect.any(String));
			expect(ledger.map((entry) => entry.messageId)).toContain(recipient.messageId);
		}
		expect(summary).toMatchObject({ provider, total: 6, byStatus: { accepted: 2, skipped: 4 }, requests: batch ? 1 : 2 });
	});

	if (batch) {
		it('2,500 recipients go out in 3 requests', async () => {
			const { recipients, summary } = await runSendDrop(fake, provider, parameters, phoneItems(validNumbers(2500)));
			expect(summary).toMatchObject({ requests: 3, byStatus: { accepted: 2500 } });
			expect(fake.requests.filter((request) => request.provider === provider)).toHaveLength(3);
			const tos = fake.ledgerFor(provider).map((entry) => entry.to.replace(/^\+?/, '+'));
			expect(new Set(tos).size).toBe(2500);
			expect(recipients.every((r) => r.status === 'accepted')).toBe(true);
		});
	}
});
