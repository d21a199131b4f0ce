/**
 * Credentials for engine tests. Unlike n8n's own test helper, this applies a credential's
 * generic `authenticate` (headers, qs, body, auth resolved as expressions over `$credentials`),
 * as n8n's server does, so auth headers reach the wire and tests can assert on them.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

import type { PackageCredentialTypes } from './registry';

export type CredentialsByType = Record<string, ICredentialDataDecryptedObject>;

export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: PackageCredentialTypes,
		private readonly byType: CredentialsByType,
	) {
		super();
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.types.getByName(typeName);
		const options = requestOptions as IHttpRequestOptions;
		const { authenticate } = type;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (!authenticate || authenticate.type !== 'generic') return options;
		if (!workflow || !node) throw new Error('generic authenticate needs the workflow and node');

		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=')
				? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials })
				: value;
		const target = options as unknown as Record<string, Record<string, unknown>>;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			target[section] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				target[section][String(resolve(key))] = resolve(value);
			}
		}
		return options;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.byType[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return withDefaults(this.types.getByName(type).properties, data);
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used in tests');
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types.getByName(type).properties;
	}
}

/** n8n fills credential fields the user left untouched with their declared defaults. */
export function withDefaults(
	properties: INodeProperties[],
	data: ICredentialDataDecryptedObject,
): ICredentialDataDecryptedObject {
	const result: ICredentialDataDecryptedObject = {};
	for (const property of properties) {
		if (property.type === 'notice') continue;
		if (property.default !== undefined) result[property.name] = property.default as string;
	}
	return { ...result, ...data };
}
