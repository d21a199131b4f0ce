import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { UNREACHABLE_BASE_URL } from '../nodes/providers/credentials';
import { originExpression } from '../nodes/providers/shared';
import { TELNYX_ORIGIN, TELNYX_TEST_FAILURES } from '../nodes/providers/telnyx/credential';

export class DropMmsTelnyxApi implements ICredentialType {
	name = 'dropMmsTelnyxApi';

	displayName = 'Drop MMS: Telnyx API';

	icon: Icon = { light: 'file:../icons/telnyx.svg', dark: 'file:../icons/telnyx.dark.svg' };

	documentationUrl = 'https://developers.telnyx.com/development/api-fundamentals/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'KEY…',
			description: 'API v2 key from the Telnyx Portal (Account Settings → Keys & Credentials)',
		},
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			default: '',
			description:
				'Base64 Ed25519 public key from the Telnyx Portal (Keys & Credentials → Public Key); verifies the signature of delivery webhooks',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: TELNYX_ORIGIN,
			description: `Origin of the Telnyx API (scheme and host, no path); change only for a proxy. ${UNREACHABLE_BASE_URL}`,
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// The account balance is the cheapest read every API key may make.
	test: ICredentialTestRequest = {
		request: {
			baseURL: originExpression(JSON.stringify(TELNYX_ORIGIN)),
			url: '/v2/balance',
			method: 'GET',
		},
		rules: TELNYX_TEST_FAILURES,
	};
}
