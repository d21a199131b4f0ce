import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { UNREACHABLE_BASE_URL } from '../nodes/providers/credentials';
import { originExpression } from '../nodes/providers/shared';
import { DEFAULT_SINCH_REGION, SINCH_TEST_FAILURES } from '../nodes/providers/sinch/credential';

export class DropMmsSinchApi implements ICredentialType {
	name = 'dropMmsSinchApi';

	displayName = 'Drop MMS: Sinch API';

	icon: Icon = { light: 'file:../icons/sinch.svg', dark: 'file:../icons/sinch.dark.svg' };

	documentationUrl = 'https://developers.sinch.com/docs/sms/api-reference/';

	properties: INodeProperties[] = [
		{
			displayName: 'Service Plan ID',
			name: 'servicePlanId',
			type: 'string',
			default: '',
			required: true,
			description: 'Sinch Dashboard → SMS → Service APIs: the service plan ID of the REST API',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The service plan\'s REST API token, sent as a Bearer token',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'Australia (AU)', value: 'au' },
				{ name: 'Brazil (BR)', value: 'br' },
				{ name: 'Canada (CA)', value: 'ca' },
				{ name: 'Europe (EU)', value: 'eu' },
				{ name: 'United States (US)', value: 'us' },
			],
			default: DEFAULT_SINCH_REGION,
			description: 'Where the service plan lives; selects https://{region}.sms.api.sinch.com',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://us.sms.api.sinch.com',
			description: `Origin of the Sinch SMS API (scheme and host, no path); leave empty to use the region's host, set it only for a proxy. ${UNREACHABLE_BASE_URL}`,
		},
		{
			displayName: 'Callback Username',
			name: 'callbackUsername',
			type: 'string',
			default: '',
			description:
				'HTTP Basic username Sinch presents on delivery-report and inbound callbacks (Basic auth on callbacks is enabled by your Sinch account manager)',
		},
		{
			displayName: 'Callback Password',
			name: 'callbackPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'HTTP Basic password Sinch presents on callbacks',
		},
		{
			displayName: 'Callback Signing Secret',
			name: 'callbackSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Where Sinch signs callbacks (x-sinch-webhook-signature, HMAC-SHA256), the secret it signs with: the trigger then requires a valid signature. Leave empty if Sinch does not sign your callbacks. With callback username/password set too, both must match.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};

	// The cheapest authenticated call: one page of one batch. The origin is derived as the send path
	// derives it (nodes/providers/sinch/send.ts `sinchOrigin`): the Base URL, else the region's host.
	test: ICredentialTestRequest = {
		request: {
			baseURL: originExpression(`"https://" + ($credentials.region || ${JSON.stringify(DEFAULT_SINCH_REGION)}) + ".sms.api.sinch.com"`),
			url: '=/xms/v1/{{ encodeURIComponent($credentials.servicePlanId) }}/batches',
			qs: { page_size: 1 },
			method: 'GET',
		},
		rules: SINCH_TEST_FAILURES,
	};
}
