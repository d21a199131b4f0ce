import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { BANDWIDTH_ORIGIN, BANDWIDTH_TEST_FAILURES } from '../nodes/providers/bandwidth/credential';
import { UNREACHABLE_BASE_URL } from '../nodes/providers/credentials';
import { originExpression } from '../nodes/providers/shared';

export class DropMmsBandwidthApi implements ICredentialType {
	name = 'dropMmsBandwidthApi';

	displayName = 'Drop MMS: Bandwidth API';

	icon: Icon = { light: 'file:../icons/bandwidth.svg', dark: 'file:../icons/bandwidth.dark.svg' };

	documentationUrl = 'https://dev.bandwidth.com/docs/account/credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'API Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'An API user with the Messaging role (Bandwidth Dashboard → Account → Users)',
		},
		{
			displayName: 'API Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Messaging Application ID',
			name: 'applicationId',
			type: 'string',
			default: '',
			required: true,
			description: 'The messaging application the sending numbers belong to; its callback URL receives delivery reports',
		},
		{
			displayName: 'Callback Username',
			name: 'callbackUsername',
			type: 'string',
			default: '',
			description: 'Callback user ID set on the messaging application; the MMS Delivery Trigger accepts only callbacks that present it',
		},
		{
			displayName: 'Callback Password',
			name: 'callbackPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Callback password set on the messaging application',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: BANDWIDTH_ORIGIN,
			description: `Origin of the Bandwidth Messaging API (scheme and host, no path); change only for a proxy. ${UNREACHABLE_BASE_URL}`,
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.username}}',
				password: '={{$credentials.password}}',
			},
		},
	};

	// Listing stored media is the cheapest authenticated read of the messaging API (providers.md §4 "Media").
	test: ICredentialTestRequest = {
		request: {
			baseURL: originExpression(JSON.stringify(BANDWIDTH_ORIGIN)),
			url: '=/api/v2/users/{{$credentials.accountId}}/media',
			method: 'GET',
		},
		rules: BANDWIDTH_TEST_FAILURES,
	};
}
