/**
 * Plivo's status words and error codes, as data (providers.md §3 and §10).
 */
import type { ErrorMeaning, StatusMeaning } from '../types';

/** Callback `Status` ⇒ normalized status; `final` = no later callback changes it (§10). */
export const STATUS_MAP: Record<string, StatusMeaning> = {
	queued: { status: 'queued', final: false },
	// Delivery receipts are not universal: a message may stay `sent` for good, but a later
	// `delivered`/`undelivered` may still come, so it is not final.
	sent: { status: 'sent', final: false },
	delivered: { status: 'delivered', final: true },
	undelivered: { status: 'undelivered', final: true },
	failed: { status: 'failed', final: true },
	// Legacy word still listed in older callback docs; courier maps it to failed.
	rejected: { status: 'failed', final: true },
	read: { status: 'read', final: true },
	received: { status: 'received', final: true },
};

/** Callback `ErrorCode` meanings (§3 "Error codes"; 120 from media.md's Plivo support row). */
export const CALLBACK_ERROR_MESSAGES: Record<string, string> = {
	'10': 'Invalid message',
	'20': 'Network error',
	'30': 'Spam detected',
	'40': 'Invalid source number',
	'50': 'Invalid destination number',
	'120': 'Media too large or unsupported',
	'200': 'Destination opted out (DND/STOP)',
	'420': 'Message expired',
	'900': 'Insufficient credit',
};

/** The callback code that means the recipient opted out (§3, §10: "Plivo ErrorCode 200"). */
export const OPTED_OUT_ERROR_CODE = '200';

/** `MessageIntent` values Plivo sets on inbound messages that match its keyword lists. */
export const INBOUND_INTENT_KINDS: Record<string, 'opt_out' | 'opt_in'> = {
	optout: 'opt_out',
	optin: 'opt_in',
};

/**
 * A 403 on `POST …/Message/` is Plivo's geo-permission refusal: plivo-node (lib/rest/axios.js
 * `isGeoPermissionError`, v4.69.4 "Throw GeoPermissionException on synchronous geopermissions
 * error") maps exactly that to GeoPermissionError, and "messages to countries not enabled on your
 * destination list are blocked immediately at the API level" (plivo.com/docs/messaging/concepts/
 * geo-permissions). It refuses these destinations, not the credential (a bad one is a 401).
 */
export const GEO_PERMISSION_REFUSAL = {
	httpStatus: 403,
	kind: 'permanent',
	reason: 'provider_rejected',
	code: 'geo_permission',
	explanation:
		"the destination country is not enabled in the Plivo account's Messaging Geo Permissions (Plivo console → Messaging → Geo Permissions)",
} as const satisfies ErrorMeaning & { httpStatus: number; code: string; explanation: string };

/**
 * Plivo's API errors carry free text (`{api_id, error}`), no code, so the send-time rules match
 * on the text; first match wins. A rule may apply only to a single-recipient request, where a
 * problem with `dst` can only be that one number.
 */
export const API_ERROR_RULES: Array<ErrorMeaning & { pattern: RegExp; singleRecipientOnly?: boolean }> = [
	// After credit runs out, every send "will fail with the error 'Insufficient Credit'" for
	// 2 minutes (Plivo support article 17000088423): nothing else in the drop can succeed.
	{ pattern: /insufficient credit/i, kind: 'fatal', reason: 'insufficient_funds' },
	{ pattern: /media/i, kind: 'permanent', reason: 'media_rejected' },
	{ pattern: /\bdst\b|destination/i, kind: 'permanent', reason: 'invalid_number', singleRecipientOnly: true },
];
