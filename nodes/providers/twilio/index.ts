import { defineAdapter } from '../adapter';
import { twilioNumbers, twilioServices } from './lists';
import { twilioCapabilities } from './capabilities';
import { twilioCredential } from './credential';
import { twilioLookup } from './lookup';
import { twilioRegistrar } from './registration';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { unverifiableReason, verify } from './verify';
import { ack, parse, setupSteps } from './webhook';

/** No `upload`: Twilio's Messages API only fetches public media URLs (providers.md §1). */
export const twilioAdapter = defineAdapter({
	id: 'twilio',
	displayName: 'Twilio',
	credential: twilioCredential,
	capabilities: twilioCapabilities,
	validateMessage,
	buildSendRequest,
	parseSendResponse,
	lookup: twilioLookup,
	senders: [twilioNumbers, twilioServices],
	webhook: { verify, unverifiableReason, parse, ack, setupSteps, registrar: twilioRegistrar },
});
