/**
 * The editor's pickers (n8n resource locators, `listSearch`) over what a provider's account lists:
 * one page per call, list after list (a Twilio From list is its numbers, then its Messaging
 * Services), filtered by what the user types. Requests go through the drop's transport and retry
 * policy, so a 429 is waited out like any other; the adapter only builds and reads them.
 */
import { adapterFor, isProviderId } from '../providers';
import { type CredentialSource, credentialsFor } from '../providers/node-credentials';
import type { AccountEntry, AccountList, ProviderAdapter, ProviderCredentials } from '../providers/types';
import { ProviderResponseError } from '../providers/types';
import { Pacer, systemClock } from './pacer';
import { RETRY_DEFAULTS, requestWithRetry } from './retry';
import { createTransport, type Transport } from './transport';

/** n8n's listSearch answer: the entries, and a token for the next page when there is one. */
export interface AccountSearch {
	results: AccountEntry[];
	paginationToken?: string;
}

/** Where a search stands between calls: which list, and that list's cursor. */
interface Position {
	list: number;
	cursor?: string;
}

const TIMEOUT_MS = 30_000;

function positionOf(token: unknown): Position {
	if (typeof token !== 'string' || token === '') return { list: 0 };
	try {
		const parsed = JSON.parse(token) as Partial<Position>;
		if (Number.isInteger(parsed.list) && (parsed.list as number) >= 0) return { list: parsed.list as number, cursor: typeof parsed.cursor === 'string' ? parsed.cursor : undefined };
	} catch {
		// a token from another version of the node: start over
	}
	return { list: 0 };
}

function matches(entry: AccountEntry, filter: string): boolean {
	const wanted = filter.trim().toLowerCase();
	if (wanted === '') return true;
	const digits = wanted.replace(/[^\d]/g, '');
	return entry.name.toLowerCase().includes(wanted) || entry.value.toLowerCase().includes(wanted) || (digits.length >= 3 && entry.value.replace(/[^\d]/g, '').includes(digits));
}

/**
 * One page of `lists` from `token` on (the first page of the first list without one), keeping the
 * entries that match `filter`. A provider's refusal or an unreadable reply is an error naming the list.
 */
export async function searchAccount(
	providerName: string,
	lists: AccountList[],
	credentials: ProviderCredentials,
	options: { filter?: string; token?: unknown; transport?: Transport; signal?: AbortSignal } = {},
): Promise<AccountSearch> {
	const { list: index, cursor } = positionOf(options.token);
	const list = lists[index];
	if (!list) return { results: [] };
	const following = (next?: string): string | undefined =>
		next !== undefined ? JSON.stringify({ list: index, cursor: next }) : index + 1 < lists.length ? JSON.stringify({ list: index + 1 }) : undefined;
	const transport = options.transport ?? createTransport({ connections: 1 });
	try {
		const { reply } = await requestWithRetry(list.buildRequest(credentials, cursor), {
			transport,
			pacer: new Pacer(Infinity, 1),
			policy: RETRY_DEFAULTS,
			clock: systemClock,
			timeoutMs: TIMEOUT_MS,
			signal: options.signal,
		});
		if (reply?.kind !== 'response') throw new ProviderResponseError(`Could not list ${providerName} ${list.label}: ${reply ? reply.message : 'cancelled'}`);
		const page = list.parseResponse(reply.response);
		return { results: page.entries.filter((entry) => matches(entry, options.filter ?? '')), paginationToken: following(page.next) };
	} finally {
		if (!options.transport) await transport.close();
	}
}

/** The part of n8n's ILoadOptionsFunctions a list search uses. */
export interface ListSearchContext extends CredentialSource {
	getCurrentNodeParameter(name: string): unknown;
}

/**
 * An n8n `listSearch` method over the lists `pick` chooses from the node's current provider. A
 * provider with none has nothing to pick from: the user types the value (the locator's other mode).
 */
export function accountListSearch(
	pick: (adapter: ProviderAdapter) => AccountList[] | undefined,
	what: string,
): (this: ListSearchContext, filter?: string, paginationToken?: string) => Promise<AccountSearch> {
	return async function (this: ListSearchContext, filter?: string, paginationToken?: string) {
		const provider = String(this.getCurrentNodeParameter('provider') ?? '');
		if (!isProviderId(provider)) return { results: [] };
		const adapter = adapterFor(provider);
		const lists = pick(adapter) ?? [];
		if (lists.length === 0) throw new Error(`${adapter.displayName} does not list its ${what} to this credential: type it instead (switch the field to "By ID").`);
		const credentials = await credentialsFor(this, adapter);
		return await searchAccount(adapter.displayName, lists, credentials, { filter, token: paginationToken });
	};
}
