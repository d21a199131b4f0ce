import type { Capabilities } from '../types';

export const telnyxCapabilities: Capabilities = {
	// providers.md §2 "Bulk: none — one `to` per request" (group_mms is a group thread, not a broadcast).
	recipientsPerRequest: 1,
	// providers.md §2 "Limits: up to 10 media URLs".
	mediaPerMessage: 10,
	// providers.md §2: the SDK's `media_urls` doc says "The total media size must be less than 1 MB".
	maxMediaBytes: 1_000_000,
	// providers.md §2: Media Storage API `POST /v2/media` (see upload.ts for how uploads are referenced).
	mediaStore: true,
	// providers.md §2 Throughput: account default for MMS is 15 msg/s (SMS 50).
	defaultRatePerSecond: 15,
	// providers.md §2: `webhook_url` per message, which wins over the messaging profile's URL.
	perMessageCallbackUrl: true,
	// No free-form correlation field on `POST /v2/messages` (telnyx-node MessageSendParams; `tags`
	// appears only on the returned message): `dropId`/`ref` travel in `webhook_url`.
	correlationField: null,
	// `subject` exists but Telnyx documents no length limit for it or for `text` (providers.md §2,
	// telnyx-node MessageSendParams), so both stay undefined rather than invented.
};
