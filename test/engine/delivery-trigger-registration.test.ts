/**
 * `registerWebhook` (issue #6): on activation the provider's callback setting points at the
 * trigger, on deactivation the previous value is back — through n8n-core's HookContext against
 * the fake provider, which checks auth and request shape.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ProviderId } from '../../nodes/providers/types';
import { allFakeApis, FakeProviderServer } from '../fake-provider';
import { node } from '../harness/engine';
import { triggerLifecycle } from '../harness/hooks';
import { CREDENTIAL_TYPES, fakeCredentials } from './send-drop.helpers';

const fake = new FakeProviderServer(allFakeApis);
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const SERVICE_SID = 'MG' + 'a1'.repeat(16);

/** Per provider: the target the user names, its settings before, and the fields that must point at the trigger. */
const cases: Array<{ provider: ProviderId; target: string; before: Record<string, string>; pointed: (url: string) => Record<string, string> }> = [
	{
		provider: 'telnyx',
		target: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
		before: { webhook_url: 'https://old.example.com/telnyx' },
		pointed: (url) => ({ webhook_url: url }),
	},
	{
		provider: 'twilio',
		target: SERVICE_SID,
		before: { status_callback: 'https://old.example.com/status', inbound_request_url: 'https://old.example.com/in', inbound_method: 'GET' },
		pointed: (url) => ({ status_callback: url, inbound_request_url: url, inbound_method: 'POST' }),
	},
	{
		provider: 'plivo',
		target: '20372631212782780',
		before: { message_url: 'https://old.example.com/plivo', message_method: 'GET' },
		pointed: (url) => ({ message_url: url, message_method: 'POST' }),
	},
];

function lifecycle(provider: ProviderId, parameters: IDataObject) {
	const trigger = node('mmsDeliveryTrigger', { provider, ...parameters } as never, {
		name: 'Trigger',
		webhookId: `hook-${provider}`,
		credentials: { [CREDENTIAL_TYPES[provider]]: { id: '1', name: provider } },
	});
	return triggerLifecycle(trigger, { [CREDENTIAL_TYPES[provider]]: fakeCredentials(fake, provider) });
}

describe.each(cases)('registerWebhook with $provider', ({ provider, target, before, pointed }) => {
	it('activation points the setting at the trigger; deactivation restores it', async () => {
		fake.settingsOf(provider).set(target, { ...before });
		const hooks = lifecycle(provider, { registerWebhook: true, registrationTarget: target });
		const url = hooks.webhookUrl;
		expect(url).toMatch(/^https:\/\/n8n\.example\.com\/webhook\/hook-\w+\/mms$/);

		expect(await hooks.call('checkExists')).toBe(false);
		expect(await hooks.call('create')).toBe(true);
		expect(fake.settingsOf(provider).get(target)).toEqual({ ...before, ...pointed(url) });
		expect(await hooks.call('checkExists')).toBe(true);

		expect(await hooks.call('delete')).toBe(true);
		expect(fake.settingsOf(provider).get(target)).toEqual(before);
		expect(hooks.staticData).toEqual({ 'node:Trigger': {} });
	});

	it('a second activation does not remember our own URL as the previous value', async () => {
		fake.settingsOf(provider).set(target, { ...before });
		const hooks = lifecycle(provider, { registerWebhook: true, registrationTarget: target });
		await hooks.call('create');
		await hooks.call('create');
		await hooks.call('delete');
		expect(fake.settingsOf(provider).get(target)).toEqual(before);
	});

	it('an unknown target fails activation with the provider’s answer and changes nothing', async () => {
		const hooks = lifecycle(provider, { registerWebhook: true, registrationTarget: target });
		await expect(hooks.call('create')).rejects.toMatchObject({ name: 'NodeApiError', httpCode: '404' });
		expect(fake.requests.every((request) => request.method === 'GET')).toBe(true);
	});
});

it('without registerWebhook nothing is read or written', async () => {
	const hooks = lifecycle('telnyx', { registerWebhook: false });
	expect(await hooks.call('checkExists')).toBe(true);
	expect(await hooks.call('create')).toBe(true);
	expect(await hooks.call('delete')).toBe(true);
	expect(fake.requests).toHaveLength(0);
});

it('a failed restore is raised, not swallowed, and the saved value is kept for the next try', async () => {
	const target = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
	fake.settingsOf('telnyx').set(target, { webhook_url: 'https://old.example.com/telnyx' });
	const hooks = lifecycle('telnyx', { registerWebhook: true, registrationTarget: target });
	await hooks.call('create');
	fake.setCredentials('telnyx', { ...fake.credentialsOf('telnyx'), apiKey: 'KEYrotated' });
	await expect(hooks.call('delete')).rejects.toMatchObject({ name: 'NodeApiError', httpCode: '401' });
	expect(hooks.staticData).toEqual({ 'node:Trigger': { registration: { target, previous: { webhook_url: 'https://old.example.com/telnyx' } } } });
});

// Issue #15 point 8: the target is picked from the account's list (a resource locator) or typed.
it.each(cases)('$provider: a target picked from the list registers the same as a typed one', async ({ provider, target, before, pointed }) => {
	fake.settingsOf(provider).set(target, { ...before });
	const hooks = lifecycle(provider, { registerWebhook: true, registrationTarget: { __rl: true, mode: 'list', value: target } });
	await hooks.call('create');
	expect(fake.settingsOf(provider).get(target)).toEqual({ ...before, ...pointed(hooks.webhookUrl) });
	await hooks.call('delete');
	expect(fake.settingsOf(provider).get(target)).toEqual(before);
});

describe('a credential that can verify no request: the trigger refuses to start listening', () => {
	// checkExists runs on activation and when the editor listens for a test event (n8n 2.41
	// WebhookService.createWebhookIfNotExists, called by ActiveWorkflowManager and TestWebhooks).
	const twilioTrigger = (parameters: IDataObject, credential: Record<string, string>) => {
		const trigger = node('mmsDeliveryTrigger', { provider: 'twilio', ...parameters } as never, {
			name: 'Trigger',
			webhookId: 'hook-twilio',
			credentials: { dropMmsTwilioApi: { id: '1', name: 'twilio' } },
		});
		return triggerLifecycle(trigger, { dropMmsTwilioApi: { ...fakeCredentials(fake, 'twilio'), ...credential } });
	};
	const apiKeyOnly = { authType: 'apiKey', authToken: '' };

	it('Twilio with an API key and no Auth Token: refused, naming the Auth Token Twilio signs with', async () => {
		const attempt = twilioTrigger({}, apiKeyOnly).call('checkExists');
		await expect(attempt).rejects.toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringMatching(/^The Twilio credential has no Auth Token: Twilio signs webhooks with the account's Auth Token/),
			description: expect.stringContaining('would refuse every request from Twilio (401)'),
		});
		expect(fake.requests).toHaveLength(0);
	});

	it.each<{ label: string; parameters: IDataObject; credential: Record<string, string> }>([
		{ label: 'the same credential with its Auth Token', parameters: {}, credential: { authType: 'apiKey' } },
		{ label: 'Verify Signature off', parameters: { verifySignature: false }, credential: apiKeyOnly },
		{ label: 'Auth Type Auth Token', parameters: {}, credential: {} },
	])('listens: $label', async ({ parameters, credential }) => {
		expect(await twilioTrigger(parameters, credential).call('checkExists')).toBe(true);
	});
});
