/**
 * What every account list has in common (issue #15 point 8): a GET with the adapter's own
 * authorization, a reply read against its documented shape, and a next-page link that is followed
 * only along the list's own path, so a cursor from a reply never carries credentials elsewhere.
 */
import type { z } from 'zod';

import { parseJson } from './shared';
import { type HttpRequestSpec, type HttpResponse, ProviderResponseError } from './types';

export function listRequest(url: string, authorization: string): HttpRequestSpec {
	return { method: 'GET', url, headers: { authorization, accept: 'application/json' } };
}

/** The page, or a ProviderResponseError that says which list could not be read and what came back. */
export function readPage<T>(response: HttpResponse, schema: z.ZodType<T>, what: string): T {
	if (response.status < 200 || response.status >= 300) {
		throw new ProviderResponseError(`Could not list ${what}: the provider answered HTTP ${response.status}${response.status === 401 || response.status === 403 ? ' (check the credential)' : ''}`, response.status);
	}
	const page = schema.safeParse(parseJson(response.body));
	if (!page.success) throw new ProviderResponseError(`Could not list ${what}: the reply is not a page of them (HTTP ${response.status})`, response.status);
	return page.data;
}

/**
 * The path and query of a next-page link (absolute or not), when it stays on `path`; undefined for
 * none or one that leads elsewhere (another host is dropped anyway: only path and query are kept).
 */
export function cursorWithin(next: string | null | undefined, path: string): string | undefined {
	if (!next) return undefined;
	let url: URL;
	try {
		url = new URL(next, 'https://list.invalid');
	} catch {
		return undefined;
	}
	return url.pathname === path ? url.pathname + url.search : undefined;
}

/** The page a page-number cursor names (the first page without one), refusing anything else. */
export function pageNumber(cursor: string | undefined): number {
	const page = cursor === undefined ? 1 : Number(cursor);
	if (!Number.isInteger(page) || page < 1) throw new ProviderResponseError(`Not a page of this list: ${String(cursor).slice(0, 40)}`);
	return page;
}

/** A cursor this adapter handed out, checked again on its way back (the editor keeps it between calls). */
export function followCursor(origin: string, path: string, cursor: string): string {
	const kept = cursorWithin(cursor, path);
	if (!kept) throw new ProviderResponseError(`Not a page of this list: ${cursor.slice(0, 80)}`);
	return origin + kept;
}
