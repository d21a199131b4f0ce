import type { Capabilities } from '../types';

export const telnyxCapabilities: Capabilities = {
	// providers.md §2 "Bulk: none — one `to` per request" (group_mms is a group thread, not a broadcast).
	recipientsPerRequest: 1,
	// providers.md §2 "Limits: up to 10 media URLs".
	mediaPerMessage: 10,
	// providers.md §2: the SDK's `media_urls` doc says "The total media size must be less than 1 MB".
	maxMediaBytes: 1_000_000,
	// Messaging fetches every `media_urls` entry anonymously (support.telnyx.com article 4450150: allow-list
	// 192.76.120.192/193 to keep media private to Telnyx) and sends the message without what it cannot fetch
	// (developers.telnyx.com send-receive-MMS troubleshooting: "MMS sent but recipient receives SMS only —
	// the media URL was unreachable"). Telnyx's Media Storage (`/v2/media`, documented for voice, fax and
	// TeXML) serves downloads only with the API key, so it is no store for messaging (issue #12).
	mediaStore: false,
	// providers.md §2 Throughput: account default for MMS is 15 msg/s (SMS 50).
	defaultRatePerSecond: 15,
	// providers.md §2: `webhook_url` per message, which wins over the messaging profile's URL.
	perMessageCallbackUrl: true,
	// `webhook_url` on each message (providers.md §2).
	carriesCallbackUrl: true,
	// No free-form correlation field on `POST /v2/messages` (telnyx-node MessageSendParams; `tags`
	// appears only on the returned message): `dropId`/`ref` travel in `webhook_url`.
	correlationField: null,
	// `subject` exists but Telnyx documents no length limit for it or for `text` (providers.md §2,
	// telnyx-node MessageSendParams), so both stay undefined rather than invented.
	// Media is fetched when a message leaves Telnyx's queue. Every queue the rate-limiting guide sizes
	// holds at most 4 h of sending (max queue length ÷ rate = 14,400 s for the account and for each sender
	// type: developers.telnyx.com/docs/messaging/messages/rate-limiting), but 10DLC campaign queues and the
	// `valid_until` Telnyx sets on a queued message are not documented: a day covers them with room.
	mediaFetchWindowMs: 24 * 3600_000,
};
