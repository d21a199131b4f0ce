import { defineAdapter } from '../adapter';
import { sinchCapabilities } from './capabilities';
import { sinchCredential } from './credential';
import { sinchLookup } from './lookup';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { verify } from './verify';
import { parse, setupHint } from './webhook';

/** Sinch SMS REST API ("XMS") batches with `mt_media` bodies; no media store, so no `upload`. */
export const sinchAdapter = defineAdapter({
	id: 'sinch',
	displayName: 'Sinch',
	credential: sinchCredential,
	capabilities: sinchCapabilities,
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	lookup: sinchLookup,
	webhook: { verify, parse, setupHint },
});
