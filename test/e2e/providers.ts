/**
 * Per provider: the n8n credential pointed at the fake provider (with the webhook secrets the
 * suite signs with), and the signed delivery report, signed STOP and forged request it posts to
 * that provider's MMS Delivery Trigger. Bodies are the provider fixtures in test/fixtures.
 */
import { generateKeyPairSync, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { adapterFor } from '../../nodes/providers';
import type { ProviderId } from '../../nodes/providers/types';
import type { FakeProviderServer } from '../fake-provider';
import {
	basicAuthorization,
	plivoV3Signature,
	rawEd25519PublicKey,
	telnyxHeaders,
	twilioSignature,
	vonageAuthorization,
} from '../webhook-signing';
import type { ImportedCredential } from './n8n';

export interface WebhookPost {
	/** Query string to append to the production URL (without `?`), if the provider's scheme needs one. */
	query?: string;
	headers: Record<string, string>;
	body: string;
}

export interface E2eProvider {
	id: ProviderId;
	displayName: string;
	credentialType: string;
	/** The name the examples reference credentials by ("Twilio account", …). */
	credentialName: string;
	/** MMS Media Prep profile whose budget the provider takes for one message. */
	profile: 'carrierSafe' | 'clicksend';
	/** false: the provider has no subject field, so the example's subject is cleared. */
	subject: boolean;
	/** Binary media goes to the provider (its media store, or inline for MM7); false: it needs a public URL. */
	takesBinary: boolean;
	credential(fake: FakeProviderServer): ImportedCredential;
	/** `url` is the trigger's production URL, exactly as n8n computes it (signatures cover it). */
	statusReport(url: string): WebhookPost;
	/** An inbound STOP from `from` (Twilio: the suite's own number; others: the fixture's). */
	stop(url: string, from: string): WebhookPost;
	/** A delivery report whose signature or secret is wrong. */
	forged(url: string): WebhookPost;
}

const fixture = (provider: string, file: string) => readFileSync(path.join(__dirname, '..', 'fixtures', provider, file), 'utf8');
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

function withQuery(url: string, query?: string): string {
	return query ? `${url}?${query}` : url;
}

/** Secrets that only the credential in n8n and this suite know. */
const secrets = {
	telnyx: generateKeyPairSync('ed25519'),
	telnyxForger: generateKeyPairSync('ed25519'),
	callbackPassword: randomBytes(12).toString('hex'),
	clicksendToken: randomBytes(12).toString('hex'),
};

function credentialFor(fake: FakeProviderServer, id: ProviderId, extra: IDataObject): ImportedCredential {
	const adapter = adapterFor(id);
	const data: IDataObject = { ...fake.credentialsOf(id), ...extra };
	if (id === 'mm7') data.url = `${fake.origin}/mm7`;
	else data.baseUrl = fake.origin;
	return { id: `e2eCred${id.padEnd(9, '0')}`, name: `${adapter.displayName} account`, type: adapter.credentialType!, data };
}

type Builders = Pick<E2eProvider, 'statusReport' | 'stop' | 'forged'> & { extra: (fake: FakeProviderServer) => IDataObject };

function basicBuilders(id: ProviderId, statusFile: string, stopFile: string, contentType: string, stopContentType = contentType): Builders {
	const user = `${id}-callbacks`;
	return {
		extra: () => ({ callbackUsername: user, callbackPassword: secrets.callbackPassword }),
		statusReport: () => ({ headers: { 'content-type': contentType, authorization: basicAuthorization(user, secrets.callbackPassword) }, body: fixture(id, statusFile) }),
		stop: () => ({ headers: { 'content-type': stopContentType, authorization: basicAuthorization(user, secrets.callbackPassword) }, body: fixture(id, stopFile) }),
		forged: () => ({ headers: { 'content-type': contentType, authorization: basicAuthorization(user, 'guessed-password') }, body: fixture(id, statusFile) }),
	};
}

const MM7_MULTIPART = 'multipart/related; start="<soap-start>"; type="text/xml"; boundary="----=_Part_139078_1411587550.1397492135426"';

function builders(id: ProviderId, fake: () => FakeProviderServer): Builders {
	switch (id) {
		case 'twilio': {
			const token = () => fake().credentialsOf('twilio').authToken;
			const signed = (url: string, query: string, body: string, authToken: string): WebhookPost => ({
				query,
				headers: { 'content-type': FORM, 'x-twilio-signature': twilioSignature(authToken, withQuery(url, query), body) },
				body,
			});
			return {
				extra: () => ({}),
				statusReport: (url) => signed(url, 'dropId=e2e-drop&ref=r1', fixture('twilio', 'status-delivered.form.txt'), token()),
				stop: (url, from) => signed(url, '', fixture('twilio', 'inbound-stop.form.txt').replace('From=%2B15558675310', `From=${encodeURIComponent(from)}`), token()),
				forged: (url) => signed(url, 'dropId=e2e-drop&ref=r1', fixture('twilio', 'status-delivered.form.txt'), 'f'.repeat(32)),
			};
		}
		case 'telnyx': {
			const post = (file: string, key = secrets.telnyx.privateKey): WebhookPost => {
				const body = fixture('telnyx', file);
				return { headers: { 'content-type': JSON_TYPE, ...telnyxHeaders(key, body) }, body };
			};
			return {
				extra: () => ({ publicKey: rawEd25519PublicKey(secrets.telnyx.publicKey) }),
				statusReport: () => post('webhook-message-finalized-delivered.json'),
				stop: () => post('webhook-message-received-stop.json'),
				forged: () => post('webhook-message-finalized-delivered.json', secrets.telnyxForger.privateKey),
			};
		}
		case 'plivo': {
			const token = () => fake().credentialsOf('plivo').authToken;
			const post = (url: string, file: string, authToken: string): WebhookPost => {
				const body = fixture('plivo', file).trim();
				const nonce = randomBytes(8).toString('hex');
				return {
					headers: {
						'content-type': FORM,
						'x-plivo-signature-v3': plivoV3Signature(authToken, 'POST', url, new URLSearchParams(body), nonce),
						'x-plivo-signature-v3-nonce': nonce,
					},
					body,
				};
			};
			return {
				extra: () => ({}),
				statusReport: (url) => post(url, 'status-delivered.form', token()),
				stop: (url) => post(url, 'inbound-stop.form', token()),
				forged: (url) => post(url, 'status-delivered.form', 'not-the-auth-token'),
			};
		}
		case 'bandwidth':
			return basicBuilders('bandwidth', 'callback-delivered.json', 'callback-received-stop.json', JSON_TYPE);
		case 'sinch':
			return basicBuilders('sinch', 'dlr-recipient-mms-delivered.json', 'mo-text-stop.json', JSON_TYPE);
		case 'mm7':
			return basicBuilders('mm7', 'delivery-report-retrieved-6.8.0.xml', 'deliver-mo-stop.mime', 'text/xml; charset=utf-8', MM7_MULTIPART);
		case 'clicksend': {
			const post = (file: string, contentType: string, token: string): WebhookPost => ({
				query: `token=${token}`,
				headers: { 'content-type': contentType },
				body: fixture('clicksend', file).trim(),
			});
			return {
				extra: () => ({ webhookToken: secrets.clicksendToken }),
				statusReport: () => post('receipt-delivered.json', JSON_TYPE, secrets.clicksendToken),
				stop: () => post('inbound-stop.form.txt', FORM, secrets.clicksendToken),
				forged: () => post('receipt-delivered.json', JSON_TYPE, 'not-the-token'),
			};
		}
		case 'vonage': {
			const secret = () => fake().credentialsOf('vonage').signatureSecret;
			const post = (file: string, signWith: string): WebhookPost => {
				const body = fixture('vonage', file);
				const claims = { iat: Math.floor(Date.now() / 1000), jti: randomBytes(8).toString('hex'), iss: 'Vonage', payload_hash: createHash('sha256').update(body).digest('hex') };
				return { headers: { 'content-type': JSON_TYPE, authorization: vonageAuthorization(signWith, claims) }, body };
			};
			return {
				extra: () => ({}),
				statusReport: () => post('webhook-status-delivered.json', secret()),
				stop: () => post('webhook-inbound-stop.json', secret()),
				forged: () => post('webhook-status-delivered.json', 'not-the-signature-secret'),
			};
		}
		default:
			throw new Error(`${id} has no fake API to test against`);
	}
}

/** The e2e view of every provider the fake speaks. */
export function e2eProviders(providerIds: ProviderId[], fake: () => FakeProviderServer): E2eProvider[] {
	return providerIds.map((id) => {
		const adapter = adapterFor(id);
		const build = builders(id, fake);
		const capabilities = adapter.capabilities;
		return {
			id,
			displayName: adapter.displayName,
			credentialType: adapter.credentialType!,
			credentialName: `${adapter.displayName} account`,
			profile: capabilities.maxMediaBytes < 600_000 ? 'clicksend' : 'carrierSafe',
			subject: capabilities.maxSubjectLength !== null,
			takesBinary: capabilities.mediaStore || capabilities.inlineMedia === true,
			credential: (server) => credentialFor(server, id, build.extra(server)),
			statusReport: build.statusReport,
			stop: build.stop,
			forged: build.forged,
		};
	});
}
