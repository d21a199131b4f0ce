import { defineAdapter } from '../adapter';
import { ARRAY_BODY_BYTES } from '../shared';
import { sinchCapabilities } from './capabilities';
import { sinchCredential } from './credential';
import { sinchLookup } from './lookup';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { verify } from './verify';
import { parse, setupSteps } from './webhook';

/** Sinch SMS REST API ("XMS") batches with `mt_media` bodies; no media store, so no `upload`. */
export const sinchAdapter = defineAdapter({
	id: 'sinch',
	displayName: 'Sinch',
	credential: sinchCredential,
	capabilities: sinchCapabilities,
	sendersUnlisted:
		'Sinch lists numbers through its Numbers API, which needs a project ID and access key; the credential holds a service plan and API token: type the number.',
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	lookup: sinchLookup,
	// Sinch may post batch reports naming every recipient of a batch: as large as Bandwidth's arrays.
	webhook: { verify, parse, setupSteps, maxBodyBytes: ARRAY_BODY_BYTES },
});
