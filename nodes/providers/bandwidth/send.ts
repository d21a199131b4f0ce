/**
 * One MMS per recipient through Bandwidth's Messaging API v2 (providers.md §4,
 * Bandwidth/api-docs site/docs/messaging/createMessage.mdx and errors.mdx):
 *
 *   POST https://messaging.bandwidth.com/api/v2/users/{accountId}/messages
 *   Authorization: Basic base64(username:password)
 *   Content-Type: application/json; charset=utf-8
 *
 *   { "applicationId": "93de2206-9669-4e07-948d-329f4b722ee2", "to": ["+12345678902"],
 *     "from": "+12345678901", "text": "Hey, check this out!",
 *     "media": ["https://mySite.com/images/test_image.jpg"], "tag": "<dropId>:<ref>" }
 *
 *   HTTP/1.1 202 Accepted
 *   { "id": "14762070468292kw2fuqty55yp2b2", "owner": "+12345678901", "time": "2021-07-21T21:00:45.179Z",
 *     "direction": "out", "to": ["+12345678902"], "from": "+12345678901", "tag": "<dropId>:<ref>", … }
 *
 *   HTTP/1.1 429 Too Many Requests
 *   { "type": "max-message-queue-size-exceeded", "description": "… Your allowed rate is 60 messages per minute. …" }
 *
 * `to` always holds exactly one number: several numbers would start a group MMS thread.
 */
import { z } from 'zod';

import {
	acceptedUnder, classifyStatus, encodeCorrelation, isSuccess, lookup, outcomeForAll, parseJson, recordOf, unreadableResponse,
} from '../shared';
import type {
	FailureReason, HttpRequestSpec, HttpResponse, MediaRef, OutboundMessage, OutcomeKind, ProviderCredentials,
	SendBatch, SendOutcome,
} from '../types';
import { accountUrl, authorization, mediaStoreUrl } from './account';
import { MAX_MEDIA_URL_LENGTH, MAX_TAG_LENGTH } from './capabilities';
import { FIELD_ERROR_REASONS, queueDrainWaitMs, SEND_ERROR_TYPES } from './codes';
import { bandwidthCredential } from './credential';

/** Error body of every documented 4xx (errors.mdx; SDK models/create-message-request-error.ts). */
const errorBodySchema = z.object({
	type: z.string().min(1),
	description: z.string().optional(),
	fieldErrors: z.array(z.object({ fieldName: z.string(), description: z.string().optional() })).optional(),
});
type ErrorBody = z.infer<typeof errorBodySchema>;

/** The web framework's own error body, documented for 404 (errors.mdx "404 Not Found"). */
const frameworkErrorSchema = z.object({ status: z.number(), error: z.string(), message: z.string().optional() });

export function validateMessage(message: OutboundMessage): string[] {
	const problems: string[] = [];
	if (!message.from.trim()) problems.push('Bandwidth needs a sender (`from`): a Bandwidth number on the application');
	for (const media of message.media) {
		if (!media.url && !media.mediaId) {
			const name = media.fileName ? ` ${media.fileName}` : '';
			problems.push(`Media${name} needs a public URL or an upload to the Bandwidth media store`);
		} else if (media.url && media.url.length > MAX_MEDIA_URL_LENGTH) {
			problems.push(`A media URL is ${media.url.length} characters; Bandwidth takes at most ${MAX_MEDIA_URL_LENGTH}`);
		}
	}
	return problems;
}

export function buildSendRequest(credentials: ProviderCredentials, batch: SendBatch): HttpRequestSpec {
	const [recipient] = batch.recipients;
	const tag = encodeCorrelation(batch.dropId, recipient.ref);
	if (tag.length > MAX_TAG_LENGTH) throw new Error(`Correlation tag is ${tag.length} characters; Bandwidth takes at most ${MAX_TAG_LENGTH}`);
	const media = batch.message.media.map((item) => mediaUrl(credentials, item));
	// No status callback URL here: Bandwidth only takes it on the messaging Application (§4 "Callbacks").
	const body = {
		applicationId: bandwidthCredential.read(credentials).applicationId,
		to: [recipient.to],
		from: batch.message.from,
		text: batch.message.text,
		...(media.length > 0 ? { media } : {}),
		tag,
	};
	return {
		method: 'POST',
		url: `${accountUrl(credentials)}/messages`,
		headers: {
			authorization: authorization(credentials),
			'content-type': 'application/json; charset=utf-8',
			accept: 'application/json',
		},
		body: JSON.stringify(body),
	};
}

function mediaUrl(credentials: ProviderCredentials, media: MediaRef): string {
	if (media.url) return media.url;
	if (media.mediaId) return mediaStoreUrl(credentials, media.mediaId);
	throw new Error('Bandwidth media needs a URL or a media-store id');
}

export function parseSendResponse(batch: SendBatch, response: HttpResponse): SendOutcome[] {
	const json = parseJson(response.body);
	// The accepted message object; only its `id` matters to us.
	if (isSuccess(response)) return acceptedUnder(batch, response, recordOf(json)?.id, 'Bandwidth send');
	const error = errorBodySchema.safeParse(json);
	if (error.success) return outcomesForError(batch, response.status, error.data);
	const framework = frameworkErrorSchema.safeParse(json);
	if (framework.success) {
		const { kind, reason } = classifyStatus(response.status);
		return outcomeForAll(batch, kind, {
			reason: reason ?? 'provider_rejected',
			error: { code: framework.data.error, message: framework.data.message ?? framework.data.error, httpStatus: response.status },
		});
	}
	return unreadableResponse(batch, response, 'Bandwidth send');
}

function outcomesForError(batch: SendBatch, status: number, body: ErrorBody): SendOutcome[] {
	const byType = lookup(SEND_ERROR_TYPES, body.type);
	const byStatus = classifyStatus(status);
	const kind: OutcomeKind = byType?.kind ?? byStatus.kind;
	let reason: FailureReason = byType?.reason ?? byStatus.reason ?? 'provider_rejected';
	if (kind === 'permanent') reason = fieldReason(body) ?? reason;
	const description = body.description ?? '';
	const retryAfterMs = kind === 'retryable' ? queueDrainWaitMs(description) : undefined;
	return outcomeForAll(batch, kind, {
		reason,
		error: { code: body.type, message: errorMessage(body), httpStatus: status },
		...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
	});
}

/** The first field error that names a field with a meaning of its own (`to`, `to[0]`, `media[2]`). */
function fieldReason(body: ErrorBody): FailureReason | undefined {
	for (const fieldError of body.fieldErrors ?? []) {
		const reason = lookup(FIELD_ERROR_REASONS, fieldError.fieldName.replace(/\[\d+\]$/, '').toLowerCase());
		if (reason) return reason;
	}
	return undefined;
}

function errorMessage(body: ErrorBody): string {
	const fields = (body.fieldErrors ?? []).map((fieldError) =>
		fieldError.description ? `${fieldError.fieldName}: ${fieldError.description}` : fieldError.fieldName,
	);
	return [body.description || body.type, ...fields].join('; ');
}
