import { defineCredential } from '../credentials';

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
