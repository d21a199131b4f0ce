/**
 * ClickSend media store (providers.md §7; developers.clicksend.com/docs/other/uploads):
 *
 *   POST https://rest.clicksend.com/v3/uploads?convert=mms
 *   { "content": "<base64 file>" }
 *   200 { "http_code": 200, "response_code": "SUCCESS", "data": { "_url": "https://…/converted.jpg", … } }
 *
 * The reply's schema is undocumented ("null" on the docs page); `data._url` is the field
 * ClickSend's own MuleSoft connector reads (ClickSend/integration-mulesoft @73e57ed,
 * ClickSendMule4sOperations.UploadFile). Uploaded files expire 10 minutes after upload (same
 * docs page), so the upload must happen right before the drop sends.
 */
import { z } from 'zod';

import { isSuccess, parseJson } from '../shared';
import type { HttpResponse, MediaFile, MediaRef, MediaUploader, ProviderCredentials } from '../types';
import { ProviderResponseError } from '../types';
import { CLICKSEND_ORIGIN } from './credential';
import { apiOrigin, clicksendHeaders } from './send';

const uploadReplySchema = z.object({ data: z.object({ _url: z.string().url() }).passthrough() }).passthrough();

const errorReplySchema = z.object({ response_code: z.string(), response_msg: z.string().optional() }).passthrough();

export const clicksendUploader: MediaUploader = {
	buildRequest(credentials: ProviderCredentials, file: MediaFile) {
		return {
			method: 'POST',
			url: `${apiOrigin(credentials)}/v3/uploads?convert=mms`,
			headers: clicksendHeaders(credentials),
			body: JSON.stringify({ content: file.data.toString('base64') }),
		};
	},

	parseResponse(file: MediaFile, response: HttpResponse): MediaRef {
		const json = parseJson(response.body);
		const reply = uploadReplySchema.safeParse(json);
		if (isSuccess(response) && reply.success) {
			// The converted file's size and type are ClickSend's choice; only the URL is known.
			return { url: reply.data.data._url, fileName: file.fileName };
		}
		const error = errorReplySchema.safeParse(json);
		const detail =
			isSuccess(response)
				? `the reply has no data._url: ${response.body.slice(0, 200)}`
				: error.success
					? `${error.data.response_code}${error.data.response_msg ? `: ${error.data.response_msg}` : ''}`
					: response.body.slice(0, 200);
		throw new ProviderResponseError(
			`ClickSend media upload of ${file.fileName} failed (HTTP ${response.status}): ${detail}`,
			response.status,
		);
	},

	/** ClickSend names the converted file (GIF stays GIF, the rest becomes JPEG); a dry run stands in a name. */
	plannedReference(file: MediaFile): MediaRef {
		const extension = file.mimeType === 'image/gif' ? 'gif' : 'jpg';
		return { url: `${CLICKSEND_ORIGIN}/planned/${file.sha256.slice(0, 16)}.${extension}`, fileName: file.fileName };
	},
};
