import type { ProviderAdapter } from '../types';
import { telnyxCapabilities } from './capabilities';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { telnyxUploader } from './upload';
import { telnyxRegistrar } from './registration';
import { telnyxWebhook } from './webhook';

export const telnyxAdapter: ProviderAdapter = {
	id: 'telnyx',
	displayName: 'Telnyx',
	credentialType: 'dropMmsTelnyxApi',
	capabilities: telnyxCapabilities,
	validateMessage,
	// Telnyx requests carry no time-dependent field, so this one ignores `nowMs`.
	buildSendRequest,
	parseSendResponse,
	upload: telnyxUploader,
	webhook: { ...telnyxWebhook, registrar: telnyxRegistrar },
};
