import { defineAdapter } from '../adapter';
import { capabilitiesFor, mm7Capabilities } from './capabilities';
import { mm7Credential } from './credential';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { mm7Webhook } from './webhook';

/**
 * Carrier-direct MM7: no media store (`upload`); media URLs are fetched once per drop and sent
 * inline (`inlineMedia`), which is how binary input works here too.
 */
export const mm7Adapter = defineAdapter({
	id: 'mm7',
	displayName: 'MM7 (Carrier Direct)',
	credential: mm7Credential,
	capabilities: mm7Capabilities,
	sendersUnlisted:
		'MM7 has no request that lists a VASP\'s short codes or numbers: type the sender the operator gave you.',
	capabilitiesFor,
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	webhook: mm7Webhook,
});
