import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { originExpression } from '../nodes/providers/shared';
import { TWILIO_ORIGIN } from '../nodes/providers/twilio/credential';

export class DropMmsTwilioApi implements ICredentialType {
	name = 'dropMmsTwilioApi';

	displayName = 'Drop MMS: Twilio API';

	icon: Icon = 'file:../icons/twilio.svg';

	documentationUrl = 'https://www.twilio.com/docs/iam/credentials/api';

	properties: INodeProperties[] = [
		{
			displayName: 'Account SID',
			name: 'accountSid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'AC…',
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Also verifies the X-Twilio-Signature of delivery webhooks',
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
			description: 'Origin of the Twilio API; change only for a regional edge or a proxy',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.accountSid}}',
				password: '={{$credentials.authToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: originExpression(JSON.stringify(TWILIO_ORIGIN)),
			url: '=/2010-04-01/Accounts/{{$credentials.accountSid}}.json',
			method: 'GET',
		},
	};
}
