/**
 * What earlier runs of a drop mean for this one (the ledger's records, by `ref`): a recipient
 * whose message was accepted before is not sent again; one whose earlier send is in doubt (in
 * flight when that run stopped, or `unknown`) is not sent blindly: the provider is asked where
 * it can be (`resolveUnknown`), else it is reported `unknown`; everyone else is sent.
 */
import { createHash } from 'node:crypto';

import type { BatchRecipient, HttpRequestSpec, LookupAnswer, OutboundMessage, ProviderAdapter, ProviderCredentials, SendOutcome } from '../providers/types';
import type { LedgerRecord, LedgerState } from './ledger';
import type { DropPlan, PlannedBatch } from './plan';
import { type RequestEnv, type RequestResult, requestWithRetry } from './retry';

/** A recipient of this run with what an earlier run recorded for the same message. */
export interface Earlier {
	index: number;
	recipient: BatchRecipient;
	message: OutboundMessage;
	record: LedgerRecord;
}

export interface Sorted {
	/** The batches still to send. */
	plan: DropPlan;
	alreadySent: Earlier[];
	inDoubt: Earlier[];
}

/** A short hash of what a recipient is sent: the ledger tells messages apart without holding their text. */
export function messageContent(message: OutboundMessage): string {
	const media = message.media.map((item) => item.sha256 ?? item.url ?? item.mediaId ?? '');
	return createHash('sha256')
		.update(JSON.stringify([message.from, message.text, message.subject ?? null, media]))
		.digest('base64url')
		.slice(0, 22);
}

/** The state a recipient's record takes after an answer: only `accepted` and `ambiguous` may have reached anyone. */
export function ledgerState(outcome: SendOutcome): LedgerState {
	return outcome.kind === 'accepted' ? 'accepted' : outcome.kind === 'ambiguous' ? 'unknown' : 'failed';
}

export function sortAgainstEarlierRuns(plan: DropPlan, previous: ReadonlyMap<string, LedgerRecord>): Sorted {
	const sorted: Sorted = { plan: { ...plan, batches: [] }, alreadySent: [], inDoubt: [] };
	if (previous.size === 0) return { ...sorted, plan };
	for (const batch of plan.batches) {
		const content = messageContent(batch.message);
		const remaining: PlannedBatch = { ...batch, recipients: [], indexes: [] };
		batch.recipients.forEach((recipient, position) => {
			const record = previous.get(recipient.ref);
			const index = batch.indexes[position];
			// A failed send, or another message to the same number (a personalized text that changed), goes out.
			if (!record || record.content !== content || record.state === 'failed') {
				remaining.recipients.push(recipient);
				remaining.indexes.push(index);
				return;
			}
			(record.state === 'accepted' ? sorted.alreadySent : sorted.inDoubt).push({ index, recipient, message: batch.message, record });
		});
		if (remaining.recipients.length > 0) sorted.plan.batches.push(remaining);
	}
	return sorted;
}

/** Recipients to send after all (the provider has no record of them), batched per message again. */
export function withResent(plan: DropPlan, resend: Earlier[], recipientsPerRequest: number): DropPlan {
	const batches = [...plan.batches];
	const open = new Map<OutboundMessage, PlannedBatch>();
	for (const { index, recipient, message } of resend) {
		let batch = open.get(message);
		if (!batch || batch.recipients.length >= recipientsPerRequest) {
			batch = { message, recipients: [], indexes: [] };
			open.set(message, batch);
			batches.push(batch);
		}
		batch.recipients.push(recipient);
		batch.indexes.push(index);
	}
	return { ...plan, batches };
}

/** Slack for clocks that disagree, between the in-flight record's time and the provider's. */
const CLOCK_SLACK_MS = 10 * 60 * 1000;

export interface Resolution {
	earlier: Earlier;
	answer: LookupAnswer;
}

/** Asks the provider about each recipient in doubt, under the drop's policy and pacer. */
export async function resolveInDoubt(
	inDoubt: Earlier[],
	adapter: ProviderAdapter,
	credentials: ProviderCredentials,
	dropId: string,
	env: RequestEnv,
): Promise<{ resolutions: Resolution[]; requests: number }> {
	const lookup = adapter.lookup;
	let requests = 0;
	const resolutions: Resolution[] = [];
	// Batch providers answer a lookup with the whole drop's list: recipients asking the same request share one reply.
	const replies = new Map<string, Promise<RequestResult>>();
	const ask = (spec: HttpRequestSpec) => {
		const key = `${spec.method} ${spec.url} ${spec.body ?? ''}`;
		let reply = replies.get(key);
		if (!reply) {
			reply = requestWithRetry(spec, env);
			replies.set(key, reply);
			void reply.then((result) => (requests += result.requests));
		}
		return reply;
	};
	for (const earlier of inDoubt) {
		if (!lookup) {
			resolutions.push({ earlier, answer: { found: 'unknown', why: `${adapter.displayName} cannot be asked whether it has a message` } });
			continue;
		}
		const query = {
			dropId,
			ref: earlier.recipient.ref,
			to: earlier.recipient.to,
			from: earlier.message.from,
			text: earlier.message.text,
			sentAfterMs: earlier.record.at - CLOCK_SLACK_MS,
		};
		const result = await ask(lookup.buildRequest(credentials, query));
		const answer: LookupAnswer =
			result.reply?.kind === 'response' && result.outcome.kind === 'accepted'
				? lookup.parseResponse(query, result.reply.response)
				: { found: 'unknown', why: result.outcome.error?.message ?? `the lookup was answered HTTP ${result.reply?.kind === 'response' ? result.reply.response.status : 'nothing'}` };
		resolutions.push({ earlier, answer });
	}
	await Promise.all(replies.values());
	return { resolutions, requests };
}
