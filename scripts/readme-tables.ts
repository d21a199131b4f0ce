/**
 * The README's provider tables are generated from the adapters, so they cannot drift from the
 * code: `npx tsx scripts/readme-tables.ts` rewrites them, and test/readme.test.ts fails when
 * the README differs from what this prints.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { DEFAULT_MEDIA_FETCH_WINDOW_MS } from '../nodes/drop/media';
import { adapters } from '../nodes/providers';
import { DEFAULT_LIMITS, LIMIT_PROFILES } from '../nodes/providers/sandbox/capabilities';
import { ANY_OTHER_NUMBER, MAGIC_NUMBERS, readable } from '../nodes/providers/sandbox/numbers';

const README = path.join(__dirname, '..', 'README.md');

const kb = (bytes: number) => (bytes >= 1_000_000 ? `${bytes / 1_000_000} MB` : `${bytes / 1000} KB`);

export function capabilityTable(): string {
	// The sandbox has no limits of its own: it applies a real provider's (see "Sandbox").
	const rows = Object.values(adapters).filter((adapter) => !adapter.simulated).map((adapter) => {
		const c = adapter.capabilities;
		return `| ${adapter.displayName} | \`${adapter.credentialType}\` | ${c.recipientsPerRequest === 1 ? '1' : `≤ ${c.recipientsPerRequest.toLocaleString('en-US')}`} | ${c.mediaPerMessage} / ${kb(c.maxMediaBytes)} | ${c.mediaStore ? 'yes' : c.inlineMedia ? 'inline' : 'no (public URLs)'} | ${c.defaultRatePerSecond.toLocaleString('en-US')} | ${c.carriesCallbackUrl === false ? 'no: set in the console' : c.perMessageCallbackUrl ? 'per message' : 'per request'} | ${c.correlationField ? `\`${c.correlationField}\`` : '—'} |`;
	});
	return [
		'| provider | credential | recipients per request | media per message / bytes | media store | default msg/s | status callback URL | correlation field |',
		'|---|---|---|---|---|---|---|---|',
		...rows,
	].join('\n');
}

export function setupTable(): string {
	const rows = Object.values(adapters).map(
		(adapter) =>
			`| ${adapter.displayName} | ${adapter.webhook ? adapter.webhook.setupSteps.map((step, index) => `${index + 1}. ${step}`).join('<br>') : '—'} | ${adapter.webhook?.registrar ? `yes: ${adapter.webhook.registrar.targetLabel}` : 'no'} |`,
	);
	return ['| provider | where the Production URL goes | `registerWebhook` |', '|---|---|---|', ...rows].join('\n');
}

const hours = (ms: number) => `${Math.round(ms / 3_600_000).toLocaleString('en-US')} h`;

/** Per provider: where a file from a binary property lives, for how long, and whether a message in doubt can be looked up. */
export function mediaTable(): string {
	const rows = Object.values(adapters).map((adapter) => {
		const c = adapter.capabilities;
		const [where, kept] = adapter.upload
			? [`${adapter.displayName}'s media store (uploaded once per drop)`, c.mediaStoreRetention ?? 'as the provider keeps uploads']
			: c.inlineMedia
				? ['inside each send request', 'nothing is stored']
				: ["n8n itself, at a signed URL under WEBHOOK_URL (`…/rest/binary-data/signed?token=…`)", `the URL: the drop's planned duration + ${hours(c.mediaFetchWindowMs ?? DEFAULT_MEDIA_FETCH_WINDOW_MS)}; the file: as long as n8n keeps the execution`];
		return `| ${adapter.displayName} | ${where} | ${kept} | ${adapter.lookup ? 'yes' : 'no'} |`;
	});
	return ['| provider | a file from a binary property is fetched from | kept for | Resolve Unknown can ask it |', '|---|---|---|---|', ...rows].join('\n');
}

/** Where From's list comes from per provider, or why it is typed. */
export function senderListsTable(): string {
	const rows = Object.values(adapters).map((adapter) => {
		const lists = adapter.senders ?? [];
		const registrar = adapter.webhook?.registrar;
		const from = lists.length > 0 ? `picked from the account: ${lists.map((list) => list.label).join(', then ')}` : `typed. ${adapter.sendersUnlisted ?? ''}`.trim();
		const target = registrar ? (registrar.targets ? `${registrar.targetLabel}: picked from the account (${registrar.targets.label})` : `${registrar.targetLabel}: typed`) : '—';
		return `| ${adapter.displayName} | ${from} | ${target} |`;
	});
	return ['| provider | From | Register Webhook target |', '|---|---|---|', ...rows].join('\n');
}

/** The sandbox's magic numbers, and whose limits it can apply. */
export function sandboxNumbersTable(): string {
	const rows = Object.entries(MAGIC_NUMBERS).map(([number, behaviour]) => `| \`${readable(number)}\` | ${behaviour.outcome} |`);
	return [
		'| recipient | what the sandbox does |',
		'|---|---|',
		`| any other valid number | ${ANY_OTHER_NUMBER.outcome} |`,
		...rows,
		'',
		`**Sandbox Limits** (whose limits and default rate it applies): ${Object.values(LIMIT_PROFILES).map((profile) => profile.displayName).join(', ')}; default ${LIMIT_PROFILES[DEFAULT_LIMITS].displayName}.`,
	].join('\n');
}

export const GENERATED: Record<string, () => string> = {
	capabilities: capabilityTable,
	'webhook-setup': setupTable,
	media: mediaTable,
	'sandbox-numbers': sandboxNumbersTable,
	'sender-lists': senderListsTable,
};

/** The README with every generated block replaced by its current rendering. */
export function renderReadme(readme: string): string {
	let result = readme;
	for (const [name, render] of Object.entries(GENERATED)) {
		const start = `<!-- generated:${name} -->`;
		const end = `<!-- /generated:${name} -->`;
		const from = result.indexOf(start);
		const to = result.indexOf(end);
		if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} block`);
		result = `${result.slice(0, from + start.length)}\n${render()}\n${result.slice(to)}`;
	}
	return result;
}

if (require.main === module) {
	writeFileSync(README, renderReadme(readFileSync(README, 'utf8')));
}
