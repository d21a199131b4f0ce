/**
 * ClickSend MMS send (providers.md §7):
 *
 *   POST https://rest.clicksend.com/v3/mms/send
 *   Authorization: Basic base64(username:apiKey)
 *   { "media_file": "https://example.com/promo.jpg",
 *     "messages": [ { "to": "+61411111111", "from": "+61411111112", "subject": "Spring sale",
 *                     "body": "Our spring sale starts today", "custom_string": "drop-1:r1" } ] }
 *
 *   200 { "http_code": 200, "response_code": "SUCCESS", "response_msg": "Messages queued for delivery.",
 *         "data": { "total_price": 0, "total_count": 1, "queued_count": 1,
 *                   "messages": [ { "message_id": "FC9EA26C-6FE3-4F47-AF5A-47EBDF96EDBC", "to": "+61411111111",
 *                                   "custom_string": "drop-1:r1", "status": "SUCCESS", … } ] } }
 *   4xx/5xx { "http_code": 401, "response_code": "UNAUTHORIZED", "response_msg": "…" }
 */
import { z } from 'zod';

import { basicAuth, classifyStatus, isSuccess, lookup, originOf, outcomeForAll, parseJson, unreadableResponse } from '../shared';
import type {
	BatchRecipient, HttpRequestSpec, HttpResponse, OutboundMessage, ProviderCredentials, SendBatch, SendOutcome,
} from '../types';
import { SEND_STATUSES, UNKNOWN_SEND_STATUS } from './codes';
import { customStringFor } from './correlation';
import { CLICKSEND_ORIGIN, clicksendCredential } from './credential';

/**
 * ClickSend requires a subject on every MMS (providers.md §7) while a drop's subject is
 * optional; a short neutral word is what most handsets show as a plain MMS heading.
 */
export const DEFAULT_SUBJECT = 'MMS';

/** providers.md §7: a message with any character outside GSM 03.38 is Unicode and holds 500. */
const MAX_UNICODE_TEXT_LENGTH = 500;

const GSM_03_38 = new Set(
	Array.from(
		'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿' +
			'abcdefghijklmnopqrstuvwxyzäöñüà' +
			'\f^{}\\[~]|€',
	),
);

/**
 * providers.md §7: jpg and gif are taken as they are; jpeg, png and bmp "must first go through"
 * `/v3/uploads?convert=mms` (ClickSend tells them apart by file extension). A file from a binary
 * property (known by its content hash) always goes through that upload, which converts it, so what
 * is sent is the converted file whatever the input type (issue #12: a PNG given as a binary was
 * refused by a message asking for exactly that).
 */
const NEEDS_CONVERSION = { contentTypes: ['image/png', 'image/bmp', 'image/x-ms-bmp'], extensions: ['.jpeg', '.png', '.bmp'] };

export function validateMessage(message: OutboundMessage): string[] {
	const problems: string[] = [];
	const [media] = message.media;
	if (media && !media.url) {
		problems.push('ClickSend needs the media file as a URL: give a public URL or a binary property to upload');
	} else if (media?.url && media.sha256 === undefined && needsConversion(media.url, media.contentType)) {
		problems.push(
			'ClickSend takes .jpg and .gif files as they are; PNG, BMP and .jpeg files must be converted first (use a binary property so it is uploaded and converted, or MMS Media Prep)',
		);
	}
	const characters = Array.from(message.text);
	// The GSM limit is the capabilities' maxTextLength; one character outside GSM 03.38 lowers it.
	if (characters.length > MAX_UNICODE_TEXT_LENGTH && characters.some((character) => !GSM_03_38.has(character))) {
		problems.push(`The text has ${characters.length} characters; ClickSend truncates Unicode MMS text after ${MAX_UNICODE_TEXT_LENGTH}`);
	}
	return problems;
}

function needsConversion(url: string, contentType: string | undefined): boolean {
	if (contentType && NEEDS_CONVERSION.contentTypes.includes(contentType.toLowerCase())) return true;
	let path: string;
	try {
		path = new URL(url).pathname.toLowerCase();
	} catch {
		return false;
	}
	return NEEDS_CONVERSION.extensions.some((extension) => path.endsWith(extension));
}

export function clicksendHeaders(credentials: ProviderCredentials): Record<string, string> {
	const { username, apiKey } = clicksendCredential.read(credentials);
	return {
		authorization: basicAuth(username, apiKey),
		'content-type': 'application/json',
		accept: 'application/json',
	};
}

/** The credential's origin, where every API path hangs. */
export function apiOrigin(credentials: ProviderCredentials): string {
	return originOf(clicksendCredential.read(credentials).baseUrl, CLICKSEND_ORIGIN);
}

export function buildSendRequest(credentials: ProviderCredentials, batch: SendBatch): HttpRequestSpec {
	const { message } = batch;
	const subject = message.subject?.trim() ? message.subject : DEFAULT_SUBJECT;
	return {
		method: 'POST',
		url: `${apiOrigin(credentials)}/v3/mms/send`,
		headers: clicksendHeaders(credentials),
		body: JSON.stringify({
			media_file: message.media[0]?.url,
			// No status callback URL here: ClickSend delivers receipts to an account-level rule, and
			// `custom_string` carries dropId and ref back in them instead.
			messages: batch.recipients.map((recipient) => ({
				to: recipient.to,
				// An empty sender makes ClickSend use its shared numbers, as its own integrations do.
				...(message.from ? { from: message.from } : {}),
				subject,
				body: message.text,
				custom_string: customStringFor(batch.dropId, recipient.ref),
			})),
		}),
	};
}

const messageReplySchema = z
	.object({
		message_id: z.string().optional(),
		to: z.string().optional(),
		status: z.string(),
		custom_string: z.string().nullable().optional(),
	})
	.passthrough();

type MessageReply = z.infer<typeof messageReplySchema>;

const sendReplySchema = z.object({ data: z.object({ messages: z.array(messageReplySchema) }).passthrough() }).passthrough();

const errorReplySchema = z.object({ response_code: z.string(), response_msg: z.string().optional() }).passthrough();

export function parseSendResponse(batch: SendBatch, response: HttpResponse): SendOutcome[] {
	const json = parseJson(response.body);
	if (!isSuccess(response)) {
		const error = errorReplySchema.safeParse(json);
		if (!error.success) return unreadableResponse(batch, response, 'ClickSend send');
		const { kind, reason } = classifyStatus(response.status);
		return outcomeForAll(batch, kind, {
			reason,
			error: {
				code: error.data.response_code,
				message: error.data.response_msg ?? error.data.response_code,
				httpStatus: response.status,
			},
		});
	}
	const reply = sendReplySchema.safeParse(json);
	if (!reply.success) return unreadableResponse(batch, response, 'ClickSend send');
	const { messages } = reply.data.data;
	return batch.recipients.map((recipient, index) => {
		const found = replyFor(messages, index, recipient, customStringFor(batch.dropId, recipient.ref));
		if (!found) {
			// The call succeeded, so this recipient may well have been queued: never retry it blindly.
			return {
				ref: recipient.ref,
				kind: 'ambiguous',
				reason: 'invalid_response',
				error: {
					code: 'invalid_response',
					message: `ClickSend's reply has no entry for ${recipient.to}`,
					httpStatus: response.status,
				},
			};
		}
		const rule = lookup(SEND_STATUSES, found.status) ?? UNKNOWN_SEND_STATUS;
		const outcome: SendOutcome = { ref: recipient.ref, kind: rule.kind };
		if (found.message_id) outcome.messageId = found.message_id;
		if (rule.kind !== 'accepted') {
			outcome.reason = rule.reason;
			outcome.error = { code: found.status, message: rule.description, httpStatus: response.status };
		}
		return outcome;
	});
}

/**
 * Replies come in request order; the position is trusted only when the entry is really this
 * recipient's (its echoed `custom_string`, or its number where ClickSend left that out).
 */
function replyFor(
	messages: MessageReply[],
	index: number,
	recipient: BatchRecipient,
	correlation: string,
): MessageReply | undefined {
	const isFor = (entry: MessageReply) =>
		entry.custom_string ? entry.custom_string === correlation : sameNumber(entry.to, recipient.to);
	const positional = messages[index];
	if (positional && isFor(positional)) return positional;
	return messages.find(isFor);
}

function sameNumber(a: string | undefined, b: string): boolean {
	return a !== undefined && a.replace(/\D/g, '') === b.replace(/\D/g, '');
}
