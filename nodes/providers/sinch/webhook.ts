/**
 * Sinch XMS callbacks → normalized events (providers.md §5 and §10). Sinch posts one JSON object per
 * request to the batch's `callback_url` (or the service plan's default callback URL):
 *
 *   per recipient (delivery_report "per_recipient"):
 *   { "type": "recipient_delivery_report_mms", "batch_id": "01FC66621XXXXX119Z8PMV1QPQ",
 *     "recipient": "+15551230001", "status": "Delivered", "code": 0, "at": "2026-03-02T10:15:07.254Z",
 *     "operator_status_at": "2026-03-02T10:15:06Z", "client_reference": "d1" }
 *
 *   per batch (delivery_report "full"; "summary" leaves out `recipients`):
 *   { "type": "delivery_report_mms", "batch_id": "01FC…", "client_reference": "d1", "total_message_count": 3,
 *     "statuses": [ { "code": 0, "status": "Delivered", "count": 2, "recipients": ["+15551230001", "+15551230002"] } ] }
 *
 *   inbound:
 *   { "type": "mo_media", "id": "01FC…", "from": "+15551230001", "to": "+15559870000",
 *     "body": { "subject": "Re", "message": "Nice!", "media": [ { "url": "https://…", "content_type": "image/jpeg",
 *     "status": "Uploaded", "code": 0 } ] }, "received_at": "2026-03-02T10:20:00.000Z" }
 *   `mo_text` and `mo_binary` carry `body` as a string.
 */
import { z } from 'zod';

import { contentEventId, eventTime, normalizedEvent } from '../events';
import { type Correlation, correlationFromQuery, correlationOf, decodeCorrelation, inboundKind, lookup, parseJsonBody, refFor } from '../shared';
import type { NormalizedEvent, WebhookRequest } from '../types';
import { WebhookPayloadError } from '../types';
import {
	DELIVERY_CODE_TEXTS,
	DELIVERY_STATUSES,
	DELIVERY_STATUS_NAMES,
	OPT_OUT_CODES,
	PROGRESS_CODES,
	type SinchDeliveryStatus,
} from './codes';

// community.sinch.com "How do I assign a callback URL to an SMS service plan".
/** Where the trigger's Production URL goes, step by step (the node's notice and the README). */
export const setupSteps = [
	"In the Sinch Dashboard, open SMS → Service APIs → your service plan → Callback URLs.",
	"Add a callback URL and set its Default URL to the Production URL.",
	"Ask your Sinch account manager to turn on HTTP Basic auth for callbacks with this credential's Callback Username and Password.",
];

const deliveryStatus = z.enum(DELIVERY_STATUS_NAMES);

const recipientReportSchema = z
	.object({
		type: z.enum(['recipient_delivery_report_sms', 'recipient_delivery_report_mms']),
		batch_id: z.string().min(1),
		recipient: z.string().min(1),
		status: deliveryStatus,
		code: z.number(),
		at: z.string().optional(),
		client_reference: z.string().optional(),
		applied_originator: z.string().optional(),
	})
	.passthrough();

const batchReportSchema = z
	.object({
		type: z.enum(['delivery_report_sms', 'delivery_report_mms']),
		batch_id: z.string().min(1),
		client_reference: z.string().optional(),
		statuses: z.array(
			z
				.object({
					code: z.number(),
					status: deliveryStatus,
					count: z.number(),
					recipients: z.array(z.string()).optional(),
				})
				.passthrough(),
		),
	})
	.passthrough();

const inboundFields = {
	id: z.string().min(1),
	from: z.string().min(1),
	to: z.string().min(1),
	received_at: z.string().optional(),
	client_reference: z.string().optional(),
};

const moTextSchema = z.object({ type: z.literal('mo_text'), body: z.string(), ...inboundFields }).passthrough();

// Binary content (base64 + UDH) is not text a workflow can read; it is kept in `raw`.
const moBinarySchema = z.object({ type: z.literal('mo_binary'), body: z.string(), ...inboundFields }).passthrough();

const moMediaSchema = z
	.object({
		type: z.literal('mo_media'),
		body: z
			.object({
				subject: z.string().optional(),
				message: z.string().optional(),
				media: z
					.array(z.object({ url: z.string().optional(), content_type: z.string().optional() }).passthrough())
					.optional(),
			})
			.passthrough(),
		...inboundFields,
	})
	.passthrough();

const payloadSchema = z.discriminatedUnion('type', [
	recipientReportSchema,
	batchReportSchema,
	moTextSchema,
	moBinarySchema,
	moMediaSchema,
]);

type Payload = z.infer<typeof payloadSchema>;

/** XMS writes MSISDNs with or without '+' (its own samples use both); events carry E.164. */
function e164(number: string): string {
	return /^\d{8,15}$/.test(number) ? `+${number}` : number;
}

/**
 * The Send node's `dropId`/`ref` on the callback URL win; `client_reference` (the drop id) is the
 * fallback. A batch names no recipient of ours, so the ref is derived from the drop and the number
 * the way the Send node derived it: the recipient of a report, the sender of a reply.
 */
function correlation(request: WebhookRequest, clientReference: string | undefined, number: string | null): Correlation {
	const { dropId, ref } = correlationOf(correlationFromQuery(request.query), decodeCorrelation(clientReference));
	return { dropId, ref: ref ?? (dropId !== null && number !== null ? refFor(dropId, number) : null) };
}

interface DeliveryFields {
	batchId: string;
	status: SinchDeliveryStatus;
	code: number;
	to: string | null;
	from: string | null;
	at: string | undefined;
	clientReference: string | undefined;
	raw: unknown;
}

function deliveryEvent(request: WebhookRequest, receivedAt: Date, fields: DeliveryFields): NormalizedEvent {
	const { status, final } = DELIVERY_STATUSES[fields.status];
	const isError = !PROGRESS_CODES.has(fields.code);
	const to = fields.to === null ? null : e164(fields.to);
	return normalizedEvent('sinch', {
		kind: 'status',
		// No event id: a Sinch message is a batch and a recipient, and its report is keyed by the status
		// and the body as signed (one body may report several recipients and codes).
		eventId: contentEventId(to === null ? fields.batchId : `${fields.batchId}/${to}`, `${fields.status}/${fields.code}`, request.rawBody),
		messageId: fields.batchId,
		status,
		providerStatus: fields.status,
		final,
		to,
		from: fields.from === null ? null : e164(fields.from),
		errorCode: isError ? String(fields.code) : null,
		errorMessage: isError ? lookup(DELIVERY_CODE_TEXTS, String(fields.code)) : null,
		optedOut: OPT_OUT_CODES.has(fields.code),
		occurredAt: eventTime(fields.at, receivedAt),
		...correlation(request, fields.clientReference, to),
		raw: fields.raw,
	});
}

function inboundEvent(
	request: WebhookRequest,
	receivedAt: Date,
	payload: Extract<Payload, { type: 'mo_text' | 'mo_binary' | 'mo_media' }>,
): NormalizedEvent {
	const text = payload.type === 'mo_text' ? payload.body : payload.type === 'mo_media' ? (payload.body.message ?? null) : null;
	const media =
		payload.type === 'mo_media'
			? (payload.body.media ?? []).flatMap((item) =>
					// An attachment Sinch failed to store has no URL to hand on.
					item.url ? [{ url: item.url, contentType: item.content_type ?? null }] : [],
				)
			: [];
	const from = e164(payload.from);
	return normalizedEvent('sinch', {
		kind: inboundKind(text),
		// The inbound message id is unique per message, so it also dedupes redelivered callbacks.
		eventId: payload.id,
		messageId: payload.id,
		status: 'received',
		providerStatus: payload.type,
		final: true,
		to: e164(payload.to),
		from,
		occurredAt: eventTime(payload.received_at, receivedAt),
		...correlation(request, payload.client_reference, from),
		text,
		media,
		raw: payload,
	});
}

export function* parse(request: WebhookRequest, receivedAt: Date): Generator<NormalizedEvent> {
	const parsed = payloadSchema.safeParse(parseJsonBody(request));
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new WebhookPayloadError(`Not a Sinch callback: ${issue.path.join('.') || 'body'}: ${issue.message}`);
	}
	const payload = parsed.data;
	switch (payload.type) {
		case 'recipient_delivery_report_sms':
		case 'recipient_delivery_report_mms':
			yield deliveryEvent(request, receivedAt, {
				batchId: payload.batch_id,
				status: payload.status,
				code: payload.code,
				to: payload.recipient,
				from: payload.applied_originator ?? null,
				at: payload.at,
				clientReference: payload.client_reference,
				raw: payload,
			});
			return;
		case 'delivery_report_sms':
		case 'delivery_report_mms': {
			const { statuses, ...batchFields } = payload;
			// A batch report has no time of its own. Each event's `raw` is the report narrowed to its own
			// status entry and recipient, so a 1000-recipient report does not repeat itself 1000 times.
			for (const entry of statuses) {
				for (const recipient of entry.recipients ?? [null]) {
					yield deliveryEvent(request, receivedAt, {
						batchId: payload.batch_id,
						status: entry.status,
						code: entry.code,
						to: recipient,
						from: null,
						at: undefined,
						clientReference: payload.client_reference,
						raw: {
							...batchFields,
							statuses: [recipient === null ? entry : { ...entry, recipients: [recipient] }],
						},
					});
				}
			}
			return;
		}
		default:
			yield inboundEvent(request, receivedAt, payload);
	}
}
