/**
 * What a ClickSend account lists for the editor (issue #15 point 8): its dedicated numbers.
 *
 *   GET https://rest.clicksend.com/v3/numbers?page=1&limit=100
 *   200 {"http_code":200,"response_code":"SUCCESS","response_msg":"Here are your numbers.",
 *        "data":{"total":1,"per_page":100,"current_page":1,"last_page":1,"next_page_url":null,"prev_page_url":null,
 *                "from":1,"to":1,"data":[{"dedicated_number":"+61411111111","country":"AU",…}]}}
 *
 * Shapes: ClickSend's own n8n node (ClickSend/integration-n8n, loadOptions `dedicatedNumber`: GET
 * /v3/numbers, numbers in `data.data[].dedicated_number`), and ClickSend's paged reply (`data.current_page`,
 * `data.last_page`, `page` and `limit` query parameters), as the MMS history this adapter already
 * reads for Resolve Unknown (lookup.ts; providers.md §7).
 */
import { z } from 'zod';

import { listRequest, pageNumber, readPage } from '../lists';
import type { AccountList } from '../types';
import { apiOrigin, clicksendHeaders } from './send';

const LIMIT = 100;

const numberPage = z.object({
	data: z.object({
		current_page: z.number().int().nullish(),
		last_page: z.number().int().nullish(),
		data: z.array(z.object({ dedicated_number: z.string().min(1), country: z.string().nullish() }).passthrough()),
	}),
});

export const clicksendNumbers: AccountList = {
	label: 'dedicated numbers',
	buildRequest: (credentials, cursor) => listRequest(`${apiOrigin(credentials)}/v3/numbers?page=${pageNumber(cursor)}&limit=${LIMIT}`, clicksendHeaders(credentials).authorization),
	parseResponse: (response) => {
		const { data } = readPage(response, numberPage, 'ClickSend dedicated numbers');
		const current = data.current_page ?? 1;
		return {
			entries: data.data.map((number) => ({ name: number.country ? `${number.dedicated_number} · ${number.country}` : number.dedicated_number, value: number.dedicated_number })),
			next: current < (data.last_page ?? 1) ? String(current + 1) : undefined,
		};
	},
};
