import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { UNREACHABLE_BASE_URL } from '../nodes/providers/credentials';
import { originExpression } from '../nodes/providers/shared';
import { TWILIO_ORIGIN, TWILIO_TEST_FAILURES } from '../nodes/providers/twilio/credential';

export class DropMmsTwilioApi implements ICredentialType {
	name = 'dropMmsTwilioApi';

	displayName = 'Drop MMS: Twilio API';

	icon: Icon = { light: 'file:../icons/twilio.svg', dark: 'file:../icons/twilio.dark.svg' };

	documentationUrl = 'https://www.twilio.com/docs/usage/requests-to-twilio';

	properties: INodeProperties[] = [
		{
			displayName: 'Auth Type',
			name: 'authType',
			type: 'options',
			options: [
				{ name: 'API Key', value: 'apiKey' },
				{ name: 'Auth Token', value: 'authToken' },
			],
			default: 'authToken',
			description: 'How API calls authenticate. Twilio recommends an API key for production; webhooks are signed with the Auth Token either way.',
		},
		{
			displayName: 'Account SID',
			name: 'accountSid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'AC…',
			description: 'The account the messages are sent from; with an API key, the account the key belongs to',
		},
		{
			displayName: 'API Key SID',
			name: 'apiKeySid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'SK…',
			displayOptions: { show: { authType: ['apiKey'] } },
			description: 'Twilio Console → Account → API keys & tokens: a Standard key (or a Restricted key allowed to send and list messages)',
		},
		{
			displayName: 'API Key Secret',
			name: 'apiKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['apiKey'] } },
			description: 'Shown once, when the key is created',
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"The account's (primary) Auth Token. Needed with Auth Type Auth Token. With an API key it only verifies the X-Twilio-Signature of delivery webhooks, which Twilio always signs with the Auth Token: leave it empty if the MMS Delivery Trigger does not verify signatures.",
		},
		{
			displayName: 'Webhook Shared Key Secret',
			name: 'sharedKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only when a Twilio Webhook Rule signs the trigger URL with a SharedKey (requests then carry X-Twilio-Webhooks-Signature-Settings): that key\'s secret. Leave empty to verify webhooks with the Auth Token.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: TWILIO_ORIGIN,
			description: `Origin of the Twilio API (scheme and host, no path); change only for a regional edge or a proxy. ${UNREACHABLE_BASE_URL}`,
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{ $credentials.authType === "apiKey" ? $credentials.apiKeySid : $credentials.accountSid }}',
				password: '={{ $credentials.authType === "apiKey" ? $credentials.apiKeySecret : $credentials.authToken }}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: originExpression(JSON.stringify(TWILIO_ORIGIN)),
			url: '=/2010-04-01/Accounts/{{$credentials.accountSid}}.json',
			method: 'GET',
		},
		rules: TWILIO_TEST_FAILURES,
	};
}
