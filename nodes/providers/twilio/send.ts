/**
 * Twilio send: one Messages resource per recipient (providers.md §1 "Send").
 *
 *   POST https://api.twilio.com/2010-04-01/Accounts/AC…/Messages.json
 *   Authorization: Basic base64(AccountSid:AuthToken)   (or an API key: auth.ts)
 *   Content-Type: application/x-www-form-urlencoded
 *
 *   To=%2B15558675310&From=%2B15017122661&Body=Spring+sale%21
 *     &MediaUrl=https%3A%2F%2Fcdn.example.com%2Fa.jpg&MediaUrl=https%3A%2F%2Fcdn.example.com%2Fb.png
 *     &StatusCallback=https%3A%2F%2Fn8n.example.com%2Fwebhook%2Fmms%3FdropId%3Dd1%26ref%3Dr1
 *
 *   201 {"sid":"MM…","status":"queued","num_media":"2","error_code":null,…}
 *   400 {"code":21610,"message":"Attempt to send to unsubscribed recipient",
 *        "more_info":"https://www.twilio.com/docs/errors/21610","status":400}
 */
import { z } from 'zod';

import {
	acceptedUnder, callbackUrlFor, classifyStatus, isSuccess, lookup, originOf, outcomeForAll, parseJson, recordOf,
	unreadableResponse,
} from '../shared';
import type {
	HttpRequestSpec, HttpResponse, OutboundMessage, ProviderCredentials, SendBatch, SendOutcome,
} from '../types';
import { twilioAuthorization } from './auth';
import { ERROR_CODES } from './codes';
import { TWILIO_ORIGIN, twilioCredential } from './credential';

/** A Messaging Service SID goes into `MessagingServiceSid` instead of `From` (providers.md §1). */
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

export function isMessagingService(from: string): boolean {
	return MESSAGING_SERVICE_SID.test(from);
}

/** Twilio's documented error body (providers.md §1 "Error body"). */
const errorBody = z.object({
	code: z.union([z.number().int(), z.string().min(1)]),
	message: z.string(),
});

/** The account's Messages list: where a message is created and where messages are listed. */
export function messagesUrl(credentials: ProviderCredentials): string {
	const { accountSid, baseUrl } = twilioCredential.read(credentials, ['accountSid']);
	return `${originOf(baseUrl, TWILIO_ORIGIN)}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
}

export function validateMessage(message: OutboundMessage): string[] {
	const problems: string[] = [];
	if (message.from.trim() === '') problems.push('Twilio needs a sender: a Twilio number, short code or MG… Messaging Service SID');
	const withoutUrl = message.media.filter((media) => !isHttpUrl(media.url)).length;
	if (withoutUrl > 0) {
		problems.push(`Twilio fetches media from public http(s) URLs only (it has no media store); ${withoutUrl} item(s) have none`);
	}
	return problems;
}

export function buildSendRequest(credentials: ProviderCredentials, batch: SendBatch): HttpRequestSpec {
	const [recipient] = batch.recipients;
	const { from, text, media } = batch.message;
	const form = new URLSearchParams();
	form.append('To', recipient.to);
	form.append(isMessagingService(from) ? 'MessagingServiceSid' : 'From', from);
	if (text !== '') form.append('Body', text);
	for (const item of media) {
		if (!isHttpUrl(item.url)) throw new Error('Twilio needs a public http(s) URL for every media item');
		form.append('MediaUrl', item.url);
	}
	const statusCallback = callbackUrlFor(batch, recipient);
	if (statusCallback) form.append('StatusCallback', statusCallback);

	return {
		method: 'POST',
		url: messagesUrl(credentials),
		headers: {
			authorization: twilioAuthorization(credentials),
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'application/json',
		},
		body: form.toString(),
	};
}

export function parseSendResponse(batch: SendBatch, response: HttpResponse): SendOutcome[] {
	const body = parseJson(response.body);
	if (isSuccess(response)) return acceptedUnder(batch, response, recordOf(body)?.sid, 'Twilio send');
	const error = errorBody.safeParse(body);
	if (!error.success) return unreadableResponse(batch, response, 'Twilio send');
	const code = String(error.data.code);
	// A documented code is a definite answer whatever the HTTP status; otherwise the status decides.
	const { kind, reason } = lookup(ERROR_CODES, code)?.send ?? classifyStatus(response.status);
	return outcomeForAll(batch, kind, {
		reason: reason ?? 'provider_rejected',
		error: { code, message: error.data.message, httpStatus: response.status },
	});
}

function isHttpUrl(value: string | undefined): value is string {
	if (!value) return false;
	try {
		const { protocol } = new URL(value);
		return protocol === 'https:' || protocol === 'http:';
	} catch {
		return false;
	}
}
