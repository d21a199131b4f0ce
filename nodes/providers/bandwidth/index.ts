import { defineAdapter } from '../adapter';
import { bandwidthCapabilities } from './capabilities';
import { bandwidthCredential } from './credential';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { bandwidthUploader } from './upload';
import { bandwidthWebhook } from './webhook';

export const bandwidthAdapter = defineAdapter({
	id: 'bandwidth',
	displayName: 'Bandwidth',
	credential: bandwidthCredential,
	capabilities: bandwidthCapabilities,
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	upload: bandwidthUploader,
	webhook: bandwidthWebhook,
});
