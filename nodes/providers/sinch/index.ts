import type { ProviderAdapter } from '../types';
import { sinchCapabilities } from './capabilities';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { verify } from './verify';
import { parse, setupHint } from './webhook';

/** Sinch SMS REST API ("XMS") batches with `mt_media` bodies; no media store, so no `upload`. */
export const sinchAdapter: ProviderAdapter = {
	id: 'sinch',
	displayName: 'Sinch',
	credentialType: 'dropMmsSinchApi',
	capabilities: sinchCapabilities,
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	webhook: { verify, parse, setupHint },
};
