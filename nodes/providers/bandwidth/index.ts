import type { ProviderAdapter } from '../types';
import { bandwidthCapabilities } from './capabilities';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { bandwidthUploader } from './upload';
import { bandwidthWebhook } from './webhook';

export const bandwidthAdapter: ProviderAdapter = {
	id: 'bandwidth',
	displayName: 'Bandwidth',
	credentialType: 'dropMmsBandwidthApi',
	capabilities: bandwidthCapabilities,
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	upload: bandwidthUploader,
	webhook: bandwidthWebhook,
};
