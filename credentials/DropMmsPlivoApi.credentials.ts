import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { UNREACHABLE_BASE_URL } from '../nodes/providers/credentials';
import { PLIVO_ORIGIN, PLIVO_TEST_FAILURES } from '../nodes/providers/plivo/credential';
import { originExpression } from '../nodes/providers/shared';

export class DropMmsPlivoApi implements ICredentialType {
	name = 'dropMmsPlivoApi';

	displayName = 'Drop MMS: Plivo API';

	icon: Icon = { light: 'file:../icons/plivo.svg', dark: 'file:../icons/plivo.dark.svg' };

	documentationUrl = 'https://www.plivo.com/docs/messaging/api/overview';

	properties: INodeProperties[] = [
		{
			displayName: 'Auth ID',
			name: 'authId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'MA…',
			description: 'Console → Overview → Account; a subaccount Auth ID (SA…) works too',
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Also verifies the X-Plivo-Signature-V3 of delivery and inbound webhooks',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: PLIVO_ORIGIN,
			description: `Origin of the Plivo API (scheme and host, no path); change only for a proxy. ${UNREACHABLE_BASE_URL}`,
		},
		{
			displayName: 'Accept V2 Signatures',
			name: 'acceptV2Signatures',
			type: 'boolean',
			default: false,
			description:
				'Whether the MMS Delivery Trigger also accepts X-Plivo-Signature-V2 when a request has no V3 signature. V2 signs only the URL, not the message fields, so a captured request can carry forged content: turn this on only if your Plivo account sends no V3 signatures.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.authId}}',
				password: '={{$credentials.authToken}}',
			},
		},
	};

	// The Account resource is the cheapest authenticated read: `GET /v1/Account/{auth_id}/`.
	test: ICredentialTestRequest = {
		request: {
			baseURL: originExpression(JSON.stringify(PLIVO_ORIGIN)),
			url: '=/v1/Account/{{$credentials.authId}}/',
			method: 'GET',
		},
		rules: PLIVO_TEST_FAILURES,
	};
}
