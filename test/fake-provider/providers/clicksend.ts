/**
 * ClickSend REST v3 as the fake provider speaks it (providers.md §7): `POST /v3/mms/send`,
 * `POST /v3/uploads?convert=mms`, `GET /v3/mms/history`, `GET /v3/account` (credential test), and
 * `GET /clicksend-files/<id>.jpg` to fetch an upload back. Every route checks HTTP Basic `username:apiKey`.
 *
 * Where ClickSend documents a limit but not how it refuses it, the fake refuses the call with 400
 * BAD_REQUEST, so a client that oversteps it is caught:
 * - `custom_string` longer than 50 characters ("By default the maximum is 50 characters long",
 *   help.clicksend.com "What is the custom string used for?");
 * - a `media_file` ending in .png, .jpeg or .bmp: those "must first go through" `/v3/uploads?convert=mms`
 *   (developers.clicksend.com/docs/messaging/mms "Supported File Types"; jpg and gif are taken as they are).
 *
 * The MMS history lists what the fake accepted, newest last, filtered by `date_from`/`date_to` (Unix
 * seconds) and paged by `page` (from 1) and `limit` (15 to 100, clamped), in the shape of
 * ClickSend/clicksend-python-v2 models view_mms_history_data*.py.
 *
 * Conventions for negative cases (per recipient, inside an otherwise successful 200 reply):
 * - to `+15005550001` ⇒ status `INVALID_RECIPIENT`
 * - to `+15005550002` ⇒ status `INSUFFICIENT_CREDIT`
 * ClickSend documents no send-time opt-out status (its API bypasses the account opt-out list,
 * providers.md §10), so there is no opted-out number here.
 */
import { randomBytes } from 'node:crypto';

import type { FakeContext, FakeProviderApi, FakeReply, FakeRequest } from '../types';

export const CLICKSEND_INVALID_NUMBER = '+15005550001';
export const CLICKSEND_NO_CREDIT_NUMBER = '+15005550002';

/** providers.md §7: subject ≤ 20 characters, ≤ 1000 messages per call. */
const MAX_SUBJECT_LENGTH = 20;
const MAX_MESSAGES = 1000;
const MAX_CUSTOM_STRING_LENGTH = 50;
const UNCONVERTED_MEDIA = /\.(png|jpeg|bmp)$/i;
/** view_mms_history_data.py `per_page`: "100 items at maximum, and 15 at minimum"; 15 when not asked. */
const HISTORY_PAGE_SIZES = { min: 15, max: 100 };

const RESPONSE_CODES: Record<number, string> = {
	400: 'BAD_REQUEST',
	401: 'UNAUTHORIZED',
	403: 'FORBIDDEN',
	404: 'NOT_FOUND',
	405: 'METHOD_NOT_FOUND',
	429: 'TOO_MANY_REQUESTS',
	500: 'INTERNAL_SERVER_ERROR',
	// Not in ClickSend's list; shaped like the documented ones.
	503: 'SERVICE_UNAVAILABLE',
};

function pathOf(url: string): string {
	try {
		return new URL(url).pathname;
	} catch {
		return url;
	}
}

function json(status: number, body: unknown): FakeReply {
	return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function errorReply(status: number, message = 'The request could not be processed.'): FakeReply {
	return json(status, {
		http_code: status,
		response_code: RESPONSE_CODES[status] ?? 'INTERNAL_SERVER_ERROR',
		response_msg: message,
		data: null,
	});
}

function authorized(request: FakeRequest, context: FakeContext): boolean {
	const expected = `Basic ${Buffer.from(`${context.credentials.username}:${context.credentials.apiKey}`).toString('base64')}`;
	return request.headers.authorization === expected;
}

function jsonBody(request: FakeRequest): unknown {
	if (!String(request.headers['content-type'] ?? '').includes('application/json')) return undefined;
	try {
		return JSON.parse(request.body.toString('utf8'));
	} catch {
		return undefined;
	}
}

/** ClickSend message ids are upper-case UUIDs. */
function messageId(context: FakeContext): string {
	return `FC9EA26C-6FE3-4F47-AF5A-${context.nextId('').slice(-12)}`;
}

interface OutgoingMessage {
	to: string;
	from?: string;
	subject: string;
	body: string;
	custom_string?: string;
}

function problemWith(message: unknown): string | undefined {
	if (typeof message !== 'object' || message === null) return 'each message must be an object';
	const { to, from, subject, body, custom_string } = message as Record<string, unknown>;
	if (typeof to !== 'string' || to === '') return 'to is required';
	if (typeof body !== 'string' || body === '') return 'body is required';
	if (typeof subject !== 'string' || subject === '') return 'subject is required';
	if (Array.from(subject).length > MAX_SUBJECT_LENGTH) return `subject must be at most ${MAX_SUBJECT_LENGTH} characters`;
	if (from !== undefined && typeof from !== 'string') return 'from must be a string';
	if (custom_string !== undefined && typeof custom_string !== 'string') return 'custom_string must be a string';
	if (typeof custom_string === 'string' && Array.from(custom_string).length > MAX_CUSTOM_STRING_LENGTH) {
		return `custom_string must be at most ${MAX_CUSTOM_STRING_LENGTH} characters`;
	}
	return undefined;
}

function sendMms(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context)) return errorReply(401, 'Authentication credentials were missing or incorrect.');
	const payload = jsonBody(request) as { media_file?: unknown; messages?: unknown } | undefined;
	if (!payload) return errorReply(400, 'The request body must be JSON.');
	if (typeof payload.media_file !== 'string' || !/^https?:\/\//.test(payload.media_file)) {
		return errorReply(400, 'media_file must be a URL.');
	}
	if (UNCONVERTED_MEDIA.test(pathOf(payload.media_file))) {
		return errorReply(400, 'media_file must be a jpg or gif; convert png, jpeg and bmp files with /v3/uploads?convert=mms first.');
	}
	if (!Array.isArray(payload.messages) || payload.messages.length === 0 || payload.messages.length > MAX_MESSAGES) {
		return errorReply(400, `messages must hold 1 to ${MAX_MESSAGES} messages.`);
	}
	for (const message of payload.messages) {
		const problem = problemWith(message);
		if (problem) return errorReply(400, problem);
	}
	const mediaFile = payload.media_file;
	const replies = (payload.messages as OutgoingMessage[]).map((message) => {
		const status =
			message.to === CLICKSEND_INVALID_NUMBER
				? 'INVALID_RECIPIENT'
				: message.to === CLICKSEND_NO_CREDIT_NUMBER
					? 'INSUFFICIENT_CREDIT'
					: 'SUCCESS';
		return { message, status, id: messageId(context) };
	});
	const accepted = replies.filter((reply) => reply.status === 'SUCCESS');
	const now = Math.floor(Date.now() / 1000);
	// Kept for the MMS history, as ClickSend keeps every message it queued.
	for (const { message, id } of accepted) {
		const entry = { direction: 'out', date: String(now), to: message.to, body: message.body, subject: message.subject, _media_file_url: mediaFile, status: 'Sent', from: message.from ?? '', message_id: id, custom_string: message.custom_string ?? '' };
		context.settings.set(`message:${id}`, { json: JSON.stringify(entry) });
	}
	context.accept(
		accepted.map(({ message, id }) => ({
			messageId: id,
			batchId: null,
			to: message.to,
			from: message.from ?? '',
			text: message.body,
			subject: message.subject,
			media: [mediaFile],
			correlation: message.custom_string ?? null,
			// Receipts go to an account-level rule; a send carries no callback URL.
			callbackUrl: null,
		})),
	);
	return json(200, {
		http_code: 200,
		response_code: 'SUCCESS',
		response_msg: 'Messages queued for delivery.',
		data: {
			total_price: accepted.length * 0.28,
			total_count: replies.length,
			queued_count: accepted.length,
			messages: replies.map(({ message, status, id }) => ({
				message_id: id,
				to: message.to,
				subject: message.subject,
				from: message.from ?? '',
				body: message.body,
				custom_string: message.custom_string ?? '',
				schedule: Math.floor(Date.now() / 1000),
				message_parts: 1,
				message_price: status === 'SUCCESS' ? '0.2800' : '0.0000',
				_media_file_url: mediaFile,
				status,
			})),
			_currency: { currency_name_short: 'AUD', currency_prefix_d: '$', currency_prefix_c: 'c', currency_name_long: 'Australian Dollars' },
		},
	});
}

function upload(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context)) return errorReply(401, 'Authentication credentials were missing or incorrect.');
	// developers.clicksend.com/docs/other/uploads: `convert` is required.
	if (request.query.get('convert') !== 'mms') return errorReply(400, 'convert must be one of fax, mms, csv, post, postcard.');
	const payload = jsonBody(request) as { content?: unknown } | undefined;
	const content = payload?.content;
	if (typeof content !== 'string' || content === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(content)) {
		return errorReply(400, 'content must be a base64-encoded file.');
	}
	const id = messageId(context);
	// "Converted for MMS": the fake keeps the bytes and serves them back as a .jpg.
	context.storeMedia(id, Buffer.from(content, 'base64'), 'image/jpeg');
	return json(200, {
		http_code: 200,
		response_code: 'SUCCESS',
		response_msg: 'Your file has been uploaded.',
		data: { _url: `http://${request.headers.host}/clicksend-files/${id}.jpg` },
	});
}

function uploadedFile(request: FakeRequest, context: FakeContext): FakeReply {
	const stored = context.media(request.params.id);
	if (!stored) return errorReply(404, 'File not found.');
	return { status: 200, headers: { 'content-type': stored.contentType }, body: stored.data };
}

function mmsHistory(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context)) return errorReply(401, 'Authentication credentials were missing or incorrect.');
	const bound = (name: string) => {
		const value = request.query.get(name);
		return value === null ? null : Number(value);
	};
	const [from, to, page, limit] = [bound('date_from'), bound('date_to'), bound('page') ?? 1, bound('limit') ?? HISTORY_PAGE_SIZES.min];
	if ([from, to, page, limit].some((value) => value !== null && !Number.isInteger(value)) || page < 1) return errorReply(400, 'date_from, date_to, page and limit must be whole numbers.');
	const perPage = Math.min(HISTORY_PAGE_SIZES.max, Math.max(HISTORY_PAGE_SIZES.min, limit));
	const matching = [...context.settings.entries()]
		.filter(([key]) => key.startsWith('message:'))
		.map(([, stored]) => JSON.parse(stored.json) as { date: string })
		.filter((entry) => (from === null || Number(entry.date) >= from) && (to === null || Number(entry.date) <= to));
	const data = matching.slice((page - 1) * perPage, page * perPage);
	const lastPage = Math.max(1, Math.ceil(matching.length / perPage));
	return json(200, {
		http_code: 200,
		response_code: 'SUCCESS',
		response_msg: 'Here are your data.',
		data: {
			total: matching.length,
			per_page: perPage,
			current_page: page,
			last_page: lastPage,
			next_page_url: page < lastPage ? `/?page=${page + 1}` : null,
			prev_page_url: page > 1 ? `/?page=${page - 1}` : null,
			from: data.length > 0 ? (page - 1) * perPage + 1 : null,
			to: data.length > 0 ? (page - 1) * perPage + data.length : null,
			data,
		},
	});
}

function account(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context)) return errorReply(401, 'Authentication credentials were missing or incorrect.');
	return json(200, {
		http_code: 200,
		response_code: 'SUCCESS',
		response_msg: 'Here are your account details.',
		data: { user_id: 304497, username: context.credentials.username, balance: '12.5000', country: 'AU', active: 1 },
	});
}

export const clicksendApi: FakeProviderApi = {
	provider: 'clicksend',
	routes: [
		{ method: 'POST', path: /^\/v3\/mms\/send$/, sends: true, handle: sendMms },
		{ method: 'POST', path: /^\/v3\/uploads$/, handle: upload },
		{ method: 'GET', path: /^\/v3\/mms\/history$/, handle: mmsHistory },
		{ method: 'GET', path: /^\/clicksend-files\/(?<id>[^/.]+)\.jpg$/, handle: uploadedFile },
		{ method: 'GET', path: /^\/v3\/account$/, handle: account },
	],
	errorReply: (status) => errorReply(status),
	defaultCredentials: { username: 'fake-clicksend-user', apiKey: randomBytes(18).toString('hex').toUpperCase() },
};
