/**
 * `runDrop`, the engine's one door, with a scripted transport and a virtual clock: media intake
 * (files read once per n8n binary id, stored only for recipients that will be sent) and what a
 * refusal mid-drop leaves behind.
 */
import { DropRefusedError } from '../../nodes/drop/errors';
import type { MediaIntake } from '../../nodes/drop/media';
import { resolveRules } from '../../nodes/drop/options';
import { runDrop } from '../../nodes/drop/run';
import type { Transport } from '../../nodes/drop/transport';
import type { ProviderAdapter, ProviderCredentials, SendBatch } from '../../nodes/providers/types';
import { dropItems as items, numbers, recordingTransport as transport, scriptedAdapter, sharedFile } from './scripted';
import { virtualClock } from './virtual-clock';

const adapter = (answer: Parameters<typeof scriptedAdapter>[0] = () => 'accepted') => scriptedAdapter(answer);

const deps = (provider: ProviderAdapter, wire: Transport, media: MediaIntake) => ({
	adapter: provider,
	credentials: {},
	media,
	transport: wire,
	clock: virtualClock(),
	dropIdParts: ['wf', 'node'],
	retry: { random: () => 0.5 },
});

it('reads a file shared by its n8n binary id once, and stores it once', async () => {
	const wire = transport();
	const media = sharedFile();
	const phones = numbers(20);
	const { results, summary } = await runDrop(items(phones), resolveRules({}), deps(adapter(), wire, media));
	expect(media.reads).toHaveLength(1);
	expect(wire.requests.filter((request) => request.url.endsWith('/upload'))).toHaveLength(1);
	expect(results.every((result) => result.status === 'accepted')).toBe(true);
	expect(summary.requests).toBe(21);
});

it('never reads or stores the file of a recipient that will not be sent', async () => {
	const wire = transport();
	const media = sharedFile();
	const { results } = await runDrop(items(['not a number', '+14155551000', '+14155551000']), resolveRules({ dryRun: false }), deps(adapter(), wire, media));
	expect(results.map((result) => result.status)).toEqual(['skipped', 'accepted', 'skipped']);
	expect(media.reads).toEqual([1]);
});

it('a dry run reads to plan but stores and sends nothing, and counts the upload it would make', async () => {
	const wire = transport();
	const { results, summary } = await runDrop(items(['+14155551000', '+14155551001']), resolveRules({ dryRun: true }), deps(adapter(), wire, sharedFile()));
	expect(wire.requests).toHaveLength(0);
	expect(results.map((result) => result.status)).toEqual(['planned', 'planned']);
	expect(summary.requests).toBe(3);
});

it('binary media for a provider with neither a media store nor a host for the file is refused, naming the providers that take files', async () => {
	const urlOnly = { ...adapter(), upload: undefined };
	const run = runDrop(items(numbers(2)), resolveRules({}), deps(urlOnly, transport(), sharedFile()));
	await expect(run).rejects.toThrow('Test provider has no media store for binary files');
	await expect(run).rejects.toMatchObject({ description: expect.stringMatching(/choose a provider with a media store \(.*Plivo.*\) or one that sends media inline: MM7/) });
});

describe('an optional field the provider cannot carry never blocks the drop (the editor hides it; the engine tells)', () => {
	it('a subject on a provider without one is left out of every message, said once', async () => {
		const wire = transport();
		const noSubject = { ...adapter(), capabilities: { ...adapter().capabilities, maxSubjectLength: null } };
		const subjected = items(numbers(2)).map((item) => ({ ...item, subject: 'Sale' }));
		const { results, summary } = await runDrop(subjected, resolveRules({}), deps(noSubject, wire, sharedFile()));
		expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted']);
		expect(summary.warnings).toEqual(['Test provider has no MMS subject field: the subject was left out of the messages']);
	});

	it('a status callback URL on a provider that takes none with a send is not used, said once', async () => {
		const wire = transport();
		const consoleOnly = { ...adapter(), capabilities: { ...adapter().capabilities, carriesCallbackUrl: false } };
		const seen: Array<string | undefined> = [];
		const watching = { ...consoleOnly, buildSendRequest: (credentials: ProviderCredentials, batch: SendBatch, now: number) => (seen.push(batch.statusCallbackUrl), consoleOnly.buildSendRequest(credentials, batch, now)) };
		const { results, summary } = await runDrop(items(numbers(2)), resolveRules({ statusCallbackUrl: 'https://n8n.example.com/webhook/x/mms' }), deps(watching, wire, sharedFile()));
		expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted']);
		expect(seen).toEqual([undefined, undefined]);
		expect(summary.warnings).toEqual(['Test provider takes no status callback URL with a send request: Status Callback URL was not used.']);
	});
});

describe('a refusal mid-drop', () => {
	it('keeps the record of a recipient that may have been sent, and gives the rest the reason of the refusal', async () => {
		// The first send timed out after it was written (unknown); the second was refused for bad credentials.
		const answer = (to: string) => (to === '+14155551000' ? 'ambiguous' : 'fatal');
		const { results } = await runDrop(items(['+14155551000', '+14155551001', '+14155551002']), resolveRules({ concurrency: 1 }), deps(adapter(answer), transport(), sharedFile()));
		expect(results.map((result) => [result.status, result.reason])).toEqual([
			['unknown', 'timeout'],
			['failed', 'auth_failed'],
			['failed', 'auth_failed'],
		]);
		expect(results[2].error).toMatchObject({ code: 'drop_stopped' });
	});

	it('is a node-level refusal only when no message may have been sent', async () => {
		const run = runDrop(items(['+14155551000', '+14155551001']), resolveRules({ concurrency: 1 }), deps(adapter(() => 'fatal'), transport(), sharedFile()));
		await expect(run).rejects.toBeInstanceOf(DropRefusedError);
		await expect(run).rejects.toThrow('Test provider refused the drop: Unauthorized');
	});
});

describe('inline media (MM7 carries the bytes in each request)', () => {
	/** A file per item, each a distinct 1,000-byte file; reads counted per item. */
	function filePerItem(content = (index: number) => Buffer.alloc(1_000, index)): MediaIntake & { reads: number[] } {
		const reads: number[] = [];
		return {
			reads,
			http: sharedFile().http,
			binary: (index) => ({ mimeType: 'image/jpeg', fileName: `card-${index}.jpg`, read: async () => (reads.push(index), content(index)) }),
		};
	}
	const inline = (answer: Parameters<typeof scriptedAdapter>[0] = () => 'accepted') => {
		const provider = scriptedAdapter(answer);
		return { ...provider, upload: undefined, capabilities: { ...provider.capabilities, mediaStore: false, inlineMedia: true } };
	};

	it('keeps at most the budget of bytes in memory: a file pushed out is read again when its message is sent', async () => {
		const media = filePerItem();
		const sent: number[] = [];
		const provider = inline();
		const { results } = await runDrop(items(numbers(5)), resolveRules({ concurrency: 1 }), {
			...deps(
				{ ...provider, buildSendRequest: (credentials, batch, now) => (sent.push(batch.message.media[0].data!.length), provider.buildSendRequest(credentials, batch, now)) },
				transport(),
				media,
			),
			keptFileBytes: 2_000,
		});
		expect(results.every((result) => result.status === 'accepted')).toBe(true);
		expect(sent).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]);
		// Five reads to know the files; sent in order, each has been pushed out by then and is read again.
		expect(media.reads).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
	});

	it('a file that changed before it was sent again fails its recipient (media_rejected), nothing is sent for it', async () => {
		// The first file is another file when it is read the second time.
		let firstReads = 0;
		const media = filePerItem((index) => Buffer.alloc(1_000, index === 0 && ++firstReads > 1 ? 99 : index));
		const wire = transport();
		const { results } = await runDrop(items(numbers(3)), resolveRules({ concurrency: 1 }), { ...deps(inline(), wire, media), keptFileBytes: 1_000 });
		expect(results.map((result) => [result.status, result.reason])).toEqual([
			['failed', 'media_rejected'],
			['accepted', null],
			['accepted', null],
		]);
		expect(results[0].error?.message).toBe('card-0.jpg changed while the drop was being sent');
		expect(wire.sent).toEqual([[numbers(3)[1]], [numbers(3)[2]]]);
	});
});
