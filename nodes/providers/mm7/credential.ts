import { credentialTestRules, defineCredential } from '../credentials';

/** Ids, the URL and the version are read without stray white space; user names and passwords exactly as typed. */
export const mm7Credential = defineCredential('dropMmsMm7Api', 'MM7', {
	url: { label: 'MMSC URL', required: true, trim: true },
	username: { label: 'Username' },
	password: { label: 'Password', secret: true },
	vaspId: { label: 'VASP ID', trim: true },
	vasId: { label: 'VAS ID', trim: true },
	mm7Version: { label: 'MM7 Version', trim: true },
	serviceCode: { label: 'Service Code', trim: true },
	callbackUsername: { label: 'Callback Username' },
	callbackPassword: { label: 'Callback Password', secret: true },
	recipientsPerRequest: { label: 'Recipients per Request', type: 'number' },
	useNamespacePrefix: { label: 'Use mm7: Namespace Prefix', type: 'boolean' },
});

/**
 * What a failed credential Test means: the MMSC's answer to the probe, a CancelReq for a message
 * that cannot exist (DropMmsMm7Api.credentials.ts). An MMSC knows a VASP by its HTTP Basic login
 * and its VASP ID, often by its IP address too (providers.md §9: "usually HTTP Basic auth (VASP
 * credentials)"; fixtures fault-2568-authenticate.xml, fault-4001-identification.xml); errors may
 * come as a SOAP Fault over HTTP 500.
 */
export const MM7_TEST_FAILURES = credentialTestRules({
	401: 'The MMSC answered HTTP 401 (not authenticated): check the Username and Password, the HTTP Basic login the operator gave this VASP.',
	403: 'The MMSC answered HTTP 403 (forbidden): it refuses this sender. Check the VASP ID, and that the operator allows requests from n8n\'s IP address.',
	404: 'The MMSC answered HTTP 404 (not found): no MM7 endpoint at this address. Check the MMSC URL, path included, exactly as the operator gave it.',
	500: 'The MMSC answered HTTP 500 with a SOAP Fault to the test (a CancelReq for a message that does not exist). The MMSC URL is reachable. A fault about authentication or the sender means: check the Username, Password and VASP ID; if the MMSC does not support cancel, sending can still work: try a small drop.',
});
