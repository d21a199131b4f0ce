/**
 * The drop engine's one door: recipients in, one result per recipient and a summary out.
 *
 *   prepare recipients → media references → plan → capability check → dry run, or
 *   upload + dispatch → records → summary
 *
 * The node reads parameters and maps outputs and errors; everything between is here, with the
 * network, the clock and n8n's binary data reached only through `deps`.
 */
import type { ProviderAdapter, ProviderCredentials } from '../providers/types';
import { MAX_REDIRECTS } from '../media/input';
import { dispatchDrop } from './dispatch';
import { DropInputError, DropRefusedError } from './errors';
import { DropMedia, type MediaIntake } from './media';
import type { DropRules } from './options';
import { type Clock, Pacer, systemClock } from './pacer';
import { deriveDropId, planDrop } from './plan';
import { prepareRecipients, type Recipient } from './recipients';
import { type DropSummary, type RecipientResult, resultFromOutcome, summarize } from './outcomes';
import { RETRY_DEFAULTS, type RetryPolicy } from './retry';
import { createTransport, type Transport } from './transport';

// What the node needs besides `runDrop`: this module is the engine's one door.
export { DROP_BOUNDS, DROP_DEFAULTS } from './defaults';
export { DropInputError, DropRefusedError, MediaUploadError } from './errors';
export type { MediaIntake } from './media';
export { booleanValue, listValue, type RawDropOptions, resolveRules, textValue } from './options';

/** One input item, its parameters already read. */
export interface DropItem {
	index: number;
	to: unknown;
	from: string;
	/** false ⇒ skipped with `no_consent`. */
	consent: boolean;
	text: string;
	subject?: string;
	mediaUrls: string[];
}

export interface DropDeps {
	adapter: ProviderAdapter;
	credentials: ProviderCredentials;
	media: MediaIntake;
	/** What makes this drop itself (workflow, node, message templates): the default `dropId` is derived from it. */
	dropIdParts: unknown[];
	/** Default: a keep-alive undici pool, closed when the drop ends. */
	transport?: Transport;
	clock?: Clock;
	/** Overrides of the retry policy's defaults (tests pass a fixed jitter). */
	retry?: Partial<RetryPolicy>;
	signal?: AbortSignal;
}

export interface DropRun {
	/** One per input item, in input order. */
	results: RecipientResult[];
	summary: DropSummary;
}

export async function runDrop(items: DropItem[], rules: DropRules, deps: DropDeps): Promise<DropRun> {
	const { adapter, credentials, signal } = deps;
	const clock = deps.clock ?? systemClock;
	const started = clock.now();
	const capabilities = adapter.capabilitiesFor?.(credentials) ?? adapter.capabilities;

	const recipients = prepareRecipients(
		items.map((item) => ({ index: item.index, rawTo: item.to, from: item.from, consent: item.consent, text: item.text, subject: item.subject, media: [] })),
		{ defaultCountry: rules.defaultCountry, dedupe: rules.dedupe, suppressionList: rules.suppressionList, optOutFooter: rules.optOutFooter },
	);
	const sendable = recipients.filter((recipient) => recipient.skip === null);
	if (sendable.length === 0) {
		throw new DropInputError('No valid recipients to send to', `All ${items.length} items were skipped (${describeSkips(recipients)}). Check the "To" field and the suppression list.`);
	}

	// Media only for recipients that will be sent: a skipped recipient's file is never read or stored.
	const media = new DropMedia(adapter, capabilities, deps.media, { maxBytes: capabilities.maxMediaBytes, timeoutMs: rules.requestTimeoutMs, maxRedirects: MAX_REDIRECTS });
	for (const recipient of sendable) recipient.media = await media.references(recipient.index, items[recipient.index].mediaUrls);

	const dropId = rules.dropId ?? deriveDropId(deps.dropIdParts);
	const plan = planDrop(dropId, recipients, capabilities.recipientsPerRequest);
	for (const problem of new Set(plan.batches.flatMap((batch) => adapter.validateMessage(batch.message, credentials)))) {
		throw new DropInputError(
			`The message does not fit ${adapter.displayName}: ${problem}`,
			'Nothing was sent. Adjust the text, subject or media (MMS Media Prep fits media to a budget).',
		);
	}

	const base = (recipient: Recipient) => ({ dropId, ref: plan.refs[recipient.index], to: recipient.to, provider: adapter.id });
	const skipped = (recipient: Recipient): RecipientResult => ({ ...base(recipient), status: 'skipped', reason: recipient.skip, messageId: null, batchId: null, attempts: 0, error: null });
	const finish = (results: RecipientResult[], requests: number, retries: number): DropRun => ({
		results,
		summary: summarize(results, { dropId, provider: adapter.id, requests, retries, durationMs: Math.round(clock.now() - started) }),
	});

	if (rules.dryRun) {
		// A dry run counts the requests it would make, uploads included.
		const results = recipients.map((recipient) => (recipient.skip ? skipped(recipient) : { ...skipped(recipient), status: 'planned' as const }));
		return finish(results, plan.batches.length + media.pendingUploads, 0);
	}

	const transport = deps.transport ?? createTransport({ connections: rules.concurrency });
	try {
		const policy: RetryPolicy = { ...RETRY_DEFAULTS, maxRetries: rules.maxRetries, ...deps.retry };
		const pacer = new Pacer(rules.ratePerSecond || capabilities.defaultRatePerSecond, rules.concurrency, clock);
		const requestEnv = { transport, pacer, policy, clock, signal, timeoutMs: rules.requestTimeoutMs };
		const stored = await media.upload(credentials, requestEnv);
		for (const batch of plan.batches) batch.message = { ...batch.message, media: stored.resolve(batch.message.media) };

		const dispatched = await dispatchDrop(plan, {
			adapter,
			credentials,
			transport,
			pacer,
			policy,
			clock,
			requestTimeoutMs: rules.requestTimeoutMs,
			statusCallbackUrl: callbackWithDropId(rules.statusCallbackUrl, dropId),
			signal,
		});
		const outcomes = [...dispatched.byIndex.values()].map(({ outcome }) => outcome.kind);
		// Refused before any message may have landed (bad credentials): a node error. Otherwise the
		// records of what was (or may have been) sent matter more than the error, so the drop reports them.
		if (dispatched.fatal && !outcomes.some((kind) => kind === 'accepted' || kind === 'ambiguous')) {
			throw new DropRefusedError(adapter.displayName, dispatched.fatal.error ?? { code: 'fatal', message: 'The provider refused the drop', httpStatus: null });
		}
		const results = recipients.map((recipient) => {
			const sent = dispatched.byIndex.get(recipient.index);
			return sent ? resultFromOutcome(base(recipient), sent.outcome, sent.attempts) : skipped(recipient);
		});
		return finish(results, dispatched.requests + stored.requests, dispatched.retries);
	} finally {
		if (!deps.transport) await transport.close();
	}
}

function callbackWithDropId(url: string | undefined, dropId: string): string | undefined {
	if (!url) return undefined;
	const callback = new URL(url);
	callback.searchParams.set('dropId', dropId);
	return callback.toString();
}

function describeSkips(recipients: Recipient[]): string {
	const counts = new Map<string, number>();
	for (const { skip } of recipients) if (skip) counts.set(skip, (counts.get(skip) ?? 0) + 1);
	return [...counts].map(([reason, count]) => `${count} ${reason}`).join(', ');
}
