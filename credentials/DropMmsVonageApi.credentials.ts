import { randomUUID } from 'node:crypto';

import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { UNREACHABLE_BASE_URL } from '../nodes/providers/credentials';
import { originExpression } from '../nodes/providers/shared';
import { VONAGE_ORIGIN, VONAGE_TEST_FAILURES } from '../nodes/providers/vonage/credential';
import { applicationToken } from '../nodes/providers/vonage/jwt';

export class DropMmsVonageApi implements ICredentialType {
	name = 'dropMmsVonageApi';

	displayName = 'Drop MMS: Vonage API';

	icon: Icon = { light: 'file:../icons/vonage.svg', dark: 'file:../icons/vonage.dark.svg' };

	documentationUrl = 'https://developer.vonage.com/en/getting-started/concepts/authentication#json-web-tokens';

	properties: INodeProperties[] = [
		{
			displayName: 'Application ID',
			name: 'applicationId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
			description: 'The Vonage application with the Messages capability that sends the MMS',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 5 },
			default: '',
			required: true,
			placeholder: '-----BEGIN PRIVATE KEY-----…',
			description: "The application's private.key (PEM); it signs the JWT every API request carries",
		},
		{
			displayName: 'Signature Secret',
			name: 'signatureSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'API Settings → Signature secret; verifies the signed delivery and inbound webhooks',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: VONAGE_ORIGIN,
			description: `Origin of the Vonage API (scheme and host, no path); change only for a regional endpoint or a proxy. ${UNREACHABLE_BASE_URL}`,
		},
	];

	/**
	 * A function, not a generic expression: the Bearer token is a fresh RS256 JWT signed with the
	 * private key, the same one the drop engine puts on its own requests.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const token = applicationToken(credentials, Date.now(), randomUUID());
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${token}` } };
	}

	/** Users API list: a cheap GET every application's JWT may call (vonage-node-sdk Users: `GET /v1/users`, JWT auth). */
	test: ICredentialTestRequest = {
		request: {
			baseURL: originExpression(JSON.stringify(VONAGE_ORIGIN)),
			url: '/v1/users',
			qs: { page_size: 1 },
			method: 'GET',
		},
		rules: VONAGE_TEST_FAILURES,
	};
}
