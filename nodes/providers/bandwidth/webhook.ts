/**
 * Bandwidth posts callbacks as a JSON array of events to the messaging Application's callback
 * URL (providers.md §4 "Callbacks", Bandwidth/api-docs site/docs/messaging/webhooks.mdx):
 *
 *   POST /your_url HTTP/1.1
 *   Content-Type: application/json; charset=utf-8
 *   Authorization: Basic base64(callbackUsername:callbackPassword)
 *
 *   [ { "type": "message-failed", "time": "2016-09-14T18:20:16Z", "description": "forbidden to country",
 *       "to": "+52345678903", "errorCode": 4432,
 *       "message": { "id": "14762070468292kw2fuqty55yp2b2", "time": "2016-09-14T18:20:16Z",
 *                    "to": ["+52345678903"], "from": "+12345678901", "text": "", "tag": "<dropId>:<ref>",
 *                    "media": ["https://dev.bandwidth.com/images/bandwidth-logo.png"],
 *                    "owner": "+12345678901", "direction": "out", "segmentCount": 1 } },
 *     { "type": "message-received", "time": "2016-09-14T18:20:16Z", "description": "Incoming message received",
 *       "to": "+12345678902",
 *       "message": { "id": "…", "to": ["+12345678902"], "from": "+12345678901", "text": "STOP",
 *                    "media": [], "owner": "+12345678902", "direction": "in", "segmentCount": 1 } } ]
 *
 * Outbound callbacks carry no text (webhooks.mdx: "Message text content will not be sent") and
 * no event id; delivery is at-least-once, so duplicates are possible.
 *
 * An application can also receive types this trigger has no item for, such as RBM's
 * `suggestion-response` and `requested-location-response` (Bandwidth/node-sdk
 * models/inbound-callback-type-enum.ts). Bandwidth retries a non-2xx answer for 24 hours
 * (providers.md §4 "Callbacks"), so an array holding one is answered 200 with the known events
 * only: refusing it would lose those and bring the rest back a day long.
 */
import { z } from 'zod';

import { contentEventId, eventTime, normalizedEvent } from '../events';
import {
	ARRAY_BODY_BYTES,
	correlationFromQuery,
	correlationOf,
	decodeCorrelation,
	inboundKind,
	lookup,
	parseJsonBody,
	recordOf,
} from '../shared';
import type { NormalizedEvent, NormalizedStatus, WebhookHandler, WebhookRequest } from '../types';
import { WebhookPayloadError } from '../types';
import { CALLBACK_TYPES, failedStatusFor, HANDED_TO_CARRIER, OPT_OUT_ERROR_CODES } from './codes';
import { verifyCallback } from './verify';

/** Bandwidth/node-sdk models/status-callback.ts and status-callback-message.ts; extra fields pass through. */
const callbackSchema = z
	.object({
		type: z.string().min(1),
		time: z.string().optional(),
		/** Only on `message-read`: when the message was read. */
		eventTime: z.string().optional(),
		description: z.string().optional(),
		to: z.string().optional(),
		errorCode: z.union([z.number().int(), z.string().regex(/^\d+$/)]).nullish(),
		message: z
			.object({
				id: z.string().min(1),
				owner: z.string().optional(),
				to: z.array(z.string()).optional(),
				from: z.string().optional(),
				text: z.string().optional(),
				media: z.array(z.string()).optional(),
				tag: z.string().optional(),
			})
			.passthrough(),
	})
	.passthrough();
type Callback = z.infer<typeof callbackSchema>;
type Meaning = (typeof CALLBACK_TYPES)[string];

export function* parseCallbacks(request: WebhookRequest, receivedAt: Date): Generator<NormalizedEvent> {
	const body = parseJsonBody(request);
	if (!Array.isArray(body)) throw new WebhookPayloadError('A Bandwidth callback body is a JSON array of events');
	for (const [index, raw] of body.entries()) {
		const type = recordOf(raw)?.type;
		const meaning = typeof type === 'string' ? lookup(CALLBACK_TYPES, type) : undefined;
		// A type we have no item for is acknowledged with the rest of the array (see above).
		if (!meaning && typeof type === 'string' && type !== '') continue;
		const parsed = callbackSchema.safeParse(raw);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new WebhookPayloadError(`Bandwidth callback #${index}: ${issue.path.join('.') || 'event'} ${issue.message}`);
		}
		// The schema takes only a non-empty string type, which has a meaning by now.
		yield toEvent(parsed.data, meaning!, raw, request, receivedAt);
	}
}

function toEvent(callback: Callback, meaning: Meaning, raw: unknown, request: WebhookRequest, receivedAt: Date): NormalizedEvent {
	const { message } = callback;
	const errorCode = callback.errorCode === null || callback.errorCode === undefined ? null : String(callback.errorCode);
	const inbound = meaning.kind === 'inbound';
	const kind = inbound ? inboundKind(message.text) : 'status';
	return normalizedEvent('bandwidth', {
		kind,
		// No event id of its own: the event's authenticated content is its key, so a redelivery (in
		// any array) or a replay is recognised and another event of the message is not.
		eventId: contentEventId(message.id, callback.type, JSON.stringify(raw)),
		messageId: message.id,
		status: statusOf(callback, meaning.status, errorCode),
		providerStatus: callback.type,
		final: meaning.final,
		to: callback.to ?? (inbound ? message.owner : undefined) ?? message.to?.[0],
		from: message.from,
		errorCode,
		errorMessage: errorCode === null ? null : callback.description,
		optedOut: errorCode !== null && OPT_OUT_ERROR_CODES.has(errorCode),
		occurredAt: eventTime(callback.eventTime ?? callback.time, receivedAt),
		// The tag names the exact message; the trigger URL's query serves where the tag has nothing.
		...correlationOf(decodeCorrelation(message.tag), correlationFromQuery(request.query)),
		text: inbound ? message.text : null,
		media: (message.media ?? []).map((url) => ({ url, contentType: null })),
		raw,
	});
}

function statusOf(callback: Callback, status: NormalizedStatus, errorCode: string | null): NormalizedStatus {
	if (callback.type === 'message-failed') return failedStatusFor(errorCode);
	if (callback.type === 'message-delivered' && HANDED_TO_CARRIER.test(callback.description ?? '')) return 'sent';
	return status;
}

export const bandwidthWebhook: WebhookHandler = {
	// Bandwidth posts events in arrays: a storm of 2,000 delivery reports is over 1 MB (issue #17).
	maxBodyBytes: ARRAY_BODY_BYTES,
	verify: verifyCallback,
	parse: parseCallbacks,
	setupSteps: [
		"In the Bandwidth Dashboard, open Applications → your messaging application.",
		"Set its Callback URL to the Production URL: inbound messages and delivery reports both arrive here.",
		"Set Callback user ID/password to this credential’s Callback Username/Password.",
	],
};
