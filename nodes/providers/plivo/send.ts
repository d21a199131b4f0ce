/*
 * Send one MMS to up to 1,000 numbers (providers.md §3):
 *
 *   POST https://api.plivo.com/v1/Account/MAXXXXXXXXXXXXXXXXXX/Message/
 *   Authorization: Basic base64(authId:authToken)
 *   Content-Type: application/json
 *
 *   {"src":"14155550100","dst":"14155550111<14155550122","text":"Spring sale",
 *    "type":"mms","media_urls":["https://cdn.example.com/a.jpg"],"media_ids":["801c2056-…"],
 *    "url":"https://n8n.example.com/webhook/mms?dropId=d1","method":"POST"}
 *
 *   202 {"api_id":"db342550-…","message":"message(s) queued",
 *        "message_uuid":["db3ce55a-…"],"invalid_number":["14155550122"]}
 *   4xx/5xx {"api_id":"97ceeb52-…","error":"not found"}
 */
import { z } from 'zod';

import {
	basicAuth, callbackUrlFor, classifyStatus, isSuccess, originOf, outcomeForAll, parseJson, unreadableResponse,
} from '../shared';
import type {
	HttpRequestSpec, HttpResponse, OutboundMessage, ProviderCredentials, SendBatch, SendOutcome,
} from '../types';
import { MAX_UPLOAD_BYTES, SUPPORTED_MEDIA_TYPES } from './capabilities';
import { API_ERROR_RULES, GEO_PERMISSION_REFUSAL } from './codes';
import { PLIVO_ORIGIN, plivoCredential } from './credential';

/** `https://api.plivo.com/v1/Account/{authId}/` (paths end with a slash, as documented). */
export function accountUrl(credentials: ProviderCredentials): string {
	const { authId, baseUrl } = plivoCredential.read(credentials);
	return `${originOf(baseUrl, PLIVO_ORIGIN)}/v1/Account/${encodeURIComponent(authId)}/`;
}

export function authorizationOf(credentials: ProviderCredentials): string {
	const { authId, authToken } = plivoCredential.read(credentials);
	return basicAuth(authId, authToken);
}

/** Plivo's number format: country code and digits, no `+` (its docs' `14156667777<14157778888`). */
export function plivoNumber(e164: string): string {
	return e164.trim().replace(/^\+/, '');
}

/** Digits only, to match Plivo's `invalid_number` entries and callback numbers to our E.164. */
function digitsOf(number: string): string {
	return number.replace(/\D/g, '');
}

export function validatePlivoMessage(message: OutboundMessage): string[] {
	const problems: string[] = [];
	if (!message.from.trim()) problems.push('Plivo needs a sender (`src`): a Plivo number or short code');
	message.media.forEach((item, index) => {
		const label = `Media ${index + 1}`;
		const bytes = item.bytes ?? item.data?.length;
		if (!item.url && !item.mediaId && !item.data) problems.push(`${label} has neither a URL nor a file to upload`);
		if (item.url && !item.mediaId && !/^https?:\/\//i.test(item.url)) problems.push(`${label} URL must be http(s): ${item.url}`);
		if (item.contentType && !SUPPORTED_MEDIA_TYPES.test(item.contentType)) {
			problems.push(`${label} is ${item.contentType}; Plivo takes JPEG, PNG, GIF, MP4, PDF and text`);
		}
		const uploaded = item.mediaId !== undefined || (item.data !== undefined && !item.url);
		if (uploaded && bytes !== undefined && bytes > MAX_UPLOAD_BYTES) {
			problems.push(`${label} is ${bytes} bytes; Plivo's media store takes at most ${MAX_UPLOAD_BYTES} per file`);
		}
	});
	return problems;
}

export function buildPlivoSendRequest(credentials: ProviderCredentials, batch: SendBatch): HttpRequestSpec {
	const { message, recipients } = batch;
	// Uploaded media go by id (what the upload API returns); a URL is only the fallback.
	const mediaIds = message.media.flatMap((item) => (item.mediaId ? [item.mediaId] : []));
	const mediaUrls = message.media.flatMap((item) => (!item.mediaId && item.url ? [item.url] : []));
	// One `url` serves the whole request: with a single recipient it can carry `ref` too.
	const callbackUrl = recipients.length === 1 ? callbackUrlFor(batch, recipients[0]) : batch.statusCallbackUrl;
	const body = {
		src: plivoNumber(message.from),
		dst: recipients.map((recipient) => plivoNumber(recipient.to)).join('<'),
		text: message.text,
		type: 'mms',
		...(mediaUrls.length > 0 ? { media_urls: mediaUrls } : {}),
		...(mediaIds.length > 0 ? { media_ids: mediaIds } : {}),
		...(callbackUrl ? { url: callbackUrl, method: 'POST' } : {}),
	};
	return {
		method: 'POST',
		url: `${accountUrl(credentials)}Message/`,
		headers: {
			authorization: authorizationOf(credentials),
			'content-type': 'application/json',
			accept: 'application/json',
		},
		body: JSON.stringify(body),
	};
}

const acceptedReply = z.object({
	api_id: z.string().optional(),
	message_uuid: z.array(z.string().min(1)),
	invalid_number: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
});

const errorReply = z.object({
	api_id: z.string().optional(),
	error: z.unknown().refine((value) => value !== undefined && value !== null && value !== ''),
});

export function parsePlivoSendResponse(batch: SendBatch, response: HttpResponse): SendOutcome[] {
	const body = parseJson(response.body);
	if (isSuccess(response)) {
		const accepted = acceptedReply.safeParse(body);
		if (!accepted.success) return unreadableResponse(batch, response, 'Plivo send');
		return alignMessageUuids(batch, response.status, accepted.data);
	}
	const failed = errorReply.safeParse(body);
	if (!failed.success) return unreadableResponse(batch, response, 'Plivo send');
	return errorOutcomes(batch, response.status, failed.data);
}

/**
 * `message_uuid` lists one id per number Plivo queued, in `dst` order, after it dropped
 * repeated numbers and the ones it returned in `invalid_number` (providers.md §3).
 */
function alignMessageUuids(
	batch: SendBatch,
	httpStatus: number,
	reply: z.infer<typeof acceptedReply>,
): SendOutcome[] {
	const invalid = new Set((reply.invalid_number ?? []).map(digitsOf));
	const seen = new Set<string>();
	const firstOccurrence = batch.recipients.map((recipient) => {
		const digits = digitsOf(recipient.to);
		const first = !invalid.has(digits) && !seen.has(digits);
		seen.add(digits);
		return first;
	});
	const queuedCount = firstOccurrence.filter(Boolean).length;
	const aligned = reply.message_uuid.length === queuedCount;
	const uuids = [...reply.message_uuid];

	return batch.recipients.map((recipient, index): SendOutcome => {
		const { ref, to } = recipient;
		if (invalid.has(digitsOf(to))) {
			return {
				ref,
				kind: 'permanent',
				reason: 'invalid_number',
				error: { code: 'invalid_number', message: `Plivo returned ${to} in invalid_number`, httpStatus },
			};
		}
		if (!firstOccurrence[index]) {
			return {
				ref,
				kind: 'permanent',
				reason: 'provider_rejected',
				error: {
					code: 'duplicate_destination',
					message: `${to} appears twice in one request; Plivo sends it once`,
					httpStatus,
				},
			};
		}
		if (!aligned) {
			// Plivo queued something, but we cannot tell which id is whose: never resend blindly.
			return {
				ref,
				kind: 'ambiguous',
				reason: 'invalid_response',
				error: {
					code: 'invalid_response',
					message: `Plivo returned ${reply.message_uuid.length} message_uuid for ${queuedCount} valid numbers`,
					httpStatus,
				},
			};
		}
		return { ref, kind: 'accepted', messageId: uuids.shift() };
	});
}

function errorOutcomes(batch: SendBatch, httpStatus: number, reply: z.infer<typeof errorReply>): SendOutcome[] {
	const text = typeof reply.error === 'string' ? reply.error : JSON.stringify(reply.error);
	const error = {
		// Plivo errors carry no code of their own; the HTTP status stands in for one.
		code: String(httpStatus),
		message: `Plivo: ${text.slice(0, 300)}${reply.api_id ? ` (api_id ${reply.api_id})` : ''}`,
		httpStatus,
	};
	// A 404 on the account's own Message resource means the Auth ID path is wrong: every
	// request of the drop would get the same answer.
	if (httpStatus === 404) return outcomeForAll(batch, 'fatal', { reason: 'provider_rejected', error });
	if (httpStatus === GEO_PERMISSION_REFUSAL.httpStatus) {
		const { kind, reason, code, explanation } = GEO_PERMISSION_REFUSAL;
		const which = batch.recipients.length === 1 ? 'this number' : `this request of ${batch.recipients.length} numbers`;
		return outcomeForAll(batch, kind, { reason, error: { ...error, code, message: `Plivo refused ${which}: ${explanation}. ${error.message}` } });
	}
	const byStatus = classifyStatus(httpStatus);
	if (byStatus.kind === 'permanent') {
		const rule = API_ERROR_RULES.find(
			(candidate) => candidate.pattern.test(text) && (!candidate.singleRecipientOnly || batch.recipients.length === 1),
		);
		if (rule) return outcomeForAll(batch, rule.kind, { reason: rule.reason, error });
	}
	return outcomeForAll(batch, byStatus.kind, { reason: byStatus.reason, error });
}
