/**
 * Sinch XMS status and error tables, kept as data (providers.md §5 and §10).
 */
import type { ErrorMeaning, FailureReason, StatusMeaning } from '../types';

/**
 * Delivery report `status` → normalized status (providers.md §10). `final` follows Sinch's own
 * Intermediate/Final split (Delivery-reports page); `Unknown` is final without carrier confirmation and
 * stays `sent` (providers.md §10, footnote *).
 */
export const DELIVERY_STATUSES = {
	Queued: { status: 'queued', final: false },
	Dispatched: { status: 'sent', final: false },
	Unknown: { status: 'sent', final: true },
	Delivered: { status: 'delivered', final: true },
	Failed: { status: 'undelivered', final: true },
	Expired: { status: 'undelivered', final: true },
	Deleted: { status: 'undelivered', final: true },
	Aborted: { status: 'failed', final: true },
	Rejected: { status: 'failed', final: true },
	Cancelled: { status: 'failed', final: true },
} as const satisfies Record<string, StatusMeaning>;

export type SinchDeliveryStatus = keyof typeof DELIVERY_STATUSES;

export const DELIVERY_STATUS_NAMES = Object.keys(DELIVERY_STATUSES) as [SinchDeliveryStatus, ...SinchDeliveryStatus[]];

/** Delivery report codes that describe progress, not an error: 0 ok, 400 Queued, 401 Dispatched (providers.md §5). */
export const PROGRESS_CODES = new Set([0, 400, 401]);

/**
 * Sinch's own delivery report codes (providers.md §5; MMS-only 414–418 worded after the SDK's
 * DeliveryReportErrorCode) and the toll-free opt-out code. Other codes are SMPP/MMSC carrier codes
 * that Sinch passes through without a text.
 */
export const DELIVERY_CODE_TEXTS: Record<string, string> = {
	257: 'User opted out (STOP)',
	402: 'Unroutable',
	403: 'Internal error',
	404: 'Temporary failure',
	405: 'Unmatched parameter',
	406: 'Internal expiry',
	407: 'Cancelled',
	408: 'Internal reject',
	410: 'No default originator',
	411: 'Exceeds parts limit',
	412: 'Unprovisioned region',
	413: 'Blocked account',
	414: 'Bad media URL',
	415: 'Rejected by MMS gateway or mobile network',
	416: 'MMS not supported',
	417: 'Destination network or subscriber unreachable',
	418: 'Handset does not recognize the content',
};

/**
 * Codes meaning the recipient opted out: 257 "User opted out (STOP)" on toll-free numbers
 * (community.sinch.com "How does STOP work on a Toll-Free number"). `Deleted` may also mean an opt-out
 * (Delivery-reports page) but equally an invalid MSISDN, so it alone does not set the flag.
 */
export const OPT_OUT_CODES = new Set([257]);

export interface SendErrorRule extends ErrorMeaning {
	/**
	 * Reason for recipients the error text names. Sinch rejects the whole batch for one bad `to`; when
	 * the text says which, only that recipient failed and the rest were merely not sent.
	 */
	namedRecipientReason?: FailureReason;
}

/**
 * `code` of a 400/403 error body `{ code, text }` → outcome (providers.md §5; Sinch status-codes page
 * and community "Common SMS HTTP Statuses and Codes Explained"). A 403 code missing here is a refusal
 * of this request, not of the account: permanent.
 */
export const SEND_ERROR_CODES: Record<string, SendErrorRule> = {
	syntax_invalid_json: { kind: 'permanent', reason: 'provider_rejected' },
	syntax_invalid_parameter_format: {
		kind: 'permanent',
		reason: 'provider_rejected',
		namedRecipientReason: 'invalid_number',
	},
	syntax_constraint_violation: { kind: 'permanent', reason: 'provider_rejected' },
	blocked_account: { kind: 'fatal', reason: 'auth_failed' },
	unauthorized: { kind: 'fatal', reason: 'auth_failed' },
	illegal_number_type: {
		kind: 'permanent',
		reason: 'unsupported_destination',
		namedRecipientReason: 'unsupported_destination',
	},
	// Reports were requested and neither the batch nor the service plan has a URL: every batch of the
	// drop would be refused the same way, so stop the drop with one clear error.
	missing_callback_url: { kind: 'fatal', reason: 'provider_rejected' },
	unknown_group: { kind: 'permanent', reason: 'provider_rejected' },
	unknown_campaign: { kind: 'permanent', reason: 'provider_rejected' },
};

export const UNLISTED_403: SendErrorRule = { kind: 'permanent', reason: 'provider_rejected' };
