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
 * Receipts have no event id (several arrive per message), so `eventId` is null for them; an
 * inbound message is its own event, so its `message_id` is the event id.
 */
import { z } from 'zod';

import { normalizedEvent } from '../events';
import {
	correlationFromQuery, correlationOf, decodeCorrelation, header, inboundKind, parseForm, parseJsonBody,
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

export const setupHint =
	'In the ClickSend dashboard, open Messaging Settings → SMS (and MMS) → Delivery Reports and Inbound Messages, add a rule with action "URL" (webhook type JSON) and paste this trigger URL with ?token=<the credential\'s Webhook Token> appended.';

export function parseWebhook(request: WebhookRequest, receivedAt: Date): NormalizedEvent[] {
	const items = payloadItems(request);
	if (items.length === 0) throw new WebhookPayloadError('ClickSend webhook carries no receipt or message');
	return items.map((item) => {
		if (!isRecord(item)) throw new WebhookPayloadError('ClickSend webhook item is not an object');
		if ('status_code' in item) return receiptEvent(item, request, receivedAt);
		if ('from' in item) return inboundEvent(item, request, receivedAt);
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
	const form = parseForm(request.rawBody);
	const fields = Object.fromEntries(Object.entries(form).map(([key, values]) => [key, values[0]]));
	return Object.keys(fields).length === 0 ? [] : [fields];
}

function receiptEvent(item: Record<string, unknown>, request: WebhookRequest, receivedAt: Date): NormalizedEvent {
	const receipt = parseItem(receiptSchema, item, 'delivery receipt');
	const rule = RECEIPT_STATUS_CODES[receipt.status_code];
	if (!rule) throw new WebhookPayloadError(`Unknown ClickSend status_code ${receipt.status_code}`);
	const detail = receipt.error_code ? RECEIPT_ERROR_CODES[receipt.error_code] : undefined;
	const status = detail && rule.refinedTo.includes(detail.status) ? detail.status : rule.status;
	// Error fields only where something went wrong: ClickSend also numbers its success states.
	const isError = status === 'failed' || status === 'undelivered' || receipt.status_code === '300';
	return normalizedEvent('clicksend', {
		kind: 'status',
		messageId: receipt.message_id,
		status,
		providerStatus: receipt.status_text ?? rule.text,
		final: rule.final,
		errorCode: isError ? receipt.error_code : null,
		errorMessage: isError ? (receipt.error_text ?? detail?.text) : null,
		// providers.md §10: no ClickSend receipt code is documented as an opt-out.
		optedOut: false,
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
		optedOut: kind === 'opt_out',
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

/** ClickSend timestamps are Unix seconds. */
function occurredAt(timestamp: string | null | undefined, receivedAt: Date): string {
	if (timestamp && /^\d+$/.test(timestamp)) return new Date(Number(timestamp) * 1000).toISOString();
	return receivedAt.toISOString();
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
