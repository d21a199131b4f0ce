/** The registry (nodes/providers/index.ts): every provider once under its id, and the lists derived from it. */
import {
	adapterFor, adapters, binaryMediaAlternatives, isProviderId, providerCredentials, providerNames, providerOptions,
} from '../../nodes/providers';
import type { ProviderId } from '../../nodes/providers/types';

/** DESIGN.md, Send MMS Drop `provider`, and the sandbox of its additions. */
const DESIGN_PROVIDERS: ProviderId[] = ['twilio', 'telnyx', 'plivo', 'bandwidth', 'sinch', 'clicksend', 'vonage', 'mm7', 'sandbox'];
/** Every provider but the sandbox needs an account, and so a credential. */
const WITH_CREDENTIAL = DESIGN_PROVIDERS.filter((id) => id !== 'sandbox');

it('holds exactly the providers DESIGN.md names, each under its own id', () => {
	expect(Object.keys(adapters)).toEqual(DESIGN_PROVIDERS);
	for (const [id, adapter] of Object.entries(adapters)) expect(adapter.id).toBe(id);
});

it('finds each provider by id and refuses anything else, prototype names included', () => {
	for (const id of DESIGN_PROVIDERS) expect(adapterFor(id)).toBe(adapters[id]);
	for (const name of ['Sandbox', 'toString', 'constructor', '__proto__', 'hasOwnProperty', '']) {
		expect(isProviderId(name)).toBe(false);
		expect(() => adapterFor(name)).toThrow(`Unknown provider "${name}"`);
	}
});

it('offers every provider once, by display name, and one credential each except the sandbox', () => {
	expect(providerOptions.map((option) => option.value).sort()).toEqual([...DESIGN_PROVIDERS].sort());
	expect(providerOptions.map((option) => option.name)).toEqual(providerOptions.map((option) => option.name).sort((a, b) => a.localeCompare(b)));
	expect(providerCredentials).toEqual(
		WITH_CREDENTIAL.map((id) => ({ name: adapters[id].credentialType, required: true, displayOptions: { show: { provider: [id] } } })),
	);
	expect(adapters.sandbox.credentialType).toBeUndefined();
	expect(adapters.sandbox.simulated).toBe(true);
	for (const id of WITH_CREDENTIAL) expect(adapters[id].simulated).toBeUndefined();
});

it('names the providers that take binary media from what the adapters can do', () => {
	const stores = providerOptions.filter(({ value }) => adapters[value].upload).map(({ name }) => name);
	const inline = providerOptions.filter(({ value }) => adapters[value].capabilities.inlineMedia).map(({ name }) => name);
	expect(providerNames((adapter) => adapter.upload !== undefined)).toBe(stores.join(', '));
	expect(binaryMediaAlternatives()).toBe(`a provider with a media store (${stores.join(', ')}) or one that sends media inline: ${inline.join(', ')}`);
	expect(binaryMediaAlternatives()).toBe(
		'a provider with a media store (Bandwidth, ClickSend, Plivo) or one that sends media inline: MM7 (Carrier Direct)',
	);
});
