/**
 * The one contract between a provider and the rest of the package.
 *
 * Adapters are pure: they build HTTP requests and parse HTTP responses and webhook requests.
 * They never send anything and never read the clock or the environment on their own; the drop
 * engine (`nodes/drop/`) sends, paces and retries, the trigger node answers webhooks.
 */

import type { CredentialSpec } from './credentials';
import type { adapters } from './index';

/** A provider the registry (`nodes/providers/index.ts`) knows; nothing else is one. */
export type ProviderId = keyof typeof adapters;

/** Decrypted credential data as n8n hands it over; each adapter reads its own fields. */
export type ProviderCredentials = Record<string, unknown>;

/**
 * What a provider can do, as data (README's capability table is generated from these).
 * `checkCapabilities` holds every message to the limits here; test/providers checks each
 * documentation-like field against what the adapter does.
 */
export interface Capabilities {
	/** Recipients one send request may carry (1 = one request per recipient). */
	recipientsPerRequest: number;
	/** Media attachments one message may carry. */
	mediaPerMessage: number;
	/** Total media bytes one message may carry (decimal bytes). */
	maxMediaBytes: number;
	/** The provider hosts uploaded media (binary input works without a public URL); exactly when the adapter has `upload`. */
	mediaStore: boolean;
	/** How long the provider's media store keeps an upload (the README's media table), where it says. */
	mediaStoreRetention?: string;
	/** Documented safe messages/second for a new account; the drop's default rate. */
	defaultRatePerSecond: number;
	/** A status callback URL can be set per message (false: per batch or only account-wide). */
	perMessageCallbackUrl: boolean;
	/**
	 * The send request carries a status callback URL at all (per message or per request). False: the
	 * provider posts reports only where its console points them, so Send MMS Drop's Status Callback URL
	 * cannot reach it (hidden in the editor, a Summary warning when set anyway). Default true.
	 */
	carriesCallbackUrl?: boolean;
	/** Request field that carries our `ref` and comes back in delivery reports; null if none. */
	correlationField: string | null;
	/** Longest subject the provider takes; null = no subject field; undefined = no documented limit. */
	maxSubjectLength?: number | null;
	/** Longest text the provider takes, in characters (Unicode code points). */
	maxTextLength?: number;
	/** Every message carries media: the provider's MMS has no text-only form. */
	mediaRequired?: boolean;
	/** Every message carries text: the provider refuses a media-only MMS. */
	textRequired?: boolean;
	/**
	 * How long after accepting a message the provider may still fetch its media URLs (its queue's
	 * validity): n8n-hosted media URLs must outlive the drop by this much. Default: a day.
	 */
	mediaFetchWindowMs?: number;
	/**
	 * Media travels inside the send request (MM7): the node fetches media URLs once per drop and
	 * hands the bytes over as `MediaRef.data`; binary input needs no media store.
	 */
	inlineMedia?: boolean;
}

/** A media item as it goes into a send request. */
export interface MediaRef {
	/** Public URL (or the provider's media-store URL after an upload). */
	url?: string;
	/** Provider media id where the API references uploads by id (Plivo `media_ids`). */
	mediaId?: string;
	contentType?: string;
	/** Known size, for limit checks before sending. */
	bytes?: number;
	/** Inline content, for providers that carry media in the request itself (MM7). */
	data?: Buffer;
	fileName?: string;
	/** Content hash of a file from a binary property: tells files apart where there is no URL or id. */
	sha256?: string;
}

/** One multimedia message, shared by every recipient of a batch. */
export interface OutboundMessage {
	from: string;
	text: string;
	subject?: string;
	media: MediaRef[];
}

export interface BatchRecipient {
	/** Short id unique within the drop; goes into the correlation field where there is one. */
	ref: string;
	/** E.164 number. */
	to: string;
}

/** One send request's worth of recipients sharing one message. */
export interface SendBatch {
	dropId: string;
	message: OutboundMessage;
	recipients: BatchRecipient[];
	/**
	 * Status callback URL without per-recipient parameters (`dropId` is already on it).
	 * Adapters with `perMessageCallbackUrl` add `ref` per recipient via `callbackUrlFor`.
	 */
	statusCallbackUrl?: string;
}

/** Everything the engine needs to put a request on the wire. */
export interface HttpRequestSpec {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** Absolute URL (origin from the credential's `baseUrl` + the documented path). */
	url: string;
	headers: Record<string, string>;
	body?: string | Buffer;
}

export interface HttpResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/**
 * How the engine must treat a recipient after a send attempt.
 * - accepted: the provider took it (messageId set where the provider gives one).
 * - permanent: will never succeed for this recipient; no retry.
 * - retryable: surely not accepted (429, 503, refused before sending); retry after a pause.
 * - ambiguous: may have been accepted (timeout/reset after sending, 5xx other than 503); never retried.
 * - fatal: the whole drop must stop (bad credentials, account blocked).
 */
export type OutcomeKind = 'accepted' | 'permanent' | 'retryable' | 'ambiguous' | 'fatal';

export type SkipReason = 'invalid_number' | 'duplicate' | 'suppressed' | 'no_consent' | 'already_sent';

export type FailureReason =
	| 'invalid_number'
	| 'opted_out'
	| 'provider_rejected'
	| 'media_rejected'
	| 'unsupported_destination'
	| 'rate_limited'
	| 'timeout'
	| 'connection_error'
	| 'server_error'
	| 'invalid_response'
	| 'auth_failed'
	| 'insufficient_funds'
	| 'cancelled'
	/** An earlier run of the drop stopped while this recipient's request was on its way. */
	| 'interrupted'
	/** The drop ledger could not be written, so nothing more could be sent safely. */
	| 'ledger_unavailable';

export type Reason = SkipReason | FailureReason;

/** What a provider's send-time error means for the recipient; the rows of each adapter's code table. */
export interface ErrorMeaning {
	kind: OutcomeKind;
	reason: FailureReason;
}

export interface OutcomeError {
	/** Provider error code as a string ('21610', 'max-message-queue-size-exceeded'), or our own. */
	code: string;
	message: string;
	httpStatus: number | null;
}

export interface SendOutcome {
	ref: string;
	kind: OutcomeKind;
	messageId?: string;
	batchId?: string;
	reason?: FailureReason;
	error?: OutcomeError;
	/** Provider's own wait hint (e.g. Telnyx `x-ratelimit-reset`); the engine also reads Retry-After. */
	retryAfterMs?: number;
	/**
	 * The provider refused the request only because it carried several recipients (MM7 3003): with
	 * kind 'retryable', the engine re-sends these recipients one per request, and sends one per
	 * request for the rest of the drop. Not counted against maxRetries.
	 */
	multipleRecipientsRefused?: boolean;
}

/** A media upload, for providers with a media store. */
export interface MediaFile {
	data: Buffer;
	mimeType: string;
	fileName: string;
	/** Content hash: stable id for providers where the client names the object (Bandwidth). */
	sha256: string;
}

export interface MediaUploader {
	buildRequest(credentials: ProviderCredentials, file: MediaFile): HttpRequestSpec;
	/** The reference to put into messages; throws ProviderResponseError when the reply is unusable. */
	parseResponse(file: MediaFile, response: HttpResponse): MediaRef;
	/**
	 * What a dry run plans with instead of uploading: the reference as far as it is known before the
	 * upload (names the provider assigns are stand-ins), so `validateMessage` sees the message's shape.
	 */
	plannedReference(file: MediaFile): MediaRef;
}

/** A webhook request exactly as it reached n8n. */
export interface WebhookRequest {
	method: string;
	/**
	 * The URLs this request may have been signed for, most likely first (production URL as
	 * configured, with and without explicit port, the test URL). Signature schemes over the URL
	 * accept any of them.
	 */
	urls: string[];
	headers: Record<string, string | string[] | undefined>;
	query: Record<string, string | string[] | undefined>;
	rawBody: Buffer;
}

export type VerifyResult = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export type EventKind = 'status' | 'inbound' | 'opt_out' | 'opt_in';

export type NormalizedStatus =
	| 'queued'
	| 'sent'
	| 'delivered'
	| 'undelivered'
	| 'failed'
	| 'read'
	| 'received';

/** What a provider's delivery status means; the rows of each adapter's status table. */
export interface StatusMeaning {
	status: NormalizedStatus;
	/** No later status will follow for the message. */
	final: boolean;
}

/** One output item of the MMS Delivery Trigger. */
export interface NormalizedEvent {
	provider: ProviderId;
	kind: EventKind;
	/** Provider's id for the event itself where it has one (dedupe of at-least-once deliveries). */
	eventId: string | null;
	messageId: string | null;
	status: NormalizedStatus;
	providerStatus: string;
	final: boolean;
	to: string | null;
	from: string | null;
	errorCode: string | null;
	errorMessage: string | null;
	optedOut: boolean;
	occurredAt: string;
	dropId: string | null;
	ref: string | null;
	text: string | null;
	media: Array<{ url: string; contentType: string | null }>;
	raw: unknown;
}

/** What the trigger answers the provider with when the request was accepted. */
export interface WebhookAck {
	status: number;
	contentType?: string;
	body?: string;
}

export interface WebhookHandler {
	verify(credentials: ProviderCredentials, request: WebhookRequest, nowMs: number): VerifyResult;
	/**
	 * Why `verify` can pass no request with this credential (a secret it signs with is missing);
	 * undefined when some can pass. The trigger then refuses to listen instead of answering every
	 * request 401.
	 */
	unverifiableReason?(credentials: ProviderCredentials): string | undefined;
	/**
	 * The request's events. Throws WebhookPayloadError (⇒ 400) for malformed or unknown payloads,
	 * also while iterating. Providers that post arrays yield event by event, so the trigger keeps the
	 * event loop free between slices of a 10,000-event array.
	 */
	parse(request: WebhookRequest, receivedAt: Date): Iterable<NormalizedEvent>;
	/** Response for an accepted request (Twilio wants TwiML; most want an empty 200). */
	ack?(request: WebhookRequest, events: NormalizedEvent[]): WebhookAck;
	/** Response for a refused request (401/403/400/413) where the provider expects a body of its own (MM7: a SOAP Fault). */
	reject?(request: WebhookRequest, status: number, reason: string): WebhookAck;
	/**
	 * Where the user puts the trigger's Production URL in the provider's console, as short steps that
	 * name it (the node's notice numbers them; the README lists them).
	 */
	setupSteps: string[];
	/** Where the provider's API can point its callbacks at a URL: the trigger's `registerWebhook`. */
	registrar?: WebhookRegistrar;
	/** Largest request accepted (default 1 MB); MM7 delivers inbound media inline. */
	maxBodyBytes?: number;
	/**
	 * `verify` reads the request's headers, URL and query, never its body (HTTP Basic): the trigger
	 * then verifies before reading a body n8n left unread (multipart), so a caller without
	 * credentials costs no body read or parse (issue #13).
	 */
	verifiesHeadersOnly?: boolean;
}

/**
 * Points a provider-side callback setting (a Telnyx messaging profile, a Twilio Messaging
 * Service, a Plivo application) at the trigger on activation, and puts the previous value back
 * on deactivation. Settings are the provider's own field names and values.
 */
export interface WebhookRegistrar {
	/** What the user names, e.g. 'Messaging Profile ID'. */
	targetLabel: string;
	targetPlaceholder: string;
	/** Reads the target's current settings. */
	read(credentials: ProviderCredentials, targetId: string): HttpRequestSpec;
	/** The settings this trigger manages, as the read reply has them (missing ⇒ ''). */
	parseSettings(response: HttpResponse): Record<string, string>;
	/** The settings that send the target's callbacks to `url`. */
	settingsFor(url: string): Record<string, string>;
	/** Writes settings: ours on activation, the saved ones on deactivation. */
	write(credentials: ProviderCredentials, targetId: string, settings: Record<string, string>): HttpRequestSpec;
	/** The account's targets, for the trigger's picker; without it the target is typed. */
	targets?: AccountList;
}

/** One thing an account list offers the editor: what the user reads, and the value the node keeps. */
export interface AccountEntry {
	name: string;
	value: string;
	/** Where the user can open it in the provider's console, where there is a stable link. */
	url?: string;
}

/** One page of an account list, and the cursor of the next (none: this was the last). */
export interface AccountPage {
	entries: AccountEntry[];
	next?: string;
}

/**
 * Something the provider's account can list for the editor's pickers (n8n's resource locator):
 * its sending numbers, its Messaging Services, its messaging profiles. Pure, like the rest of an
 * adapter: it builds the request for a page and reads the reply; the node's list search sends it.
 */
export interface AccountList {
	/** What the list holds, in a sentence: "numbers", "Messaging Services". */
	label: string;
	/** The request for the first page, or for the page `cursor` (from the previous page) names. */
	buildRequest(credentials: ProviderCredentials, cursor?: string): HttpRequestSpec;
	/** The page's entries; throws ProviderResponseError when the reply is not a page of the list. */
	parseResponse(response: HttpResponse): AccountPage;
}

/** What a lookup asks the provider about one recipient of an earlier run whose send is in doubt. */
export interface LookupQuery {
	dropId: string;
	ref: string;
	to: string;
	from: string;
	text: string;
	/** Wall-clock ms: the earlier request was written no earlier than this. */
	sentAfterMs: number;
}

/** The provider's answer: it has the message (with its id), it has none, or the reply does not tell. */
export type LookupAnswer = { found: true; messageId: string; batchId?: string } | { found: false } | { found: 'unknown'; why: string };

/** Asks the provider whether it has a message we may have sent (`resolveUnknown`). */
export interface MessageLookup {
	buildRequest(credentials: ProviderCredentials, query: LookupQuery): HttpRequestSpec;
	parseResponse(query: LookupQuery, response: HttpResponse): LookupAnswer;
}

export interface ProviderAdapter<Id extends string = ProviderId> {
	id: Id;
	displayName: string;
	/**
	 * n8n credential type name (`dropMmsTwilioApi`). None for a provider that needs no account (the
	 * sandbox): the nodes list no credential for it and never ask n8n for one.
	 */
	credentialType?: string;
	/**
	 * The provider is simulated inside n8n (the sandbox): nothing goes to any provider. Instead of a
	 * credential its adapter gets this installation's sandbox key (`nodes/providers/sandbox/installation.ts`),
	 * and Send MMS Drop hands the drop the simulator (`nodes/providers/sandbox/simulator.ts`) as its
	 * transport: it answers the adapter's requests in-process and posts signed reports to the status callback URL.
	 */
	simulated?: boolean;
	/** The credential's fields, as the adapter reads them. */
	credential?: CredentialSpec;
	capabilities: Capabilities;
	/** Capabilities that depend on the credential (an MMSC's own limits); default `capabilities`. */
	capabilitiesFor?(credentials: ProviderCredentials): Capabilities;
	/**
	 * Problems only this provider has with a message (the limits in `capabilities` are checked for
	 * every provider by `checkCapabilities`); `messageProblems` runs both before anything is sent.
	 */
	validateMessage?(message: OutboundMessage, credentials: ProviderCredentials): string[];
	/** Request for one batch (length ≤ capabilities.recipientsPerRequest), auth headers included. */
	buildSendRequest(credentials: ProviderCredentials, batch: SendBatch, nowMs: number): HttpRequestSpec;
	/** Exactly one outcome per batch recipient, in batch order. Never throws. */
	parseSendResponse(batch: SendBatch, response: HttpResponse): SendOutcome[];
	upload?: MediaUploader;
	/**
	 * The account's senders for Send MMS Drop's From picker (numbers, Messaging Services, number pools),
	 * one list per kind. Without any, From is typed: the provider's API does not list them to this credential.
	 */
	senders?: AccountList[];
	/** Why From is typed for a provider without `senders`: said in the editor and the README. */
	sendersUnlisted?: string;
	/** Where the provider can be asked whether it has a message (ClickSend custom_string, Twilio's message list …). */
	lookup?: MessageLookup;
	webhook?: WebhookHandler;
}

/** A provider reply that cannot be used (not JSON, missing fields). */
export class ProviderResponseError extends Error {
	constructor(
		message: string,
		readonly httpStatus: number | null = null,
	) {
		super(message);
		this.name = 'ProviderResponseError';
	}
}

/** A webhook body that is malformed or of an unknown shape (the trigger answers 400). */
export class WebhookPayloadError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'WebhookPayloadError';
	}
}
