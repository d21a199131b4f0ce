/**
 * `registerWebhook`: on activation point the provider's callback setting at this trigger's
 * production URL, remembering what was there; on deactivation put that back. The remembered
 * settings live in the node's static data, so a restart of n8n still restores them.
 */
import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { Pacer, systemClock } from '../drop/pacer';
import { RETRY_DEFAULTS, requestWithRetry } from '../drop/retry';
import { createTransport } from '../drop/transport';
import { adapterFor } from '../providers';
import { credentialsFor } from '../providers/node-credentials';
import type { HttpRequestSpec, HttpResponse, WebhookRegistrar } from '../providers/types';
import { refuseUnverifiableCredential } from './verification';

const TIMEOUT_MS = 30_000;

interface Registration extends IDataObject {
	target: string;
	previous: Record<string, string>;
}

function registrarOf(context: IHookFunctions): WebhookRegistrar | undefined {
	if (!(context.getNodeParameter('registerWebhook', false) as boolean)) return undefined;
	return adapterFor(context.getNodeParameter('provider') as string).webhook?.registrar;
}

/** A registration call, under the drop engine's retry policy: a 429 or 503 from the provider is waited out. */
async function call(context: IHookFunctions, spec: HttpRequestSpec, what: string): Promise<HttpResponse> {
	const transport = createTransport({ connections: 1 });
	try {
		const { reply } = await requestWithRetry(spec, {
			transport,
			pacer: new Pacer(Infinity, 1),
			policy: RETRY_DEFAULTS,
			clock: systemClock,
			timeoutMs: TIMEOUT_MS,
		});
		if (reply?.kind !== 'response') {
			throw new NodeOperationError(context.getNode(), `Could not ${what}: ${reply ? `${reply.code} ${reply.message}` : 'cancelled'}`);
		}
		if (reply.response.status < 200 || reply.response.status >= 300) {
			throw new NodeApiError(context.getNode(), { message: reply.response.body.slice(0, 500) } as JsonObject, {
				message: `Could not ${what} (HTTP ${reply.response.status})`,
				httpCode: String(reply.response.status),
			});
		}
		return reply.response;
	} finally {
		await transport.close();
	}
}

async function currentSettings(context: IHookFunctions, registrar: WebhookRegistrar, target: string) {
	const credentials = await credentialsFor(context, adapterFor(context.getNodeParameter('provider') as string));
	const response = await call(context, registrar.read(credentials, target), `read the ${registrar.targetLabel} ${target}`);
	return { credentials, settings: registrar.parseSettings(response) };
}

/**
 * True when nothing is to be registered, or the target already points here. First, as this is
 * where n8n starts a trigger's webhook, a credential that could verify no request is refused.
 */
export async function registrationExists(this: IHookFunctions): Promise<boolean> {
	await refuseUnverifiableCredential(this);
	const registrar = registrarOf(this);
	if (!registrar) return true;
	const target = this.getNodeParameter('registrationTarget', '', { extractValue: true }) as string;
	const url = this.getNodeWebhookUrl('default') ?? '';
	const { settings } = await currentSettings(this, registrar, target);
	return Object.entries(registrar.settingsFor(url)).every(([field, value]) => settings[field] === value);
}

export async function createRegistration(this: IHookFunctions): Promise<boolean> {
	const registrar = registrarOf(this);
	if (!registrar) return true;
	const target = this.getNodeParameter('registrationTarget', '', { extractValue: true }) as string;
	const url = this.getNodeWebhookUrl('default') ?? '';
	const { credentials, settings } = await currentSettings(this, registrar, target);
	const staticData = this.getWorkflowStaticData('node');
	// Keep the first value we found: a re-activation must not remember our own URL as "previous".
	const saved = staticData.registration as Registration | undefined;
	staticData.registration = { target, previous: saved?.target === target ? saved.previous : settings } satisfies Registration;
	await call(this, registrar.write(credentials, target, registrar.settingsFor(url)), `point the ${registrar.targetLabel} ${target} at ${url}`);
	return true;
}

export async function deleteRegistration(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const saved = staticData.registration as Registration | undefined;
	if (!saved) return true;
	const adapter = adapterFor(this.getNodeParameter('provider') as string);
	const registrar = adapter.webhook?.registrar;
	if (!registrar) return true;
	try {
		const credentials = await credentialsFor(this, adapter);
		await call(this, registrar.write(credentials, saved.target, saved.previous), `restore the ${registrar.targetLabel} ${saved.target}`);
	} catch (error) {
		const failure =
			error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error);
		// Logged as well as raised: deactivation errors are easy to miss, and the setting stays pointed here.
		this.logger.error(`MMS Delivery Trigger: restoring ${adapter.displayName} ${registrar.targetLabel} ${saved.target} failed`, {
			error: failure.message,
		});
		throw failure;
	}
	delete staticData.registration;
	return true;
}
