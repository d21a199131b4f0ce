/**
 * Normalized events and the times on them, built the same way for every provider: an adapter
 * says what its webhook carries, the rest is null.
 */
import type { NormalizedEvent, ProviderId } from './types';

type SaidByEveryWebhook = 'kind' | 'messageId' | 'status' | 'providerStatus' | 'final' | 'occurredAt' | 'raw';

export type EventFields = Pick<NormalizedEvent, SaidByEveryWebhook> &
	Partial<Omit<NormalizedEvent, SaidByEveryWebhook | 'provider'>>;

/** One event in the trigger's field order; unsaid fields are null, `media` empty and `optedOut` false. */
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
		optedOut: fields.optedOut ?? false,
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
