import type { Capabilities } from '../types';

/** Plivo's documented limits (providers.md §3 unless noted). */
export const plivoCapabilities: Capabilities = {
	// `dst` takes up to 1,000 numbers joined with `<` in one request (§3 "Bulk").
	recipientsPerRequest: 1000,
	// "max 10 media, total < 5 MB" (§3 "Limits"; Plivo support, media.md table).
	mediaPerMessage: 10,
	maxMediaBytes: 5_000_000,
	// `POST /Media/` stores files and the message references them by `media_ids` (§3 "Media").
	mediaStore: true,
	// providers.md §3 "Media": unused uploads deleted after 6 h, used media kept 1 year.
	mediaStoreRetention: 'unused uploads 6 h, sent media 1 year',
	// The drop's rate meters submission, not delivery: Plivo queues a bulk `dst` request and paces
	// delivery at the account's MPS itself (MMS 0.25/s by default; "excess is queued, not dropped",
	// §3 "Throughput"). Submitting at that MPS would only make the n8n run last hours for nothing.
	// 1,000/s is one full `dst` request per second, well inside the REST limit (~300 requests / 5 s).
	defaultRatePerSecond: 1000,
	// `url` is a field of the send request, shared by every number in `dst` (§3 "Status callback").
	perMessageCallbackUrl: false,
	// `url` on each send request (§3 "Status callback").
	carriesCallbackUrl: true,
	// Plivo echoes nothing of ours in delivery reports; a bulk recipient is known by `To`.
	correlationField: null,
	// The Message API has no subject field (§3 "Send" body fields).
	maxSubjectLength: null,
	// `text`: up to 1,600 characters (Plivo "Send a message" reference; courier's plivo handler
	// uses the same maxMsgLength).
	maxTextLength: 1600,
};

/** "a maximum of 2MB per attachment" on the upload API (§3 "Media"; Plivo upload-media docs). */
export const MAX_UPLOAD_BYTES = 2_000_000;

/** Media types the Media API accepts: "JPG, PNG, GIF, MP4, PDF, text" (§3 "Limits"). */
export const SUPPORTED_MEDIA_TYPES = /^(image\/(jpeg|jpg|png|gif)|video\/mp4|application\/pdf|text\/[a-z0-9.+-]+)$/i;
