/**
 * Sandbox send: one JSON request per batch, to an address that exists only inside n8n. The
 * simulator (simulator.ts), which Send MMS Drop hands the drop as its transport, answers it; a
 * `.invalid` host (RFC 2606) never resolves, so the request cannot reach anyone by mistake.
 *
 *   POST https://sandbox.drop-mms.invalid/v1/messages
 *   Content-Type: application/json
 *   {"dropId":"d1","from":"+14155550100","text":"Hi Ana!\nReply STOP to opt out","subject":"Spring sale",
 *    "media":[{"url":"https://n8n.example.com/rest/binary-data/signed?token=…","contentType":"image/jpeg","bytes":48213}],
 *    "recipients":[{"to":"+14155550101","ref":"k3j9x0a1b2","statusCallback":"https://n8n.example.com/webhook/…/mms?dropId=d1&ref=k3j9x0a1b2"}]}
 *
 *   200 {"batchId":null,"messages":[{"ref":"k3j9x0a1b2","to":"+14155550101","status":"accepted","id":"SBM5f0c…"}]}
 *   400 {"batchId":null,"messages":[{"ref":"…","to":"+14155550192","status":"rejected","code":"21211","message":"Invalid 'To' phone number"}]}
 *   429 {"code":"20429","message":"Too many requests"}          Retry-After: 1
 *
 * A request carrying several recipients (limits of a batch provider) is answered for each of them,
 * under one `batchId`.
 */
import { z } from 'zod';

import { callbackUrlFor, classifyStatus, isSuccess, lookup, outcomeForAll, parseJson, unreadableResponse } from '../shared';
import type { HttpRequestSpec, HttpResponse, SendBatch, SendOutcome } from '../types';
import { ERROR_CODES } from './codes';

export const SEND_URL = 'https://sandbox.drop-mms.invalid/v1/messages';

/** The request body, as the simulator reads it back. */
export const sendRequestSchema = z.object({
	dropId: z.string(),
	from: z.string(),
	text: z.string(),
	subject: z.string().optional(),
	media: z.array(z.object({ url: z.string().optional(), contentType: z.string().optional(), bytes: z.number().optional() })),
	recipients: z.array(z.object({ to: z.string(), ref: z.string(), statusCallback: z.string().optional() })).min(1),
});

export type SendRequest = z.infer<typeof sendRequestSchema>;

const messageSchema = z.object({
	ref: z.string(),
	to: z.string().optional(),
	status: z.enum(['accepted', 'rejected']),
	id: z.string().optional(),
	code: z.string().optional(),
	message: z.string().optional(),
});

export const sendReplySchema = z.object({ batchId: z.string().nullish(), messages: z.array(messageSchema) });

export type SendReply = z.infer<typeof sendReplySchema>;

const errorSchema = z.object({ code: z.string(), message: z.string() });

export function buildSendRequest(_credentials: unknown, batch: SendBatch): HttpRequestSpec {
	const { from, text, subject, media } = batch.message;
	const body: SendRequest = {
		dropId: batch.dropId,
		from,
		text,
		...(subject === undefined ? {} : { subject }),
		media: media.map(({ url, contentType, bytes }) => ({ url, contentType, bytes })),
		recipients: batch.recipients.map((recipient) => {
			const statusCallback = callbackUrlFor(batch, recipient);
			return { to: recipient.to, ref: recipient.ref, ...(statusCallback ? { statusCallback } : {}) };
		}),
	};
	return { method: 'POST', url: SEND_URL, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) };
}

export function parseSendResponse(batch: SendBatch, response: HttpResponse): SendOutcome[] {
	const json = parseJson(response.body);
	const reply = sendReplySchema.safeParse(json);
	if (reply.success && (isSuccess(response) || response.status === 400)) {
		const byRef = new Map(reply.data.messages.map((message) => [message.ref, message]));
		const batchId = reply.data.batchId ?? undefined;
		return batch.recipients.map(({ ref }) => outcomeOf(ref, byRef.get(ref), batchId, response));
	}
	const error = errorSchema.safeParse(json);
	if (!isSuccess(response) && error.success) {
		const { code, message } = error.data;
		const meaning = lookup(ERROR_CODES, code)?.send ?? classifyStatus(response.status);
		return outcomeForAll(batch, meaning.kind, { reason: meaning.reason ?? 'provider_rejected', error: { code, message, httpStatus: response.status } });
	}
	return unreadableResponse(batch, response, 'Sandbox');
}

function outcomeOf(ref: string, message: z.infer<typeof messageSchema> | undefined, batchId: string | undefined, response: HttpResponse): SendOutcome {
	const httpStatus = response.status;
	if (message?.status === 'accepted' && message.id) return { ref, kind: 'accepted', messageId: message.id, ...(batchId ? { batchId } : {}) };
	if (message?.status === 'rejected') {
		const code = message.code ?? 'rejected';
		const meaning = lookup(ERROR_CODES, code)?.send ?? { kind: 'permanent' as const, reason: 'provider_rejected' as const };
		return { ref, kind: meaning.kind, reason: meaning.reason, error: { code, message: message.message ?? lookup(ERROR_CODES, code)?.meaning ?? 'Rejected', httpStatus } };
	}
	// The sandbox took the request but named no outcome (or no id) for this recipient: it may exist.
	const { kind, reason } = isSuccess(response) ? { kind: 'ambiguous' as const, reason: 'invalid_response' as const } : classifyStatus(httpStatus);
	return { ref, kind, reason: reason ?? 'invalid_response', error: { code: 'invalid_response', message: `The sandbox answered no usable outcome for this recipient (HTTP ${httpStatus})`, httpStatus } };
}
