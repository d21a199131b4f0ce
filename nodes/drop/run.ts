/**
 * The drop engine's one door: recipients in, one result per recipient and a summary out.
 *
 *   prepare recipients → media references → plan → capability check → dry run, or
 *   upload + dispatch → records → summary
 *
 * The node reads parameters and maps outputs and errors; everything between is here, with the
 * network, the clock and n8n's binary data reached only through `deps`.
 */
import { capabilitiesOf, messageProblems, uncarriedCallbackUrl, uncarriedFields } from '../providers/capabilities';
import type { ProviderAdapter, ProviderCredentials, SendBatch } from '../providers/types';
import { MAX_REDIRECTS } from '../media/input';
import { type DispatchJournal, dispatchDrop } from './dispatch';
import { DropInputError, DropRefusedError } from './errors';
import { estimateDurationMs } from './eta';
import { DEFAULT_MEDIA_FETCH_WINDOW_MS, DropMedia, type MediaIntake } from './media';
import type { DropRules } from './options';
import { type Clock, Pacer, systemClock } from './pacer';
import { DropJournal, type LedgerChoice, pruneNow, readEarlierRuns, runOwner } from './ledger';
import { deriveDropId, type DropPlan, planDrop } from './plan';
import { prepareRecipients, type Recipient } from './recipients';
import { type Earlier, ledgerState, messageContent, resolveInDoubt, sortAgainstEarlierRuns, withResent } from './rerun';
import { type DropSummary, type RecipientResult, resultFromOutcome, summarize } from './outcomes';
import { RETRY_DEFAULTS, type RetryPolicy } from './retry';
import { createTransport, type Transport } from './transport';

// What the node needs besides `runDrop`: this module is the engine's one door.
export { accountListSearch, searchAccount } from './account';
export { DROP_BOUNDS, DROP_DEFAULTS } from './defaults';
export { DropInputError, DropRefusedError, MediaUploadError } from './errors';
export { estimateDurationMs, formatDuration, formatRate } from './eta';
export { isPrivateHost, type MediaIntake } from './media';
export { chooseLedger } from './ledger';
export { booleanValue, type DropRules, listValue, numberOption, type RawDropOptions, resolveRules, textValue } from './options';
export type { Transport } from './transport';
export type { DropSummary, RecipientResult } from './outcomes';

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
	/** Where this drop's write-ahead ledger lives; without one a re-run sends everything again. */
	ledger?: LedgerChoice;
	/** Bytes of files kept in memory at once (default KEPT_FILE_BYTES). */
	keptFileBytes?: number;
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
	const capabilities = capabilitiesOf(adapter, credentials);
	const warnings = deps.ledger?.warning ? [deps.ledger.warning] : [];

	const recipients = prepareRecipients(
		items.map((item) => ({ index: item.index, rawTo: item.to, from: item.from, consent: item.consent, text: item.text, subject: item.subject, media: [] })),
		{ defaultCountry: rules.defaultCountry, dedupe: rules.dedupe, suppressionList: rules.suppressionList, optOutFooter: rules.optOutFooter },
	);
	for (const { field, warning } of uncarriedFields(adapter, credentials)) {
		if (!recipients.some((recipient) => recipient[field] !== undefined)) continue;
		for (const recipient of recipients) delete recipient[field];
		warnings.push(warning);
	}
	const callbackWarning = rules.statusCallbackUrl ? uncarriedCallbackUrl(adapter, credentials) : null;
	if (callbackWarning) warnings.push(callbackWarning);
	const statusCallbackUrl = callbackWarning ? undefined : rules.statusCallbackUrl;
	const sendable = recipients.filter((recipient) => recipient.skip === null);
	if (sendable.length === 0) {
		throw new DropInputError('No valid recipients to send to', `All ${items.length} items were skipped (${describeSkips(recipients)}). Check the "To" field and the suppression list.`);
	}

	const ratePerSecond = rules.ratePerSecond || capabilities.defaultRatePerSecond;
	const estimatedDurationMs = estimateDurationMs(sendable.length, ratePerSecond);
	// Media only for recipients that will be sent: a skipped recipient's file is never read or stored.
	const media = new DropMedia(adapter, capabilities, deps.media, {
		downloadLimits: { maxBytes: capabilities.maxMediaBytes, timeoutMs: rules.requestTimeoutMs, maxRedirects: MAX_REDIRECTS },
		signal,
		keptFileBytes: deps.keptFileBytes,
		hostedUrlLifetimeMs: estimatedDurationMs + (capabilities.mediaFetchWindowMs ?? DEFAULT_MEDIA_FETCH_WINDOW_MS),
		allowPrivateMediaHost: rules.allowPrivateMediaHost,
		dryRun: rules.dryRun,
	});
	for (const recipient of sendable) recipient.media = await media.references(recipient.index, items[recipient.index].mediaUrls);

	const dropId = rules.dropId ?? deriveDropId(deps.dropIdParts);
	const plan = planDrop(dropId, recipients, capabilities.recipientsPerRequest);
	for (const problem of new Set(plan.batches.flatMap((batch) => messageProblems(adapter, batch.message, credentials)))) {
		throw new DropInputError(
			`The message does not fit ${adapter.displayName}: ${problem}`,
			'Nothing was sent. Adjust the text, subject or media (MMS Media Prep fits media to a budget).',
		);
	}

	const results = new Map<number, RecipientResult>();
	const base = (index: number) => ({ dropId, ref: plan.refs[index], to: recipients[index].to, provider: adapter.id });
	const record = (index: number, result: Omit<RecipientResult, 'dropId' | 'ref' | 'to' | 'provider'>) => results.set(index, { ...base(index), ...result });
	const finish = (run: { requests: number; retries: number; resumed: boolean; sent: DropPlan }): DropRun => {
		for (const recipient of recipients) if (!results.has(recipient.index)) record(recipient.index, { status: 'skipped', reason: recipient.skip, messageId: null, batchId: null, attempts: 0, error: null });
		// A dry run shows what each recipient would get (a skipped one nothing), next to its status, where a table shows it.
		if (rules.dryRun) {
			for (const [index, { dropId: id, ref, to, status, reason, ...rest }] of results) {
				results.set(index, { dropId: id, ref, to, status, reason, preview: status === 'planned' ? recipients[index].text : null, ...rest });
			}
		}
		const ordered = recipients.map((recipient) => results.get(recipient.index)!);
		warnings.push(...media.warnings);
		const messages = run.sent.batches.reduce((sum, batch) => sum + batch.recipients.length, 0);
		return {
			results: ordered,
			summary: summarize(ordered, {
				dropId,
				provider: adapter.id,
				dryRun: rules.dryRun,
				requests: run.requests,
				retries: run.retries,
				resumed: run.resumed,
				warnings,
				durationMs: Math.round(clock.now() - started),
				ratePerSecond,
				estimatedDurationMs: estimateDurationMs(messages, ratePerSecond),
			}),
		};
	};
	const alreadySent = (earlier: Earlier[]) => {
		for (const { index, record: earlierRecord } of earlier) record(index, { status: 'skipped', reason: 'already_sent', messageId: earlierRecord.messageId, batchId: earlierRecord.batchId, attempts: 0, error: null });
	};
	const stillUnknown = (earlier: Earlier, why: string) =>
		record(earlier.index, {
			status: 'unknown',
			reason: (earlier.record.state === 'in_flight' ? 'interrupted' : earlier.record.reason) as RecipientResult['reason'],
			messageId: null,
			batchId: null,
			attempts: 0,
			error: { code: 'earlier_run_unknown', message: `An earlier run of this drop may have sent this message; it is not sent again (${why}).`, httpStatus: null, retryable: false },
		});
	const journalOptions = { owner: runOwner(), clock, rerunWindowMs: rules.rerunWindowHours * 3600_000, named: rules.dropId !== undefined, forget: rules.forgetDrop, signal };

	if (rules.dryRun) {
		const earlier = deps.ledger ? await readEarlierRuns(deps.ledger.backend, dropId, journalOptions) : undefined;
		const sorted = sortAgainstEarlierRuns(plan, earlier?.previous ?? new Map());
		alreadySent(sorted.alreadySent);
		for (const doubt of sorted.inDoubt) stillUnknown(doubt, rules.resolveUnknown ? `a real run asks ${adapter.displayName} first` : 'turn on Resolve Unknown to ask the provider');
		for (const batch of sorted.plan.batches) for (const index of batch.indexes) record(index, { status: 'planned', reason: null, messageId: null, batchId: null, attempts: 0, error: null });
		// A dry run counts the requests it would make, uploads included.
		return finish({ requests: sorted.plan.batches.length + media.uploadsFor(sorted.plan), retries: 0, resumed: earlier?.resumed ?? false, sent: sorted.plan });
	}

	const journal = deps.ledger ? await DropJournal.open(deps.ledger.backend, dropId, journalOptions) : undefined;
	if (deps.ledger) pruneNow(deps.ledger.backend, clock.wallMs());
	const transport = deps.transport ?? createTransport({ connections: rules.concurrency });
	try {
		const policy: RetryPolicy = { ...RETRY_DEFAULTS, maxRetries: rules.maxRetries, ...deps.retry };
		const pacer = new Pacer(ratePerSecond, rules.concurrency, clock);
		const requestEnv = { transport, pacer, policy, clock, signal, timeoutMs: rules.requestTimeoutMs };

		const sorted = sortAgainstEarlierRuns(plan, journal?.previous ?? new Map());
		alreadySent(sorted.alreadySent);
		let toSend = sorted.plan;
		let lookups = 0;
		if (sorted.inDoubt.length > 0 && rules.resolveUnknown) {
			const { resolutions, requests } = await resolveInDoubt(sorted.inDoubt, adapter, credentials, dropId, requestEnv);
			lookups = requests;
			const absent: Earlier[] = [];
			for (const { earlier, answer } of resolutions) {
				if (answer.found === true) alreadySent([{ ...earlier, record: { ...earlier.record, messageId: answer.messageId, batchId: answer.batchId ?? null } }]);
				else if (answer.found === false) absent.push(earlier);
				else stillUnknown(earlier, `${adapter.displayName} could not tell: ${answer.why}`);
			}
			toSend = withResent(toSend, absent, capabilities.recipientsPerRequest);
		} else {
			for (const doubt of sorted.inDoubt) stillUnknown(doubt, `turn on Resolve Unknown to ask ${adapter.displayName}`);
		}

		const stored = await media.upload(credentials, requestEnv, toSend);
		for (const batch of toSend.batches) batch.message = { ...batch.message, media: stored.resolve(batch.message.media) };
		const dispatched = await dispatchDrop(toSend, {
			adapter,
			credentials,
			transport,
			pacer,
			policy,
			clock,
			requestTimeoutMs: rules.requestTimeoutMs,
			statusCallbackUrl: callbackWithDropId(statusCallbackUrl, dropId),
			signal,
			journal: journal && journalHooks(journal, toSend, clock),
			prepare: (message) => media.withBytes(message),
		});
		const outcomes = [...dispatched.byIndex.values()].map(({ outcome }) => outcome.kind);
		// Refused before any message may have landed (bad credentials): a node error. Otherwise the
		// records of what was (or may have been) sent matter more than the error, so the drop reports them.
		if (dispatched.fatal && !outcomes.some((kind) => kind === 'accepted' || kind === 'ambiguous')) {
			const refusal = dispatched.fatal.error ?? { code: 'fatal', message: 'The provider refused the drop', httpStatus: null };
			if (dispatched.fatal.reason === 'ledger_unavailable') {
				throw new DropInputError(refusal.message, `Nothing was sent: a message is only sent once its record is safe in the drop ledger (${deps.ledger?.backend.description}).`);
			}
			throw new DropRefusedError(adapter.displayName, refusal);
		}
		for (const [index, sent] of dispatched.byIndex) results.set(index, resultFromOutcome(base(index), sent.outcome, sent.attempts));
		return finish({ requests: dispatched.requests + stored.requests + lookups, retries: dispatched.retries, resumed: journal?.resumed ?? false, sent: toSend });
	} finally {
		if (!deps.transport) await transport.close();
		await journal?.close().catch((error: Error) => warnings.push(`The drop ledger could not record the end of this run (${error.message}); a re-run still skips what it recorded before.`));
	}
}

/** The journal as the dispatcher calls it: each batch's recipients with their message's content hash. */
function journalHooks(journal: DropJournal, plan: DropPlan, clock: Clock): DispatchJournal {
	const contents = new Map(plan.batches.map((batch) => [batch.message, messageContent(batch.message)]));
	const contentOf = (batch: SendBatch) => contents.get(batch.message) ?? messageContent(batch.message);
	return {
		beforeWrite: (batch) => journal.inFlight(batch.recipients.map(({ ref }) => ({ ref, content: contentOf(batch) }))),
		afterAnswer: (batch, outcomes) => {
			const content = contentOf(batch);
			const at = clock.wallMs();
			journal.answered(outcomes.map((outcome) => ({ ref: outcome.ref, content, state: ledgerState(outcome), messageId: outcome.messageId ?? null, batchId: outcome.batchId ?? null, reason: outcome.reason ?? null, at })));
		},
		get lost() {
			return journal.lost;
		},
	};
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
