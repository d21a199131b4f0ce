/**
 * A message against what its provider can carry, decided once for every provider from the
 * adapter's declared capabilities; each adapter's `validateMessage` adds only what is its own.
 * Lengths are counted in Unicode code points (an emoji is one character), bytes in decimal.
 */
import type { Capabilities, OutboundMessage, ProviderAdapter, ProviderCredentials } from './types';

/** The capabilities that hold for this credential (an MMSC's own recipients per request). */
export function capabilitiesOf(adapter: Pick<ProviderAdapter<string>, 'capabilities' | 'capabilitiesFor'>, credentials: ProviderCredentials): Capabilities {
	return adapter.capabilitiesFor?.(credentials) ?? adapter.capabilities;
}

/** Known media bytes: the declared size, else the inline content's. */
export function mediaBytes(message: OutboundMessage): number {
	return message.media.reduce((sum, media) => sum + (media.bytes ?? media.data?.length ?? 0), 0);
}

const characters = (text: string) => [...text].length;

/** Media count, media bytes, text and subject against the capabilities; one sentence per problem. */
export function checkCapabilities(adapter: ProviderAdapter<string>, message: OutboundMessage, credentials: ProviderCredentials): string[] {
	const name = adapter.displayName;
	const { mediaPerMessage, maxMediaBytes, maxTextLength, maxSubjectLength, mediaRequired, textRequired } = capabilitiesOf(adapter, credentials);
	const problems: string[] = [];
	const count = message.media.length;
	const noText = message.text.trim() === '';
	if (count > mediaPerMessage) problems.push(`${name} takes at most ${mediaPerMessage} media per message; this one has ${count}`);
	if (mediaRequired && count === 0) problems.push(`${name} sends an MMS only with a media file; this message has none`);
	if (textRequired && noText) problems.push(`${name} requires a message text`);
	if (!mediaRequired && !textRequired && noText && count === 0) problems.push(`${name} needs text or media`);
	const bytes = mediaBytes(message);
	if (bytes > maxMediaBytes) problems.push(`${name} takes at most ${maxMediaBytes} bytes of media per message; this one has ${bytes}`);
	const textLength = characters(message.text);
	if (maxTextLength !== undefined && textLength > maxTextLength) {
		problems.push(`${name} takes at most ${maxTextLength} characters of text; this one has ${textLength}`);
	}
	const subject = message.subject ?? '';
	if (typeof maxSubjectLength === 'number' && characters(subject) > maxSubjectLength) {
		problems.push(`${name} takes a subject of at most ${maxSubjectLength} characters; this one has ${characters(subject)}`);
	}
	return problems;
}

/**
 * Optional fields the provider has no place for. They never block a drop: the engine leaves them
 * out of every message and says so once (a Summary warning and an execution hint).
 */
export function uncarriedFields(adapter: ProviderAdapter<string>, credentials: ProviderCredentials): Array<{ field: 'subject'; warning: string }> {
	const { maxSubjectLength } = capabilitiesOf(adapter, credentials);
	return maxSubjectLength === null ? [{ field: 'subject', warning: `${adapter.displayName} has no MMS subject field: the subject was left out of the messages` }] : [];
}

/** What to say when the drop has a status callback URL its provider has no place for (null: it has one). */
export function uncarriedCallbackUrl(adapter: ProviderAdapter<string>, credentials: ProviderCredentials): string | null {
	if (capabilitiesOf(adapter, credentials).carriesCallbackUrl !== false) return null;
	const setup = adapter.webhook?.setupSteps ? ` Delivery reports go where ${adapter.displayName} is set to send them: see MMS Delivery Trigger's setup steps.` : '';
	return `${adapter.displayName} takes no status callback URL with a send request: Status Callback URL was not used.${setup}`;
}

/**
 * Everything that would make the provider refuse the message, found before anything is sent:
 * an unusable credential, the shared limits, then the adapter's own rules.
 */
export function messageProblems(adapter: ProviderAdapter<string>, message: OutboundMessage, credentials: ProviderCredentials): string[] {
	return [
		...(adapter.credential?.problems(credentials) ?? []),
		...checkCapabilities(adapter, message, credentials),
		...(adapter.validateMessage?.(message, credentials) ?? []),
	];
}
