/**
 * Scripted stand-ins for the engine's tests: a provider whose answer per number the test decides,
 * a transport that records what would go on the wire, items, and a binary file shared by id.
 */
import type { BinaryMedia, MediaIntake } from '../../nodes/drop/media';
import type { DropItem } from '../../nodes/drop/run';
import type { Transport, TransportReply } from '../../nodes/drop/transport';
import type { HttpRequestSpec, MessageLookup, ProviderAdapter, SendBatch, SendOutcome } from '../../nodes/providers/types';

/** An answer for one recipient: a kind, 'group' (refused for travelling with others, MM7 3003), or the outcome's fields. */
export type ScriptedAnswer = SendOutcome['kind'] | 'group' | Omit<SendOutcome, 'ref'>;

const FATAL: Omit<SendOutcome, 'ref'> = { kind: 'fatal', reason: 'auth_failed', error: { code: '401', message: 'Unauthorized', httpStatus: 401 } };

/** A provider with a media store whose reply is decided per number; it cannot express a message to +14155550199. */
export function scriptedAdapter(answer: (to: string, batch: SendBatch) => ScriptedAnswer, options: { recipientsPerRequest?: number; lookup?: MessageLookup } = {}): ProviderAdapter {
	return {
		id: 'telnyx',
		displayName: 'Test provider',
		credentialType: 'x',
		capabilities: {
			recipientsPerRequest: options.recipientsPerRequest ?? 1,
			mediaPerMessage: 1,
			maxMediaBytes: 1_000_000,
			mediaStore: true,
			defaultRatePerSecond: 1000,
			perMessageCallbackUrl: false,
			correlationField: null,
		},
		validateMessage: () => [],
		buildSendRequest(_credentials, batch) {
			if (batch.recipients.some((recipient) => recipient.to === '+14155550199')) throw new Error('cannot express this');
			return { method: 'POST', url: 'http://127.0.0.1/send', headers: {}, body: JSON.stringify(batch.recipients.map((r) => r.to)) };
		},
		parseSendResponse(batch) {
			return batch.recipients.map((recipient) => {
				const scripted = answer(recipient.to, batch);
				if (scripted === 'group') return { ref: recipient.ref, kind: 'retryable', multipleRecipientsRefused: true };
				if (typeof scripted === 'object') return { ref: recipient.ref, ...scripted };
				if (scripted === 'fatal') return { ref: recipient.ref, ...FATAL };
				const reason = scripted === 'retryable' ? 'rate_limited' : scripted === 'ambiguous' ? 'timeout' : undefined;
				return { ref: recipient.ref, kind: scripted, messageId: scripted === 'accepted' ? `m-${recipient.to}` : undefined, reason };
			});
		},
		upload: {
			buildRequest: (_credentials, file) => ({ method: 'POST', url: 'http://127.0.0.1/upload', headers: {}, body: file.sha256 }),
			parseResponse: (file) => ({ url: `https://store.test/${file.sha256}` }),
			plannedReference: (file) => ({ url: `https://store.test/${file.sha256}` }),
		},
		lookup: options.lookup,
	};
}

/** Answers 200 to everything and records each request: the numbers of a send, the body of anything else. */
export function recordingTransport(): Transport & { requests: HttpRequestSpec[]; sent: string[][] } {
	const requests: HttpRequestSpec[] = [];
	const sent: string[][] = [];
	return {
		requests,
		sent,
		async send(spec): Promise<TransportReply> {
			requests.push(spec);
			if (spec.url.endsWith('/send')) sent.push(JSON.parse(String(spec.body)));
			return { kind: 'response', response: { status: 200, headers: {}, body: '' } };
		},
		async close() {},
	};
}

export function dropItems(phones: string[], text = 'Hi'): DropItem[] {
	return phones.map((to, index) => ({ index, to, from: '+14155550000', consent: true, text, mediaUrls: [] }));
}

const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

/** Every item's file shares one n8n binary id (as MMS Media Prep hands one prepared file to every item); reads are counted. */
export function sharedFile(): MediaIntake & { reads: number[] } {
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

/** No binary media in the drop. */
export const noFiles: MediaIntake = { http: sharedFile().http, binary: () => undefined };

/** `count` distinct valid US numbers in E.164. */
export function numbers(count: number): string[] {
	return Array.from({ length: count }, (_, i) => `+1415555${String(1000 + i)}`);
}
