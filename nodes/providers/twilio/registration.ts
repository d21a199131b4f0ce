/**
 * The trigger's `registerWebhook` for Twilio: a Messaging Service's Status Callback URL and
 * Incoming Message Request URL (Services resource, messaging.twilio.com/v1/Services/{Sid};
 * PascalCase form parameters on update, snake_case fields on read).
 *
 *   POST /v1/Services/MG…  StatusCallback=https://n8n…/mms&InboundRequestUrl=https://n8n…/mms&InboundMethod=POST
 */
import { settingsRegistrar } from '../registration';
import { twilioServices } from './lists';
import { originOf } from '../shared';
import type { ProviderCredentials } from '../types';
import { twilioAuthorization } from './auth';
import { TWILIO_ORIGIN, twilioCredential } from './credential';

/** The Services resource lives on its own host; a custom baseUrl (proxy, tests) serves both. */
function serviceUrl(credentials: ProviderCredentials, serviceSid: string): string {
	const origin = originOf(twilioCredential.read(credentials, []).baseUrl, TWILIO_ORIGIN);
	const messagingOrigin = origin === TWILIO_ORIGIN ? 'https://messaging.twilio.com' : origin;
	return `${messagingOrigin}/v1/Services/${encodeURIComponent(serviceSid)}`;
}

/** Read field ⇒ update parameter. */
const PARAMETERS: Record<string, string> = {
	status_callback: 'StatusCallback',
	inbound_request_url: 'InboundRequestUrl',
	inbound_method: 'InboundMethod',
};

export const twilioRegistrar = settingsRegistrar({
	targets: twilioServices,
	targetLabel: 'Messaging Service SID',
	targetPlaceholder: 'MG…',
	url: serviceUrl,
	authorization: twilioAuthorization,
	fields: Object.keys(PARAMETERS),
	settingsFor: (url) => ({ status_callback: url, inbound_request_url: url, inbound_method: 'POST' }),
	writeMethod: 'POST',
	writeBody: (settings) =>
		new URLSearchParams(
			Object.entries(settings)
				.filter(([field]) => Object.hasOwn(PARAMETERS, field))
				.map(([field, value]): [string, string] => [PARAMETERS[field], value]),
		),
});
