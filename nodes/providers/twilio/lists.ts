/**
 * What a Twilio account lists for the editor (issue #15 point 8): its phone numbers that take MMS,
 * and its Messaging Services, which send from a pool (From) and take the trigger's callbacks.
 *
 *   GET https://api.twilio.com/2010-04-01/Accounts/AC…/IncomingPhoneNumbers.json?PageSize=100
 *   200 {"incoming_phone_numbers":[{"sid":"PN…","phone_number":"+14155550100","friendly_name":"Store",
 *        "capabilities":{"voice":true,"sms":true,"mms":true,"fax":false},…}],
 *        "next_page_uri":"/2010-04-01/Accounts/AC…/IncomingPhoneNumbers.json?PageSize=100&Page=1&PageToken=PA…",…}
 *
 *   GET https://messaging.twilio.com/v1/Services?PageSize=100
 *   200 {"services":[{"sid":"MG…","friendly_name":"Spring campaign",…}],
 *        "meta":{"key":"services","next_page_url":"https://messaging.twilio.com/v1/Services?PageSize=100&Page=1&PageToken=…",…}}
 *
 * Shapes: twilio-node src/rest/api/v2010/account/incomingPhoneNumber.ts (IncomingPhoneNumberPayload
 * `incoming_phone_numbers`, PhoneNumberCapabilities `mms`; PageSize "default is 50, and the maximum is
 * 1000"), src/rest/messaging/v1/service.ts (ServicePayload `services`), src/base/Page.ts (the next page
 * is `meta.next_page_url`, else `next_page_uri` on the API's host; null on the last page).
 */
import { z } from 'zod';

import { cursorWithin, followCursor, listRequest, readPage } from '../lists';
import { originOf } from '../shared';
import type { AccountList, ProviderCredentials } from '../types';
import { twilioAuthorization } from './auth';
import { TWILIO_ORIGIN, twilioCredential } from './credential';

const PAGE_SIZE = 100;

function numbersPath(credentials: ProviderCredentials): string {
	return `/2010-04-01/Accounts/${encodeURIComponent(twilioCredential.read(credentials).accountSid)}/IncomingPhoneNumbers.json`;
}

/** The Services resource lives on its own host; a custom baseUrl (proxy, tests) serves both. */
function messagingOrigin(credentials: ProviderCredentials): string {
	const origin = originOf(twilioCredential.read(credentials).baseUrl, TWILIO_ORIGIN);
	return origin === TWILIO_ORIGIN ? 'https://messaging.twilio.com' : origin;
}

const SERVICES_PATH = '/v1/Services';

const numberPage = z.object({
	incoming_phone_numbers: z.array(
		z.object({ phone_number: z.string().min(1), friendly_name: z.string().nullish(), capabilities: z.object({ mms: z.boolean().nullish() }).passthrough().nullish() }).passthrough(),
	),
	next_page_uri: z.string().nullish(),
});

const servicePage = z.object({
	services: z.array(z.object({ sid: z.string().min(1), friendly_name: z.string().nullish() }).passthrough()),
	meta: z.object({ next_page_url: z.string().nullish() }).passthrough().nullish(),
});

export const twilioNumbers: AccountList = {
	label: 'numbers',
	buildRequest: (credentials, cursor) => {
		const origin = originOf(twilioCredential.read(credentials).baseUrl, TWILIO_ORIGIN);
		const path = numbersPath(credentials);
		return listRequest(cursor ? followCursor(origin, path, cursor) : `${origin}${path}?PageSize=${PAGE_SIZE}`, twilioAuthorization(credentials));
	},
	parseResponse: (response) => {
		const page = readPage(response, numberPage, 'Twilio numbers');
		// A number without MMS cannot send a drop; one whose capabilities are not given is offered.
		const entries = page.incoming_phone_numbers
			.filter((number) => number.capabilities?.mms !== false)
			.map((number) => ({ name: number.friendly_name && number.friendly_name !== number.phone_number ? `${number.phone_number} · ${number.friendly_name}` : number.phone_number, value: number.phone_number }));
		// Checked against this account's list path when it is followed (followCursor).
		return { entries, next: page.next_page_uri ?? undefined };
	},
};

export const twilioServices: AccountList = {
	label: 'Messaging Services',
	buildRequest: (credentials, cursor) => {
		const origin = messagingOrigin(credentials);
		return listRequest(cursor ? followCursor(origin, SERVICES_PATH, cursor) : `${origin}${SERVICES_PATH}?PageSize=${PAGE_SIZE}`, twilioAuthorization(credentials));
	},
	parseResponse: (response) => {
		const page = readPage(response, servicePage, 'Twilio Messaging Services');
		return {
			entries: page.services.map((service) => ({ name: `${service.friendly_name || service.sid} · Messaging Service ${service.sid}`, value: service.sid })),
			next: cursorWithin(page.meta?.next_page_url, SERVICES_PATH),
		};
	},
};
