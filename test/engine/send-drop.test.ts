/**
 * Send MMS Drop through n8n-core's engine against the fake provider: statuses and reasons per
 * recipient, the ledger (nothing lost, nothing twice), outputs, dry run, node-level errors.
 */
import { mm7Api } from '../fake-provider/providers/mm7';
import { twilioApi } from '../fake-provider/providers/twilio';
import { FakeProviderServer } from '../fake-provider/server';
import { phoneItems, runSendDrop, validNumbers } from './send-drop.helpers';

const fake = new FakeProviderServer([twilioApi, mm7Api]);
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const base = {
	from: '+14155550000',
	text: '=Hi {{ $json.name }}, 20% off today',
	mediaUrls: 'https://media.example.com/offer.jpg, https://media.example.com/terms.png',
	options: { ratePerSecond: 1000, concurrency: 8 },
};

describe('Send MMS Drop (engine, Twilio fake)', () => {
	it('mixed drop: exact statuses and reasons, one item per input in order, ledger holds each valid recipient once', async () => {
		const phones = [
			'(415) 555-0101', // valid
			'not a phone', // invalid_number
			'+1 415 555 0101', // duplicate of 0 in another format
			'415.555.0102', // suppressed (listed in another format)
			'4155550103', // no consent
			'+14155550104', // valid
			'+15005550004', // Twilio: opted out at send time (21610)
		];
		const { recipients, summary, result } = await runSendDrop(
			fake,
			'twilio',
			{ ...base, options: { ...base.options, suppressionList: '+1 (415) 555-0102', consent: '={{ $json.consent !== false }}' } },
			phoneItems(phones, (i) => ({ name: `P${i}`, consent: i !== 4 })),
		);
		expect(result.status).toBe('success');
		expect(recipients.map((r) => [r.to, r.status, r.reason])).toEqual([
			['+14155550101', 'accepted', null],
			['not a phone', 'skipped', 'invalid_number'],
			['+14155550101', 'skipped', 'duplicate'],
			['+14155550102', 'skipped', 'suppressed'],
			['+14155550103', 'skipped', 'no_consent'],
			['+14155550104', 'accepted', null],
			['+15005550004', 'failed', 'opted_out'],
		]);
		expect(result.outputs('Send MMS Drop')[0].map((item) => item.pairedItem)).toEqual(phones.map((_, item) => ({ item })));
		const accepted = recipients.filter((r) => r.status === 'accepted');
		expect(accepted.every((r) => typeof r.messageId === 'string' && r.attempts === 1 && r.error === null)).toBe(true);
		expect(recipients[6]).toMatchObject({ messageId: null, error: { code: '21610', retryable: false, httpStatus: 400 } });

		expect(fake.ledger.map((entry) => [entry.to, entry.text, entry.media])).toEqual(
			expect.arrayContaining([
				['+14155550101', 'Hi P0, 20% off today\nReply STOP to opt out', ['https://media.example.com/offer.jpg', 'https://media.example.com/terms.png']],
				['+14155550104', 'Hi P5, 20% off today\nReply STOP to opt out', ['https://media.example.com/offer.jpg', 'https://media.example.com/terms.png']],
			]),
		);
		expect(fake.ledger).toHaveLength(2);
		expect(summary).toMatchObject({
			provider: 'twilio',
			total: 7,
			byStatus: { accepted: 2, skipped: 4, failed: 1 },
			byReason: { invalid_number: 1, duplicate: 1, suppressed: 1, no_consent: 1, opted_out: 1 },
			requests: 3,
			retries: 0,
		});
		expect(summary.dropId).toBe(recipients[0].dropId);
	});

	it('status callback carries dropId and ref; re-running the same drop gives the same dropId and refs', async () => {
		const options = { ...base.options, statusCallbackUrl: 'https://n8n.example.com/webhook/abc/mms?x=1' };
		const first = await runSendDrop(fake, 'twilio', { ...base, options }, phoneItems(validNumbers(3)), { workflowId: 'same-drop' });
		const again = await runSendDrop(fake, 'twilio', { ...base, options: { ...options, forgetDrop: true } }, phoneItems(validNumbers(3)), { workflowId: 'same-drop' });
		expect(again.recipients.map((r) => [r.dropId, r.ref])).toEqual(first.recipients.map((r) => [r.dropId, r.ref]));
		for (const recipient of first.recipients) {
			const entry = fake.ledger.find((e) => e.messageId === recipient.messageId)!;
			const url = new URL(entry.callbackUrl!);
			expect([url.searchParams.get('dropId'), url.searchParams.get('ref'), url.searchParams.get('x')]).toEqual([recipient.dropId, recipient.ref, '1']);
		}
	});

	it('dry run plans and counts requests but sends nothing', async () => {
		const { recipients, summary } = await runSendDrop(
			fake,
			'twilio',
			{ ...base, options: { ...base.options, dryRun: true } },
			phoneItems([...validNumbers(4), 'bad', validNumbers(1)[0]]),
		);
		expect(recipients.map((r) => [r.status, r.reason])).toEqual([
			['planned', null],
			['planned', null],
			['planned', null],
			['planned', null],
			['skipped', 'invalid_number'],
			['skipped', 'duplicate'],
		]);
		expect(summary).toMatchObject({ requests: 4, byStatus: { planned: 4, skipped: 2 } });
		expect(fake.requests).toHaveLength(0);
	});

	it('a custom footer, an opt-out text already present, or an empty footer', async () => {
		await runSendDrop(fake, 'twilio', { ...base, text: 'Deals! Text STOP to quit' }, phoneItems(validNumbers(1)));
		await runSendDrop(fake, 'twilio', { ...base, text: 'Deals!', options: { ...base.options, optOutFooter: 'STOP=end' } }, phoneItems(validNumbers(1, '212')));
		await runSendDrop(fake, 'twilio', { ...base, text: 'Deals!', options: { ...base.options, optOutFooter: '' } }, phoneItems(validNumbers(1, '646')));
		expect(fake.ledger.map((entry) => entry.text)).toEqual(['Deals! Text STOP to quit', 'Deals!\nSTOP=end', 'Deals!']);
	});

	it('bad credentials stop the drop with a NodeApiError that names the fix and never the secret', async () => {
		const { result } = await runSendDrop(fake, 'twilio', base, phoneItems(validNumbers(20)), {
			credentials: { dropMmsTwilioApi: { accountSid: twilioApi.defaultCredentials.accountSid, authToken: 'wrong-token-123456', baseUrl: fake.origin } },
		});
		expect(result.status).toBe('error');
		const error = result.nodeError('Send MMS Drop') as Error & { description?: string; httpCode?: string };
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('Twilio refused the drop: Authenticate');
		expect(error.description).toBe('Nothing was sent. Check the Twilio credential and account settings.');
		expect(JSON.stringify(error)).not.toContain('wrong-token-123456');
		expect(fake.ledger).toHaveLength(0);
		// The drop stops at the first refusal: at most one request per worker went out.
		expect(fake.requests.length).toBeLessThanOrEqual(8);
	});

	it('a refusal mid-drop keeps the records: accepted stay accepted, the rest fail with auth_failed', async () => {
		fake.setFaults({ latencyMs: 20 });
		const running = runSendDrop(fake, 'twilio', { ...base, options: { ...base.options, concurrency: 1 } }, phoneItems(validNumbers(40)));
		while (fake.ledger.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
		fake.setCredentials('twilio', { ...twilioApi.defaultCredentials, authToken: 'rotated-token-000000' });
		const { recipients, summary, result } = await running;
		expect(result.status).toBe('success');
		const accepted = recipients.filter((r) => r.status === 'accepted');
		expect(accepted.length).toBe(fake.ledger.length);
		expect(accepted.length).toBeGreaterThanOrEqual(3);
		expect(recipients.filter((r) => r.status === 'failed').every((r) => r.reason === 'auth_failed')).toBe(true);
		expect(summary).toMatchObject({ total: 40, byStatus: { accepted: accepted.length, failed: 40 - accepted.length } });
	});

	it('zero valid recipients is a NodeOperationError saying why', async () => {
		const { result } = await runSendDrop(fake, 'twilio', base, phoneItems(['x', 'y']));
		const error = result.nodeError('Send MMS Drop') as Error & { description?: string };
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('No valid recipients to send to');
		expect(error.description).toContain('2 invalid_number');
	});

	it('continueOnFail turns a node-level error into one error item per input', async () => {
		const { result } = await runSendDrop(fake, 'twilio', base, phoneItems(['x', 'y']), {
			nodes: [{ continueOnFail: true } as never],
		});
		expect(result.status).toBe('success');
		expect(result.outputs('Send MMS Drop')[0].map((item) => [item.json.error, item.pairedItem])).toEqual([
			['No valid recipients to send to', { item: 0 }],
			['No valid recipients to send to', { item: 1 }],
		]);
	});

	it('limits are checked before anything is sent', async () => {
		const eleven = Array.from({ length: 11 }, (_, i) => `https://media.example.com/${i}.jpg`).join(',');
		const { result } = await runSendDrop(fake, 'twilio', { ...base, mediaUrls: eleven }, phoneItems(validNumbers(3)));
		expect(result.nodeError('Send MMS Drop')?.message).toMatch(/does not fit Twilio/);
		expect(fake.requests).toHaveLength(0);
	});

	it('a per-item From: each recipient is sent from its own sender', async () => {
		const phones = validNumbers(4);
		const { recipients } = await runSendDrop(fake, 'twilio', { ...base, from: '={{ $json.sender }}' }, phoneItems(phones, (i) => ({ name: `P${i}`, sender: i % 2 ? '+14155550001' : '+14155550002' })));
		expect(recipients.every((r) => r.status === 'accepted')).toBe(true);
		expect(phones.map((to) => fake.ledger.find((entry) => entry.to === to)?.from)).toEqual(['+14155550002', '+14155550001', '+14155550002', '+14155550001']);
	});

	it('a From expression that resolves to nothing is a clear error naming the item, not a crash', async () => {
		const { result } = await runSendDrop(fake, 'twilio', { ...base, from: '={{ $json.sender }}' }, phoneItems(validNumbers(2)));
		const error = result.nodeError('Send MMS Drop') as Error & { description?: string };
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('The "From" sender is empty (item 0)');
		expect(fake.requests).toHaveLength(0);
	});

	it.each([
		['a concurrency of 0', { concurrency: '={{ 0 }}' }, '"Concurrency" must be a whole number from 1 to 256; got 0'],
		['a negative rate', { ratePerSecond: '={{ -5 }}' }, '"Rate per Second" must be a number from 0 to 100,000; got -5'],
		['a callback URL that is not one', { statusCallbackUrl: 'n8n.example.com/mms' }, '"Status Callback URL" must be an http(s) URL'],
	])('%s is refused before anything is sent, in a dry run too', async (_label, options, message) => {
		for (const dryRun of [false, true]) {
			const { result } = await runSendDrop(fake, 'twilio', { ...base, options: { ...base.options, ...options, dryRun } }, phoneItems(validNumbers(3)));
			expect(result.nodeError('Send MMS Drop')?.message).toContain(message);
		}
		expect(fake.requests).toHaveLength(0);
	});

	it('a skipped recipient needs no file: only items that will be sent are read for binary media', async () => {
		const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
		const input = phoneItems(['not a number', ...validNumbers(2)]).map((item, index) =>
			index === 0 ? item : { ...item, binary: { data: { data: GIF.toString('base64'), mimeType: 'image/gif', fileName: 'a.gif' } } },
		);
		const { recipients, result } = await runSendDrop(fake, 'mm7', { ...base, mediaUrls: '', binaryPropertyName: 'data' }, input);
		expect(result.nodeError('Send MMS Drop')).toBeUndefined();
		expect(recipients.map((r) => r.status)).toEqual(['skipped', 'accepted', 'accepted']);
	});

	// Issue #12: a subject on a provider without one blocked the whole drop. Issue #15: the editor no
	// longer offers Subject for Twilio, so n8n drops a value carried over from another provider.
	it('a subject Twilio cannot carry (left from another provider) never reaches the drop, and the drop goes out', async () => {
		const { recipients, summary } = await runSendDrop(fake, 'twilio', { ...base, subject: 'Spring sale' }, phoneItems(validNumbers(3), (i) => ({ name: `P${i}` })));
		expect(recipients.every((r) => r.status === 'accepted')).toBe(true);
		expect(fake.ledger.map((entry) => entry.subject)).toEqual([null, null, null]);
		expect(summary.warnings).toEqual([]);
	});
});
