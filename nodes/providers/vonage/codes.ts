/**
 * Vonage Messages API codes as data: what a problem `type` means at send time, what each status
 * webhook `status` means in our normalized set, and which attachment kind a media item is.
 *
 * Codes are the fragment of the RFC 7807 `type` URL (`…/api-errors/messages-olympus#1120` ⇒
 * '1120', `…/api-errors/#unathorized` ⇒ 'unathorized'). Sources: the Messages API error list
 * (developer.vonage.com/en/api-errors/messages) and the generic list (developer.vonage.com/en/api-errors).
 */
import type { ErrorMeaning, StatusMeaning } from '../types';

/** Send-time problem codes with a meaning beyond their HTTP status; the rest fall back to `classifyStatus`. */
export const SEND_ERROR_CODES: Record<string, ErrorMeaning> = {
	// Generic errors: every further request with these credentials fails the same way.
	unauthorized: { kind: 'fatal', reason: 'auth_failed' },
	// The live 401 body spells it this way (vonage-java-sdk MessagesClientTest 401 fixture).
	unathorized: { kind: 'fatal', reason: 'auth_failed' },
	'jwt-expired': { kind: 'fatal', reason: 'auth_failed' },
	'jwt-revoked': { kind: 'fatal', reason: 'auth_failed' },
	'invalid-api-key': { kind: 'fatal', reason: 'auth_failed' },
	forbidden: { kind: 'fatal', reason: 'auth_failed' },
	unprovisioned: { kind: 'fatal', reason: 'auth_failed' },
	'account-suspended': { kind: 'fatal', reason: 'auth_failed' },
	'low-balance': { kind: 'fatal', reason: 'insufficient_funds' },
	// 1000 Throttled: "Please wait and retry".
	'1000': { kind: 'retryable', reason: 'rate_limited' },
	// 1040 Invalid message: "due to an unrecognised prefix for the phone number".
	'1040': { kind: 'permanent', reason: 'invalid_number' },
	// 1060 Partner account barred, 1070 Partner quota exceeded: the whole account is stopped.
	'1060': { kind: 'fatal', reason: 'auth_failed' },
	'1070': { kind: 'fatal', reason: 'insufficient_funds' },
	// 1100 Communication failed: "Message was not submitted".
	'1100': { kind: 'retryable', reason: 'connection_error' },
	// 1160 Non White-listed Destination (trial accounts).
	'1160': { kind: 'permanent', reason: 'unsupported_destination' },
	// 1170 Invalid or Missing Msisdn Param, 1430 Invalid recipient.
	'1170': { kind: 'permanent', reason: 'invalid_number' },
	'1430': { kind: 'permanent', reason: 'invalid_number' },
	// 1240 Illegal Number: "the user has already sent a STOP opt-out message".
	'1240': { kind: 'permanent', reason: 'opted_out' },
	// 1380 Invalid resource, 1381 Resource size is too large, 1382 Resource type is invalid.
	'1380': { kind: 'permanent', reason: 'media_rejected' },
	'1381': { kind: 'permanent', reason: 'media_rejected' },
	'1382': { kind: 'permanent', reason: 'media_rejected' },
};

/**
 * The code meaning the recipient opted out. Vonage accepts such a send (202) and reports it as a
 * `rejected` status webhook (developer.vonage.com/en/opt-out-assist/guides/messaging-opted-out-numbers);
 * the error list names 1240 for it.
 */
export const OPTED_OUT_CODE = '1240';

/**
 * `rejected` codes raised by the carrier or the handset after submission (providers.md §10: rejected
 * for "TTL expiry / carrier" is undelivered); every other rejection (validation, opt-out, account)
 * is a failure at Vonage. Descriptions from the Messages API error list.
 */
export const CARRIER_SIDE_CODES = new Set([
	'1180', // Absent Subscriber Temporary
	'1190', // Absent Subscriber Permanent
	'1200', // Portability Error
	'1210', // Anti-Spam Rejection (carrier)
	'1220', // Handset Busy
	'1230', // Network Error
	'1250', // Unroutable
	'1251', // Unable to route traffic to a destination
	'1260', // Destination unreachable
	'1270', // Subscriber Age Restriction
	'1280', // Number Blocked by Carrier
	'1282', // Message blocked by provider
	'1290', // Pre-Paid - Insufficient funds (recipient's)
	'1300', // Not part of the provider network
	'1310', // Not suitable device
	'1330', // Unknown error from the carrier
	'1331', // Provider error
	'1360', // TTL was activated, or message expired before delivered
]);

/**
 * Status webhook `status` ⇒ normalized, providers.md §10 (Vonage row). `rejected` is refined by
 * CARRIER_SIDE_CODES. MMS is final at `delivered` or `rejected` (providers.md §6); `read` only
 * follows a delivery.
 */
export const DELIVERY_STATUSES: Record<string, StatusMeaning> = {
	submitted: { status: 'sent', final: false },
	delivered: { status: 'delivered', final: true },
	read: { status: 'read', final: true },
	rejected: { status: 'failed', final: true },
	undeliverable: { status: 'failed', final: true },
};

/** Attachment kinds of the MMS channel (providers.md §6 `message_type`). */
export type MediaKind = 'image' | 'video' | 'audio' | 'vcard' | 'file';

/**
 * By content type. Image is limited to what Vonage's image type takes (vonage-java-sdk
 * MmsImageRequest accepts only .jpg/.jpeg/.png/.gif); anything else travels as `file`.
 */
export const MEDIA_KIND_BY_MIME: Record<string, MediaKind> = {
	'image/jpeg': 'image',
	'image/jpg': 'image',
	'image/png': 'image',
	'image/gif': 'image',
	'text/vcard': 'vcard',
	'text/x-vcard': 'vcard',
};

/** Media types by major type when the exact type is not listed (video/mp4, audio/mpeg, …). */
export const MEDIA_KIND_BY_MAJOR: Record<string, MediaKind> = { video: 'video', audio: 'audio' };

/** By URL extension when no content type is known (Java SDK extension checks; Vonage blog "What can I do with MMS"). */
export const MEDIA_KIND_BY_EXTENSION: Record<string, MediaKind> = {
	jpg: 'image',
	jpeg: 'image',
	png: 'image',
	gif: 'image',
	mp4: 'video',
	mp3: 'audio',
	vcf: 'vcard',
};

/** Kinds whose single-attachment form takes a `caption` (vonage-java-sdk: image, video, file; vonage-node-sdk: audio). */
export const CAPTIONED_KINDS = new Set<MediaKind>(['image', 'video', 'audio', 'file']);
