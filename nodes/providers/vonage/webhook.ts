/**
 * Vonage Messages API webhooks (providers.md §6), version v1, one JSON event per POST. Vonage gives
 * no event id; the body is signed whole (verify.ts requires `payload_hash`), so an event's key for
 * duplicate detection is its message, status and body hash.
 *
 * Status (application Status URL, or the message's `webhook_url`):
 *   {"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"14155550101","from":"14155550100",
 *    "timestamp":"2025-03-01T12:00:05.000Z","status":"rejected","channel":"mms","client_ref":"drop-1:r1",
 *    "error":{"type":"https://developer.nexmo.com/api-errors/messages-olympus#1240","title":"1240",
 *             "detail":"Illegal Number - …STOP opt-out message…","instance":"…"},
 *    "usage":{"currency":"USD","price":"0.0150"}}
 *
 * Inbound (application Inbound URL): the primary attachment is typed by `message_type`
 * (developer.vonage.com/en/messages/concepts/mms "Inbound Message Types"), further ones in `content`:
 *   {"channel":"mms","message_uuid":"…","to":"14155550100","from":"14155550101",
 *    "timestamp":"2025-03-01T12:03:00Z","message_type":"image",
 *    "image":{"url":"https://api-us.nexmo.com/v3/media/…","caption":"Here you go"}}
 */
import { z } from 'zod';

import { contentEventId, eventTime, normalizedEvent } from '../events';
import { correlationFromQuery, correlationOf, decodeCorrelation, inboundKind, lookup, parseJsonBody } from '../shared';
import type { NormalizedEvent, WebhookHandler, WebhookRequest } from '../types';
import { WebhookPayloadError } from '../types';
import { CARRIER_SIDE_CODES, DELIVERY_STATUSES, OPTED_OUT_CODE } from './codes';
import { verify } from './verify';

const problemSchema = z
	.object({
		type: z.string().optional(),
		// v1 puts the code in `title` ("1240"); older payloads a number.
		title: z.union([z.string(), z.number()]).optional(),
		detail: z.string().optional(),
	})
	.passthrough();

const statusSchema = z
	.object({
		message_uuid: z.string().min(1),
		status: z.string().min(1),
		to: z.string().optional(),
		from: z.string().optional(),
		timestamp: z.string().optional(),
		client_ref: z.string().optional(),
		error: problemSchema.optional(),
	})
	.passthrough();

const attachmentSchema = z.object({ url: z.string().url(), caption: z.string().optional() }).passthrough();

const inboundSchema = z
	.object({
		message_uuid: z.string().min(1),
		// Replies such as STOP usually arrive as SMS on the same application inbound URL.
		channel: z.enum(['mms', 'sms']),
		message_type: z.enum(['text', 'image', 'audio', 'video', 'vcard', 'file']),
		to: z.string(),
		from: z.string(),
		timestamp: z.string().optional(),
		text: z.string().optional(),
		image: attachmentSchema.optional(),
		audio: attachmentSchema.optional(),
		video: attachmentSchema.optional(),
		vcard: attachmentSchema.optional(),
		file: attachmentSchema.optional(),
		content: z.array(attachmentSchema.extend({ type: z.string() })).optional(),
	})
	.passthrough();

type StatusPayload = z.infer<typeof statusSchema>;
type InboundPayload = z.infer<typeof inboundSchema>;

/** Vonage numbers come without `+`; E.164 numbers get it back, short codes (≤ 7 digits) stay as they are. */
function e164(number: string | undefined): string | null {
	if (!number) return null;
	return /^\d{8,15}$/.test(number) ? `+${number}` : number;
}

/** The error code: v1 `title` when it is one, else the fragment of the `type` URL. */
function errorCodeOf(error: StatusPayload['error']): string | null {
	if (!error) return null;
	const title = error.title === undefined ? '' : String(error.title).trim();
	if (/^\d+$/.test(title)) return title;
	const fragment = error.type?.split('#')[1];
	return fragment || title || null;
}

function errorMessageOf(error: StatusPayload['error'], code: string | null): string | null {
	if (!error) return null;
	if (error.detail) return error.detail;
	const title = error.title === undefined ? '' : String(error.title);
	return title && title !== code ? title : null;
}

function statusEvent(payload: StatusPayload, request: WebhookRequest, receivedAt: Date): NormalizedEvent {
	const known = lookup(DELIVERY_STATUSES, payload.status);
	if (!known) throw new WebhookPayloadError(`Unknown Vonage message status "${payload.status}"`);
	const errorCode = errorCodeOf(payload.error);
	const carrierRejected = payload.status === 'rejected' && errorCode !== null && CARRIER_SIDE_CODES.has(errorCode);
	return normalizedEvent('vonage', {
		kind: 'status',
		eventId: contentEventId(payload.message_uuid, payload.status, request.rawBody),
		messageId: payload.message_uuid,
		status: carrierRejected ? 'undelivered' : known.status,
		providerStatus: payload.status,
		final: known.final,
		to: e164(payload.to),
		from: e164(payload.from),
		errorCode,
		errorMessage: errorMessageOf(payload.error, errorCode),
		optedOut: errorCode === OPTED_OUT_CODE,
		occurredAt: eventTime(payload.timestamp, receivedAt),
		...correlationOf(correlationFromQuery(request.query), decodeCorrelation(payload.client_ref)),
		raw: payload,
	});
}

function inboundEvent(payload: InboundPayload, request: WebhookRequest, receivedAt: Date): NormalizedEvent {
	const primary = payload.message_type === 'text' ? undefined : payload[payload.message_type];
	if (payload.message_type !== 'text' && !primary) {
		throw new WebhookPayloadError(`Vonage inbound ${payload.message_type} message without its "${payload.message_type}" object`);
	}
	const urls = [primary?.url, ...(payload.content ?? []).map((item) => item.url)].filter((url): url is string => !!url);
	const text = payload.text ?? primary?.caption ?? null;
	return normalizedEvent('vonage', {
		kind: inboundKind(text),
		eventId: contentEventId(payload.message_uuid, 'inbound', request.rawBody),
		messageId: payload.message_uuid,
		status: 'received',
		providerStatus: 'inbound',
		final: true,
		to: e164(payload.to),
		from: e164(payload.from),
		occurredAt: eventTime(payload.timestamp, receivedAt),
		...correlationFromQuery(request.query),
		text,
		// Vonage names the kind of an attachment (image, video…), not its MIME type.
		media: [...new Set(urls)].map((url) => ({ url, contentType: null })),
		raw: payload,
	});
}

function parseWith<T extends z.ZodTypeAny>(schema: T, body: object): z.infer<T> {
	const parsed = schema.safeParse(body);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	throw new WebhookPayloadError(`Unexpected Vonage webhook (is the webhook version v1?): ${issue.path.join('.')}: ${issue.message}`);
}

function parse(request: WebhookRequest, receivedAt: Date): NormalizedEvent[] {
	const body = parseJsonBody(request);
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		throw new WebhookPayloadError('A Vonage webhook body is one JSON object');
	}
	if ('status' in body) return [statusEvent(parseWith(statusSchema, body), request, receivedAt)];
	if ('message_type' in body) return [inboundEvent(parseWith(inboundSchema, body), request, receivedAt)];
	throw new WebhookPayloadError('Neither a Vonage status nor an inbound message webhook');
}

export const vonageWebhook: WebhookHandler = {
	verify,
	parse,
	setupSteps: [
		"In the Vonage API Dashboard, open Applications → your application → Edit → Messages capability.",
		"Paste the Production URL as both Inbound URL and Status URL (POST), webhook version v1.",
	],
};
