/**
 * A parameter shown per provider: built once per provider view (nodes/providers/views.ts), then
 * folded so views with the same wording share one property. A view the builder returns null for
 * does not show the parameter at all: a field the provider cannot carry is not offered.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { type ProviderView, providerViews } from '../providers/views';

type Built = Omit<INodeProperties, 'displayOptions'>;

export function perProvider(build: (view: ProviderView) => Built | null, extra: IDisplayOptions = {}, options: { perAdapter?: boolean } = {}): INodeProperties[] {
	const groups = new Map<string, { property: Built; views: ProviderView[] }>();
	// perAdapter: the wording depends on the provider alone, so Sandbox Limits does not select it.
	const views: ProviderView[] = options.perAdapter ? providerViews.map((view) => ({ ...view, show: { provider: view.show.provider } })) : [...providerViews];
	for (const view of views) {
		const property = build(view);
		if (!property) continue;
		// Sandbox views are selected by two parameters, real ones by one: they never share a property.
		const key = `${view.show.sandboxLimits ? 'sandbox' : 'real'} ${JSON.stringify(property)}`;
		const group = groups.get(key) ?? { property, views: [] };
		group.views.push(view);
		groups.set(key, group);
	}
	return [...groups.values()].map(({ property, views }) => {
		const show: Record<string, string[]> = {};
		for (const view of views) for (const [name, values] of Object.entries(view.show)) show[name] = [...new Set([...(show[name] ?? []), ...values])];
		return { ...property, displayOptions: { ...extra, show: { ...extra.show, ...show } } };
	});
}
