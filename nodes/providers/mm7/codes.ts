/**
 * MM7's words and numbers, as data: schema versions and their namespaces, Status/StatusCode
 * meanings for a submit (providers.md §9 "Status codes", 3GPP TS 23.140), and MMStatus values of
 * delivery reports → normalized status (providers.md §10).
 */
import { lookup } from '../shared';
import type { ErrorMeaning, FailureReason, OutcomeKind, StatusMeaning } from '../types';

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** providers.md §9 "Namespaces / versions": MM7Version ↔ schema namespace, as MMSCs document them. */
export const MM7_NAMESPACES = {
	'6.8.0': 'http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4',
	'5.3.0': 'http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0',
} as const;

export type Mm7Version = keyof typeof MM7_NAMESPACES;

/** 6.8.0 is what Sinch/mblox and Momentum document (providers.md §9), so it is the default. */
export const DEFAULT_MM7_VERSION: Mm7Version = '6.8.0';

export function isMm7Version(value: unknown): value is Mm7Version {
	return typeof value === 'string' && Object.hasOwn(MM7_NAMESPACES, value);
}

/** The version a namespace URI stands for; undefined for a schema revision we do not speak. */
export function versionOfNamespace(ns: string | null): Mm7Version | undefined {
	return (Object.keys(MM7_NAMESPACES) as Mm7Version[]).find((version) => MM7_NAMESPACES[version] === ns);
}

/** What an MM7 StatusCode means for the recipients of the request. */
interface StatusCodeMeaning {
	kind: OutcomeKind;
	reason?: FailureReason;
	/** The code's name in TS 23.140 (or the MMSC's table), used when StatusText is missing. */
	name: string;
}

/**
 * SubmitRsp / RSErrorRsp StatusCode → outcome. Every code here is an explicit answer, so none is
 * ambiguous: the MMSC either took the message (1xxx) or says it did not.
 */
export const STATUS_CODES: Record<string, StatusCodeMeaning> = {
	'1000': { kind: 'accepted', name: 'Success' },
	// "Partial success": SubmitRsp names no failed recipients, so every recipient counts as accepted.
	'1100': { kind: 'accepted', name: 'Partial success' },
	'2000': { kind: 'permanent', reason: 'provider_rejected', name: 'Client error' },
	'2001': { kind: 'permanent', reason: 'provider_rejected', name: 'Operation restricted' },
	'2002': { kind: 'permanent', reason: 'invalid_number', name: 'Address error' },
	'2003': { kind: 'permanent', reason: 'invalid_number', name: 'Address not found' },
	'2004': { kind: 'permanent', reason: 'media_rejected', name: 'Multimedia content refused' },
	'2005': { kind: 'permanent', reason: 'provider_rejected', name: 'Message ID not found' },
	'2006': { kind: 'permanent', reason: 'provider_rejected', name: 'LinkedID not found' },
	'2007': { kind: 'permanent', reason: 'provider_rejected', name: 'Message format corrupt' },
	// A server-side failure with an explicit "not done": nothing was accepted, so a retry is safe.
	'3000': { kind: 'retryable', reason: 'server_error', name: 'Server error' },
	'3001': { kind: 'permanent', reason: 'provider_rejected', name: 'Not possible' },
	'3002': { kind: 'permanent', reason: 'provider_rejected', name: 'Message rejected' },
	// Handled before this table when the request carried several recipients (see MULTIPLE_ADDRESSES_REFUSED).
	'3003': { kind: 'permanent', reason: 'provider_rejected', name: 'Multiple addresses not supported' },
	'3005': { kind: 'permanent', reason: 'provider_rejected', name: 'Command rejected' },
	'4000': { kind: 'permanent', reason: 'provider_rejected', name: 'General service error' },
	// Wrong VASP ID / VAS ID: every further request would fail the same way.
	'4001': { kind: 'fatal', reason: 'auth_failed', name: 'Improper identification' },
	// The credential's MM7 version or the operation itself is refused: nothing in this drop can pass.
	'4002': { kind: 'fatal', reason: 'provider_rejected', name: 'Unsupported version' },
	'4003': { kind: 'fatal', reason: 'provider_rejected', name: 'Unsupported operation' },
	'4004': { kind: 'permanent', reason: 'provider_rejected', name: 'Validation error' },
	'4005': { kind: 'permanent', reason: 'provider_rejected', name: 'Service error' },
	'4006': { kind: 'retryable', reason: 'server_error', name: 'Service unavailable' },
	'4007': { kind: 'permanent', reason: 'provider_rejected', name: 'Service denied' },

	// MMSC-specific codes from Sinch's MM7 status-code table (docs/mms/mm7-service, providers.md §12).
	'2502': { kind: 'permanent', reason: 'invalid_number', name: 'Missing destination address' },
	'2550': { kind: 'fatal', reason: 'auth_failed', name: 'Account disabled' },
	'2551': { kind: 'fatal', reason: 'auth_failed', name: 'Account not provisioned for MM7' },
	'2560': { kind: 'permanent', reason: 'media_rejected', name: 'Content length exceeded maximum supported request size' },
	'2561': { kind: 'fatal', reason: 'auth_failed', name: 'Invalid sender identification' },
	'2562': { kind: 'fatal', reason: 'auth_failed', name: 'Invalid VASID' },
	'2563': { kind: 'permanent', reason: 'provider_rejected', name: 'Invalid source address' },
	'2564': { kind: 'fatal', reason: 'auth_failed', name: 'Invalid VASPID' },
	'2568': { kind: 'fatal', reason: 'auth_failed', name: 'Unable to authenticate' },
	'3500': { kind: 'retryable', reason: 'server_error', name: 'Carrier gateway timeout' },
	'3510': { kind: 'retryable', reason: 'rate_limited', name: 'Throughput exceeded' },
};

/**
 * "Multiple addresses not supported": TS 23.140 3003, and Sinch's own 2503 for the same refusal.
 * (Sinch reuses 3003 for "Multimedia download failed"; with one recipient the table's meaning holds.)
 */
export const MULTIPLE_ADDRESSES_REFUSED = new Set(['3003', '2503']);

/**
 * Address errors name no recipient: in a request with several, they are re-sent one per request
 * so that the error lands on the recipient it belongs to.
 */
export const ADDRESS_ERRORS = new Set(['2002', '2003']);

/** A code outside the tables still says "not accepted" unless it is in the success class (code / 1000 = 1). */
export function statusMeaning(code: string): StatusCodeMeaning {
	const known = lookup(STATUS_CODES, code);
	if (known) return known;
	if (/^1\d{3}$/.test(code)) return { kind: 'accepted', name: 'Success' };
	return { kind: 'permanent', reason: 'provider_rejected', name: 'Error' };
}

/** SOAP 1.1 §4.4.1 fault codes (local part), for a Fault that carries no MM7 Status. */
export const FAULT_CODES: Record<string, ErrorMeaning> = {
	// "The message could not be processed for reasons not directly attributable to the contents of the message": may pass later.
	Server: { kind: 'retryable', reason: 'server_error' },
	Client: { kind: 'permanent', reason: 'provider_rejected' },
	// The MMSC does not speak our envelope or header: no request of this drop can pass.
	VersionMismatch: { kind: 'fatal', reason: 'provider_rejected' },
	MustUnderstand: { kind: 'fatal', reason: 'provider_rejected' },
};

/**
 * DeliveryReportReq MMStatus → normalized status (providers.md §10 MM7 row). Deferred (notification
 * seen, message not yet fetched) and Forwarded leave a later report possible.
 */
export const MM_STATUS: Record<string, StatusMeaning> = {
	Retrieved: { status: 'delivered', final: true },
	Expired: { status: 'undelivered', final: true },
	Rejected: { status: 'undelivered', final: true },
	Unrecognised: { status: 'undelivered', final: true },
	Deferred: { status: 'queued', final: false },
	// Interim: the message went on to the next MMSC, whose own report follows. Mbuni relays a
	// message and queues "Forwarded" at once (mmsbox/bearerbox.c, after MMS_SEND_OK; mmsc/
	// mmsglobalsender.c for MMS_SEND_QUEUED) and keeps the report route for a later status
	// ("only remove if not interim status": Deferred and Forwarded, bearerbox.c).
	Forwarded: { status: 'sent', final: false },
	// No handset confirmation will come: §10 keeps this as `sent`.
	Indeterminate: { status: 'sent', final: true },
	// REL-6 schemas: not delivered because the VASP's delivery condition was not met; a failure like
	// Expired or Rejected (Momentum's MM7 bounce hook: SparkPost/support-docs, MM7LogOutbandBounceHook).
	DeliveryConditionNotMet: { status: 'undelivered', final: true },
};

/** An MMStatus outside the table: reported, never dropped (the MMSC would only retry it). */
export const UNKNOWN_MM_STATUS: StatusMeaning = { status: 'sent', final: false };
