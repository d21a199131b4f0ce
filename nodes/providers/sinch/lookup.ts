/*
 * Whether Sinch has a batch of this drop for a number (`resolveUnknown`). Our batches carry the
 * drop id in `client_reference` (send.ts), and the batch list filters by it (sinch-sdk-node
 * packages/sms/src/rest/v1/batches/batches-api.ts `list`: page, page_size, from, start_date,
 * end_date, client_reference; "batch messages created in the last 14 days"):
 *
 *   GET https://us.sms.api.sinch.com/xms/v1/{service_plan_id}/batches?client_reference=d1&start_date=2026-03-02T09:50:00.000Z&page_size=100
 *   Authorization: Bearer {api_token}
 *
 *   200 { "count": 1, "page": 0, "page_size": 1,
 *         "batches": [ { "id": "01FC66621XXXXX119Z8PMV1QPQ", "to": ["+15551230001", "+15551230002"],
 *                        "type": "mt_media", "body": { "url": "…", "message": "Spring sale!" },
 *                        "client_reference": "d1", "created_at": "2026-03-02T10:00:01.000Z", "canceled": false } ] }
 *
 * A batch has no per-recipient id (providers.md §5): what is found is the batch, as messageId and
 * batchId. `from` is not filtered on: Sinch may store the sender in another form than we sent it,
 * and a miss there would re-send a message that exists.
 */
import { z } from 'zod';

import { header, isSuccess, parseJson } from '../shared';
import type { HttpRequestSpec, HttpResponse, LookupAnswer, LookupQuery, MessageLookup, ProviderCredentials } from '../types';
import { sinchCredential } from './credential';
import { sinchOrigin } from './send';

/** Batches of one drop listed in one answer; a drop with more (over 100,000 recipients) is answered "unknown". */
const PAGE_SIZE = 100;

/** "batch messages created in the last 14 days" (batches-api.ts `list`): older ones are gone, not absent. */
const LISTED_FOR_MS = 14 * 24 * 3600_000;

function buildRequest(credentials: ProviderCredentials, query: LookupQuery): HttpRequestSpec {
	const { servicePlanId, apiToken } = sinchCredential.read(credentials);
	const params = new URLSearchParams({
		client_reference: query.dropId,
		start_date: new Date(query.sentAfterMs).toISOString(),
		page_size: String(PAGE_SIZE),
	});
	return {
		method: 'GET',
		url: `${sinchOrigin(credentials)}/xms/v1/${encodeURIComponent(servicePlanId)}/batches?${params}`,
		headers: { authorization: `Bearer ${apiToken}`, accept: 'application/json' },
	};
}

const batchSchema = z
	.object({
		id: z.string().min(1),
		to: z.array(z.string()).optional(),
		client_reference: z.string().optional(),
		body: z.union([z.string(), z.object({ message: z.string().optional() }).passthrough()]).optional(),
	})
	.passthrough();

const listSchema = z.object({ count: z.number().int().nonnegative(), batches: z.array(batchSchema) }).passthrough();

const digitsOf = (number: string) => number.replace(/\D/g, '');

/** The text an `mt_media` batch carried ('' when it had none, as send.ts leaves `message` out then). */
function textOf(batch: z.infer<typeof batchSchema>): string {
	return typeof batch.body === 'object' ? (batch.body.message ?? '') : (batch.body ?? '');
}

function parseResponse(query: LookupQuery, response: HttpResponse): LookupAnswer {
	if (!isSuccess(response)) return { found: 'unknown', why: `Sinch answered the batch list with HTTP ${response.status}` };
	const answeredAt = Date.parse(header(response.headers, 'date') ?? '');
	if (answeredAt - query.sentAfterMs > LISTED_FOR_MS) return { found: 'unknown', why: 'Sinch lists batches of the last 14 days only, and this one is older' };
	const list = listSchema.safeParse(parseJson(response.body));
	if (!list.success) return { found: 'unknown', why: "Sinch's batch list could not be read" };
	const { count, batches } = list.data;
	const number = digitsOf(query.to);
	const ofRecipient = batches.filter(
		(batch) => batch.client_reference === query.dropId && (batch.to ?? []).some((to) => digitsOf(to) === number),
	);
	const same = ofRecipient.find((batch) => textOf(batch) === query.text);
	if (same) return { found: true, messageId: same.id, batchId: same.id };
	if (ofRecipient.length > 0) return { found: 'unknown', why: 'Sinch has a batch of this drop to this number, with another text' };
	if (count > batches.length) return { found: 'unknown', why: `Sinch lists ${count} batches of this drop, more than one answer holds` };
	return { found: false };
}

export const sinchLookup: MessageLookup = { buildRequest, parseResponse };
