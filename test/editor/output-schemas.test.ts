/**
 * Each node ships its output's JSON schema (`__schema__/v1.0.0/output.json`, where n8n 2.41 looks for
 * it: n8n-core output-schema-resolver). The editor fetches it to show a node's fields before it has
 * run, and answered 404 for ours. Here each schema must name exactly the fields the node outputs,
 * taken from a run through n8n-core's engine.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import sharp from 'sharp';

import { twilioApi } from '../fake-provider/providers/twilio';
import { FakeProviderServer } from '../fake-provider/server';
import { node, runWorkflow } from '../harness/engine';
import { WebhookServer } from '../harness/webhook';
import { phoneItems, runSendDrop, validNumbers } from '../engine/send-drop.helpers';
import * as fixtures from '../media/fixtures';
import { twilioSignature } from '../webhook-signing';

const schemaKeys = (folder: string) =>
	Object.keys((JSON.parse(readFileSync(path.join(__dirname, '../../nodes', folder, '__schema__/v1.0.0/output.json'), 'utf8')) as { properties: object }).properties).sort();

describe('Send MMS Drop: the Recipients fields', () => {
	const fake = new FakeProviderServer([twilioApi]);
	beforeAll(() => fake.start());
	afterAll(() => fake.stop());

	it('a dry run outputs exactly the schema\'s fields; a real run all but preview', async () => {
		const parameters = { from: '+14155550000', text: 'Hi', mediaUrls: 'https://media.example.com/a.jpg', options: { ratePerSecond: 1000 } };
		const dry = await runSendDrop(fake, 'twilio', { ...parameters, options: { ...parameters.options, dryRun: true } }, phoneItems(validNumbers(1)));
		expect(Object.keys(dry.recipients[0]).sort()).toEqual(schemaKeys('SendMmsDrop'));
		const real = await runSendDrop(fake, 'twilio', parameters, phoneItems(validNumbers(1, '212')));
		expect(Object.keys(real.recipients[0]).sort()).toEqual(schemaKeys('SendMmsDrop').filter((key) => key !== 'preview'));
	});
});

it('MMS Media Prep: its own fields (besides the input item\'s) are the schema\'s; note only when it has one', async () => {
	const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).jpeg().toBuffer();
	const result = await runWorkflow({
		nodes: [node('mmsMediaPrep', { source: 'binary', binaryPropertyName: 'data', profile: 'carrierSafe', format: 'auto', outputBinaryPropertyName: 'data' }, { name: 'Prep' })],
		input: [{ json: { phone: '+14155550100' }, binary: { data: fixtures.binary(photo, 'a.jpg', 'image/jpeg') } }],
	});
	const own = Object.keys(result.outputs('Prep')[0][0].json).filter((key) => key !== 'phone').sort();
	expect(own).toEqual(schemaKeys('MmsMediaPrep').filter((key) => key !== 'note'));
});

describe('MMS Delivery Trigger: one event\'s fields', () => {
	const authToken = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
	const server = new WebhookServer({
		node: node('mmsDeliveryTrigger', { provider: 'twilio' }, { name: 'Trigger', webhookId: 'hook-schema', credentials: { dropMmsTwilioApi: { id: '1', name: 'twilio' } } }),
		credentials: { dropMmsTwilioApi: { accountSid: 'AC3c1e5f7a9b2d4f6e8a0c2e4f6a8b0d2e', authToken } },
	});
	beforeAll(() => server.start());
	afterAll(() => server.stop());

	it('are the schema\'s', async () => {
		const body = readFileSync(path.join(__dirname, '../fixtures/twilio/status-delivered.form.txt'), 'utf8');
		const url = server.url();
		await server.call({ url, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(authToken, url, body) }, body });
		const [execution] = await server.settledExecutions();
		expect(Object.keys(execution[0][0].json).sort()).toEqual(schemaKeys('MmsDeliveryTrigger'));
	});
});
