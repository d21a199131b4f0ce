/** Issue #15 points 1 and 11 for MMS Delivery Trigger: Provider with its credential, and set-up steps that name the Production URL. */
import { MmsDeliveryTrigger } from '../../nodes/MmsDeliveryTrigger/MmsDeliveryTrigger.node';
import { adapters } from '../../nodes/providers';
import { mainAuthField, shown, subtitle } from './panel';

const description = new MmsDeliveryTrigger().description;

it('Provider stays a parameter, its credential right under it; the canvas says "from Twilio"', () => {
	expect(mainAuthField(description)).toBeNull();
	expect(shown(description, { provider: 'twilio' }).slice(0, 2).map((parameter) => parameter.name)).toEqual(['provider', 'credentials']);
	expect(subtitle('mmsDeliveryTrigger', description, { provider: 'twilio' })).toBe('from Twilio');
});

it.each(Object.values(adapters).map((adapter) => [adapter.displayName, adapter]))('%s: one notice of numbered steps, from copying the Production URL to publishing', (_name, adapter) => {
	const notices = shown(description, { provider: adapter.id }).filter((parameter) => parameter.type === 'notice');
	expect(notices).toHaveLength(1);
	const steps = [...notices[0].displayName.matchAll(/<li>(.*?)<\/li>/g)].map(([, step]) => step);
	const expected = 2 + adapter.webhook!.setupSteps.length + (adapter.webhook!.registrar ? 1 : 0);
	expect(steps).toHaveLength(expected);
	expect(steps.map((step) => step.split('. ')[0])).toEqual(Array.from({ length: expected }, (_, index) => String(index + 1)));
	expect(steps[0]).toMatch(/^1\. Above, open Webhook URLs, switch to Production URL and copy it/);
	expect(steps.at(-1)).toMatch(/Publish the workflow/);
	// n8n's notice keeps a, ul and li only: anything else would show as nothing or as text.
	expect(notices[0].displayName.replace(/<\/?(ul|li)>/g, '')).not.toMatch(/<[a-z]/i);
});

it('the trigger panel says the provider gets the Production URL, not the Test URL', () => {
	const panel = description.triggerPanel as { executionsHelp: { inactive: string }; activationHint: string };
	expect(panel.executionsHelp.inactive).toContain('The provider must be given the Production URL');
	expect(panel.activationHint).toContain('Production URL');
});

it.each([
	['twilio', 'Messaging Service SID'],
	['telnyx', 'Messaging Profile ID'],
	['plivo', 'Application ID'],
])('%s: Register Webhook picks its %s from the account, or takes it typed', (provider, label) => {
	const target = description.properties.find((p) => p.name === 'registrationTarget' && p.displayOptions?.show?.provider?.includes(provider))!;
	expect(target).toMatchObject({ displayName: label, type: 'resourceLocator', default: { mode: 'list', value: '' } });
	expect(target.modes!.map((mode) => [mode.name, mode.typeOptions?.searchListMethod ?? null])).toEqual([
		['list', 'searchRegistrationTargets'],
		['id', null],
	]);
	expect(typeof new MmsDeliveryTrigger().methods.listSearch.searchRegistrationTargets).toBe('function');
});
