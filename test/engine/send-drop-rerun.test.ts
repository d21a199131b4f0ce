/**
 * Re-runs through n8n-core (issue #14): the node keeps its ledger in n8n's storage folder (a
 * SQLite file), so running the same workflow again skips who was sent, and Forget Drop sends again.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { twilioApi } from '../fake-provider/providers/twilio';
import { FakeProviderServer } from '../fake-provider/server';
import { phoneItems, runSendDrop, validNumbers } from './send-drop.helpers';

const fake = new FakeProviderServer([twilioApi]);
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const base = { from: '+14155550000', text: '=Hi {{ $json.name }}', mediaUrls: 'https://media.example.com/offer.jpg', options: { ratePerSecond: 1000 } };

it('running the same workflow again skips who was sent; the ledger is a file in n8n storage', async () => {
	const phones = validNumbers(4);
	const first = await runSendDrop(fake, 'twilio', base, phoneItems(phones, (i) => ({ name: `P${i}` })), { workflowId: 'rerun' });
	expect(first.recipients.every((r) => r.status === 'accepted')).toBe(true);
	expect(existsSync(path.join(process.env.N8N_USER_FOLDER!, '.n8n', 'storage', 'n8n-nodes-drop-mms.sendMmsDrop', 'ledger.sqlite'))).toBe(true);

	const again = await runSendDrop(fake, 'twilio', base, phoneItems([...phones, validNumbers(1, '212')[0]], (i) => ({ name: `P${i}` })), { workflowId: 'rerun' });
	expect(again.recipients.map((r) => [r.status, r.reason])).toEqual([...Array(4).fill(['skipped', 'already_sent']), ['accepted', null]]);
	expect(again.recipients.slice(0, 4).map((r) => r.messageId)).toEqual(first.recipients.map((r) => r.messageId));
	expect(again.summary).toMatchObject({ resumed: true, alreadySent: 4 });
	expect(fake.ledger).toHaveLength(5);

	const forgotten = await runSendDrop(fake, 'twilio', { ...base, options: { ...base.options, forgetDrop: true } }, phoneItems(phones, (i) => ({ name: `P${i}` })), { workflowId: 'rerun' });
	expect(forgotten.recipients.every((r) => r.status === 'accepted')).toBe(true);
	expect(fake.ledger).toHaveLength(9);
});

it('another message from the same workflow is a new drop', async () => {
	const phones = validNumbers(2);
	await runSendDrop(fake, 'twilio', base, phoneItems(phones, (i) => ({ name: `P${i}` })), { workflowId: 'two-messages' });
	const other = await runSendDrop(fake, 'twilio', { ...base, text: 'Last day of the sale' }, phoneItems(phones), { workflowId: 'two-messages' });
	expect(other.recipients.every((r) => r.status === 'accepted')).toBe(true);
	expect(other.summary.resumed).toBe(false);
});
