/**
 * ClickSend pushes delivery receipts and inbound messages to URL rules (providers.md §7), as JSON
 * (`webhook_type: "json"`) or as a form, one object per request or an array of them:
 *
 *   POST <trigger URL>?token=…            delivery receipt
 *   { "message_id": "FC9EA26C-6FE3-4F47-AF5A-47EBDF96EDBC", "status_code": "201", "status_text": "Delivered",
 *     "error_code": "4", "error_text": "Message delivered to the handset", "timestamp": "1718099620",
 *     "timestamp_send": "1718099611", "custom_string": "drop-1:r1", "message_type": "mms", "subaccount_id": "745158" }
 *
 *   POST <trigger URL>?token=…            inbound (sample from ClickSend/integration-n8n ClickSendTrigger)
 *   { "message_id": "1F12D781-99C1-6D94-96FE-F5A311C8997D", "from": "+61429912603", "to": "+61477485926",
 *     "body": "trigger reply", "message": "trigger reply", "timestamp": 1775012927,
 *     "original_message_id": "1F12D717-947A-6FBC-BBFE-D14C2927CEEF", "original_body": "…", "custom_string": "" }
 *
 * Receipts have no event id (several arrive per message): a receipt's key is its message, its
 * status and the receipt as sent, so a replay is recognised. An inbound message is its own event,
 * so its `message_id` is the event id.
 */
import { z } from 'zod';

import { contentEventId, normalizedEvent } from '../events';
import {
	correlationFromQuery, correlationOf, decodeCorrelation, header, inboundKind, lookup, parseForm, parseJsonBody, recordOf,
} from '../shared';
import type { NormalizedEvent, WebhookRequest } from '../types';
import { WebhookPayloadError } from '../types';
import { RECEIPT_ERROR_CODES, RECEIPT_STATUS_CODES } from './codes';

/** Forms carry every value as text, JSON rules send some as numbers: accept both. */
const textOrNumber = z.union([z.string(), z.number()]).transform((value) => String(value).trim());
const optionalText = z.string().nullable().optional();

const receiptSchema = z
	.object({
		message_id: z.string().min(1),
		status_code: textOrNumber,
		status_text: optionalText,
		error_code: textOrNumber.nullable().optional(),
		error_text: optionalText,
		timestamp: textOrNumber.nullable().optional(),
		custom_string: optionalText,
	})
	.passthrough();

const inboundSchema = z
	.object({
		message_id: z.string().min(1),
		from: z.string().min(1),
		to: optionalText,
		// providers.md §7: the text arrives as `body` and/or `message`.
		body: optionalText,
		message: optionalText,
		timestamp: textOrNumber.nullable().optional(),
		custom_string: optionalText,
		// Inbound MMS media is undocumented (unverified): ClickSend names a message's media
		// `_media_file_url` in its send replies and `media_file` in requests, so either is taken.
		_media_file_url: z.string().url().optional(),
		media_file: z.string().url().optional(),
	})
	.passthrough()
	.refine((item) => item.body != null || item.message != null, { message: 'an inbound message needs body or message' });

/** Where the trigger's Production URL goes, step by step (the node's notice and the README). */
export const setupSteps = [
	"In the ClickSend dashboard, open Messaging Settings → SMS (and MMS) → Delivery Reports, then Inbound Messages.",
	"In each, add a rule with action URL (webhook type JSON).",
	"As its URL, paste the Production URL followed by ?token= and this credential's Webhook Token.",
];

export function parseWebhook(request: WebhookRequest, receivedAt: Date): NormalizedEvent[] {
	const items = payloadItems(request);
	if (items.length === 0) throw new WebhookPayloadError('ClickSend webhook carries no receipt or message');
	return items.map((item) => {
		const fields = recordOf(item);
		if (!fields) throw new WebhookPayloadError('ClickSend webhook item is not an object');
		// Own fields only: `'from' in item` would find Object's prototype members by their names.
		if (Object.hasOwn(fields, 'status_code')) return receiptEvent(fields, request, receivedAt);
		if (Object.hasOwn(fields, 'from')) return inboundEvent(fields, request, receivedAt);
		throw new WebhookPayloadError('Unknown ClickSend webhook payload: neither a delivery receipt nor an inbound message');
	});
}

function payloadItems(request: WebhookRequest): unknown[] {
	const contentType = header(request.headers, 'content-type') ?? '';
	const text = request.rawBody.toString('utf8').trim();
	const isJson = contentType.includes('json') || (!contentType.includes('form') && /^[[{]/.test(text));
	if (isJson) {
		const body = parseJsonBody(request);
		return Array.isArray(body) ? body : [body];
	}
	// First of repeated fields, as own properties (a field named __proto__ stays a field).
	const form = parseForm(request.rawBody);
	const fields = Object.fromEntries(Object.keys(form).map((key) => [key, form[key][0]]));
	return Object.keys(fields).length === 0 ? [] : [fields];
}

function receiptEvent(item: Record<string, unknown>, request: WebhookRequest, receivedAt: Date): NormalizedEvent {
	const receipt = parseItem(receiptSchema, item, 'delivery receipt');
	const rule = lookup(RECEIPT_STATUS_CODES, receipt.status_code);
	if (!rule) throw new WebhookPayloadError(`Unknown ClickSend status_code ${receipt.status_code}`);
	const detail = lookup(RECEIPT_ERROR_CODES, receipt.error_code);
	const status = detail && rule.refinedTo.includes(detail.status) ? detail.status : rule.status;
	// Error fields only where something went wrong: ClickSend also numbers its success states.
	const isError = status === 'failed' || status === 'undelivered' || receipt.status_code === '300';
	return normalizedEvent('clicksend', {
		kind: 'status',
		eventId: contentEventId(receipt.message_id, `${receipt.status_code}/${receipt.error_code ?? ''}`, JSON.stringify(item)),
		messageId: receipt.message_id,
		status,
		providerStatus: receipt.status_text ?? rule.text,
		final: rule.final,
		errorCode: isError ? receipt.error_code : null,
		errorMessage: isError ? (receipt.error_text ?? detail?.text) : null,
		// providers.md §10: no ClickSend receipt code is documented as an opt-out.
		occurredAt: occurredAt(receipt.timestamp, receivedAt),
		...correlation(request, receipt.custom_string),
		raw: item,
	});
}

function inboundEvent(item: Record<string, unknown>, request: WebhookRequest, receivedAt: Date): NormalizedEvent {
	const inbound = parseItem(inboundSchema, item, 'inbound message');
	const text = inbound.body ?? inbound.message ?? '';
	const kind = inboundKind(text);
	const mediaUrl = inbound._media_file_url ?? inbound.media_file;
	return normalizedEvent('clicksend', {
		kind,
		eventId: inbound.message_id,
		messageId: inbound.message_id,
		status: 'received',
		providerStatus: 'received',
		final: true,
		to: inbound.to,
		from: inbound.from,
		occurredAt: occurredAt(inbound.timestamp, receivedAt),
		// A reply carries the `custom_string` of the message it answers, so it finds its drop.
		...correlation(request, inbound.custom_string),
		text,
		media: mediaUrl ? [{ url: mediaUrl, contentType: null }] : [],
		raw: item,
	});
}

function parseItem<T extends z.ZodTypeAny>(schema: T, item: unknown, what: string): z.infer<T> {
	const result = schema.safeParse(item);
	if (!result.success) {
		const issue = result.error.issues[0];
		throw new WebhookPayloadError(`Malformed ClickSend ${what}: ${issue.path.join('.') || 'payload'} ${issue.message}`);
	}
	return result.data;
}

/** The trigger URL's query wins (set by the user); otherwise what `custom_string` carried back. */
function correlation(request: WebhookRequest, customString: string | null | undefined) {
	return correlationOf(correlationFromQuery(request.query), decodeCorrelation(customString));
}

/**
 * ClickSend timestamps are Unix seconds. One past what a Date holds (99999999999999999) is no
 * time at all, so the event is dated by its receipt, like a receipt without a timestamp.
 */
function occurredAt(timestamp: string | null | undefined, receivedAt: Date): string {
	const time = timestamp && /^\d+$/.test(timestamp) ? new Date(Number(timestamp) * 1000) : undefined;
	return time && !Number.isNaN(time.getTime()) ? time.toISOString() : receivedAt.toISOString();
}
