import type { ProviderAdapter } from '../types';
import { clicksendCapabilities } from './capabilities';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { clicksendUploader } from './upload';
import { verifyWebhook } from './verify';
import { parseWebhook, setupHint } from './webhook';

export const clicksendAdapter: ProviderAdapter = {
	id: 'clicksend',
	displayName: 'ClickSend',
	credentialType: 'dropMmsClickSendApi',
	capabilities: clicksendCapabilities,
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	upload: clicksendUploader,
	webhook: { verify: verifyWebhook, parse: parseWebhook, setupHint },
};
