/**
 * Vonage Messages API as the fake speaks it (providers.md §6): `POST /v1/messages` (MMS channel)
 * and `GET /v1/users` (the credential test). Both want `Authorization: Bearer <application JWT>`,
 * RS256-signed with the key whose public half the application holds; the fake derives that half
 * from the private key in its credentials. Vonage has no media store, so there is no upload route.
 *
 * Conventions for negative cases (recipient `to`, without `+`):
 * - `15005550001` ⇒ 422 `invalid_parameters: [{name: 'to'}]` (invalid number).
 * - `15005550009` ⇒ 422 code 1240 "Illegal Number" (opted out). Real Vonage accepts such a send
 *   with 202 and reports 1240 in a `rejected` status webhook; the fake answers it at send time so a
 *   test can see the opt-out without a webhook round trip. Nothing is recorded for either.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, verify as verifySignature } from 'node:crypto';

import type { FakeContext, FakeProviderApi, FakeReply, FakeRequest } from '../types';

export const INVALID_NUMBER = '15005550001';
export const OPTED_OUT_NUMBER = '15005550009';

const MESSAGE_TYPES = new Set(['text', 'image', 'audio', 'video', 'vcard', 'file', 'content']);
const ATTACHMENT_TYPES = new Set(['image', 'audio', 'video', 'vcard', 'file']);

const { privateKey } = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	publicKeyEncoding: { type: 'spki', format: 'pem' },
});

function problem(status: number, type: string, title: string, detail: string, extra: Record<string, unknown> = {}): FakeReply {
	return {
		status,
		headers: { 'content-type': 'application/problem+json' },
		body: JSON.stringify({ type, title, detail, instance: 'fake-vonage', ...extra }),
	};
}

/** vonage-java-sdk MessagesClientTest 401 fixture (the live type URL misspells "unauthorized"). */
const unauthorized = () =>
	problem(
		401,
		'https://developer.nexmo.com/api-errors/#unathorized',
		'You did not provide correct credentials.',
		"Check that you're using the correct credentials, and that your account has this feature enabled",
	);

const invalidParameters = (parameters: Array<{ name: string; reason: string }>) =>
	problem(
		422,
		'https://developer.nexmo.com/api-errors/messages-olympus#1150',
		'Invalid params',
		'The value of one or more parameters is invalid.',
		{ invalid_parameters: parameters },
	);

/** The application JWT must verify with the credential's key, name its application and be unexpired. */
function authorized(request: FakeRequest, context: FakeContext): boolean {
	const token = /^Bearer (\S+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
	const [header, claims, signature] = token?.split('.') ?? [];
	if (!header || !claims || !signature) return false;
	try {
		const publicKey = createPublicKey(context.credentials.privateKey);
		const data = Buffer.from(`${header}.${claims}`);
		if (!verifySignature('sha256', data, publicKey, Buffer.from(signature, 'base64url'))) return false;
		const alg = JSON.parse(Buffer.from(header, 'base64url').toString()).alg;
		const payload = JSON.parse(Buffer.from(claims, 'base64url').toString());
		const nowSeconds = Date.now() / 1000;
		return (
			alg === 'RS256' &&
			payload.application_id === context.credentials.applicationId &&
			typeof payload.jti === 'string' &&
			typeof payload.exp === 'number' &&
			payload.exp > nowSeconds &&
			typeof payload.iat === 'number' &&
			payload.iat <= nowSeconds + 60
		);
	} catch {
		return false;
	}
}

interface Attachment {
	type?: string;
	url?: unknown;
	caption?: unknown;
}

/** Shape errors of a send body, as Vonage lists them in `invalid_parameters`. */
function shapeErrors(body: Record<string, unknown>): Array<{ name: string; reason: string }> {
	const errors: Array<{ name: string; reason: string }> = [];
	const type = String(body.message_type ?? '');
	if (body.channel !== 'mms') errors.push({ name: 'channel', reason: 'must be mms' });
	if (!MESSAGE_TYPES.has(type)) errors.push({ name: 'message_type', reason: 'unsupported message type' });
	if (typeof body.to !== 'string' || !/^\d{7,15}$/.test(body.to)) errors.push({ name: 'to', reason: 'E.164 digits without +' });
	if (typeof body.from !== 'string' || !/^\d{3,15}$/.test(body.from)) errors.push({ name: 'from', reason: 'number or short code digits' });
	if (type === 'text' && (typeof body.text !== 'string' || body.text === '')) errors.push({ name: 'text', reason: 'required' });
	const attachments: Attachment[] =
		type === 'content' ? (Array.isArray(body.content) ? body.content : []) : ATTACHMENT_TYPES.has(type) ? [{ type, ...(body[type] as object) }] : [];
	if ((type === 'content' || ATTACHMENT_TYPES.has(type)) && attachments.length === 0) errors.push({ name: type, reason: 'required' });
	attachments.forEach((item, index) => {
		const name = type === 'content' ? `content[${index}]` : type;
		if (!ATTACHMENT_TYPES.has(String(item.type))) errors.push({ name: `${name}.type`, reason: 'unsupported attachment type' });
		if (typeof item.url !== 'string' || !/^https?:\/\//.test(item.url)) errors.push({ name: `${name}.url`, reason: 'public URL required' });
		if (item.caption !== undefined && (typeof item.caption !== 'string' || item.caption.length > 2000)) {
			errors.push({ name: `${name}.caption`, reason: '1 to 2000 characters' });
		}
	});
	if (body.webhook_url !== undefined && !URL.canParse(String(body.webhook_url))) errors.push({ name: 'webhook_url', reason: 'invalid URL' });
	if (body.webhook_version !== undefined && !['v0.1', 'v1'].includes(String(body.webhook_version))) {
		errors.push({ name: 'webhook_version', reason: 'v0.1 or v1' });
	}
	return errors;
}

function send(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context)) return unauthorized();
	let body: Record<string, unknown>;
	try {
		if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) throw new Error('not JSON');
		const parsed: unknown = JSON.parse(request.body.toString('utf8'));
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
		body = parsed as Record<string, unknown>;
	} catch {
		// The Messages OpenAPI's 422 variant for an unreadable body (as generated into Vonage's Fern Python SDK).
		return problem(422, 'https://developer.nexmo.com/api-errors#invalid-json', 'Invalid JSON', 'The request body is not application/json');
	}
	const errors = shapeErrors(body);
	if (errors.length > 0) return invalidParameters(errors);
	if (typeof body.client_ref === 'string' && body.client_ref.length > 100) {
		return problem(422, 'https://developer.nexmo.com/api-errors/messages-olympus#1450', 'Invalid client reference', 'The client reference can be a string of up to 100 characters.');
	}
	if (body.to === INVALID_NUMBER) return invalidParameters([{ name: 'to', reason: 'Invalid value' }]);
	if (body.to === OPTED_OUT_NUMBER) {
		return problem(
			422,
			'https://developer.nexmo.com/api-errors/messages-olympus#1240',
			'Illegal Number',
			'You tried to send a message to a blacklisted phone number. That is, the user has already sent a STOP opt-out message and no longer wishes to receive messages from you.',
		);
	}

	const type = String(body.message_type);
	const attachments: Attachment[] = type === 'content' ? (body.content as Attachment[]) : type === 'text' ? [] : [body[type] as Attachment];
	const messageId = `aaaaaaaa-bbbb-4ccc-8ddd-${context.nextId('').slice(-12)}`;
	context.accept([
		{
			messageId,
			batchId: null,
			to: `+${body.to}`,
			from: String(body.from).length > 7 ? `+${body.from}` : String(body.from),
			text: typeof body.text === 'string' ? body.text : String(attachments.find((item) => item.caption)?.caption ?? ''),
			subject: null,
			media: attachments.map((item) => String(item.url)),
			correlation: typeof body.client_ref === 'string' ? body.client_ref : null,
			callbackUrl: typeof body.webhook_url === 'string' ? body.webhook_url : null,
		},
	]);
	return { status: 202, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message_uuid: messageId }) };
}

function listUsers(request: FakeRequest, context: FakeContext): FakeReply {
	if (!authorized(request, context)) return unauthorized();
	return {
		status: 200,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ page_size: Number(request.query.get('page_size') ?? 10), _embedded: { users: [] }, _links: { self: { href: '/v1/users' } } }),
	};
}

export const vonageApi: FakeProviderApi = {
	provider: 'vonage',
	defaultCredentials: {
		applicationId: '0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9',
		privateKey,
		signatureSecret: randomBytes(24).toString('hex'),
	},
	routes: [
		{ method: 'POST', path: /^\/v1\/messages$/, sends: true, handle: send },
		{ method: 'GET', path: /^\/v1\/users$/, handle: listUsers },
	],
	errorReply(status) {
		if (status === 429) {
			// vonage-java-sdk MessagesClientTest 429 fixture.
			return problem(429, 'https://developer.nexmo.com/api-errors/messages-olympus#1010', 'Rate Limit Hit', 'Please wait, then retry your request');
		}
		if (status === 503) {
			return problem(503, 'https://developer.nexmo.com/api-errors/#service-unavailable', 'Service Unavailable', 'The service is temporarily unavailable, please retry later.');
		}
		// Messages API error list 1030 "Internal error".
		return problem(status, 'https://developer.nexmo.com/api-errors/messages-olympus#1030', 'Internal error', 'There was an error processing your request in the Platform.');
	},
};
