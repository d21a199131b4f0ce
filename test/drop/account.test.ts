/**
 * The editor's list search over a provider's account (issue #15 point 8): one page per call, list
 * after list, filtered by what the user types; a refusal is an error naming the list. The Twilio
 * adapter's own requests, answered by a transport that knows each URL (test/providers/account-lists
 * holds them to the wire).
 */
import { randomBytes } from 'node:crypto';

import { accountListSearch, searchAccount } from '../../nodes/drop/account';
import type { Transport } from '../../nodes/drop/transport';
import { adapters } from '../../nodes/providers';
import type { HttpRequestSpec } from '../../nodes/providers/types';

/** Answers each URL with its reply (404 for any other) and records what was asked. */
function wire(replies: Record<string, { status?: number; body: unknown }>): Transport & { asked: string[] } {
	const asked: string[] = [];
	return {
		asked,
		async send(spec: HttpRequestSpec) {
			asked.push(spec.url);
			const reply = replies[spec.url];
			return { kind: 'response', response: { status: reply ? (reply.status ?? 200) : 404, headers: {}, body: JSON.stringify(reply?.body ?? {}) } };
		},
		async close() {},
	};
}

const accountSid = 'AC' + randomBytes(16).toString('hex');
const credentials = { accountSid, authToken: randomBytes(16).toString('hex'), baseUrl: 'https://api.twilio.com' };
const numbersPath = `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`;
const numbers = (entries: string[], next: string | null) => ({
	incoming_phone_numbers: entries.map((phone_number) => ({ phone_number, friendly_name: phone_number, capabilities: { mms: true } })),
	next_page_uri: next,
});

const FIRST = `https://api.twilio.com${numbersPath}?PageSize=100`;
const SECOND = `https://api.twilio.com${numbersPath}?PageSize=100&Page=1&PageToken=PA1`;
const SERVICES = 'https://messaging.twilio.com/v1/Services?PageSize=100';

it('pages through the numbers, then the Messaging Services, one page per call, and stops after the last', async () => {
	const transport = wire({
		[FIRST]: { body: numbers(['+14155550100'], `${numbersPath}?PageSize=100&Page=1&PageToken=PA1`) },
		[SECOND]: { body: numbers(['+14155550101'], null) },
		[SERVICES]: { body: { services: [{ sid: 'MG00000000000000000000000000000001', friendly_name: 'Pool' }], meta: { next_page_url: null } } },
	});
	const first = await searchAccount('Twilio', adapters.twilio.senders!, credentials, { transport });
	expect(first.results).toEqual([{ name: '+14155550100', value: '+14155550100' }]);
	const second = await searchAccount('Twilio', adapters.twilio.senders!, credentials, { token: first.paginationToken, transport });
	expect(second.results).toEqual([{ name: '+14155550101', value: '+14155550101' }]);
	const third = await searchAccount('Twilio', adapters.twilio.senders!, credentials, { token: second.paginationToken, transport });
	expect(third).toEqual({ results: [{ name: 'Pool · Messaging Service MG00000000000000000000000000000001', value: 'MG00000000000000000000000000000001' }] });
	expect(transport.asked).toEqual([FIRST, SECOND, SERVICES]);
});

it('keeps what matches the search: a name, or digits in any format', async () => {
	const transport = wire({
		[FIRST]: {
			body: {
				incoming_phone_numbers: [
					{ phone_number: '+14155550100', friendly_name: 'Store front', capabilities: { mms: true } },
					{ phone_number: '+12125550199', friendly_name: 'Support', capabilities: { mms: true } },
				],
				next_page_uri: null,
			},
		},
	});
	expect((await searchAccount('Twilio', adapters.twilio.senders!, credentials, { filter: 'store', transport })).results.map((entry) => entry.value)).toEqual(['+14155550100']);
	expect((await searchAccount('Twilio', adapters.twilio.senders!, credentials, { filter: '(212) 555', transport })).results.map((entry) => entry.value)).toEqual(['+12125550199']);
});

it('a refusal is an error naming the provider\'s list, never the credential\'s secret', async () => {
	const transport = wire({ [FIRST]: { status: 401, body: { code: 20003, message: 'Authenticate' } } });
	const search = searchAccount('Twilio', adapters.twilio.senders!, credentials, { transport });
	await expect(search).rejects.toThrow('Could not list Twilio numbers: the provider answered HTTP 401 (check the credential)');
	await search.catch((error: Error) => expect(error.message).not.toContain(credentials.authToken));
});

it('a token from elsewhere starts the search over; a cursor off the list\'s path is refused', async () => {
	const transport = wire({ [FIRST]: { body: numbers(['+14155550100'], null) } });
	expect((await searchAccount('Twilio', adapters.twilio.senders!, credentials, { token: 'not json', transport })).results).toHaveLength(1);
	const forged = JSON.stringify({ list: 0, cursor: 'https://attacker.example/steal' });
	await expect(searchAccount('Twilio', adapters.twilio.senders!, credentials, { token: forged, transport })).rejects.toThrow(/Not a page of this list/);
	expect(transport.asked).toEqual([FIRST]);
});

it('a provider whose API lists no senders to this credential says so, and how to go on', async () => {
	const search = accountListSearch((adapter) => adapter.senders, 'senders');
	const context = { getCurrentNodeParameter: () => 'bandwidth', getCredentials: async () => ({}) };
	await expect(search.call(context)).rejects.toThrow('Bandwidth does not list its senders to this credential: type it instead (switch the field to "By ID").');
});
