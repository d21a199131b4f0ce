/**
 * What a Plivo account lists for the editor (issue #15 point 8): its rented numbers that take MMS,
 * and its applications (the trigger's registration target).
 *
 *   GET https://api.plivo.com/v1/Account/MA…/Number/?limit=20&offset=0
 *   200 {"api_id":"…","meta":{"limit":20,"next":"/v1/Account/MA…/Number/?limit=20&offset=20","offset":0,"previous":null,"total_count":42},
 *        "objects":[{"number":"14155550100","alias":"Store","sms_enabled":true,"mms_enabled":true,…}]}
 *
 *   GET https://api.plivo.com/v1/Account/MA…/Application/?limit=20&offset=0
 *   200 {"meta":{…},"objects":[{"app_id":"20372631212782780","app_name":"Drops","message_url":"https://…",…}]}
 *
 * Shapes: Plivo's list responses as its SDK examples print them (plivo/plivo-examples-dotnet
 * number/number_details.cs and plivo-examples-ruby numbers/number_details.rb: `meta.next` a path, null
 * on the last page; `objects[].number` without `+`); `limit` is at most 20 (Plivo Number API "List all
 * numbers"). `mms_enabled` is read where a number carries it (those examples' older output has only
 * `sms_enabled` and `voice_enabled`): false drops the number, absent keeps it. `app_id`, `app_name` are the
 * Application resource's (the registrar in registration.ts reads and writes the same resource).
 */
import { z } from 'zod';

import { followCursor, listRequest, readPage } from '../lists';
import { originOf } from '../shared';
import type { AccountList, ProviderCredentials } from '../types';
import { PLIVO_ORIGIN, plivoCredential } from './credential';
import { accountUrl, authorizationOf } from './send';

const LIMIT = 20;

const meta = z.object({ next: z.string().nullish() }).passthrough().nullish();

const numberPage = z.object({
	objects: z.array(z.object({ number: z.string().min(1), alias: z.string().nullish(), mms_enabled: z.boolean().nullish() }).passthrough()),
	meta,
});

const applicationPage = z.object({
	objects: z.array(z.object({ app_id: z.string().min(1), app_name: z.string().nullish() }).passthrough()),
	meta,
});

function list(resource: 'Number' | 'Application') {
	return (credentials: ProviderCredentials, cursor?: string) => {
		const url = `${accountUrl(credentials)}${resource}/`;
		const origin = originOf(plivoCredential.read(credentials).baseUrl, PLIVO_ORIGIN);
		return listRequest(cursor ? followCursor(origin, new URL(url).pathname, cursor) : `${url}?limit=${LIMIT}&offset=0`, authorizationOf(credentials));
	};
}

export const plivoNumbers: AccountList = {
	label: 'numbers',
	buildRequest: list('Number'),
	parseResponse: (response) => {
		const page = readPage(response, numberPage, 'Plivo numbers');
		return {
			entries: page.objects
				.filter((number) => number.mms_enabled !== false)
				.map((number) => {
					const e164 = `+${number.number.replace(/^\+/, '')}`;
					return { name: number.alias ? `${e164} · ${number.alias}` : e164, value: e164 };
				}),
			next: page.meta?.next ?? undefined,
		};
	},
};

export const plivoApplications: AccountList = {
	label: 'applications',
	buildRequest: list('Application'),
	parseResponse: (response) => {
		const page = readPage(response, applicationPage, 'Plivo applications');
		return { entries: page.objects.map((app) => ({ name: `${app.app_name || app.app_id} · ${app.app_id}`, value: app.app_id })), next: page.meta?.next ?? undefined };
	},
};
