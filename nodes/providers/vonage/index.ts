/** Vonage Messages API (MMS channel) adapter: send, status/inbound webhooks. No media store (providers.md §6). */
import { defineAdapter } from '../adapter';
import { vonageCapabilities } from './capabilities';
import { vonageCredential } from './credential';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { vonageWebhook } from './webhook';

export const vonageAdapter = defineAdapter({
	id: 'vonage',
	displayName: 'Vonage',
	credential: vonageCredential,
	capabilities: vonageCapabilities,
	sendersUnlisted:
		'Vonage lists numbers through its Numbers API, which needs an API key and secret; the credential holds an application and private key: type the number.',
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	webhook: vonageWebhook,
});
