import type { ProviderAdapter } from '../types';
import { plivoCapabilities } from './capabilities';
import { buildPlivoSendRequest, parsePlivoSendResponse, validatePlivoMessage } from './send';
import { plivoUploader } from './upload';
import { plivoRegistrar } from './registration';
import { plivoWebhook } from './webhook';

export const plivoAdapter: ProviderAdapter = {
	id: 'plivo',
	displayName: 'Plivo',
	credentialType: 'dropMmsPlivoApi',
	capabilities: plivoCapabilities,
	validateMessage: validatePlivoMessage,
	buildSendRequest: (credentials, batch) => buildPlivoSendRequest(credentials, batch),
	parseSendResponse: parsePlivoSendResponse,
	upload: plivoUploader,
	webhook: { ...plivoWebhook, registrar: plivoRegistrar },
};
