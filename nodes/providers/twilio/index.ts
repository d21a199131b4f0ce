import type { ProviderAdapter } from '../types';
import { twilioCapabilities } from './capabilities';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { verify } from './verify';
import { twilioRegistrar } from './registration';
import { ack, parse, setupHint } from './webhook';

/** No `upload`: Twilio's Messages API only fetches public media URLs (providers.md §1). */
export const twilioAdapter: ProviderAdapter = {
	id: 'twilio',
	displayName: 'Twilio',
	credentialType: 'dropMmsTwilioApi',
	capabilities: twilioCapabilities,
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	webhook: { verify, parse, ack, setupHint, registrar: twilioRegistrar },
};
