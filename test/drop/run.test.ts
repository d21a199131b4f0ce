/**
 * `runDrop`, the engine's one door, with a scripted transport and a virtual clock: media intake
 * (files read once per n8n binary id, stored only for recipients that will be sent) and what a
 * refusal mid-drop leaves behind.
 */
import { DropRefusedError } from '../../nodes/drop/errors';
import type { BinaryMedia, MediaIntake } from '../../nodes/drop/media';
import { resolveRules } from '../../nodes/drop/options';
import { type DropItem, runDrop } from '../../nodes/drop/run';
import type { Transport, TransportReply } from '../../nodes/drop/transport';
import type { HttpRequestSpec, ProviderAdapter, SendOutcome } from '../../nodes/providers/types';
import { virtualClock } from './virtual-clock';

const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

/** A provider with a media store; its send reply is decided per number by `answer`. */
function adapter(answer: (to: string) => SendOutcome['kind'] = () => 'accepted'): ProviderAdapter {
	return {
		id: 'telnyx',
		displayName: 'Test provider',
		credentialType: 'x',
		capabilities: { recipientsPerRequest: 1, mediaPerMessage: 1, maxMediaBytes: 1_000_000, mediaStore: true, defaultRatePerSecond: 1000, perMessageCallbackUrl: false, correlationField: null },
		validateMessage: () => [],
		buildSendRequest: (_credentials, batch) => ({ method: 'POST', url: 'http://127.0.0.1/send', headers: {}, body: JSON.stringify({ to: batch.recipients[0].to, media: batch.message.media.map((m) => m.url) }) }),
		parseSendResponse: (batch) =>
			batch.recipients.map((recipient) => {
				const kind = answer(recipient.to);
				return { ref: recipient.ref, kind, messageId: kind === 'accepted' ? `m-${recipient.to}` : undefined, reason: kind === 'fatal' ? 'auth_failed' : kind === 'ambiguous' ? 'timeout' : undefined, error: kind === 'fatal' ? { code: '401', message: 'Unauthorized', httpStatus: 401 } : undefined };
			}),
		upload: {
			buildRequest: (_credentials, file) => ({ method: 'POST', url: 'http://127.0.0.1/upload', headers: {}, body: file.sha256 }),
			parseResponse: (file) => ({ url: `https://store.test/${file.sha256}` }),
			plannedReference: (file) => ({ url: `https://store.test/${file.sha256}` }),
		},
	};
}

function transport(): Transport & { requests: HttpRequestSpec[] } {
	const requests: HttpRequestSpec[] = [];
	return {
		requests,
		async send(spec): Promise<TransportReply> {
			requests.push(spec);
			return { kind: 'response', response: { status: 200, headers: {}, body: '' } };
		},
		async close() {},
	};
}

function items(phones: string[]): DropItem[] {
	return phones.map((to, index) => ({ index, to, from: '+14155550000', consent: true, text: 'Hi', mediaUrls: [] }));
}

/** Every item's file shares one n8n binary id (as MMS Media Prep hands one prepared file to every item); reads are counted. */
function sharedFile(): MediaIntake & { reads: number[] } {
	const reads: number[] = [];
	return {
		reads,
		http: async () => {
			throw new Error('no URL media in this test');
		},
		binary: (index): BinaryMedia => ({
			id: 'filesystem-v2:workflows/1/executions/1/binary_data/shared',
			mimeType: 'image/gif',
			fileName: 'offer.gif',
			read: async () => {
				reads.push(index);
				return GIF;
			},
		}),
	};
}

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
	const phones = Array.from({ length: 20 }, (_, i) => `+1415555${String(1000 + i)}`);
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
