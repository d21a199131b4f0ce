/**
 * Bandwidth's words and numbers, as data: callback types → normalized status (providers.md §10),
 * error `type`s of the send API (§4 "Send"), and the callback `errorCode`s with a meaning of
 * their own (§4 "Notable codes", Bandwidth/api-docs site/docs/messaging/errors.mdx).
 */
import type { ErrorMeaning, EventKind, FailureReason, NormalizedStatus, StatusMeaning } from '../types';

interface CallbackMeaning extends StatusMeaning {
	kind: Extract<EventKind, 'status' | 'inbound'>;
}

/**
 * Callback `type` → meaning. Bandwidth sends exactly one of delivered/failed per outbound
 * message (webhooks.mdx), so both are final; `message-read` (RBM) follows a delivery.
 */
export const CALLBACK_TYPES: Record<string, CallbackMeaning> = {
	'message-sending': { kind: 'status', status: 'queued', final: false },
	'message-sent': { kind: 'status', status: 'sent', final: false },
	'message-delivered': { kind: 'status', status: 'delivered', final: true },
	'message-failed': { kind: 'status', status: 'failed', final: true },
	'message-read': { kind: 'status', status: 'read', final: true },
	'message-received': { kind: 'inbound', status: 'received', final: true },
};

/**
 * Without the MMS-DLR feature an MMS "delivered" callback only means Bandwidth handed it to its
 * MMSC network (§4 "Callbacks"); the documented example of that case carries this description,
 * while a real handset receipt says "ok". §10 keeps such a report as `sent`.
 */
export const HANDED_TO_CARRIER = /delivered to carrier/i;

/** §10 / DESIGN.md: 4775 = "Carrier rejected due to user opt-out". */
export const OPT_OUT_ERROR_CODES = new Set(['4775']);

/**
 * §10's suggested split of `message-failed`: codes the carrier or the network reported
 * (47xx carrier-rejected, 5xxx service failures, 9xxx ambiguous downstream errors such as 9902)
 * mean the message left Bandwidth and was not delivered; other 4xxx codes are Bandwidth
 * refusing it before submission.
 */
export function failedStatusFor(errorCode: string | null): NormalizedStatus {
	return errorCode !== null && /^(47\d\d|5\d{3}|9\d{3})$/.test(errorCode) ? 'undelivered' : 'failed';
}

/** Send API error `type` → what it means for the recipient (errors.mdx "HTTP Status Codes"). */
export const SEND_ERROR_TYPES: Record<string, ErrorMeaning> = {
	// 429: the account queue is full; nothing was queued, so a later retry is safe.
	'max-message-queue-size-exceeded': { kind: 'retryable', reason: 'rate_limited' },
	unauthorized: { kind: 'fatal', reason: 'auth_failed' },
	forbidden: { kind: 'fatal', reason: 'auth_failed' },
	'request-validation': { kind: 'permanent', reason: 'provider_rejected' },
	'unsupported-content-type': { kind: 'permanent', reason: 'provider_rejected' },
};

/** A `request-validation` error on one of these fields says more than "rejected". */
export const FIELD_ERROR_REASONS: Record<string, FailureReason> = {
	to: 'invalid_number',
	media: 'media_rejected',
};

/**
 * The 429 description states the account's drain rate ("Your allowed rate is 60 messages per
 * minute", errors.mdx); one queue slot frees after one message's share of that rate, which is
 * the earliest a retry can be taken.
 */
export function queueDrainWaitMs(description: string): number | undefined {
	const found = /allowed rate is (\d+(?:\.\d+)?) messages? per (second|minute|hour)/i.exec(description);
	if (!found) return undefined;
	const perUnit = Number(found[1]);
	if (!(perUnit > 0)) return undefined;
	const unitMs = { second: 1_000, minute: 60_000, hour: 3_600_000 }[found[2].toLowerCase() as 'second' | 'minute' | 'hour'];
	return Math.ceil(unitMs / perUnit);
}
