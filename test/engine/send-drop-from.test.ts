/**
 * Issue #15 point 8, as a drop runs it: From is a resource locator (picked from the account's list
 * or typed), and the engine reads the value it holds, per item when it is an expression. A sender
 * typed before From became a locator keeps its drop id, so a re-run is still the same drop.
 */
import { telnyxApi } from '../fake-provider/providers/telnyx';
import { twilioApi } from '../fake-provider/providers/twilio';
import { FakeProviderServer } from '../fake-provider/server';
import { phoneItems, runSendDrop, validNumbers } from './send-drop.helpers';

const fake = new FakeProviderServer([twilioApi, telnyxApi]);
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const base = { text: 'Hello', mediaUrls: 'https://media.example.com/a.jpg', options: { ratePerSecond: 1000 } };
const locator = (mode: 'list' | 'id', value: string) => ({ __rl: true, mode, value });

it('a sender picked from the list is sent from', async () => {
	const { recipients } = await runSendDrop(fake, 'twilio', { ...base, from: locator('list', '+14155550000') }, phoneItems(validNumbers(2)));
	expect(recipients.map((r) => r.status)).toEqual(['accepted', 'accepted']);
	expect(fake.ledger.map((entry) => entry.from)).toEqual(['+14155550000', '+14155550000']);
});

it('a typed expression is read per item: each recipient from its own sender', async () => {
	const input = phoneItems(validNumbers(2), (i) => ({ sender: i === 0 ? '+14155550000' : '+14155550001' }));
	await runSendDrop(fake, 'twilio', { ...base, from: locator('id', '={{ $json.sender }}') }, input);
	expect(fake.ledger.map((entry) => [entry.to, entry.from])).toEqual([
		[validNumbers(2)[0], '+14155550000'],
		[validNumbers(2)[1], '+14155550001'],
	]);
});

it('the same sender, typed before From became a list or picked from it, is the same drop', async () => {
	const plain = await runSendDrop(fake, 'twilio', { ...base, from: '+14155550000', options: { ...base.options, dryRun: true } }, phoneItems(validNumbers(1)), { workflowId: 'same' });
	const picked = await runSendDrop(fake, 'twilio', { ...base, from: locator('list', '+14155550000'), options: { ...base.options, dryRun: true } }, phoneItems(validNumbers(1)), { workflowId: 'same' });
	expect(picked.summary.dropId).toBe(plain.summary.dropId);
});

it("Telnyx: a number pool picked from the list sends with the profile's messaging_profile_id", async () => {
	const profile = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
	const { recipients } = await runSendDrop(fake, 'telnyx', { ...base, from: locator('list', profile) }, phoneItems(validNumbers(1)));
	expect(recipients.map((r) => r.status)).toEqual(['accepted']);
	expect(JSON.parse(fake.requests[0].body.toString())).toMatchObject({ messaging_profile_id: profile, to: validNumbers(1)[0] });
	expect(JSON.parse(fake.requests[0].body.toString())).not.toHaveProperty('from');
});
