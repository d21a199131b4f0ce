import { defineAdapter } from '../adapter';
import { telnyxNumberPools, telnyxNumbers } from './lists';
import { telnyxCapabilities } from './capabilities';
import { telnyxCredential } from './credential';
import { telnyxRegistrar } from './registration';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { telnyxWebhook } from './webhook';

/**
 * No `upload`: Telnyx messaging fetches `media_urls` itself, without credentials, so they must be
 * public (see capabilities.ts); binary media reaches it as n8n's own signed URL instead.
 */
export const telnyxAdapter = defineAdapter({
	id: 'telnyx',
	displayName: 'Telnyx',
	credential: telnyxCredential,
	capabilities: telnyxCapabilities,
	validateMessage,
	// Telnyx requests carry no time-dependent field, so this one ignores `nowMs`.
	buildSendRequest,
	parseSendResponse,
	senders: [telnyxNumbers, telnyxNumberPools],
	webhook: { ...telnyxWebhook, registrar: telnyxRegistrar },
});
