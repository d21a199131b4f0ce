/**
 * Helpers for provider contract tests: put an adapter-built request on the wire with fetch
 * (which nock intercepts) so nock can assert method, path, headers and body exactly as sent.
 */
import type { HttpRequestSpec, HttpResponse } from '../../nodes/providers/types';

export async function sendViaFetch(spec: HttpRequestSpec): Promise<HttpResponse> {
	const response = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body });
	const headers: HttpResponse['headers'] = {};
	response.headers.forEach((value, key) => {
		headers[key] = value;
	});
	return { status: response.status, headers, body: await response.text() };
}

/** Every string value of the credentials that is long enough to be a secret. */
function secretValues(credentials: Record<string, unknown>): string[] {
	return Object.entries(credentials)
		.filter(([key, value]) => typeof value === 'string' && value.length >= 6 && !/url|region|version|id$/i.test(key))
		.map(([, value]) => value as string);
}

/** Fails when any credential secret appears anywhere in an outcome, error or event. */
export function expectNoSecrets(value: unknown, credentials: Record<string, unknown>): void {
	const text = JSON.stringify(value);
	for (const secret of secretValues(credentials)) expect(text).not.toContain(secret);
}
