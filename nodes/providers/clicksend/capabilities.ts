import type { Capabilities } from '../types';

export const clicksendCapabilities: Capabilities = {
	// providers.md §7: up to 1,000 messages per `/v3/mms/send` call, one `media_file` for all of them.
	recipientsPerRequest: 1000,
	// providers.md §7: "one attachment per MMS"; `media_file` is required.
	mediaPerMessage: 1,
	mediaRequired: true,
	// providers.md §7: ≤ 250 kB; decimal like every budget in DESIGN.md (MMS Media Prep `clicksend` profile).
	maxMediaBytes: 250_000,
	// providers.md §7: `POST /v3/uploads?convert=mms` hosts (and converts) a base64 upload.
	mediaStore: true,
	// providers.md §7 "Media": uploads?convert=mms returns a hosted URL; no retention documented.
	mediaStoreRetention: 'not documented (ClickSend converts and hosts the file)',
	// The drop's rate meters submission, not delivery: ClickSend publishes no API rate limit
	// (providers.md §7), "can accept messages at any rate" and queues them per sender (help.clicksend.com
	// article 42318; toll-free senders deliver at 10/s, article 68262). 1,000/s is one full call per second.
	defaultRatePerSecond: 1000,
	// providers.md §7: delivery receipts go to an account-level rule, never a per-message URL.
	perMessageCallbackUrl: false,
	// providers.md §7: receipts go to the account's delivery-report rule; the send request has no URL field.
	carriesCallbackUrl: false,
	// providers.md §7: "No idempotency key; use `custom_string`" — echoed in receipts and send replies.
	correlationField: 'custom_string',
	// providers.md §7: `subject` is required, ≤ 20 characters.
	maxSubjectLength: 20,
	// providers.md §7: 1500 GSM characters (500 when any character is outside GSM 03.38, which
	// validateMessage checks); longer is truncated, which would cut off the opt-out footer at the end.
	maxTextLength: 1500,
	// providers.md §7: every message needs a `body`.
	textRequired: true,
};
