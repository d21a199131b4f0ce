/*
 * Plivo calls back with form fields (POST) or query parameters (GET), one event per request
 * (providers.md §3 "Status callback"; Plivo "Message status callbacks", "Handling incoming").
 *
 * Status, to the send request's `url` (our `?dropId=…` kept):
 *   POST /webhook/mms-status?dropId=d1
 *   X-Plivo-Signature-V3: 3nT…=   X-Plivo-Signature-V3-Nonce: 0569…
 *   From=14155550100&To=14155550111&MessageUUID=db3ce55a-…&Status=undelivered&ErrorCode=200
 *   &Type=mms&Units=1&TotalRate=0.0200&TotalAmount=0.0200&MCC=310&MNC=260&Sequence=3
 *   &MessageTime=2026-05-04+17:02:11.123456&QueuedTime=…&SentTime=…&DeliveryReportTime=…
 *
 * Inbound, to the Application's `message_url`:
 *   POST /webhook/mms-inbound
 *   From=14155550111&To=14155550100&Type=mms&Body=Looks+great&MessageUUID=8d2f…&Units=1
 *   &MediaCount=2&Media1=https://media.plivo.com/Account/MA…/Media/…&Media2=…&MessageIntent=
 */
import { z } from 'zod';

import { contentEventId, normalizedEvent } from '../events';
import { type Correlation, correlationFromQuery, inboundKind, lookup, refFor } from '../shared';
import type { NormalizedEvent, WebhookAck, WebhookHandler, WebhookRequest } from '../types';
import { WebhookPayloadError } from '../types';
import {
	CALLBACK_ERROR_MESSAGES,
	INBOUND_INTENT_KINDS,
	OPTED_OUT_ERROR_CODE,
	STATUS_MAP,
} from './codes';
import { signedContent, signedParams, verifyPlivoRequest } from './verify';

const statusCallback = z
	.object({
		MessageUUID: z.string().min(1),
		Status: z.string().min(1),
		To: z.string().optional(),
		From: z.string().optional(),
		ErrorCode: z.string().optional(),
		Sequence: z.string().optional(),
		MessageTime: z.string().optional(),
		QueuedTime: z.string().optional(),
		SentTime: z.string().optional(),
		DeliveryReportTime: z.string().optional(),
	})
	.passthrough();

const inboundMessage = z
	.object({
		MessageUUID: z.string().min(1),
		From: z.string().min(1),
		To: z.string().min(1),
		Type: z.string().optional(),
		// SMS text arrives as `Text`, MMS text as `Body`.
		Text: z.string().optional(),
		Body: z.string().optional(),
		MessageIntent: z.string().optional(),
		ErrorCode: z.string().optional(),
	})
	.passthrough();

type Fields = Record<string, string>;

/** The callback's fields: the form body of a POST, the query of a GET (first of repeats). */
function callbackFields(request: WebhookRequest): Fields {
	const { query, form } = signedParams(request);
	const params = request.method.toUpperCase() === 'GET' ? query : form;
	// No prototype: a field named __proto__ or constructor is a field like any other.
	const fields: Fields = Object.create(null);
	for (const key of Object.keys(params)) fields[key] = params[key][0];
	return fields;
}

/** Plivo writes numbers without `+`; E.164 numbers (8+ digits) get it back, short codes not. */
function displayNumber(value: string | undefined): string | null {
	if (!value) return null;
	return /^\d{8,15}$/.test(value) ? `+${value}` : value;
}

/** `000` (and an empty field) mean "no error" in Plivo's code list (providers.md §3). */
function errorCodeOf(value: string | undefined): string | null {
	const code = value?.trim() ?? '';
	return code === '' || /^0+$/.test(code) ? null : code;
}

/**
 * Plivo times look like `2026-05-04 17:02:11.123456` (UTC, microseconds); MDR-style values
 * may carry an offset such as `+05:30`. Unparseable ⇒ null.
 */
function isoTime(value: string | undefined): string | null {
	const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(value?.trim() ?? '');
	if (!match) return null;
	const [, date, time, fraction = '0', offset = 'Z'] = match;
	const millis = fraction.padEnd(3, '0').slice(0, 3);
	const zone = offset === 'Z' ? 'Z' : offset.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
	const parsed = new Date(`${date}T${time}.${millis}${zone}`);
	return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

/** The time that belongs to this status: its own stage's stamp first, then the earlier ones. */
const TIME_FIELDS_BY_STATUS: Record<string, Array<'MessageTime' | 'QueuedTime' | 'SentTime' | 'DeliveryReportTime'>> = {
	queued: ['QueuedTime', 'MessageTime'],
	sent: ['SentTime', 'QueuedTime', 'MessageTime'],
	delivered: ['DeliveryReportTime', 'SentTime', 'MessageTime'],
	undelivered: ['DeliveryReportTime', 'SentTime', 'MessageTime'],
	read: ['DeliveryReportTime', 'SentTime', 'MessageTime'],
};

/**
 * `dropId` (and, for a single-recipient send, `ref`) from the status callback URL. A bulk send's
 * URL carries the drop only: its recipients' refs are derived from the drop and the number, as
 * the Send node derived them.
 */
function correlationFor(request: WebhookRequest, number: string | null): Correlation {
	const { dropId, ref } = correlationFromQuery(request.query);
	return { dropId, ref: ref ?? (dropId !== null && number !== null ? refFor(dropId, number) : null) };
}

function statusEvent(request: WebhookRequest, fields: Fields, receivedAt: Date): NormalizedEvent {
	const parsed = statusCallback.safeParse(fields);
	if (!parsed.success) throw new WebhookPayloadError(`Plivo status callback without ${parsed.error.issues[0].path.join('.')}`);
	const callback = parsed.data;
	const providerStatus = callback.Status;
	const word = providerStatus.toLowerCase();
	const mapped = lookup(STATUS_MAP, word);
	if (!mapped) throw new WebhookPayloadError(`Unknown Plivo message Status '${providerStatus}'`);
	const errorCode = errorCodeOf(callback.ErrorCode);
	const timeFields = lookup(TIME_FIELDS_BY_STATUS, word) ?? ['MessageTime'];
	const occurredAt = timeFields.map((field) => isoTime(callback[field])).find((time) => time !== null) ?? receivedAt.toISOString();
	const to = displayNumber(callback.To);
	return normalizedEvent('plivo', {
		kind: 'status',
		// MessageUUID + Sequence, both signed, name exactly one callback of a message; without a
		// Sequence the signed fields themselves do.
		eventId: callback.Sequence ? `${callback.MessageUUID}:${callback.Sequence}` : contentEventId(callback.MessageUUID, providerStatus, signedContent(request)),
		messageId: callback.MessageUUID,
		status: mapped.status,
		providerStatus,
		final: mapped.final,
		to,
		from: displayNumber(callback.From),
		errorCode,
		errorMessage: errorMessageOf(errorCode),
		optedOut: errorCode === OPTED_OUT_ERROR_CODE,
		occurredAt,
		...correlationFor(request, to),
		raw: fields,
	});
}

function errorMessageOf(errorCode: string | null): string | null {
	return errorCode ? (lookup(CALLBACK_ERROR_MESSAGES, errorCode) ?? `Plivo error code ${errorCode}`) : null;
}

/** `Media1`…`MediaN` per the API reference; Plivo support's article counts from `Media0`. */
function inboundMedia(fields: Fields): NormalizedEvent['media'] {
	return Object.keys(fields)
		.flatMap((key) => {
			const index = /^Media(\d+)$/.exec(key)?.[1];
			return index !== undefined && fields[key] ? [{ index: Number(index), url: fields[key] }] : [];
		})
		.sort((a, b) => a.index - b.index)
		// Plivo sends no content type for MMS media (MimeType is a WhatsApp-only field).
		.map(({ url }) => ({ url, contentType: null }));
}

function inboundEvent(request: WebhookRequest, fields: Fields, receivedAt: Date): NormalizedEvent {
	const parsed = inboundMessage.safeParse(fields);
	if (!parsed.success) throw new WebhookPayloadError(`Plivo inbound message without ${parsed.error.issues[0].path.join('.')}`);
	const message = parsed.data;
	const text = message.Body || message.Text || '';
	// Plivo's own keyword match (`MessageIntent`) wins; our keyword list covers the rest.
	const kind = lookup(INBOUND_INTENT_KINDS, (message.MessageIntent ?? '').toLowerCase()) ?? inboundKind(text);
	const errorCode = errorCodeOf(message.ErrorCode);
	const from = displayNumber(message.From);
	return normalizedEvent('plivo', {
		kind,
		// One request per inbound message: its UUID names the event.
		eventId: message.MessageUUID,
		messageId: message.MessageUUID,
		status: 'received',
		providerStatus: 'received',
		final: true,
		to: displayNumber(message.To),
		from,
		errorCode,
		errorMessage: errorMessageOf(errorCode),
		occurredAt: receivedAt.toISOString(),
		// A reply comes from the drop's recipient: where the URL names the drop, so is the ref.
		...correlationFor(request, from),
		text,
		media: inboundMedia(fields),
		raw: fields,
	});
}

function parsePlivoWebhook(request: WebhookRequest, receivedAt: Date): NormalizedEvent[] {
	const fields = callbackFields(request);
	const has = (name: string) => Object.hasOwn(fields, name);
	if (has('Status')) return [statusEvent(request, fields, receivedAt)];
	if (has('MessageUUID') && (has('Text') || has('Body') || has('MediaCount'))) {
		return [inboundEvent(request, fields, receivedAt)];
	}
	throw new WebhookPayloadError('Not a Plivo message callback: no Status, Text, Body or MediaCount field');
}

/**
 * Plivo reads the answer to an inbound message as Message XML (an empty Response sends no
 * reply); status callbacks only need a 200.
 */
function ackPlivo(_request: WebhookRequest, events: NormalizedEvent[]): WebhookAck {
	if (events.some((event) => event.kind !== 'status')) {
		return { status: 200, contentType: 'application/xml', body: '<Response></Response>' };
	}
	return { status: 200 };
}

export const plivoWebhook: WebhookHandler = {
	verify: (credentials, request) => verifyPlivoRequest(credentials, request),
	parse: parsePlivoWebhook,
	ack: ackPlivo,
	setupSteps: [
		"In the Plivo console, open Messaging → Applications → your application.",
		"Set Message URL to the Production URL, method POST: replies and STOPs arrive here.",
		"For delivery reports, paste the Production URL into Send MMS Drop → Options → Status Callback URL (Plivo takes it per send request).",
	],
};
