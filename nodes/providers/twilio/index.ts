import { defineAdapter } from '../adapter';
import { twilioCapabilities } from './capabilities';
import { twilioCredential } from './credential';
import { twilioLookup } from './lookup';
import { twilioRegistrar } from './registration';
import { buildSendRequest, parseSendResponse, validateMessage } from './send';
import { unverifiableReason, verify } from './verify';
import { ack, parse, setupHint } from './webhook';

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
	webhook: { verify, unverifiableReason, parse, ack, setupHint, registrar: twilioRegistrar },
});
