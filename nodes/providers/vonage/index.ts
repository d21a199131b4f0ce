/** Vonage Messages API (MMS channel) adapter: send, status/inbound webhooks. No media store (providers.md §6). */
import type { ProviderAdapter } from '../types';
import { vonageCapabilities } from './capabilities';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { vonageWebhook } from './webhook';

export const vonageAdapter: ProviderAdapter = {
	id: 'vonage',
	displayName: 'Vonage',
	credentialType: 'dropMmsVonageApi',
	capabilities: vonageCapabilities,
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	webhook: vonageWebhook,
};
