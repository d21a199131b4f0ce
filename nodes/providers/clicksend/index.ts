import { defineAdapter } from '../adapter';
import { clicksendNumbers } from './lists';
import { clicksendCapabilities } from './capabilities';
import { clicksendCredential } from './credential';
import { clicksendLookup } from './lookup';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { clicksendUploader } from './upload';
import { verifyWebhook } from './verify';
import { parseWebhook, setupSteps } from './webhook';

export const clicksendAdapter = defineAdapter({
	id: 'clicksend',
	displayName: 'ClickSend',
	credential: clicksendCredential,
	capabilities: clicksendCapabilities,
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	upload: clicksendUploader,
	lookup: clicksendLookup,
	senders: [clicksendNumbers],
	webhook: { verify: verifyWebhook, parse: parseWebhook, setupSteps },
});
