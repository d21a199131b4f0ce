import type { ProviderAdapter } from '../types';
import { capabilitiesFor, mm7Capabilities } from './capabilities';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { mm7Webhook } from './webhook';

export const mm7Adapter: ProviderAdapter = {
	id: 'mm7',
	displayName: 'MM7 (Carrier Direct)',
	credentialType: 'dropMmsMm7Api',
	capabilities: mm7Capabilities,
	capabilitiesFor,
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	webhook: mm7Webhook,
};
