import type { Capabilities } from '../types';

export const vonageCapabilities: Capabilities = {
	// providers.md §6 "Bulk: none; one `to` per request".
	recipientsPerRequest: 1,
	// Vonage documents no maximum for the `content` message type ("can include multiple attachments",
	// developer.vonage.com/en/messages/concepts/mms); 10 is the US MMS attachment cap every other
	// provider documents (providers.md §1–§4), so a drop never leans on an undocumented allowance.
	mediaPerMessage: 10,
	// Vonage documents no byte limit; 1 MB is the long-code limit AT&T and T-Mobile enforce
	// (media.md §1.1, Twilio and Telnyx tables). Media Prep's profiles handle stricter routes.
	maxMediaBytes: 1_000_000,
	// providers.md §6 "Media: public URLs only".
	mediaStore: false,
	// providers.md §6 Throughput: 30 API requests/s per API key by default (api.support.vonage.com 203993598).
	defaultRatePerSecond: 30,
	// providers.md §6: `webhook_url` per message overrides the application's status URL.
	perMessageCallbackUrl: true,
	// providers.md §6: `webhook_url` on each message.
	carriesCallbackUrl: true,
	// providers.md §6: `client_ref` (≤ 100 characters) comes back in every status webhook.
	correlationField: 'client_ref',
	// The Messages API MMS channel has no subject field (providers.md §6 body fields).
	maxSubjectLength: null,
	// The text travels as an attachment caption: 1–2000 characters (vonage-python-sdk MmsResource
	// `caption` max_length=2000; vonage-java-sdk MmsContentRequest "maximum 2000 characters").
	maxTextLength: 2000,
	// Vonage keeps trying until a final status, which for SMS/MMS may take up to 72 h (providers.md §6,
	// developer.vonage.com/en/messages/concepts/messages-status-callbacks); the MMS `ttl` we do not send has
	// no documented default (vonage-node-sdk MMS classes: "how long a message should exist before it is
	// delivered"). Media URLs live that long, so no retry meets an expired one.
	mediaFetchWindowMs: 72 * 3600_000,
};
