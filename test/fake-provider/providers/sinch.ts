/**
 * Sinch SMS REST API ("XMS") as the fake speaks it (providers.md §5):
 *   POST /xms/v1/{service_plan_id}/batches   JSON `mt_media` batch; 201 batch object
 *   GET  /xms/v1/{service_plan_id}/batches   one page of the batches it accepted, filtered as Sinch filters
 *                                            (the credential test request, and the drop's lookups)
 * Sinch has no media-upload endpoint, so there is no upload route. Every route wants the credential's
 * service plan in the path and `Authorization: Bearer <apiToken>` (else 401). Errors are Sinch's
 * `{ code, text }`; 400 `syntax_*` for a malformed request, 403 for a refused one.
 *
 * Conventions for negative cases (a recipient in `to`):
 *   +15005550001 ⇒ 400 syntax_invalid_parameter_format naming that MSISDN (the whole batch is refused)
 *   +15005550006 ⇒ 403 illegal_number_type naming that MSISDN (e.g. a landline)
 *   +15005550009 ⇒ accepted: Sinch refuses nothing at send time for an opted-out recipient, it reports
 *                  code 257 in the delivery report later (see test/fixtures/sinch/README.md)
 * And of the account: credentials `accountBlocked: 'true'` ⇒ 403 blocked_account.
 * The fake's service plan has no default callback URL, so asking for reports without `callback_url`
 * ⇒ 403 missing_callback_url.
 */
import { randomBytes } from 'node:crypto';

import type { FakeContext, FakeProviderApi, FakeReply, FakeRequest } from '../types';

export const SINCH_INVALID_NUMBER = '+15005550001';
export const SINCH_ILLEGAL_TYPE_NUMBER = '+15005550006';
export const SINCH_OPTED_OUT_NUMBER = '+15005550009';

/**
 * The batch list (sinch-sdk-node packages/sms/src/rest/v1/batches/batches-api.ts `list`, ListBatchesRequestData):
 * filters `client_reference`, `from` (comma-separated), `start_date` (default now − 24 h), `end_date`; `page`
 * from 0; batches of the last 14 days only. Sinch documents the default page size (30) but no maximum: the fake
 * caps it at 100, so a client that needs more must page.
 */
const LIST_DEFAULT_PAGE_SIZE = 30;
const LIST_MAX_PAGE_SIZE = 100;
const LISTED_FOR_MS = 14 * 24 * 3600 * 1000;
const DEFAULT_START_AGO_MS = 24 * 3600 * 1000;

/** providers.md §5: recipients per batch as commonly quoted. */
const MAX_RECIPIENTS = 1000;
/** MediaRequest `delivery_report` values (providers.md §5). */
const DELIVERY_REPORTS = new Set(['none', 'summary', 'full', 'per_recipient', 'per_recipient_final']);
/** MediaRequest `expire_at`: default and maximum 3 days after sending (sinch-sdk-node MediaRequest). */
const EXPIRY_MS = 3 * 24 * 3600 * 1000;
const MSISDN = /^\+?[1-9]\d{6,14}$/;

function json(status: number, body: unknown): FakeReply {
	return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function sinchError(status: number, code: string, text: string): FakeReply {
	return json(status, { code, text });
}

function authorized(request: FakeRequest, credentials: Record<string, string>): boolean {
	return (
		request.params.servicePlanId === credentials.servicePlanId &&
		request.headers.authorization === `Bearer ${credentials.apiToken}`
	);
}

const UNAUTHORIZED = () => sinchError(401, 'unauthorized', 'Authentication token is invalid for this service plan.');

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	try {
		return ['http:', 'https:'].includes(new URL(value).protocol);
	} catch {
		return false;
	}
}

function constraint(text: string): FakeReply {
	return sinchError(400, 'syntax_constraint_violation', `The request body doesn't fulfill all of the constraints set by the API: ${text}`);
}

function badFormat(text: string): FakeReply {
	return sinchError(400, 'syntax_invalid_parameter_format', `The format of a field value is invalid: ${text}`);
}

/** The first reason Sinch would refuse this body, or undefined when it is a valid `mt_media` batch. */
function refusal(body: Record<string, unknown>, credentials: Record<string, string>): FakeReply | undefined {
	const { to, from, type, body: content, delivery_report: deliveryReport, callback_url: callbackUrl } = body;
	if (type !== 'mt_media') return constraint(`type must be mt_media, got ${JSON.stringify(type)}`);
	if (!Array.isArray(to) || to.length === 0) return constraint('to must be a non-empty array');
	if (to.length > MAX_RECIPIENTS) return constraint(`to has ${to.length} entries, at most ${MAX_RECIPIENTS} allowed`);
	const badIndex = to.findIndex((number) => typeof number !== 'string' || !MSISDN.test(number) || number === SINCH_INVALID_NUMBER);
	if (badIndex >= 0) return badFormat(`to[${badIndex}] '${String(to[badIndex])}' is not a valid MSISDN`);
	if (from !== undefined && (typeof from !== 'string' || from === '')) return badFormat('from must be a non-empty string');
	if (!isRecord(content)) return constraint('body is required');
	if (content.url === undefined) return constraint('body.url is required');
	if (!isHttpUrl(content.url)) return badFormat(`body.url '${String(content.url)}' is not a valid URL`);
	for (const field of ['message', 'subject'] as const) {
		if (content[field] !== undefined && typeof content[field] !== 'string') return badFormat(`body.${field} must be a string`);
	}
	if (deliveryReport !== undefined && !DELIVERY_REPORTS.has(String(deliveryReport))) {
		return badFormat(`delivery_report '${String(deliveryReport)}' is not a valid value`);
	}
	if (callbackUrl !== undefined && !isHttpUrl(callbackUrl)) return badFormat(`callback_url '${String(callbackUrl)}' is not a valid URL`);
	if (credentials.accountBlocked === 'true') return sinchError(403, 'blocked_account', 'Your account has been blocked.');
	const landline = to.find((number) => number === SINCH_ILLEGAL_TYPE_NUMBER);
	if (landline) return sinchError(403, 'illegal_number_type', `Illegal number type of MSISDN ${landline} for the chosen region.`);
	if (deliveryReport !== undefined && deliveryReport !== 'none' && callbackUrl === undefined) {
		return sinchError(403, 'missing_callback_url', 'Callback has been requested but no URL is provided.');
	}
	return undefined;
}

function createBatch(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context.credentials)) return UNAUTHORIZED();
	// Status-codes page: 415 when Content-Type is missing or not JSON; Sinch documents no body for it.
	if (!String(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return { status: 415 };
	let body: unknown;
	try {
		body = JSON.parse(request.body.toString('utf8'));
	} catch {
		return sinchError(400, 'syntax_invalid_json', 'The JSON in the request is invalid or does not conform to the API specification.');
	}
	if (!isRecord(body)) return sinchError(400, 'syntax_invalid_json', 'The request body must be a JSON object.');
	const refused = refusal(body, context.credentials);
	if (refused) return refused;

	const to = body.to as string[];
	const content = body.body as { url: string; message?: string; subject?: string };
	const from = typeof body.from === 'string' ? body.from : '';
	const callbackUrl = typeof body.callback_url === 'string' ? body.callback_url : null;
	const clientReference = typeof body.client_reference === 'string' ? body.client_reference : null;
	const id = context.nextId('01J');
	context.accept(
		to.map((number) => ({
			messageId: id,
			batchId: id,
			to: number,
			from,
			text: content.message ?? '',
			subject: content.subject ?? null,
			media: [content.url],
			correlation: clientReference,
			callbackUrl,
		})),
	);
	const now = Date.now();
	const batch = {
		id,
		to,
		...(from ? { from } : {}),
		canceled: false,
		body: content,
		type: 'mt_media',
		created_at: new Date(now).toISOString(),
		modified_at: new Date(now).toISOString(),
		delivery_report: body.delivery_report ?? 'none',
		expire_at: new Date(now + EXPIRY_MS).toISOString(),
		...(callbackUrl ? { callback_url: callbackUrl } : {}),
		...(clientReference ? { client_reference: clientReference } : {}),
		feedback_enabled: false,
		strict_validation: false,
	};
	// Kept for the batch list, as Sinch keeps every batch it accepted.
	context.settings.set(`batch:${id}`, { json: JSON.stringify(batch) });
	return json(201, batch);
}

type ListedBatch = { created_at: string; from?: string; client_reference?: string };

function dateParameter(request: FakeRequest, name: string): number | null | FakeReply {
	const value = request.query.get(name);
	if (value === null) return null;
	const time = Date.parse(value);
	return Number.isNaN(time) ? badFormat(`${name} '${value}' is not an ISO-8601 date`) : time;
}

function listBatches(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context.credentials)) return UNAUTHORIZED();
	const now = Date.now();
	const start = dateParameter(request, 'start_date');
	const end = dateParameter(request, 'end_date');
	if (typeof start === 'object' && start !== null) return start;
	if (typeof end === 'object' && end !== null) return end;
	const page = Number(request.query.get('page') ?? 0);
	const pageSize = Number(request.query.get('page_size') ?? LIST_DEFAULT_PAGE_SIZE);
	if (!Number.isInteger(page) || page < 0) return badFormat(`page '${request.query.get('page')}' is not a page number`);
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > LIST_MAX_PAGE_SIZE) return badFormat(`page_size must be 1 to ${LIST_MAX_PAGE_SIZE}`);
	const senders = request.query.get('from')?.split(',');
	const reference = request.query.get('client_reference');
	const from = Math.max(start ?? now - DEFAULT_START_AGO_MS, now - LISTED_FOR_MS);
	const matching = [...context.settings.entries()]
		.filter(([key]) => key.startsWith('batch:'))
		.map(([, stored]) => JSON.parse(stored.json) as ListedBatch)
		.filter((batch) => {
			const created = Date.parse(batch.created_at);
			return created >= from && (end === null || created < end) && (reference === null || batch.client_reference === reference) && (!senders || senders.includes(batch.from ?? ''));
		});
	const batches = matching.slice(page * pageSize, (page + 1) * pageSize);
	return json(200, { count: matching.length, page, page_size: batches.length, batches });
}

const BATCHES_PATH = /^\/xms\/v1\/(?<servicePlanId>[^/]+)\/batches$/;

export const sinchApi: FakeProviderApi = {
	provider: 'sinch',
	defaultCredentials: { servicePlanId: randomBytes(16).toString('hex'), apiToken: randomBytes(16).toString('hex') },
	routes: [
		{ method: 'POST', path: BATCHES_PATH, sends: true, handle: createBatch },
		{ method: 'GET', path: BATCHES_PATH, handle: listBatches },
	],
	// Sinch documents bodies only for 400/403; these keep the same `{ code, text }` shape.
	errorReply(status) {
		if (status === 429) return sinchError(429, 'too_many_requests', 'The user or path has too many outstanding requests.');
		if (status === 503) return sinchError(503, 'service_unavailable', 'The service is unable to perform the request at this point.');
		return sinchError(status, 'internal_error', 'An unexpected internal error occurred.');
	},
};
