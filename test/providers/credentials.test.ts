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
