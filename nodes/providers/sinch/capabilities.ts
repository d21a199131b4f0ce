import type { Capabilities } from '../types';

export const sinchCapabilities: Capabilities = {
	// providers.md §5: one batch carries many `to`; 1000 is the commonly quoted ceiling, and DESIGN.md
	// groups Sinch drops into batches of that size.
	recipientsPerRequest: 1000,
	// providers.md §5 and §11: `body.url` holds a single media URL, and an `mt_media` body requires it.
	mediaPerMessage: 1,
	mediaRequired: true,
	// media.md §1.1: Sinch MMS best practices, without transcoding image/audio/video ≤ 1000 KB.
	maxMediaBytes: 1_000_000,
	// providers.md §5: "no upload API".
	mediaStore: false,
	// The drop's rate meters submission, not delivery: Sinch accepts batches at once and queues them FIFO
	// per service plan, pacing delivery at the plan's contracted rate itself (developers.sinch.com
	// rate-limits page, providers.md §5). 1,000/s is one full batch per second.
	defaultRatePerSecond: 1000,
	// providers.md §5: `callback_url` is per batch; the trigger knows a recipient by `to` (DESIGN.md).
	perMessageCallbackUrl: false,
	// providers.md §5: `callback_url` on each batch.
	carriesCallbackUrl: true,
	// providers.md §5: `client_reference` is echoed in every delivery report of the batch. Batch-level,
	// so it carries the drop id only (DESIGN.md).
	correlationField: 'client_reference',
	// Binary media reach Sinch as n8n-hosted URLs, which must outlive every delivery attempt: a batch's
	// `expire_at` defaults to (and is at most) 3 days after `send_at` (sinch-sdk-node
	// packages/sms/src/models/v1/media-request/media-request.ts; developers.sinch.com SMS Batches reference).
	mediaFetchWindowMs: 3 * 24 * 3600_000,
	// maxSubjectLength and maxTextLength are left undefined: the XMS MediaRequest documents no limit for
	// `body.subject` or `body.message` (sinch-sdk-node `MediaBody`).
};
