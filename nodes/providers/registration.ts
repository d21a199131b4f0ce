/**
 * What every `registerWebhook` target has in common: one resource URL, read with a GET whose JSON
 * holds the callback settings, written back with the provider's method and body. An adapter
 * describes its target; this builds the registrar.
 */
import { parseJson } from './shared';
import type { AccountList, HttpResponse, ProviderCredentials, WebhookRegistrar } from './types';

type Settings = Record<string, string>;

export interface SettingsTarget {
	targetLabel: string;
	targetPlaceholder: string;
	/** The account's targets, for the trigger's picker. */
	targets?: AccountList;
	/** The target's resource (a messaging profile, a Messaging Service, an application). */
	url(credentials: ProviderCredentials, targetId: string): string;
	authorization(credentials: ProviderCredentials): string;
	/** The settings this trigger manages, named as the read reply names them. */
	fields: readonly string[];
	/** Where the fields sit in the read reply; default its top level. */
	settingsIn?(reply: Record<string, unknown>): unknown;
	settingsFor(url: string): Settings;
	writeMethod: 'POST' | 'PATCH';
	/** The write's body: a form, or else JSON. */
	writeBody(settings: Settings): URLSearchParams | Record<string, unknown>;
}

function record(value: unknown): Record<string, unknown> {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function settingsRegistrar(target: SettingsTarget): WebhookRegistrar {
	const { targetLabel, targetPlaceholder, targets, settingsFor, writeMethod } = target;
	return {
		targetLabel,
		targetPlaceholder,
		targets,
		settingsFor,
		read: (credentials, targetId) => ({
			method: 'GET',
			url: target.url(credentials, targetId),
			headers: { authorization: target.authorization(credentials), accept: 'application/json' },
		}),
		parseSettings(response: HttpResponse) {
			const reply = record(parseJson(response.body));
			const settings = record(target.settingsIn ? target.settingsIn(reply) : reply);
			return Object.fromEntries(target.fields.map((field) => [field, typeof settings[field] === 'string' ? (settings[field] as string) : '']));
		},
		write(credentials, targetId, settings) {
			const body = target.writeBody(settings);
			const form = body instanceof URLSearchParams;
			return {
				method: writeMethod,
				url: target.url(credentials, targetId),
				headers: {
					authorization: target.authorization(credentials),
					'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
					accept: 'application/json',
				},
				body: form ? body.toString() : JSON.stringify(body),
			};
		},
	};
}
