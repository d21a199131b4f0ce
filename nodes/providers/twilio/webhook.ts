/**
 * Twilio delivery and inbound webhooks (providers.md §1 "Status callback", §10).
 *
 * Status callback (per-message `StatusCallback`, form-encoded, one event per request, no
 * callback for the initial status, no event timestamp):
 *
 *   POST /webhook/mms-events?dropId=d1&ref=r1
 *   X-Twilio-Signature: <base64 HMAC-SHA1>
 *   MessageSid=MM…&MessageStatus=undelivered&ErrorCode=30007&AccountSid=AC…&From=%2B15017122661
 *     &To=%2B15558675310&ApiVersion=2010-04-01&SmsSid=MM…&SmsStatus=undelivered
 *
 * Inbound ("A message comes in" on the number or Messaging Service, form-encoded):
 *
 *   MessageSid=MM…&AccountSid=AC…&From=%2B15558675310&To=%2B15017122661&Body=STOP&NumMedia=1
 *     &MediaUrl0=https%3A%2F%2Fapi.twilio.com%2F2010-04-01%2FAccounts%2FAC…%2FMessages%2FMM…%2FMedia%2FME…
 *     &MediaContentType0=image%2Fjpeg&SmsStatus=received&ApiVersion=2010-04-01
 *
 * Event Streams webhook sink (JSON array of CloudEvents; the URL carries `bodySHA256`):
 *
 *   [{"specversion":"1.0","type":"com.twilio.messaging.message.delivered","id":"EZ…",
 *     "data":{"messageSid":"SM…","timestamp":"2025-01-01T00:00:00.000Z","messageStatus":"DELIVERED",
 *             "from":"+1…","to":"+1…","statusCallBackUrl":"https://…?dropId=d1&ref=r1",…}}]
 */
import { z } from 'zod';

import { contentEventId, eventTime, normalizedEvent } from '../events';
import {
	correlationFromQuery, correlationFromUrl, correlationOf, header, inboundKind, lookup, parseForm, parseJsonBody,
} from '../shared';
import type { EventKind, NormalizedEvent, WebhookAck, WebhookRequest } from '../types';
import { WebhookPayloadError } from '../types';
import { ERROR_CODES, MESSAGE_STATUSES, OPTED_OUT_CODES } from './codes';
import { signedParameters } from './verify';

/** Messaging webhook parameters we read; Twilio adds parameters without notice (providers.md §1). */
const messageWebhook = z
	.object({
		MessageSid: z.string().min(1).optional(),
		// Legacy names Twilio still sends beside the current ones.
		SmsSid: z.string().min(1).optional(),
		MessageStatus: z.string().min(1).optional(),
		SmsStatus: z.string().min(1).optional(),
		ErrorCode: z.string().optional(),
		ErrorMessage: z.string().optional(),
		From: z.string().optional(),
		To: z.string().optional(),
		Body: z.string().optional(),
		NumMedia: z.string().regex(/^\d+$/, 'NumMedia is not a count').optional(),
		// Advanced Opt-Out's verdict on an inbound keyword (STOP/START/HELP); providers.md §1 marks the
		// name unverified, public Twilio handlers read it under this name.
		OptOutType: z.string().optional(),
	})
	.passthrough()
	.refine((fields) => (fields.MessageSid ?? fields.SmsSid) !== undefined, { message: 'MessageSid is missing' });

type MessageWebhook = z.infer<typeof messageWebhook>;

const cloudEventBatch = z
	.array(
		z
			.object({
				specversion: z.string(),
				type: z.string().min(1),
				id: z.string().min(1),
				time: z.string().optional(),
				data: z.unknown(),
			})
			.passthrough(),
	)
	.min(1);

/** Event Streams "Outbound Message" data (twilio.com/docs/events/event-types/messaging/outbound-message). */
const outboundMessageData = z
	.object({
		messageSid: z.string().min(1),
		timestamp: z.string().optional(),
		from: z.string().optional(),
		to: z.string().optional(),
		messageStatus: z.string().min(1),
		errorCode: z.union([z.number().int(), z.string()]).nullish(),
		statusCallBackUrl: z.string().optional(),
	})
	.passthrough();

const OUTBOUND_MESSAGE_EVENT = 'com.twilio.messaging.message.';

export function parse(request: WebhookRequest, receivedAt: Date): NormalizedEvent[] {
	return isJson(request) ? parseEventStreamBatch(request, receivedAt) : [parseMessageWebhook(request, receivedAt)];
}

/** Twilio wants TwiML back from messaging webhooks; an empty Response sends no reply SMS. */
export function ack(): WebhookAck {
	return { status: 200, contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' };
}

/** Where the trigger's Production URL goes, step by step (the node's notice and the README). */
export const setupSteps = [
	"In the Twilio Console, open Phone Numbers → Manage → Active numbers → your number → Messaging Configuration (or Messaging → Services → your service → Integration).",
	"Under 'A message comes in', paste the Production URL (HTTP POST): replies and STOPs arrive here.",
	"For delivery reports, paste the Production URL into Send MMS Drop → Options → Status Callback URL.",
];

function parseMessageWebhook(request: WebhookRequest, receivedAt: Date): NormalizedEvent {
	// GET webhooks (a console option) carry the same parameters in the query string.
	const source = request.method.toUpperCase() === 'GET' ? queryAsForm(request.query) : parseForm(request.rawBody);
	const parsed = messageWebhook.safeParse(firstValues(source));
	if (!parsed.success) throw new WebhookPayloadError(`Not a Twilio message webhook: ${describeIssue(parsed.error)}`);
	const fields = parsed.data;

	const providerStatus =
		fields.MessageStatus ?? fields.SmsStatus ?? (fields.Body !== undefined || fields.NumMedia !== undefined ? 'received' : undefined);
	if (providerStatus === undefined) throw new WebhookPayloadError('Twilio webhook has neither MessageStatus nor Body');
	const { status, final } = statusOf(providerStatus);
	const inbound = status === 'received';
	const kind: EventKind = inbound ? inboundKindOf(fields) : 'status';
	const errorCode = fields.ErrorCode ? fields.ErrorCode : null;
	const messageId = fields.MessageSid ?? fields.SmsSid ?? null;

	return normalizedEvent('twilio', {
		kind,
		// From what the signature covers: the I-Twilio-Idempotency-Token header is not signed, so a
		// replay could vary it and pass duplicate detection (issue #13 point 5).
		eventId: contentEventId(messageId, providerStatus, signedParameters(source)),
		messageId,
		status,
		providerStatus,
		final,
		to: fields.To,
		from: fields.From,
		errorCode,
		errorMessage: fields.ErrorMessage || describeCode(errorCode),
		// A STOP reply (kind opt_out) is opted out already by normalizedEvent.
		optedOut: isOptOutCode(errorCode),
		// Form webhooks carry no event time (providers.md §1); RawDlrDoneDate has no time zone.
		occurredAt: receivedAt.toISOString(),
		...correlationFromQuery(request.query),
		text: inbound ? (fields.Body ?? '') : null,
		media: inbound ? inboundMedia(fields) : [],
		raw: fields,
	});
}

function parseEventStreamBatch(request: WebhookRequest, receivedAt: Date): NormalizedEvent[] {
	const batch = cloudEventBatch.safeParse(parseJsonBody(request));
	if (!batch.success) throw new WebhookPayloadError('Not an Event Streams delivery: expected a JSON array of CloudEvents');
	const fromQuery = correlationFromQuery(request.query);

	// A sink may be subscribed to other event types too; those are not ours to report.
	return batch.data
		.filter((event) => event.type.startsWith(OUTBOUND_MESSAGE_EVENT))
		.map((event) => {
			const data = outboundMessageData.safeParse(event.data);
			if (!data.success) throw new WebhookPayloadError(`Event ${event.id}: ${describeIssue(data.error)}`);
			const message = data.data;
			const { status, final } = statusOf(message.messageStatus.toLowerCase());
			const errorCode = message.errorCode === null || message.errorCode === undefined ? null : String(message.errorCode);
			// The sink URL is fixed; the message's own status callback URL still carries dropId and ref.
			return normalizedEvent('twilio', {
				kind: 'status',
				eventId: event.id,
				messageId: message.messageSid,
				status,
				providerStatus: message.messageStatus,
				final,
				to: message.to,
				from: message.from,
				errorCode,
				errorMessage: describeCode(errorCode),
				optedOut: isOptOutCode(errorCode),
				occurredAt: eventTime(message.timestamp ?? event.time, receivedAt),
				...correlationOf(fromQuery, correlationFromUrl(message.statusCallBackUrl)),
				raw: event,
			});
		});
}

function statusOf(providerStatus: string) {
	const known = lookup(MESSAGE_STATUSES, providerStatus);
	if (!known) throw new WebhookPayloadError(`Unknown Twilio message status "${providerStatus}"`);
	return known;
}

function inboundKindOf(fields: MessageWebhook): EventKind {
	// Advanced Opt-Out matches the service's custom keywords too, so its verdict goes first.
	const optOutType = fields.OptOutType?.toUpperCase();
	if (optOutType === 'STOP') return 'opt_out';
	if (optOutType === 'START') return 'opt_in';
	return inboundKind(fields.Body);
}

function inboundMedia(fields: MessageWebhook): NormalizedEvent['media'] {
	const count = Number(fields.NumMedia ?? '0');
	const extra = fields as Record<string, unknown>;
	const media: NormalizedEvent['media'] = [];
	for (let index = 0; index < count; index++) {
		const url = extra[`MediaUrl${index}`];
		if (typeof url !== 'string' || url === '') throw new WebhookPayloadError(`NumMedia is ${count} but MediaUrl${index} is missing`);
		const contentType = extra[`MediaContentType${index}`];
		media.push({ url, contentType: typeof contentType === 'string' && contentType !== '' ? contentType : null });
	}
	return media;
}

function isOptOutCode(code: string | null): boolean {
	return code !== null && OPTED_OUT_CODES.has(code);
}

function describeCode(code: string | null): string | null {
	return lookup(ERROR_CODES, code)?.meaning ?? null;
}

function isJson(request: WebhookRequest): boolean {
	const contentType = header(request.headers, 'content-type');
	if (contentType) return /json/i.test(contentType);
	return /^\s*[[{]/.test(request.rawBody.toString('utf8'));
}

function queryAsForm(query: WebhookRequest['query']): Record<string, string[]> {
	// No prototype, as parseForm: a parameter named __proto__ is a parameter like any other.
	const form: Record<string, string[]> = Object.create(null);
	for (const [key, value] of Object.entries(query)) {
		if (value !== undefined) form[key] = Array.isArray(value) ? value : [value];
	}
	return form;
}

/** Twilio never repeats a messaging parameter; the first value is the value. */
function firstValues(form: Record<string, string[]>): Record<string, string> {
	return Object.fromEntries(Object.entries(form).map(([key, values]) => [key, values[0]]));
}

function describeIssue(error: z.ZodError): string {
	const issue = error.issues[0];
	return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
