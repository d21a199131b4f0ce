/**
 * Binary media (issue #4): a file from an item's binary property is uploaded to the provider's
 * media store once per drop, however many recipients share it, and every message references
 * the stored copy. Cancelling the execution stops sending promptly.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { ProviderId } from '../../nodes/providers/types';
import { allFakeApis, FakeProviderServer } from '../fake-provider';
import { phoneItems, runSendDrop, validNumbers } from './send-drop.helpers';

const fake = new FakeProviderServer(allFakeApis);
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

/** A small real GIF (1×1), as MMS Media Prep would hand over. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

function withBinary(items: INodeExecutionData[]): INodeExecutionData[] {
	return items.map((item) => ({
		...item,
		binary: { data: { data: GIF.toString('base64'), mimeType: 'image/gif', fileName: 'offer.gif', fileExtension: 'gif' } },
	}));
}

/** Plivo and Bandwidth MMS have no subject field; ClickSend requires one. */
const subjects: Record<string, string> = { plivo: '', bandwidth: '', clicksend: 'Offer' };

/** Providers with a media store (Telnyx's Media Storage is not one for messaging: it is URL-only, issue #12). */
const uploadPaths: Record<string, RegExp> = {
	plivo: /\/Media\/$/,
	bandwidth: /\/media\//,
	clicksend: /^\/v3\/uploads$/,
};

describe.each(Object.keys(uploadPaths) as ProviderId[])('binary media via %s', (provider) => {
	it('100 recipients, one upload, every message carries the stored file', async () => {
		const { recipients, summary, result } = await runSendDrop(
			fake,
			provider,
			{ from: '+14155550000', text: 'Look!', subject: subjects[provider], binaryPropertyName: 'data', options: { ratePerSecond: 10_000 } },
			withBinary(phoneItems(validNumbers(100))),
		);
		expect(result.nodeError('Send MMS Drop')).toBeUndefined();
		expect(recipients.filter((r) => r.status === 'accepted')).toHaveLength(100);
		const uploads = fake.requests.filter((request) => request.provider === provider && uploadPaths[provider].test(request.path));
		expect(uploads).toHaveLength(1);
		const ledger = fake.ledgerFor(provider);
		expect(ledger).toHaveLength(100);
		const media = ledger[0].media;
		expect(media).toHaveLength(1);
		expect(ledger.every((entry) => JSON.stringify(entry.media) === JSON.stringify(media))).toBe(true);
		// The upload counts as a request of the drop.
		expect(summary.requests).toBe(fake.requests.filter((request) => request.provider === provider).length);
	});
});

it('cancelling the execution stops sending promptly', async () => {
	fake.setFaults({ latencyMs: 100 });
	const controller = new AbortController();
	const running = runSendDrop(
		fake,
		'twilio',
		{ from: '+14155550000', text: 'Hi', mediaUrls: 'https://media.example.com/a.jpg', options: { ratePerSecond: 10_000, concurrency: 2 } },
		phoneItems(validNumbers(300)),
		{ signal: controller.signal },
	);
	await new Promise((resolve) => setTimeout(resolve, 500));
	controller.abort();
	const { result } = await running;
	const sentAtCancel = fake.requests.length;
	await new Promise((resolve) => setTimeout(resolve, 500));
	expect(result.status).toBe('canceled');
	// At most the requests already in flight finish; nothing new starts.
	expect(fake.requests.length).toBe(sentAtCancel);
	expect(sentAtCancel).toBeLessThan(40);
});

describe.each(Object.keys(uploadPaths) as ProviderId[])('dry run with binary media via %s', (provider) => {
	it('plans with the reference the upload would give: nothing is uploaded or sent, the upload is counted', async () => {
		const { recipients, summary, result } = await runSendDrop(
			fake,
			provider,
			{ from: '+14155550000', text: 'Look!', subject: subjects[provider], binaryPropertyName: 'data', options: { dryRun: true } },
			withBinary(phoneItems(validNumbers(5))),
		);
		expect(result.nodeError('Send MMS Drop')).toBeUndefined();
		expect(recipients.map((r) => r.status)).toEqual(Array(5).fill('planned'));
		expect(fake.requests).toHaveLength(0);
		const batches = provider === 'bandwidth' ? 5 : 1;
		expect(summary.requests).toBe(batches + 1);
	});
});
