/**
 * The sandbox (provider `sandbox`): the whole loop without an account. Send MMS Drop runs the real
 * engine and hands the requests to an in-process simulator instead of a provider (simulator.ts), which
 * accepts them with sandbox ids (`SBM…`) and posts signed reports to the status callback URL; the
 * MMS Delivery Trigger checks them with this installation's key. The adapter itself is as pure as
 * every other: it builds and parses.
 */
import { defineAdapter } from '../adapter';
import { capabilitiesFor, sandboxCapabilities } from './capabilities';
import { buildSendRequest, parseSendResponse } from './send';
import { sandboxWebhook } from './webhook';

export const sandboxAdapter = defineAdapter({
	id: 'sandbox',
	displayName: 'Sandbox',
	credential: null,
	simulated: true,
	capabilities: sandboxCapabilities,
	sendersUnlisted:
		'The Sandbox sends nothing: any number will do, e.g. +14155550100.',
	capabilitiesFor,
	buildSendRequest,
	parseSendResponse,
	webhook: sandboxWebhook,
});
