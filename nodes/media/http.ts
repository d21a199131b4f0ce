import type { IExecuteFunctions } from 'n8n-workflow';

import type { HttpGet } from './input';

/** n8n's own HTTP client (its proxy and SSRF settings), streaming so a size cap applies while downloading. */
export function n8nHttpGet(context: IExecuteFunctions): HttpGet {
	return async (url, { timeoutMs, maxRedirects, signal }) => {
		const response = await context.helpers.httpRequest({
			url,
			method: 'GET',
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			maxRedirects,
			timeout: timeoutMs,
			abortSignal: signal,
		});
		return { statusCode: response.statusCode, headers: response.headers, body: response.body };
	};
}
