/**
 * Issue #15 points 1, 2, 6, 7 and 10: what a no-code builder sees in Send MMS Drop's panel, per
 * provider, decided by n8n's own display logic (./panel.ts). Every limit in the wording comes from
 * the adapters' capabilities, so these tests read them from there, except the figures the issue
 * quotes, which are spelled out to catch a derivation that drifts.
 */
import type { INodeTypeDescription } from 'n8n-workflow';

import { SendMmsDrop } from '../../nodes/SendMmsDrop/SendMmsDrop.node';
import { adapters } from '../../nodes/providers';
import { LIMIT_PROFILES } from '../../nodes/providers/sandbox/capabilities';
import { providerViews } from '../../nodes/providers/views';
import { mainAuthField, shown, shownOptions, shownParameter, subtitle } from './panel';

const description = new SendMmsDrop().description;
const toolDescription = { ...description, name: 'sendMmsDropTool' } as INodeTypeDescription;
const valuesOf = (show: Record<string, string[]>) => Object.fromEntries(Object.entries(show).map(([name, [value]]) => [name, value]));
const real = providerViews.filter((view) => !view.adapter.simulated);

describe('point 1: the provider is a parameter, by its name, with its credential under it', () => {
	it('n8n does not take Provider for an authentication selector (which would hide it in the credential dialog)', () => {
		expect(mainAuthField(description)).toBeNull();
	});

	it('the test above can see the problem: with a credential for every provider, n8n would hide Provider', () => {
		const everyOneCredentialed = { ...description, properties: description.properties.map((p) => (p.name === 'provider' ? { ...p, options: (p.options ?? []).filter((o) => 'value' in o && o.value !== 'sandbox') } : p)) };
		expect(mainAuthField(everyOneCredentialed as INodeTypeDescription)).toBe('provider');
	});

	it.each(Object.values(adapters).map((adapter) => [adapter.id, adapter.displayName]))('%s: Provider first, then its credential, and the canvas says "via %s"', (id, name) => {
		const panel = shown(description, { provider: id, sandboxLimits: 'twilio' });
		expect(panel.slice(0, 2).map((parameter) => [parameter.name, parameter.type])).toEqual([
			['provider', 'options'],
			['credentials', 'credentials'],
		]);
		expect(subtitle('sendMmsDrop', description, { provider: id })).toBe(`via ${name}`);
	});

	it('an unknown provider (a hand-edited workflow) is still named on the canvas', () => {
		expect(subtitle('sendMmsDrop', description, { provider: 'pigeon' })).toBe('via pigeon');
	});
});

describe('point 2: per provider, only what it can carry, with its limits', () => {
	it('Twilio: no Subject; 10 media, 5 MB; 1,600 characters (the issue\'s example, spelled out)', () => {
		const values = { provider: 'twilio' };
		expect(shownParameter(description, values, 'subject')).toBeUndefined();
		expect(shownParameter(description, values, 'mediaUrls')?.description).toContain('Twilio takes up to 10 media, 5 MB in total per message.');
		expect(shownParameter(description, values, 'text')?.description).toContain('Twilio takes up to 1,600 characters, the opt-out footer included.');
	});

	it('Telnyx: a Subject; ClickSend: a Subject of 20 characters and exactly one file', () => {
		expect(shownParameter(description, { provider: 'telnyx' }, 'subject')?.description).toBe('Optional MMS subject line');
		expect(shownParameter(description, { provider: 'clicksend' }, 'subject')?.description).toBe('Optional MMS subject line (ClickSend: up to 20 characters)');
		expect(shownParameter(description, { provider: 'clicksend' }, 'mediaUrls')?.description).toContain('ClickSend takes exactly one media file (required), up to 250 KB per message.');
	});

	it.each(providerViews.map((view) => [view.name, view]))('%s: Subject exactly when it carries one; media limits from its capabilities', (_name, view) => {
		const values = valuesOf(view.show);
		const { maxSubjectLength, mediaPerMessage } = view.capabilities;
		expect(shownParameter(description, values, 'subject') !== undefined).toBe(maxSubjectLength !== null);
		const media = shownParameter(description, values, 'mediaUrls')!;
		expect(media.description).toContain(`${view.name} takes`);
		expect(media.description).toContain(mediaPerMessage === 1 ? 'one media file' : `up to ${mediaPerMessage} media`);
		expect(shownParameter(description, values, 'binaryPropertyName')?.displayName).toBe('Input Binary Field');
	});

	it.each(real.map((view) => [view.name, view]))('%s: Status Callback URL offered exactly when a send can carry it, Resolve Unknown exactly when it can be asked', (_name, view) => {
		const options = shownOptions(description, { provider: view.adapter.id }, 'options').map((option) => option.name);
		expect(options.includes('statusCallbackUrl')).toBe(view.capabilities.carriesCallbackUrl !== false);
		expect(options.includes('resolveUnknown')).toBe(view.adapter.lookup !== undefined);
	});

	it('the Sandbox follows its Sandbox Limits: a Subject like Telnyx, none like Twilio', () => {
		expect(shownParameter(description, { provider: 'sandbox', sandboxLimits: 'telnyx' }, 'subject')).toBeDefined();
		expect(shownParameter(description, { provider: 'sandbox', sandboxLimits: 'twilio' }, 'subject')).toBeUndefined();
		expect(shownParameter(description, { provider: 'sandbox', sandboxLimits: 'sinch' }, 'mediaUrls')?.description).toContain(
			"the Sandbox (Sinch's limits) takes exactly one media file (required), up to 1 MB per message.",
		);
	});
});

describe('point 6: the effective rate and how long a drop takes', () => {
	it('Twilio: 1 message/s, so 10,000 recipients take about 2 h 47 min (the issue\'s figures)', () => {
		const notice = shownParameter(description, { provider: 'twilio' }, 'rateNotice')!;
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toContain("Sends at 1 message/s, Twilio's documented safe default");
		expect(notice.displayName).toContain('10,000 recipients take about 2 h 47 min');
	});

	it.each(providerViews.map((view) => [view.name, view]))('%s: the notice names its own default rate', (_name, view) => {
		const rate = view.capabilities.defaultRatePerSecond.toLocaleString('en-US');
		expect(shownParameter(description, valuesOf(view.show), 'rateNotice')?.displayName).toMatch(new RegExp(`^Sends at ${rate} messages?/s`));
	});

	it('the notice gives way once Rate per Second is set; 0 (the default) keeps it', () => {
		expect(shownParameter(description, { provider: 'twilio', options: { ratePerSecond: 5 } }, 'rateNotice')).toBeUndefined();
		expect(shownParameter(description, { provider: 'twilio', options: { ratePerSecond: 0 } }, 'rateNotice')).toBeDefined();
	});

	it('Rate per Second says each provider\'s default in numbers, not just "the provider\'s default"', () => {
		const rate = shownOptions(description, { provider: 'twilio' }, 'options').find((option) => option.name === 'ratePerSecond')!;
		expect(rate.description).toContain('Twilio 1/s');
		expect(rate.description).toContain('Telnyx 15/s');
		expect(rate.description).toContain(`Sandbox Limits' rate`);
	});
});

describe('point 7: names', () => {
	it('"Request Timeout (ms)" and "Input Binary Field", as n8n writes them', () => {
		const options = shownOptions(description, { provider: 'twilio' }, 'options').map((option) => option.displayName);
		expect(options).toContain('Request Timeout (ms)');
		expect(shownParameter(description, { provider: 'twilio' }, 'binaryPropertyName')?.displayName).toBe('Input Binary Field');
	});
});

describe('point 10: as an agent\'s tool, one message', () => {
	it('the tool has recipient, text and media filled by the model, a cap, and none of the bulk fields', () => {
		const names = shown(toolDescription, { provider: 'twilio' }).map((parameter) => parameter.name);
		expect(names).toEqual(['provider', 'credentials', 'from', 'to', 'text', 'mediaUrls', 'maxRecipientsPerCall', 'options']);
		const defaults = Object.fromEntries(toolDescription.properties.filter((p) => p.displayOptions?.show?.['@tool']).map((p) => [p.name, p.default]));
		expect(defaults).toMatchObject({ to: expect.stringContaining("$fromAI('to'"), text: expect.stringContaining("$fromAI('text'"), mediaUrls: expect.stringContaining("$fromAI('mediaUrls'"), maxRecipientsPerCall: 1 });
	});

	it('the workflow node keeps its bulk fields and shows none of the tool\'s', () => {
		const names = shown(description, { provider: 'twilio' }).map((parameter) => parameter.name);
		expect(names).toEqual(['provider', 'credentials', 'rateNotice', 'from', 'to', 'text', 'mediaUrls', 'binaryPropertyName', 'options']);
		expect(shownParameter(description, { provider: 'twilio' }, 'to')?.description).toMatch(/^Recipient of this item/);
	});
});

it('every Sandbox Limits choice has a view, so no sandbox panel goes without text or media fields', () => {
	for (const id of Object.keys(LIMIT_PROFILES)) {
		const names = shown(description, { provider: 'sandbox', sandboxLimits: id }).map((parameter) => parameter.name);
		expect(names).toEqual(expect.arrayContaining(['text', 'mediaUrls', 'binaryPropertyName', 'rateNotice']));
	}
});

describe('point 8: From from a list, or typed', () => {
	const fromOf = (provider: string) => description.properties.find((p) => p.name === 'from' && p.displayOptions?.show?.provider?.includes(provider))!;

	it.each(['twilio', 'telnyx', 'plivo', 'clicksend'])('%s: From opens on the account\'s list, with typing as the other mode', (provider) => {
		const from = fromOf(provider);
		expect(from).toMatchObject({ type: 'resourceLocator', default: { mode: 'list', value: '' } });
		expect(from.modes!.map((mode) => [mode.name, mode.typeOptions?.searchListMethod ?? null])).toEqual([
			['list', 'searchSenders'],
			['id', null],
		]);
	});

	it.each(['bandwidth', 'sinch', 'vonage', 'mm7'])('%s: its API lists no senders to this credential, so From is typed and says why', (provider) => {
		const from = fromOf(provider);
		expect(from.modes!.map((mode) => mode.name)).toEqual(['id']);
		expect(from.description).toBe(`Sender: a number in E.164, a short code or a sender ID. ${adapters[provider as 'bandwidth'].sendersUnlisted}`);
		expect(adapters[provider as 'bandwidth'].sendersUnlisted).toMatch(/type the (number|sender)/);
	});

	it('sandbox: typed (n8n loads a list only for a node with a credential, and the Sandbox has none), any number will do', () => {
		const from = fromOf('sandbox');
		expect(from.modes!.map((mode) => mode.name)).toEqual(['id']);
		expect(from.description).toBe('Sender: a number in E.164, a short code or a sender ID. The Sandbox sends nothing: any number will do, e.g. +14155550100.');
	});
});
