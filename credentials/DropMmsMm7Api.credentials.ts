import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { UNREACHABLE_BASE_URL } from '../nodes/providers/credentials';
import { MM7_TEST_FAILURES } from '../nodes/providers/mm7/credential';

/** Schema namespace per MM7Version (providers.md §9 "Namespaces / versions"), for the test probe. */
const NAMESPACE_EXPRESSION =
	'{{ $credentials.mm7Version === "5.3.0" ? "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0" : "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" }}';

/** XML-escapes a credential value inside the probe's expression. */
const escaped = (field: string) =>
	`{{ String($credentials.${field} ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") }}`;

export class DropMmsMm7Api implements ICredentialType {
	name = 'dropMmsMm7Api';

	displayName = 'Drop MMS: MM7 (Carrier Direct) API';

	icon: Icon = { light: 'file:../icons/mm7.svg', dark: 'file:../icons/mm7.dark.svg' };

	documentationUrl = 'https://www.3gpp.org/ftp/Specs/archive/23_series/23.140/';

	properties: INodeProperties[] = [
		{
			displayName: 'MMSC URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://mmsc.operator.example/mm7',
			description: `The MM7 endpoint of the MMSC or MM7 relay, exactly as the operator gives it (full URL, path included). ${UNREACHABLE_BASE_URL}`,
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			description: 'HTTP Basic username the MMSC gave this VASP; leave empty if the MMSC authenticates by IP address and VASP ID only',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'VASP ID',
			name: 'vaspId',
			type: 'string',
			default: '',
			description: 'Your VASP (value-added service provider) identifier at the MMSC; sent as SenderIdentification/VASPID',
		},
		{
			displayName: 'VAS ID',
			name: 'vasId',
			type: 'string',
			default: '',
			description: 'The service identifier within your VASP account (often one per short code); sent as SenderIdentification/VASID when set',
		},
		{
			displayName: 'MM7 Version',
			name: 'mm7Version',
			type: 'options',
			options: [
				{ name: '6.8.0 (REL-6-MM7-1-4)', value: '6.8.0' },
				{ name: '5.3.0 (REL-5-MM7-1-0)', value: '5.3.0' },
			],
			default: '6.8.0',
			description: 'The MM7 schema version the MMSC documents; it sets both MM7Version and the XML namespace',
		},
		{
			displayName: 'Service Code',
			name: 'serviceCode',
			type: 'string',
			default: '',
			description: 'Charging/billing code the operator assigned, sent as ServiceCode when set',
		},
		{
			displayName: 'Callback Username',
			name: 'callbackUsername',
			type: 'string',
			default: '',
			description: 'HTTP Basic username the MMSC presents when it posts delivery reports and incoming messages to the MMS Delivery Trigger; empty = the same as Username',
		},
		{
			displayName: 'Callback Password',
			name: 'callbackPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Password the MMSC presents to the trigger; empty = the same as Password',
		},
		{
			displayName: 'Recipients per Request',
			name: 'recipientsPerRequest',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 1,
			description:
				'How many recipients one SubmitReq may carry. Keep 1 unless the MMSC documents multi-recipient submits; if it answers 3003 (multiple addresses not supported), the drop falls back to one per request.',
		},
		{
			displayName: 'Use mm7: Namespace Prefix',
			name: 'useNamespacePrefix',
			type: 'boolean',
			default: true,
			description: 'Whether to write MM7 elements as mm7:SubmitReq (on) or with a default namespace as SubmitReq (off); some MMSCs reject one of the two forms',
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

	/**
	 * MM7 has no read-only operation to test with. The probe is a CancelReq for a message id that
	 * cannot exist: it checks the URL, the Basic credentials and the VASP ID, and cancels nothing.
	 * MMSCs answer it with CancelRsp (status 2005, "Message ID not found": the credentials work), or
	 * with a SOAP Fault over HTTP 500 if they do not offer cancel at all.
	 */
	test: ICredentialTestRequest = {
		request: {
			url: '={{$credentials.url.trim()}}',
			method: 'POST',
			headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' },
			json: false,
			body:
				'=<?xml version="1.0" encoding="UTF-8"?>' +
				'<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header>' +
				`<TransactionID xmlns="${NAMESPACE_EXPRESSION}" env:mustUnderstand="1">n8n-credential-test</TransactionID>` +
				`</env:Header><env:Body><CancelReq xmlns="${NAMESPACE_EXPRESSION}">` +
				'<MM7Version>{{ $credentials.mm7Version || "6.8.0" }}</MM7Version>' +
				`<SenderIdentification><VASPID>${escaped('vaspId')}</VASPID></SenderIdentification>` +
				'<MessageID>n8n-credential-test-no-such-message</MessageID>' +
				'</CancelReq></env:Body></env:Envelope>',
		},
		rules: MM7_TEST_FAILURES,
	};
}
