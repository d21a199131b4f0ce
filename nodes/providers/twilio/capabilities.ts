import type { Capabilities } from '../types';

export const twilioCapabilities: Capabilities = {
	// The classic Messages resource takes one `To` (providers.md §1 "Bulk"); the Bulk Messaging API
	// is a public beta and Notify Passthrough is deprecated, so neither is a drop's foundation.
	recipientsPerRequest: 1,
	// Up to 10 `MediaUrl` per message, error 21623 beyond (providers.md §1 "Limits").
	mediaPerMessage: 10,
	// MMS total ≤ 5 MB, errors 11751/63034 beyond (providers.md §1 "Limits"); decimal to stay under
	// the limit whichever way Twilio counts a megabyte.
	maxMediaBytes: 5_000_000,
	// The Messages API only fetches public URLs; it has no upload endpoint (providers.md §1 "Media").
	mediaStore: false,
	// A long code sends ≈ 1 segment/s and an MMS counts as one message (providers.md §1
	// "Throughput guidance"); the safe default for a new account's number.
	defaultRatePerSecond: 1,
	// `StatusCallback` is a per-message parameter (providers.md §1 "Status callback").
	perMessageCallbackUrl: true,
	// `StatusCallback` on each message (providers.md §1 "Status callback").
	carriesCallbackUrl: true,
	// No tag/client-ref field: `ref` travels in the StatusCallback query string instead.
	correlationField: null,
	// The Messages resource has no subject parameter (providers.md §1 "Send" field list).
	maxSubjectLength: null,
	// `Body` ≤ 1600 characters (providers.md §1 "Send").
	maxTextLength: 1600,
	// A queued message is sent (and its media fetched) within its ValidityPeriod, default and maximum
	// 36,000 s (twilio-node @45d3d65a4 src/rest/api/v2010/account/message.ts, `validityPeriod`: "Accepted
	// values are integers from 1 to 36000. Default value is 36000"; twilio.com/docs/api/errors/30001 and
	// 21611: "Messages can only be queued for 10 hours"). Older SDKs said 14,400 s: a URL that lived only
	// that long could expire under a message Twilio still had queued.
	mediaFetchWindowMs: 36_000_000,
};
