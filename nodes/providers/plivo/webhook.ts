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

import { normalizedEvent } from '../events';
import { correlationFromQuery, inboundKind, parseForm } from '../shared';
import type { NormalizedEvent, WebhookAck, WebhookHandler, WebhookRequest } from '../types';
import { WebhookPayloadError } from '../types';
import {
	CALLBACK_ERROR_MESSAGES,
	INBOUND_INTENT_KINDS,
	OPTED_OUT_ERROR_CODE,
	STATUS_MAP,
} from './codes';
import { verifyPlivoRequest } from './verify';

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

/** The callback's fields: the form body of a POST, the query of a GET (first of repeats). */
function callbackFields(request: WebhookRequest): Record<string, string> {
	const fields: Record<string, string> = {};
	if (request.method.toUpperCase() === 'GET') {
		for (const [key, value] of Object.entries(request.query)) {
			const first = Array.isArray(value) ? value[0] : value;
			if (first !== undefined) fields[key] = first;
		}
		return fields;
	}
	for (const [key, values] of Object.entries(parseForm(request.rawBody))) fields[key] = values[0];
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
const TIME_FIELDS_BY_STATUS: Record<string, Array<keyof z.infer<typeof statusCallback>>> = {
	queued: ['QueuedTime', 'MessageTime'],
	sent: ['SentTime', 'QueuedTime', 'MessageTime'],
	delivered: ['DeliveryReportTime', 'SentTime', 'MessageTime'],
	undelivered: ['DeliveryReportTime', 'SentTime', 'MessageTime'],
	read: ['DeliveryReportTime', 'SentTime', 'MessageTime'],
};

function statusEvent(request: WebhookRequest, fields: Record<string, string>, receivedAt: Date): NormalizedEvent {
	const parsed = statusCallback.safeParse(fields);
	if (!parsed.success) throw new WebhookPayloadError(`Plivo status callback without ${parsed.error.issues[0].path.join('.')}`);
	const callback = parsed.data;
	const providerStatus = callback.Status;
	const mapped = STATUS_MAP[providerStatus.toLowerCase()];
	if (!mapped) throw new WebhookPayloadError(`Unknown Plivo message Status '${providerStatus}'`);
	const errorCode = errorCodeOf(callback.ErrorCode);
	const timeFields = TIME_FIELDS_BY_STATUS[providerStatus.toLowerCase()] ?? ['MessageTime'];
	const occurredAt =
		timeFields.map((field) => isoTime(callback[field] as string | undefined)).find((time) => time !== null) ??
		receivedAt.toISOString();
	return normalizedEvent('plivo', {
		kind: 'status',
		// Plivo has no event id; MessageUUID + Sequence names exactly one callback of a message.
		eventId: callback.Sequence ? `${callback.MessageUUID}:${callback.Sequence}` : null,
		messageId: callback.MessageUUID,
		status: mapped.status,
		providerStatus,
		final: mapped.final,
		to: displayNumber(callback.To),
		from: displayNumber(callback.From),
		errorCode,
		errorMessage: errorMessageOf(errorCode),
		optedOut: errorCode === OPTED_OUT_ERROR_CODE,
		occurredAt,
		...correlationFromQuery(request.query),
		raw: fields,
	});
}

function errorMessageOf(errorCode: string | null): string | null {
	return errorCode ? (CALLBACK_ERROR_MESSAGES[errorCode] ?? `Plivo error code ${errorCode}`) : null;
}

/** `Media1`…`MediaN` per the API reference; Plivo support's article counts from `Media0`. */
function inboundMedia(fields: Record<string, string>): NormalizedEvent['media'] {
	return Object.keys(fields)
		.flatMap((key) => {
			const index = /^Media(\d+)$/.exec(key)?.[1];
			return index !== undefined && fields[key] ? [{ index: Number(index), url: fields[key] }] : [];
		})
		.sort((a, b) => a.index - b.index)
		// Plivo sends no content type for MMS media (MimeType is a WhatsApp-only field).
		.map(({ url }) => ({ url, contentType: null }));
}

function inboundEvent(request: WebhookRequest, fields: Record<string, string>, receivedAt: Date): NormalizedEvent {
	const parsed = inboundMessage.safeParse(fields);
	if (!parsed.success) throw new WebhookPayloadError(`Plivo inbound message without ${parsed.error.issues[0].path.join('.')}`);
	const message = parsed.data;
	const text = message.Body || message.Text || '';
	// Plivo's own keyword match (`MessageIntent`) wins; our keyword list covers the rest.
	const kind = INBOUND_INTENT_KINDS[(message.MessageIntent ?? '').toLowerCase()] ?? inboundKind(text);
	const errorCode = errorCodeOf(message.ErrorCode);
	return normalizedEvent('plivo', {
		kind,
		// One request per inbound message: its UUID names the event.
		eventId: message.MessageUUID,
		messageId: message.MessageUUID,
		status: 'received',
		providerStatus: 'received',
		final: true,
		to: displayNumber(message.To),
		from: displayNumber(message.From),
		errorCode,
		errorMessage: errorMessageOf(errorCode),
		optedOut: kind === 'opt_out',
		occurredAt: receivedAt.toISOString(),
		...correlationFromQuery(request.query),
		text,
		media: inboundMedia(fields),
		raw: fields,
	});
}

function parsePlivoWebhook(request: WebhookRequest, receivedAt: Date): NormalizedEvent[] {
	const fields = callbackFields(request);
	if ('Status' in fields) return [statusEvent(request, fields, receivedAt)];
	if ('MessageUUID' in fields && ('Text' in fields || 'Body' in fields || 'MediaCount' in fields)) {
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
	setupHint:
		'Inbound and STOP: Plivo console → Messaging → Applications → your application → Message URL (method POST); delivery reports: paste this URL into Send MMS Drop → Options → Status Callback URL (Plivo takes it per send request).',
};
