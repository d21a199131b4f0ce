/**
 * Asking Twilio whether it has a message an earlier run may have sent (`resolveUnknown`, issue #14):
 * the account's Messages list, filtered by recipient and sender (twilio-node
 * src/rest/api/v2010/account/message.ts `page()`: `To`, `From`, `DateSent<`, `DateSent>`, `PageSize`
 * up to 1000; the page holds `messages` and `next_page_uri`, null on the last page, base/Page.ts).
 *
 *   GET https://api.twilio.com/2010-04-01/Accounts/AC…/Messages.json?To=%2B15558675310&From=%2B15017122661&PageSize=1000
 *
 *   200 {"messages":[{"sid":"MM…","to":"+15558675310","from":"+15017122661","messaging_service_sid":null,
 *                     "body":"Spring sale!…","direction":"outbound-api","status":"queued",
 *                     "date_created":"Sat, 01 Mar 2025 12:00:00 +0000","date_sent":null,…}],
 *        "next_page_uri":null,"page":0,"page_size":1000,…}
 *
 * No `DateSent>` filter, though the SDK offers one: it filters on the sent date, which a message
 * still in Twilio's queue does not have ("date_sent": null in the create reply; twilio-node: "when
 * Twilio sent the message"), and a queue may hold a message for 10 hours. Filtered so, a message
 * Twilio holds would look absent and be sent twice. The time is checked here on `date_created`.
 */
import { z } from 'zod';

import { parseJson } from '../shared';
import type { HttpRequestSpec, HttpResponse, LookupAnswer, LookupQuery, MessageLookup, ProviderCredentials } from '../types';
import { twilioAuthorization } from './auth';
import { isMessagingService, messagesUrl } from './send';

/** The largest page Twilio lists (twilio-node `pageSize`: "The default is 50, and the maximum is 1000"). */
const PAGE_SIZE = 1000;

const messagePage = z.object({
	messages: z.array(
		z
			.object({
				sid: z.string().min(1),
				to: z.string().nullish(),
				from: z.string().nullish(),
				messaging_service_sid: z.string().nullish(),
				body: z.string().nullish(),
				direction: z.string().nullish(),
				date_created: z.string().nullish(),
			})
			.passthrough(),
	),
	next_page_uri: z.string().nullish(),
});

type ListedMessage = z.infer<typeof messagePage>['messages'][number];

function buildRequest(credentials: ProviderCredentials, query: LookupQuery): HttpRequestSpec {
	const params = new URLSearchParams({ To: query.to });
	// A Messaging Service picks the sending number from its pool: only the service SID is known.
	if (!isMessagingService(query.from)) params.set('From', query.from);
	params.set('PageSize', String(PAGE_SIZE));
	return {
		method: 'GET',
		url: `${messagesUrl(credentials)}?${params.toString()}`,
		headers: { authorization: twilioAuthorization(credentials), accept: 'application/json' },
	};
}

/**
 * Found: exactly one outbound message from our sender to the number, created since the earlier
 * send, with our text. Absent: none since then on the last page. Anything else cannot be told.
 */
function parseResponse(query: LookupQuery, response: HttpResponse): LookupAnswer {
	const page = messagePage.safeParse(parseJson(response.body));
	if (!page.success) return { found: 'unknown', why: `Twilio's message list reply could not be read (HTTP ${response.status})` };
	const since = new Date(query.sentAfterMs).toISOString();
	const ours = page.data.messages.filter((message) => message.to === query.to && isOutbound(message) && isFromSender(message, query.from));
	const undated = ours.find((message) => Number.isNaN(Date.parse(message.date_created ?? '')));
	if (undated) return { found: 'unknown', why: `Twilio listed ${undated.sid} without a readable date_created` };

	const recent = ours.filter((message) => Date.parse(message.date_created!) >= query.sentAfterMs);
	const matching = recent.filter((message) => message.body === query.text);
	if (matching.length === 1) return { found: true, messageId: matching[0].sid };
	if (matching.length > 1) return { found: 'unknown', why: `Twilio has ${matching.length} messages with this text to ${query.to} since ${since}` };
	// Our own message with a text Twilio changed (smart encoding, a content retention that drops it)
	// would look like this too: sending again could send it twice.
	if (recent.length > 0) return { found: 'unknown', why: `Twilio has ${recent.length} message(s) to ${query.to} since ${since}, none with this exact text` };
	if (page.data.next_page_uri) {
		return { found: 'unknown', why: `Twilio lists more than ${PAGE_SIZE} messages to ${query.to}; the first page does not have it, later ones may` };
	}
	return { found: false };
}

/** outbound-api, outbound-call, outbound-reply (twilio-node `MessageDirection`); a missing direction is not taken for inbound. */
function isOutbound(message: ListedMessage): boolean {
	return message.direction !== 'inbound';
}

function isFromSender(message: ListedMessage, from: string): boolean {
	return isMessagingService(from) ? message.messaging_service_sid === from : message.from === from;
}

export const twilioLookup: MessageLookup = { buildRequest, parseResponse };
