import { defineAdapter } from '../adapter';
import { telnyxCapabilities } from './capabilities';
import { telnyxCredential } from './credential';
import { telnyxRegistrar } from './registration';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { telnyxUploader } from './upload';
import { telnyxWebhook } from './webhook';

export const telnyxAdapter = defineAdapter({
	id: 'telnyx',
	displayName: 'Telnyx',
	credential: telnyxCredential,
	capabilities: telnyxCapabilities,
	validateMessage,
	// Telnyx requests carry no time-dependent field, so this one ignores `nowMs`.
	buildSendRequest,
	parseSendResponse,
	upload: telnyxUploader,
	webhook: { ...telnyxWebhook, registrar: telnyxRegistrar },
});
