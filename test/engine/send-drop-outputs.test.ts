/**
 * Issue #15 point 5 and 6: outputs a no-code builder can read as they are. Run through n8n-core's
 * engine against the fake provider: Recipients rows that say who each row is and, in a dry run,
 * what they would get; a Summary with flat counts (zeros included), the dry-run flag, the rate used
 * and how long the drop takes at it.
 */
import { bandwidthApi } from '../fake-provider/providers/bandwidth';
import { twilioApi } from '../fake-provider/providers/twilio';
import { FakeProviderServer } from '../fake-provider/server';
import { phoneItems, runSendDrop, validNumbers } from './send-drop.helpers';

const fake = new FakeProviderServer([twilioApi, bandwidthApi]);
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const base = {
	from: '+14155550000',
	text: '=Hi {{ $json.name }}, 20% off today',
	mediaUrls: 'https://media.example.com/offer.jpg',
};

const people = (phones: string[]) => phoneItems(phones, (i) => ({ name: `Person ${i}`, city: 'Oakland' }));

describe('Summary', () => {
	it('counts every status flat, zeros included, next to byStatus, and says it was not a dry run', async () => {
		const { summary } = await runSendDrop(fake, 'twilio', { ...base, options: { ratePerSecond: 1000 } }, people([...validNumbers(2), 'not a phone']));
		expect(summary).toMatchObject({ dryRun: false, accepted: 2, skipped: 1, failed: 0, unknown: 0, planned: 0, total: 3 });
		expect(summary.byStatus).toEqual({ accepted: 2, skipped: 1, failed: 0, unknown: 0, planned: 0 });
		expect(summary).toMatchObject({ ratePerSecond: 1000, estimatedDurationMs: 2 });
	});

	it("a dry run at the provider's default rate: Twilio's 1 message/s, so 600 recipients take 10 minutes, said in the Summary and as a hint", async () => {
		const { summary, result } = await runSendDrop(fake, 'twilio', { ...base, options: { dryRun: true } }, people(validNumbers(600)));
		expect(summary).toMatchObject({ dryRun: true, planned: 600, accepted: 0, ratePerSecond: 1, estimatedDurationMs: 600_000 });
		const hints = result.run.data.resultData.runData['Send MMS Drop'][0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toContainEqual(
			"Dry run: nothing was sent. 600 recipients would get the message, taking about 10 min at 1 message/s (Twilio's default rate; Options → Rate per Second changes it). Each row's \"preview\" is the exact text it would get.",
		);
		expect(fake.requests).toHaveLength(0);
	});

	it('the estimate counts only what this run sends: recipients an earlier run sent are not in it', async () => {
		const phones = validNumbers(4);
		const options = { ratePerSecond: 2, dropId: 'eta-rerun' };
		await runSendDrop(fake, 'twilio', { ...base, options: { ...options, ratePerSecond: 1000 } }, people(phones.slice(0, 3)), { workflowId: 'eta' });
		const again = await runSendDrop(fake, 'twilio', { ...base, options: { ...options, dryRun: true } }, people(phones), { workflowId: 'eta' });
		expect(again.summary).toMatchObject({ planned: 1, skipped: 3, alreadySent: 3, ratePerSecond: 2, estimatedDurationMs: 500 });
	});
});

describe('Recipients', () => {
	it('a dry run shows each planned recipient the exact text: personalized, with the footer; a skipped one none', async () => {
		const { recipients } = await runSendDrop(fake, 'twilio', { ...base, options: { dryRun: true } }, people([validNumbers(1)[0], 'nope']));
		expect(recipients.map((r) => [r.status, r.preview])).toEqual([
			['planned', 'Hi Person 0, 20% off today\nReply STOP to opt out'],
			['skipped', null],
		]);
		// Next to the status, where a table shows it without scrolling.
		expect(Object.keys(recipients[0]).slice(0, 6)).toEqual(['dropId', 'ref', 'to', 'status', 'reason', 'preview']);
	});

	it('a real run carries no preview', async () => {
		const { recipients } = await runSendDrop(fake, 'twilio', base, people(validNumbers(1)));
		expect(recipients[0]).not.toHaveProperty('preview');
	});

	it("Include Input Fields puts the input item's fields on each row; the drop's own fields win", async () => {
		const input = people(validNumbers(2)).map((item) => ({ json: { ...item.json, status: 'lead' } }));
		const { recipients } = await runSendDrop(fake, 'twilio', { ...base, options: { includeInputFields: true, dryRun: true } }, input);
		expect(recipients[0]).toMatchObject({ name: 'Person 0', city: 'Oakland', phone: validNumbers(2)[0], status: 'planned', to: validNumbers(2)[0] });
		expect(Object.keys(recipients[0]).slice(0, 3)).toEqual(['phone', 'name', 'city']);
		const without = await runSendDrop(fake, 'twilio', { ...base, options: { dryRun: true } }, input);
		expect(without.recipients[0]).not.toHaveProperty('name');
	});
});

describe('an option the provider cannot carry', () => {
	// Point 2: the editor does not offer Status Callback URL for Bandwidth (reports go to its
	// application's URL), so n8n drops a value left from another provider; the drop goes out.
	it('a Status Callback URL on Bandwidth never reaches the provider, and the drop goes out', async () => {
		const callback = 'https://n8n.example.com/webhook/x/mms';
		const { recipients, summary } = await runSendDrop(fake, 'bandwidth', { ...base, options: { statusCallbackUrl: callback } }, people(validNumbers(2)));
		expect(recipients.map((r) => r.status)).toEqual(['accepted', 'accepted']);
		expect(fake.ledger.map((entry) => entry.callbackUrl)).toEqual([null, null]);
		expect(JSON.stringify(fake.requests)).not.toContain('n8n.example.com');
		expect(summary.warnings).toEqual([]);
		// The same option on Twilio is carried.
		fake.reset();
		await runSendDrop(fake, 'twilio', { ...base, options: { statusCallbackUrl: callback } }, people(validNumbers(1)));
		expect(fake.ledger[0].callbackUrl).toMatch(/^https:\/\/n8n\.example\.com\/webhook\/x\/mms\?dropId=/);
	});
});
