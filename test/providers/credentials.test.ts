/** The credential reader every adapter declares its fields with (nodes/providers/credentials.ts). */
import { CredentialError, defineCredential } from '../../nodes/providers/credentials';

const credential = defineCredential('dropMmsExampleApi', 'Example', {
	accountId: { label: 'Account ID', required: true, trim: true },
	apiKey: { label: 'API Key', required: true, secret: true },
	callbackPassword: { label: 'Callback Password', secret: true },
	perRequest: { label: 'Recipients per Request', type: 'number' },
	prefixed: { label: 'Prefixed', type: 'boolean' },
});

const secret = ' key-with-spaces-0c1e ';

it('reads text as typed (ids trimmed), numbers and booleans, and empty text for what is missing', () => {
	expect(credential.read({ accountId: ' AC1 ', apiKey: secret, perRequest: '10', prefixed: false })).toEqual({
		accountId: 'AC1',
		apiKey: secret,
		callbackPassword: '',
		perRequest: 10,
		prefixed: false,
	});
	expect(credential.read({ accountId: 7, apiKey: secret, perRequest: 'many', prefixed: 'yes' })).toMatchObject({ accountId: '7', perRequest: undefined, prefixed: undefined });
});

it('names a missing required field, and only the fields asked for', () => {
	expect(() => credential.read({ accountId: 'AC1', apiKey: '' })).toThrow(new CredentialError('The Example credential has no API Key'));
	expect(() => credential.read({ accountId: '  ', apiKey: secret })).toThrow('The Example credential has no Account ID');
	expect(credential.read({ callbackPassword: 'p' }, []).callbackPassword).toBe('p');
	expect(() => credential.read({ accountId: 'AC1' }, ['callbackPassword'])).toThrow('has no Callback Password');
});

it('refuses a field that holds no text, without showing what it holds', () => {
	let thrown: unknown;
	try {
		credential.read({ accountId: 'AC1', apiKey: { nested: secret } });
	} catch (error) {
		thrown = error;
	}
	expect(thrown).toEqual(new CredentialError("The Example credential's API Key is not text"));
	expect((thrown as Error).message).not.toContain(secret.trim());
});

it('lists every unusable field as a problem, never a value', () => {
	expect(credential.problems({})).toEqual(['The Example credential has no Account ID', 'The Example credential has no API Key']);
	expect(credential.problems({ accountId: 'AC1', apiKey: secret })).toEqual([]);
	expect(credential.problems({ accountId: ['AC1'], apiKey: secret })).toEqual(["The Example credential's Account ID is not text"]);
});

describe('fields required by the value of another (an auth type)', () => {
	const byAuthType = defineCredential('dropMmsExampleApi', 'Example', {
		authType: { label: 'Auth Type', default: 'token' },
		accountId: { label: 'Account ID', required: true },
		token: { label: 'Token', secret: true, requiredWhen: { authType: ['token'] } },
		keyId: { label: 'Key ID', requiredWhen: { authType: ['key'] } },
		keySecret: { label: 'Key Secret', secret: true, requiredWhen: { authType: ['key'] } },
	});

	it('requires each field only under its auth type', () => {
		expect(byAuthType.problems({ authType: 'token', accountId: 'AC1' })).toEqual(['The Example credential has no Token']);
		expect(byAuthType.problems({ authType: 'key', accountId: 'AC1', token: '' })).toEqual([
			'The Example credential has no Key ID',
			'The Example credential has no Key Secret',
		]);
		expect(byAuthType.problems({ authType: 'key', accountId: 'AC1', keyId: 'SK1', keySecret: secret })).toEqual([]);
		expect(() => byAuthType.read({ authType: 'key', accountId: 'AC1', keyId: 'SK1' })).toThrow('The Example credential has no Key Secret');
		expect(byAuthType.read({ authType: 'key', accountId: 'AC1', keyId: 'SK1', keySecret: secret }).token).toBe('');
	});

	it('reads an empty or missing auth type as its default, so a credential saved before the field existed keeps working', () => {
		expect(byAuthType.read({ accountId: 'AC1', token: secret }).authType).toBe('token');
		expect(byAuthType.read({ authType: '', accountId: 'AC1', token: secret }).authType).toBe('token');
		expect(byAuthType.problems({ accountId: 'AC1' })).toEqual(['The Example credential has no Token']);
	});

	it('an explicit list of fields still overrides the conditions (a webhook check asks for what it uses)', () => {
		expect(byAuthType.read({ authType: 'key', token: secret }, ['token']).token).toBe(secret);
		expect(() => byAuthType.read({ authType: 'key', accountId: 'AC1' }, ['token'])).toThrow('has no Token');
	});
});
