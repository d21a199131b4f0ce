/**
 * Telnyx codes as data: what a send-time error code means for the recipient, and what each
 * per-recipient delivery status means in our normalized set.
 */
import type { ErrorMeaning, StatusMeaning } from '../types';

/**
 * Send-time error codes (`errors[].code`, always a string on the wire). A listed code decides
 * whatever the HTTP status; codes not listed fall back to the HTTP status (shared `classifyStatus`).
 * Sources: providers.md §2 "Notable error codes"; Telnyx API error reference
 * (developers.telnyx.com/development/api-fundamentals/api-errors) for 10009/10010/10003;
 * Telnyx error page 40300 (developers.telnyx.com/api/errors/40300: "HTTP Status – 409",
 * "Blocked due to STOP message").
 */
export const SEND_ERROR_CODES: Record<string, ErrorMeaning> = {
	// Recipient replied STOP: a block rule between this sender and this recipient, so about that
	// recipient alone whatever status carries it; never retried (DESIGN.md).
	'40300': { kind: 'permanent', reason: 'opted_out' },
	// Invalid phone number / not +E.164.
	'10002': { kind: 'permanent', reason: 'invalid_number' },
	'10016': { kind: 'permanent', reason: 'invalid_number' },
	// Not routable (landline etc.).
	'40001': { kind: 'permanent', reason: 'unsupported_destination' },
	// API rate limit (HTTP 429) and the delivery-side rate limit: the request was not processed.
	'10011': { kind: 'retryable', reason: 'rate_limited' },
	'40011': { kind: 'retryable', reason: 'rate_limited' },
	// Authentication / authorization failed: every further request would fail the same way.
	'10009': { kind: 'fatal', reason: 'auth_failed' },
	'10010': { kind: 'fatal', reason: 'auth_failed' },
};

/** 10003 "Invalid URL" names the offending field in `source.pointer`; on a media URL it is a media problem. */
export const INVALID_URL_CODE = '10003';

/** The code whose presence in a delivery report means the recipient opted out (providers.md §10). */
export const OPTED_OUT_CODE = '40300';

/**
 * `payload.to[].status` → normalized status, providers.md §10 (Telnyx row). `delivery_unconfirmed`
 * is terminal at Telnyx (it arrives in `message.finalized`) but unconfirmed, so it stays `sent`.
 */
export const DELIVERY_STATUSES: Record<string, StatusMeaning> = {
	queued: { status: 'queued', final: false },
	sending: { status: 'queued', final: false },
	sent: { status: 'sent', final: false },
	delivery_unconfirmed: { status: 'sent', final: true },
	delivered: { status: 'delivered', final: true },
	delivery_failed: { status: 'undelivered', final: true },
	expired: { status: 'undelivered', final: true },
	sending_failed: { status: 'failed', final: true },
};

/** Webhook event types (providers.md §2 Webhooks). */
export const STATUS_EVENT_TYPES = new Set(['message.sent', 'message.finalized']);
export const INBOUND_EVENT_TYPE = 'message.received';
