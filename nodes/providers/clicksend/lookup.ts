/*
 * Whether ClickSend has a message of this drop for a recipient (`resolveUnknown`), from the MMS
 * history (ClickSend/clicksend-python-v2 docs/MmsApi.md `view_mms_history`; models
 * view_mms_history_data.py and view_mms_history_data_all_of_data_inner.py):
 *
 *   GET https://rest.clicksend.com/v3/mms/history?date_from=1772445900&page=1&limit=100
 *   Authorization: Basic base64(username:apiKey)
 *
 *   200 { "http_code": 200, "response_code": "SUCCESS", "response_msg": "…",
 *         "data": { "total": 2, "per_page": 100, "current_page": 1, "last_page": 1,
 *                   "data": [ { "message_id": "FC9EA26C-…", "direction": "out", "to": "+61411111111",
 *                               "body": "Spring sale …", "custom_string": "drop-1:r1", "date": "1772446000", … } ] } }
 *
 * The history filters by time only (`date_from`/`date_to`, Unix seconds; 15 to 100 per page), not
 * by `custom_string`: the page of messages since the send is searched for the recipient's own
 * `custom_string` (correlation.ts). Where the window holds more than one page, a message missing
 * from it may still exist: that is "unknown", never "absent".
 */
import { z } from 'zod';

import { isSuccess, parseJson } from '../shared';
import type { HttpRequestSpec, HttpResponse, LookupAnswer, LookupQuery, MessageLookup, ProviderCredentials } from '../types';
import { customStringFor } from './correlation';
import { apiOrigin, clicksendHeaders } from './send';

/** view_mms_history_data.py `per_page`: "100 items at maximum". */
const PAGE_SIZE = 100;

function buildRequest(credentials: ProviderCredentials, query: LookupQuery): HttpRequestSpec {
	const params = new URLSearchParams({ date_from: String(Math.floor(query.sentAfterMs / 1000)), page: '1', limit: String(PAGE_SIZE) });
	const { authorization, accept } = clicksendHeaders(credentials);
	return { method: 'GET', url: `${apiOrigin(credentials)}/v3/mms/history?${params}`, headers: { authorization, accept } };
}

const entrySchema = z
	.object({
		message_id: z.string().optional(),
		direction: z.string().nullable().optional(),
		body: z.string().nullable().optional(),
		custom_string: z.string().nullable().optional(),
	})
	.passthrough();

const historySchema = z.object({ data: z.object({ total: z.number().int().nonnegative(), data: z.array(entrySchema) }).passthrough() }).passthrough();

function parseResponse(query: LookupQuery, response: HttpResponse): LookupAnswer {
	if (!isSuccess(response)) return { found: 'unknown', why: `ClickSend answered the MMS history with HTTP ${response.status}` };
	const history = historySchema.safeParse(parseJson(response.body));
	if (!history.success) return { found: 'unknown', why: "ClickSend's MMS history could not be read" };
	const { total, data: entries } = history.data.data;
	// A reply to our message carries its custom_string too: only what went out counts.
	const correlation = customStringFor(query.dropId, query.ref);
	const ours = entries.filter((entry) => entry.custom_string === correlation && entry.direction !== 'in');
	const same = ours.find((entry) => entry.body === query.text);
	if (same?.message_id) return { found: true, messageId: same.message_id };
	if (same) return { found: 'unknown', why: 'ClickSend lists the message without its message_id' };
	if (ours.length > 0) return { found: 'unknown', why: 'ClickSend has a message of this drop to this recipient, with another text' };
	if (total > entries.length) return { found: 'unknown', why: `ClickSend's MMS history since the send holds ${total} messages, more than one page` };
	return { found: false };
}

export const clicksendLookup: MessageLookup = { buildRequest, parseResponse };
