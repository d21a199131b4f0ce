/**
 * What a Telnyx account lists for the editor (issue #15 point 8): its numbers with messaging
 * settings, and its messaging profiles: a profile with a number pool is a sender (From takes its id,
 * sent as `messaging_profile_id`), and any profile is the trigger's registration target.
 *
 *   GET https://api.telnyx.com/v2/phone_numbers/messaging?page[number]=1&page[size]=250
 *   200 {"data":[{"id":"…","phone_number":"+18445550001","messaging_profile_id":"3fa8…","type":"toll-free",
 *        "features":{"sms":{…},"mms":{…}},"record_type":"messaging_settings"}],
 *        "meta":{"page_number":1,"page_size":250,"total_pages":1,"total_results":1}}
 *
 *   GET https://api.telnyx.com/v2/messaging_profiles?page[number]=1&page[size]=250
 *   200 {"data":[{"id":"3fa8…","name":"Spring campaign","enabled":true,"number_pool_settings":{…}|null,
 *        "webhook_url":"…","record_type":"messaging_profile"}],"meta":{…}}
 *
 * Shapes: telnyx-node src/resources/phone-numbers/messaging.ts (`list`: GET /phone_numbers/messaging,
 * PhoneNumberWithMessagingSettings in src/resources/shared.ts: `phone_number`, `features.mms`, null
 * when the number has no MMS), src/resources/messaging-profiles/messaging-profiles.ts (MessagingProfile:
 * `id`, `name`, `number_pool_settings`, "To disable this feature, set the object field to null"), and
 * src/core/pagination.ts DefaultFlatPagination (`page[number]`, `page[size]`; the next page exists
 * while `meta.page_number` < `meta.total_pages`).
 */
import { z } from 'zod';

import { listRequest, pageNumber, readPage } from '../lists';
import type { AccountList, AccountPage, ProviderCredentials } from '../types';
import { apiOrigin, bearerAuth } from './send';

const PAGE_SIZE = 250;

const meta = z.object({ page_number: z.number().int().nullish(), total_pages: z.number().int().nullish() }).passthrough().nullish();

const numberPage = z.object({
	data: z.array(z.object({ phone_number: z.string().min(1), type: z.string().nullish(), features: z.object({ mms: z.unknown() }).passthrough().nullish() }).passthrough()),
	meta,
});

const profilePage = z.object({
	data: z.array(z.object({ id: z.string().min(1), name: z.string().nullish(), number_pool_settings: z.unknown() }).passthrough()),
	meta,
});

/** `page[number]` of the next page, while there is one. */
function nextPage(page: { meta?: z.infer<typeof meta> }): string | undefined {
	const current = page.meta?.page_number ?? 1;
	const total = page.meta?.total_pages ?? 1;
	return current < total ? String(current + 1) : undefined;
}

function pageUrl(credentials: ProviderCredentials, path: string, cursor?: string): string {
	return `${apiOrigin(credentials)}${path}?${new URLSearchParams({ 'page[number]': String(pageNumber(cursor)), 'page[size]': String(PAGE_SIZE) }).toString()}`;
}

export const telnyxNumbers: AccountList = {
	label: 'numbers',
	buildRequest: (credentials, cursor) => listRequest(pageUrl(credentials, '/v2/phone_numbers/messaging', cursor), bearerAuth(credentials)),
	parseResponse: (response): AccountPage => {
		const page = readPage(response, numberPage, 'Telnyx numbers');
		return {
			// A number whose `features.mms` is null cannot send MMS.
			entries: page.data.filter((number) => number.features?.mms !== null).map((number) => ({ name: number.type ? `${number.phone_number} · ${number.type}` : number.phone_number, value: number.phone_number })),
			next: nextPage(page),
		};
	},
};

function profiles(onlyPools: boolean): AccountList {
	return {
		label: onlyPools ? 'number pools (messaging profiles)' : 'messaging profiles',
		buildRequest: (credentials, cursor) => listRequest(pageUrl(credentials, '/v2/messaging_profiles', cursor), bearerAuth(credentials)),
		parseResponse: (response) => {
			const page = readPage(response, profilePage, 'Telnyx messaging profiles');
			return {
				entries: page.data
					.filter((profile) => !onlyPools || (profile.number_pool_settings !== null && profile.number_pool_settings !== undefined))
					.map((profile) => ({ name: `${profile.name || profile.id}${onlyPools ? ' · number pool' : ''} · ${profile.id}`, value: profile.id })),
				next: nextPage(page),
			};
		},
	};
}

/** Profiles that send from a number pool: a sender of their own. */
export const telnyxNumberPools = profiles(true);
/** Every profile: the trigger's registration target. */
export const telnyxProfiles = profiles(false);
