import type { Capabilities } from '../types';

/** What Bandwidth's Messaging API v2 takes; every figure from providers.md §4 unless noted. */
export const bandwidthCapabilities: Capabilities = {
	// Several numbers in `to` start a group MMS thread (§4 "Important"), so a drop is one request per recipient.
	recipientsPerRequest: 1,
	// Support FAQ via §4 "Limits": at most 10 attachments.
	mediaPerMessage: 10,
	// §4 "Limits" documents 3.5 MB per file; a combined cap exists (error 4411) but is unpublished,
	// so the per-file figure is the tightest documented bound we can hold the whole message to.
	maxMediaBytes: 3_500_000,
	// §4 "Media": PUT /api/v2/users/{accountId}/media/{mediaId}.
	mediaStore: true,
	// providers.md §4 "Media": stored files are kept ~48 h.
	mediaStoreRetention: 'about 48 hours',
	// §4 "Throughput": a new account is limited to 1 message (segment) per second.
	defaultRatePerSecond: 1,
	// §4 "Callbacks": status callbacks are set on the messaging Application only.
	perMessageCallbackUrl: false,
	// §4 "Callbacks": the v2 message request has no callback field; reports go to the Application's URL.
	carriesCallbackUrl: false,
	// §4 "Send": `tag` (≤ 1024 characters) is echoed in every callback as `message.tag`.
	correlationField: 'tag',
	// The v2 message request has no subject field (Bandwidth/node-sdk models/message-request.ts).
	maxSubjectLength: null,
	// Bandwidth/node-sdk models/message-request.ts: "text … Must be 2048 characters or less".
	maxTextLength: 2048,
};

/** Longest `tag` the API takes (§4 "Send"). */
export const MAX_TAG_LENGTH = 1024;

/** Longest single media URL the API takes (§4 "Send": each ≤ 4096 chars). */
export const MAX_MEDIA_URL_LENGTH = 4096;
