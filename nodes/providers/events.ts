/**
 * Normalized events and the times on them, built the same way for every provider: an adapter
 * says what its webhook carries, the rest is null.
 */
import { createHash } from 'node:crypto';

import type { NormalizedEvent, ProviderId } from './types';

type SaidByEveryWebhook = 'kind' | 'messageId' | 'status' | 'providerStatus' | 'final' | 'occurredAt' | 'raw';

export type EventFields = Pick<NormalizedEvent, SaidByEveryWebhook> &
	Partial<Omit<NormalizedEvent, SaidByEveryWebhook | 'provider'>>;

/**
 * One event in the trigger's field order; unsaid fields are null, `media` empty. `optedOut` is true on
 * every `opt_out` event (a STOP reply included), so one filter on it catches every opt-out.
 */
export function normalizedEvent(provider: ProviderId, fields: EventFields): NormalizedEvent {
	return {
		provider,
		kind: fields.kind,
		eventId: fields.eventId ?? null,
		messageId: fields.messageId,
		status: fields.status,
		providerStatus: fields.providerStatus,
		final: fields.final,
		to: fields.to ?? null,
		from: fields.from ?? null,
		errorCode: fields.errorCode ?? null,
		errorMessage: fields.errorMessage ?? null,
		optedOut: fields.kind === 'opt_out' || (fields.optedOut ?? false),
		occurredAt: fields.occurredAt,
		dropId: fields.dropId ?? null,
		ref: fields.ref ?? null,
		text: fields.text ?? null,
		media: fields.media ?? [],
		raw: fields.raw,
	};
}

/** A provider's time as ISO-8601 UTC; null when it is missing or no time at all. */
export function isoTime(value: string | null | undefined): string | null {
	if (!value) return null;
	const time = Date.parse(value);
	return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** When the event happened: the provider's time where it gives a readable one, else when it reached us. */
export function eventTime(value: string | null | undefined, receivedAt: Date): string {
	return isoTime(value) ?? receivedAt.toISOString();
}

/**
 * An event's key for replay and duplicate detection, from what the provider's signature (or Basic
 * auth) covers: the message, its status and the whole signed body. Headers a signature does not
 * cover (Twilio's I-Twilio-Idempotency-Token) cannot be a key: a replay could vary them at will.
 */
export function contentEventId(messageId: string | null, status: string, signedBody: Buffer | string): string {
	const body = createHash('sha256').update(signedBody).digest('base64url').slice(0, 22);
	return `${messageId ?? '-'}:${status}:${body}`;
}
