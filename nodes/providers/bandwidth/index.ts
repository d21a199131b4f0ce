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
	sendersUnlisted:
		'Bandwidth lists its numbers only through its Dashboard API (dashboard.bandwidth.com, XML, an API user with the Numbers role), which this package does not call: type the number.',
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	upload: bandwidthUploader,
	webhook: bandwidthWebhook,
});
