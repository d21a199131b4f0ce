/**
 * Sandbox reports, as the simulator posts them to the status callback URL (the MMS Delivery
 * Trigger set to Sandbox): JSON, one event per request, signed (verify.ts).
 *
 *   POST /webhook/<id>/mms?dropId=d1&ref=k3j9x0a1b2
 *   x-sandbox-timestamp: 1767348000
 *   x-sandbox-signature: v1=<hex HMAC-SHA256 over "1767348000.{body}">
 *
 *   {"type":"message.status","eventId":"SBE…","messageId":"SBM…","status":"undelivered","to":"+14155550191",
 *    "from":"+14155550100","errorCode":"30003","errorMessage":"Unreachable destination handset",
 *    "dropId":"d1","ref":"k3j9x0a1b2","occurredAt":"2026-01-02T10:00:02.500Z","sandbox":true}
 *   {"type":"message.inbound","eventId":"SBE…","messageId":"SBM…","to":"+14155550100","from":"+14155550195",
 *    "text":"STOP","occurredAt":"2026-01-02T10:00:04.000Z","sandbox":true}
 *
 * The STOP reply goes to the same trigger, without `dropId` and `ref`: a real provider's inbound
 * message does not know which drop it answers either.
 */
import { z } from 'zod';

import { eventTime, normalizedEvent } from '../events';
import { correlationFromQuery, correlationOf, inboundKind, lookup, parseJsonBody } from '../shared';
import type { NormalizedEvent, WebhookHandler, WebhookRequest } from '../types';
import { WebhookPayloadError } from '../types';
import { ERROR_CODES, INBOUND_REPORT, OPTED_OUT_CODES, REPORT_STATUSES, STATUS_REPORT } from './codes';
import { verifySandboxReport } from './verify';

const common = {
	eventId: z.string().min(1),
	messageId: z.string().min(1),
	to: z.string(),
	from: z.string(),
	occurredAt: z.string().nullish(),
	dropId: z.string().nullish(),
	ref: z.string().nullish(),
};

export const reportSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal(STATUS_REPORT), status: z.string(), errorCode: z.string().nullish(), errorMessage: z.string().nullish(), ...common }).passthrough(),
	z.object({ type: z.literal(INBOUND_REPORT), text: z.string(), ...common }).passthrough(),
]);

export type SandboxReport = z.infer<typeof reportSchema>;

function parse(request: WebhookRequest, receivedAt: Date): NormalizedEvent[] {
	const result = reportSchema.safeParse(parseJsonBody(request));
	if (!result.success) {
		const issue = result.error.issues[0];
		throw new WebhookPayloadError(`Not a sandbox report: ${issue.path.join('.') || 'body'} ${issue.message}`);
	}
	const report = result.data;
	// The signed body is trusted over the query string, which no signature covers.
	const correlation = correlationOf({ dropId: report.dropId ?? null, ref: report.ref ?? null }, correlationFromQuery(request.query));
	const fields = { eventId: report.eventId, messageId: report.messageId, to: report.to, from: report.from, occurredAt: eventTime(report.occurredAt, receivedAt), ...correlation, raw: report };
	if (report.type === INBOUND_REPORT) {
		return [normalizedEvent('sandbox', { ...fields, kind: inboundKind(report.text), status: 'received', providerStatus: 'received', final: true, text: report.text })];
	}
	const known = lookup(REPORT_STATUSES, report.status);
	if (!known) throw new WebhookPayloadError(`Unknown sandbox status: ${report.status || '(none)'}`);
	const errorCode = report.errorCode ?? null;
	return [
		normalizedEvent('sandbox', {
			...fields,
			kind: 'status',
			status: known.status,
			providerStatus: report.status,
			final: known.final,
			errorCode,
			errorMessage: report.errorMessage ?? lookup(ERROR_CODES, errorCode)?.meaning ?? null,
			optedOut: errorCode !== null && OPTED_OUT_CODES.has(errorCode),
		}),
	];
}

export const sandboxWebhook: WebhookHandler = {
	verify: verifySandboxReport,
	parse,
	setupSteps: [
		"No provider console: paste the Production URL into Send MMS Drop → Options → Status Callback URL, with the provider Sandbox there too.",
		"The Sandbox posts its delivery reports and STOP replies there, signed with this n8n’s sandbox key.",
	],
};
