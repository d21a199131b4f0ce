/**
 * Telnyx messaging webhooks (providers.md §2 Webhooks): JSON, one event per request, to the
 * per-message `webhook_url` (status) or the messaging profile's URL (inbound).
 *
 *   POST /webhook/mms?dropId=d1&ref=r1
 *   telnyx-timestamp: 1700000000
 *   telnyx-signature-ed25519: <base64 Ed25519 over "1700000000|{body}">
 *
 *   { "data": { "record_type": "event", "id": "4ee8c3a6-4995-4309-a3c6-38e3db9ea4be",
 *               "event_type": "message.finalized", "occurred_at": "2019-12-09T21:32:14.148+00:00",
 *               "payload": { "id": "40385f64-…", "direction": "outbound", "type": "MMS",
 *                            "from": { "phone_number": "+18445550001" },
 *                            "to": [{ "phone_number": "+18665550001", "status": "delivered" }],
 *                            "text": "…", "media": [{ "url": "…", "content_type": "image/jpeg" }],
 *                            "errors": [], "webhook_url": "https://…?dropId=d1&ref=r1" } },
 *     "meta": { "attempt": 1, "delivered_to": "https://…" } }
 *
 * `message.sent` / `message.finalized` give one status event per `payload.to[]` entry;
 * `message.received` gives one inbound (or opt-out / opt-in) event.
 */
import { z } from 'zod';

import { eventTime, normalizedEvent } from '../events';
import { type Correlation, correlationFromQuery, correlationFromUrl, inboundKind, lookup, parseJsonBody } from '../shared';
import type { NormalizedEvent, WebhookHandler, WebhookRequest } from '../types';
import { WebhookPayloadError } from '../types';
import { DELIVERY_STATUSES, INBOUND_EVENT_TYPE, OPTED_OUT_CODE, STATUS_EVENT_TYPES } from './codes';
import { verifyTelnyxSignature } from './verify';

const addressSchema = z.object({ phone_number: z.string(), status: z.string().optional() }).passthrough();

const messageSchema = z
	.object({
		id: z.string(),
		direction: z.enum(['inbound', 'outbound']).optional(),
		from: addressSchema.partial().nullish(),
		to: z.array(addressSchema),
		text: z.string().nullish(),
		media: z.array(z.object({ url: z.string(), content_type: z.string().nullish() }).passthrough()).nullish(),
		errors: z
			.array(
				z
					.object({
						code: z.union([z.string(), z.number()]).transform(String),
						title: z.string().nullish(),
						detail: z.string().nullish(),
					})
					.passthrough(),
			)
			.nullish(),
		webhook_url: z.string().nullish(),
	})
	.passthrough();

const eventSchema = z
	.object({
		data: z
			.object({
				id: z.string(),
				event_type: z.string(),
				occurred_at: z.string().nullish(),
				payload: messageSchema,
			})
			.passthrough(),
	})
	.passthrough();

type TelnyxMessage = z.infer<typeof messageSchema>;

/**
 * `dropId`/`ref` from the trigger URL; Telnyx echoes the `webhook_url` it called in the payload,
 * which serves when a proxy stripped the query string.
 */
function correlationOfMessage(request: WebhookRequest, message: TelnyxMessage): Correlation {
	const fromQuery = correlationFromQuery(request.query);
	if (fromQuery.dropId || fromQuery.ref || !message.webhook_url) return fromQuery;
	return correlationFromUrl(message.webhook_url);
}

function parse(request: WebhookRequest, receivedAt: Date): NormalizedEvent[] {
	const result = eventSchema.safeParse(parseJsonBody(request));
	if (!result.success) {
		const issue = result.error.issues[0];
		throw new WebhookPayloadError(`Not a Telnyx messaging event: ${issue.path.join('.') || 'body'} ${issue.message}`);
	}
	const raw = result.data;
	const { id: eventId, event_type: eventType, occurred_at: occurredAt, payload: message } = raw.data;
	const errors = message.errors ?? [];
	const firstError = errors[0];
	const common = {
		eventId,
		messageId: message.id,
		from: message.from?.phone_number,
		errorCode: firstError?.code,
		errorMessage: firstError ? [firstError.title, firstError.detail].filter(Boolean).join(': ') || null : null,
		optedOut: errors.some((error) => error.code === OPTED_OUT_CODE),
		occurredAt: eventTime(occurredAt, receivedAt),
		...correlationOfMessage(request, message),
		text: message.text,
		media: (message.media ?? []).map((media) => ({ url: media.url, contentType: media.content_type ?? null })),
		raw,
	};

	if (eventType === INBOUND_EVENT_TYPE) {
		return [
			normalizedEvent('telnyx', {
				...common,
				kind: inboundKind(message.text),
				status: 'received',
				providerStatus: message.to[0]?.status ?? eventType,
				final: true,
				to: message.to[0]?.phone_number,
			}),
		];
	}

	if (!STATUS_EVENT_TYPES.has(eventType)) throw new WebhookPayloadError(`Unknown Telnyx event type: ${eventType}`);
	if (message.to.length === 0) throw new WebhookPayloadError(`Telnyx ${eventType} without recipients`);
	const severalRecipients = message.to.length > 1;
	return message.to.map((recipient) => {
		const providerStatus = recipient.status ?? '';
		const known = lookup(DELIVERY_STATUSES, providerStatus);
		if (!known) throw new WebhookPayloadError(`Unknown Telnyx delivery status: ${providerStatus || '(none)'}`);
		return normalizedEvent('telnyx', {
			...common,
			// The event id names the whole webhook: where it reports several recipients (a group MMS), each
			// recipient's event needs its own key, or the trigger flags all but the first as repeats.
			eventId: severalRecipients ? `${eventId}/${recipient.phone_number}` : eventId,
			kind: 'status',
			status: known.status,
			providerStatus,
			// `message.finalized` is Telnyx's own word that nothing follows.
			final: known.final || eventType === 'message.finalized',
			to: recipient.phone_number,
		});
	});
}

export const telnyxWebhook: WebhookHandler = {
	verify: verifyTelnyxSignature,
	parse,
	setupSteps: [
		"In the Telnyx Portal, open Messaging → your Messaging Profile → Inbound.",
		"In the inbound webhook field ('Send a webhook to…'), paste the Production URL: replies and STOPs arrive here.",
		"For delivery reports, paste the Production URL into Send MMS Drop → Options → Status Callback URL (each message's webhook_url).",
	],
};
