/**
 * Twilio's status words and error codes as data (providers.md §1 "Notable error codes", §10).
 * Send-time codes carry the outcome the engine acts on; every known code carries its meaning,
 * which fills `errorMessage` where a status callback only sends `ErrorCode`.
 */
import type { ErrorMeaning, FailureReason, StatusMeaning } from '../types';

interface ErrorCodeInfo {
	meaning: string;
	/** How a send request answered with this code is treated; absent for delivery-time codes. */
	send?: ErrorMeaning;
}

const fatal = (reason: FailureReason): ErrorMeaning => ({ kind: 'fatal', reason });
const permanent = (reason: FailureReason): ErrorMeaning => ({ kind: 'permanent', reason });
const retryable = (reason: FailureReason): ErrorMeaning => ({ kind: 'retryable', reason });

export const ERROR_CODES: Readonly<Record<string, ErrorCodeInfo>> = {
	'20003': { meaning: 'Authentication failed', send: fatal('auth_failed') },
	// Not processed, safe to retry with backoff; Twilio documents no Retry-After for it.
	'20429': { meaning: 'Too many concurrent requests', send: retryable('rate_limited') },
	// The sender's queue holds more than 10 h of backlog: nothing was queued, later is fine.
	'21611': { meaning: 'Sender queue exceeds 10 hours of backlog', send: retryable('rate_limited') },
	'21211': { meaning: "Invalid 'To' phone number", send: permanent('invalid_number') },
	'21614': { meaning: "'To' number is not a mobile number", send: permanent('invalid_number') },
	'21610': { meaning: 'Recipient unsubscribed (replied STOP)', send: permanent('opted_out') },
	'21612': { meaning: "'To' number is not reachable via SMS/MMS", send: permanent('unsupported_destination') },
	// Geo permission missing: the destination is unsupported until the account owner enables it.
	'21408': { meaning: 'Sending to this region is not enabled', send: permanent('unsupported_destination') },
	// The sender, not the recipient, is at fault; only the account owner can fix it.
	'21606': { meaning: "'From' is not a message-capable Twilio number for this destination", send: permanent('provider_rejected') },
	'30011': { meaning: 'MMS not supported by the receiving number or region', send: permanent('unsupported_destination') },
	'21620': { meaning: 'Invalid media URL(s)', send: permanent('media_rejected') },
	'21623': { meaning: 'Too many media files', send: permanent('media_rejected') },
	'11200': { meaning: 'Media could not be fetched', send: permanent('media_rejected') },
	'12300': { meaning: 'Media has an invalid Content-Type', send: permanent('media_rejected') },
	'11751': { meaning: 'Media exceeds the size limit', send: permanent('media_rejected') },
	'63034': { meaning: 'Media exceeds the size limit', send: permanent('media_rejected') },
	'30001': { meaning: 'Queue overflow' },
	'30003': { meaning: 'Unreachable destination handset' },
	'30005': { meaning: 'Unknown destination handset' },
	'30006': { meaning: 'Landline or unreachable carrier' },
	'30007': { meaning: 'Message filtered by the carrier' },
	'30008': { meaning: 'Unknown error' },
	'30019': { meaning: 'Content size exceeds the carrier limit' },
	'30022': { meaning: '10DLC rate limit exceeded' },
	'30023': { meaning: '10DLC daily cap reached' },
	'30032': { meaning: 'Toll-free number is not verified' },
	'63018': { meaning: 'Channel rate limit exceeded' },
};

/** Codes meaning the recipient opted out, in send replies and status callbacks alike (DESIGN.md). */
export const OPTED_OUT_CODES: ReadonlySet<string> = new Set(['21610']);

/**
 * Twilio `MessageStatus` → normalized status (providers.md §10). `sent` is not final: a DLR may
 * still turn it into delivered/undelivered. `partially_delivered` counts as delivered (§10).
 */
export const MESSAGE_STATUSES: Readonly<Record<string, StatusMeaning>> = {
	accepted: { status: 'queued', final: false },
	scheduled: { status: 'queued', final: false },
	queued: { status: 'queued', final: false },
	sending: { status: 'queued', final: false },
	sent: { status: 'sent', final: false },
	delivered: { status: 'delivered', final: true },
	partially_delivered: { status: 'delivered', final: true },
	undelivered: { status: 'undelivered', final: true },
	failed: { status: 'failed', final: true },
	canceled: { status: 'failed', final: true },
	read: { status: 'read', final: true },
	receiving: { status: 'received', final: false },
	received: { status: 'received', final: true },
};
