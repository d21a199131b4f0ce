import { defineAdapter } from '../adapter';
import { plivoNumbers } from './lists';
import { plivoCapabilities } from './capabilities';
import { plivoCredential } from './credential';
import { plivoRegistrar } from './registration';
import { buildPlivoSendRequest, parsePlivoSendResponse, validatePlivoMessage } from './send';
import { plivoUploader } from './upload';
import { plivoWebhook } from './webhook';

export const plivoAdapter = defineAdapter({
	id: 'plivo',
	displayName: 'Plivo',
	credential: plivoCredential,
	capabilities: plivoCapabilities,
	validateMessage: validatePlivoMessage,
	buildSendRequest: (credentials, batch) => buildPlivoSendRequest(credentials, batch),
	parseSendResponse: parsePlivoSendResponse,
	upload: plivoUploader,
	senders: [plivoNumbers],
	webhook: { ...plivoWebhook, registrar: plivoRegistrar },
});
