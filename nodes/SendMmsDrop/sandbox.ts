/**
 * Send MMS Drop with the provider Sandbox: its parameters (a notice that nothing is sent, and whose
 * limits it applies), and what the node wires in for it: the simulator as the drop's transport, the
 * chosen limits, and the notes a user needs because nothing real happened.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { type DropRules, DropInputError, isPrivateHost, textValue, type Transport } from '../drop/run';
import { DEFAULT_LIMITS, LIMIT_PROFILES } from '../providers/sandbox/capabilities';
import { MAGIC_NUMBERS, readable } from '../providers/sandbox/numbers';
import { sandboxSettings } from '../providers/sandbox/settings';
import { createSandboxSimulator } from '../providers/sandbox/simulator';
import { lookup } from '../providers/shared';
import type { ProviderCredentials } from '../providers/types';
import { shortBytes } from '../providers/views';

const onSandbox = { show: { provider: ['sandbox'] } };

const per = (count: number) => count.toLocaleString('en-US');

export const sandboxProperties: INodeProperties[] = [
	{
		displayName: `Sandbox: nothing is sent to anyone. Each message is accepted with a sandbox ID (SBM…) at the limits and rate chosen below; with a Status Callback URL (an MMS Delivery Trigger set to Sandbox) signed delivery reports and STOP replies follow within seconds. Magic numbers — ${Object.entries(
			MAGIC_NUMBERS,
		)
			.map(([number, behaviour]) => `${readable(number)}: ${behaviour.outcome.replace(/`/g, '')}`)
			.join(' · ')} · any other number: delivered.`,
		name: 'sandboxNotice',
		type: 'notice',
		default: '',
		displayOptions: onSandbox,
	},
	{
		displayName: 'Sandbox Limits',
		name: 'sandboxLimits',
		type: 'options',
		noDataExpression: true,
		options: Object.values(LIMIT_PROFILES).map(({ id, displayName, capabilities: c }) => ({
			name: `Like ${displayName}`,
			value: id,
			description: `${per(c.defaultRatePerSecond)} msg/s, ${per(c.recipientsPerRequest)} recipient(s) per request, ${c.mediaPerMessage} media / ${shortBytes(c.maxMediaBytes)} per message${c.maxSubjectLength === null ? ', no subject' : ''}`,
		})),
		default: DEFAULT_LIMITS,
		displayOptions: onSandbox,
		description: 'Whose limits and default rate the sandbox applies: pick the provider you will go live with, so what passes here passes there',
	},
];

/** Said on the output pane of every sandbox run. */
export const SANDBOX_HINT = 'Sandbox: no message left n8n. Pick a real provider and its credential to send for real.';

export interface SandboxDrop {
	/** The adapter's settings: the installation's key and the chosen limits. */
	credentials: ProviderCredentials;
	transport: Transport;
	/** The drop's rules: n8n-hosted media on a private address is fine, the sandbox fetches nothing. */
	rules: DropRules;
	/** Notes an n8n-hosted media URL a real provider could not reach (returns it unchanged). */
	hosted(url: string): string;
	/** What the Summary should say besides the drop's own warnings. */
	warnings: string[];
	/** Whose limits and default rate the sandbox applies (a provider's display name). */
	limitsOf: string;
}

/** Sandbox Limits, checked: an unknown one (an imported workflow) also hides the fields that follow it, so it is said first. */
export function sandboxLimitsOf(context: IExecuteFunctions): string {
	const limits = textValue('Sandbox Limits', context.getNodeParameter('sandboxLimits', 0, DEFAULT_LIMITS)).trim() || DEFAULT_LIMITS;
	if (!lookup(LIMIT_PROFILES, limits)) {
		throw new DropInputError(`"Sandbox Limits" must be one of ${Object.keys(LIMIT_PROFILES).join(', ')}; got ${JSON.stringify(limits.slice(0, 60))}`);
	}
	return limits;
}

export function sandboxDrop(context: IExecuteFunctions, credentials: ProviderCredentials, rules: DropRules): SandboxDrop {
	const limits = sandboxLimitsOf(context);
	const { signingKey } = sandboxSettings(credentials);
	const warnings: string[] = [];
	// Said once, and only where the user has not allowed a private host for real providers already.
	let warnOfPrivateHost = !rules.allowPrivateMediaHost;
	return {
		credentials: { ...credentials, limits },
		transport: createSandboxSimulator({
			signingKey: signingKey ?? '',
			// Logged, never raised: the drop has long ended when a report fails.
			onUndelivered: (problem) => context.logger.warn(`Send MMS Drop: ${problem}`),
		}),
		rules: { ...rules, allowPrivateMediaHost: true },
		hosted: (url) => {
			const { hostname, origin } = new URL(url);
			if (warnOfPrivateHost && isPrivateHost(hostname)) {
				warnOfPrivateHost = false;
				warnings.push(
					`Sandbox: n8n serves the picture at ${origin}, which a real provider could not reach. Before switching to one, set WEBHOOK_URL to n8n's public address (or put a public URL in "Media URLs").`,
				);
			}
			return url;
		},
		warnings,
		limitsOf: LIMIT_PROFILES[limits].displayName,
	};
}
