import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { CLICKSEND_ORIGIN, CLICKSEND_TEST_FAILURES } from '../nodes/providers/clicksend/credential';
import { UNREACHABLE_BASE_URL } from '../nodes/providers/credentials';
import { originExpression } from '../nodes/providers/shared';

export class DropMmsClickSendApi implements ICredentialType {
	name = 'dropMmsClickSendApi';

	displayName = 'Drop MMS: ClickSend API';

	icon: Icon = { light: 'file:../icons/clicksend.svg', dark: 'file:../icons/clicksend.dark.svg' };

	documentationUrl = 'https://developers.clicksend.com/docs/rest/v3';

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'API username, shown under API Credentials in the ClickSend dashboard',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Webhook Token',
			name: 'webhookToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'ClickSend does not sign its webhooks: append ?token=<this value> to the MMS Delivery Trigger URL in your ClickSend rules. Use a long random string.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: CLICKSEND_ORIGIN,
			description: `Origin of the ClickSend API (scheme and host, no path); change only for a proxy. ${UNREACHABLE_BASE_URL}`,
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.username}}',
				password: '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: originExpression(JSON.stringify(CLICKSEND_ORIGIN)),
			url: '/v3/account',
			method: 'GET',
		},
		rules: CLICKSEND_TEST_FAILURES,
	};
}
