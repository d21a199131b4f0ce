import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.twilio.com',
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
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/2010-04-01/Accounts/{{$credentials.accountSid}}.json',
			method: 'GET',
		},
	};
}
