/**
 * Vonage Messages API send: one `POST /v1/messages` per recipient (providers.md §6).
 *
 *   POST https://api.nexmo.com/v1/messages
 *   Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.…   (application JWT, RS256)
 *   Content-Type: application/json
 *   {"channel":"mms","message_type":"content","to":"14155550101","from":"14155550100",
 *    "content":[{"type":"image","url":"https://example.com/a.jpg","caption":"Spring sale"},
 *               {"type":"video","url":"https://example.com/b.mp4"}],
 *    "client_ref":"drop-1:r1","webhook_url":"https://n8n.example/webhook/mms?dropId=drop-1&ref=r1",
 *    "webhook_version":"v1"}
 *   ⇒ 202 {"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}
 *   ⇒ 422 application/problem+json {"type":"https://developer.nexmo.com/api-errors/messages-olympus#1120",
 *        "title":"Invalid sender","detail":"The `from` parameter is invalid for the given channel.","instance":"…"}
 *
 * Where the text goes. The MMS channel has no text field beside an attachment: the typed
 * single-attachment forms carry `{url, caption}` and the `content` items carry
 * `{type, url, caption}` (vonage-java-sdk MmsContentRequest/Content; the content item types are
 * image|audio|video|vcard|file, so there is no `text` item). Hence: no media ⇒ `message_type: text`;
 * one image/video/audio/file ⇒ that type with the text as its caption; a vCard with text, or
 * several media ⇒ `content`, the text as the first item's caption.
 */
import {
	acceptedUnder, callbackUrlFor, classifyStatus, encodeCorrelation, isSuccess, lookup, originOf, parseJson, recordOf,
	unreadableResponse,
} from '../shared';
import type {
	FailureReason, HttpRequestSpec, HttpResponse, MediaRef, OutboundMessage, OutcomeKind, ProviderCredentials,
	SendBatch, SendOutcome,
} from '../types';
import {
	CAPTIONED_KINDS, MEDIA_KIND_BY_EXTENSION, MEDIA_KIND_BY_MAJOR, MEDIA_KIND_BY_MIME, type MediaKind, SEND_ERROR_CODES,
} from './codes';
import { VONAGE_ORIGIN, vonageCredential } from './credential';
import { applicationToken, uuidFrom } from './jwt';

export const SEND_PATH = '/v1/messages';

/** `client_ref` is "a string of up to 100 characters" (error 1450, Messages API error list). */
const CLIENT_REF_MAX_LENGTH = 100;

/** Parameter names in `invalid_parameters` that point at an attachment. */
const MEDIA_PARAMETER = /^(image|video|audio|vcard|file|content)\b/;

export function mediaKind(media: MediaRef): MediaKind {
	const mime = (media.contentType ?? '').split(';')[0].trim().toLowerCase();
	const byMime = lookup(MEDIA_KIND_BY_MIME, mime) ?? lookup(MEDIA_KIND_BY_MAJOR, mime.split('/')[0]);
	if (byMime) return byMime;
	return lookup(MEDIA_KIND_BY_EXTENSION, extensionOf(media.url ?? '')) ?? 'file';
}

function extensionOf(url: string): string | undefined {
	try {
		return /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
	} catch {
		return undefined;
	}
}

export function validateMessage(message: OutboundMessage): string[] {
	return message.media
		.filter((media) => !media.url || !/^https?:\/\//i.test(media.url))
		.map(
			(media) =>
				`Vonage takes media by public http(s) URL only (providers.md §6); "${media.url ?? media.fileName ?? media.mediaId ?? 'binary media'}" is not one`,
		);
}

/** The message part of the body: `message_type` and its typed payload (see the header comment). */
function messagePayload(message: OutboundMessage): Record<string, unknown> {
	const caption = message.text === '' ? {} : { caption: message.text };
	const [first, ...rest] = message.media;
	if (!first) return { message_type: 'text', text: message.text };
	const firstKind = mediaKind(first);
	if (rest.length === 0 && (message.text === '' || CAPTIONED_KINDS.has(firstKind))) {
		return { message_type: firstKind, [firstKind]: { url: first.url, ...caption } };
	}
	return {
		message_type: 'content',
		content: message.media.map((media, index) => ({ type: mediaKind(media), url: media.url, ...(index === 0 ? caption : {}) })),
	};
}

export function buildSendRequest(credentials: ProviderCredentials, batch: SendBatch, nowMs: number): HttpRequestSpec {
	const [recipient] = batch.recipients;
	const clientRef = encodeCorrelation(batch.dropId, recipient.ref);
	const webhookUrl = callbackUrlFor(batch, recipient);
	const body = {
		channel: 'mms',
		...messagePayload(batch.message),
		to: withoutPlus(recipient.to),
		from: withoutPlus(batch.message.from),
		// A dropId longer than the field allows would be refused (1450) and sink the message; the
		// callback URL still carries dropId and ref, so the reference is left out instead.
		...(clientRef.length <= CLIENT_REF_MAX_LENGTH ? { client_ref: clientRef } : {}),
		// v1 is the webhook shape webhook.ts reads (providers.md §6 `webhook_version`).
		...(webhookUrl ? { webhook_url: webhookUrl, webhook_version: 'v1' } : {}),
	};
	const token = applicationToken(credentials, nowMs, uuidFrom(`${batch.dropId}:${recipient.ref}:${nowMs}`));
	return {
		method: 'POST',
		url: originOf(vonageCredential.read(credentials).baseUrl, VONAGE_ORIGIN) + SEND_PATH,
		headers: {
			authorization: `Bearer ${token}`,
			'content-type': 'application/json',
			accept: 'application/json',
		},
		body: JSON.stringify(body),
	};
}

/** Vonage wants E.164 without the leading `+` (providers.md §6). */
function withoutPlus(number: string): string {
	return number.trim().replace(/^\+/, '');
}

interface Problem {
	code: string;
	message: string;
	invalidParameters: string[];
}

/** An RFC 7807 body as Vonage sends it: `type` URL whose fragment is the code, `title`, `detail`. */
function problemOf(body: unknown): Problem | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const { type, title, detail, invalid_parameters: invalid } = body as Record<string, unknown>;
	if (typeof type !== 'string' || typeof title !== 'string') return undefined;
	const code = type.includes('#') ? type.slice(type.lastIndexOf('#') + 1) : type.replace(/\/+$/, '').split('/').pop() ?? type;
	const invalidParameters = Array.isArray(invalid)
		? invalid.flatMap((item) => (item && typeof item === 'object' && typeof item.name === 'string' ? [item.name as string] : []))
		: [];
	return { code, message: typeof detail === 'string' && detail ? `${title}: ${detail}` : title, invalidParameters };
}

/**
 * 429 and 5xx keep their transport meaning whatever the body says (429 was not processed, 503 was
 * not either, other 5xx may have been). A 4xx is read by its code, then by the parameter it names.
 */
function classifyProblem(status: number, problem: Problem): { kind: OutcomeKind; reason?: FailureReason } {
	if (status === 429 || status >= 500) return classifyStatus(status);
	const known = lookup(SEND_ERROR_CODES, problem.code);
	if (known) return known;
	if (problem.invalidParameters.includes('to')) return { kind: 'permanent', reason: 'invalid_number' };
	if (problem.invalidParameters.some((name) => MEDIA_PARAMETER.test(name))) return { kind: 'permanent', reason: 'media_rejected' };
	return classifyStatus(status);
}

export function parseSendResponse(batch: SendBatch, response: HttpResponse): SendOutcome[] {
	const body = parseJson(response.body);
	if (isSuccess(response)) return acceptedUnder(batch, response, recordOf(body)?.message_uuid, 'Vonage send');
	const problem = problemOf(body);
	if (!problem) return unreadableResponse(batch, response, 'Vonage send');
	const { kind, reason } = classifyProblem(response.status, problem);
	return batch.recipients.map((recipient) => ({
		ref: recipient.ref,
		kind,
		reason: reason ?? 'provider_rejected',
		error: { code: problem.code, message: problem.message, httpStatus: response.status },
	}));
}
