/**
 * ClickSend status words and codes, as data. Sources: providers.md §7 and §10, which quote
 * help.clicksend.com "Post Application Status Codes" and "List of SMS gateway error codes".
 */
import type { FailureReason, NormalizedStatus, OutcomeKind } from '../types';

export interface SendStatusRule {
	kind: OutcomeKind;
	reason?: FailureReason;
	description: string;
}

/**
 * Per-recipient `status` in a `/v3/mms/send` reply ("Post Application Status Codes").
 *
 * INSUFFICIENT_CREDIT is `fatal`, not `permanent`: it is a property of the account, not of the
 * recipient, so every later batch of the drop would fail the same way; stopping the drop leaves
 * the rest unsent (and re-sendable after a top-up) instead of burning them as failures.
 *
 * ClickSend documents no send-time opt-out status: its API bypasses the account opt-out list
 * (help.clicksend.com "How does the opt-out system work?"), so there is no `opted_out` row.
 */
export const SEND_STATUSES: Record<string, SendStatusRule> = {
	SUCCESS: { kind: 'accepted', description: 'Message added to queue OK.' },
	INVALID_RECIPIENT: { kind: 'permanent', reason: 'invalid_number', description: 'The destination address is invalid.' },
	INSUFFICIENT_CREDIT: {
		kind: 'fatal',
		reason: 'insufficient_funds',
		description: 'The account has run out of message credit.',
	},
	MISSING_REQUIRED_FIELDS: {
		kind: 'permanent',
		reason: 'provider_rejected',
		description: 'Some required fields are missing.',
	},
	INVALID_RETURN_ADDRESS: { kind: 'permanent', reason: 'provider_rejected', description: 'The return address is invalid.' },
};

/** A status word the table does not know: the provider refused this recipient for a reason of its own. */
export const UNKNOWN_SEND_STATUS: SendStatusRule = {
	kind: 'permanent',
	reason: 'provider_rejected',
	description: 'ClickSend did not queue the message.',
};

export interface ReceiptStatusRule {
	status: NormalizedStatus;
	final: boolean;
	text: string;
	/** The statuses an `error_code` may refine this one to (providers.md §10 splits 200 and 301 by it). */
	refinedTo: NormalizedStatus[];
}

/** Delivery-receipt `status_code` (providers.md §7): 201 and 301 end the message's life. */
export const RECEIPT_STATUS_CODES: Record<string, ReceiptStatusRule> = {
	'200': { status: 'queued', final: false, text: 'Queued', refinedTo: ['queued', 'sent'] },
	'201': { status: 'delivered', final: true, text: 'Delivered', refinedTo: [] },
	// "temporary failure (retried)": not yet anything the user can act on.
	'300': { status: 'queued', final: false, text: 'Temporary failure', refinedTo: [] },
	'301': { status: 'failed', final: true, text: 'Failed', refinedTo: ['failed', 'undelivered'] },
};

/**
 * Delivery-receipt `error_code` ("List of SMS gateway error codes"), refining `status_code`
 * per providers.md §10: 3 is the hand-over to the network (sent); 5 and 7 are failures on
 * ClickSend's side (failed); 8–15 and 17–20 are carrier-side non-delivery (undelivered).
 * None of them means "opted out" (providers.md §10: ClickSend — not documented).
 */
export const RECEIPT_ERROR_CODES: Record<string, { status: NormalizedStatus; text: string }> = {
	'1': { status: 'queued', text: 'Message is queued for delivery' },
	'2': { status: 'queued', text: 'Message is scheduled for delivery' },
	'3': { status: 'sent', text: 'Message sent to the network for delivery' },
	'4': { status: 'delivered', text: 'Message delivered to the handset' },
	'5': { status: 'failed', text: 'Message is cancelled' },
	'6': { status: 'queued', text: 'Message is waiting manual approval from ClickSend staff' },
	'7': { status: 'failed', text: 'Unknown failure' },
	'8': { status: 'undelivered', text: 'Unknown subscriber. Number is inactive or invalid' },
	'9': { status: 'undelivered', text: 'Unidentified subscriber. Number is invalid or network routing issue' },
	'10': { status: 'undelivered', text: 'Illegal subscriber. Rejection due to failed authentication or filtering' },
	'11': { status: 'undelivered', text: 'Rejection due to subscription, handset or network not supporting SMS' },
	'12': { status: 'undelivered', text: 'Absent subscriber. Phone is out of range or switched off' },
	'13': { status: 'undelivered', text: 'Memory capacity exceeded on the handset' },
	'14': { status: 'undelivered', text: 'Rejection due to recipient network error or congestion' },
	'15': { status: 'undelivered', text: 'Rejected by the recipient network' },
	'16': { status: 'queued', text: 'Temporary network error - will be retried' },
	'17': { status: 'undelivered', text: 'Network timeout when delivering message' },
	'18': { status: 'undelivered', text: 'Network routing error' },
	'19': { status: 'undelivered', text: 'Anti-spam rejection by recipient network' },
	'20': { status: 'undelivered', text: 'Message delivery receipt expired' },
};
