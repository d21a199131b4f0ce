/**
 * Sinch XMS batch send (providers.md §5). The documented MMS batch request and its replies:
 *
 *   POST https://us.sms.api.sinch.com/xms/v1/{service_plan_id}/batches
 *   Authorization: Bearer {api_token}
 *   Content-Type: application/json
 *
 *   { "to": ["+15551230001", "+15551230002"], "from": "+15559870000", "type": "mt_media",
 *     "body": { "url": "https://cdn.example.com/spring.jpg", "message": "Spring sale!", "subject": "Sale" },
 *     "delivery_report": "per_recipient",
 *     "callback_url": "https://n8n.example.com/webhook/mms?dropId=d1", "client_reference": "d1" }
 *
 *   201 { "id": "01FC66621XXXXX119Z8PMV1QPQ", "to": [...], "from": "+15559870000", "canceled": false,
 *         "type": "mt_media", "body": {...}, "created_at": "...", "modified_at": "...", ... }
 *   400 { "code": "syntax_constraint_violation", "text": "..." }     403 { "code": "blocked_account", "text": "..." }
 *
 * The batch has one id and no per-recipient ids: every recipient gets messageId = batchId = `id`.
 */
import { acceptedUnder, classifyStatus, isSuccess, lookup, originOf, parseJson, recordOf, unreadableResponse } from '../shared';
import type {
	BatchRecipient, HttpRequestSpec, HttpResponse, OutboundMessage, ProviderCredentials, SendBatch, SendOutcome,
} from '../types';
import { SEND_ERROR_CODES, type SendErrorRule, UNLISTED_403 } from './codes';
import { DEFAULT_SINCH_REGION, SINCH_REGIONS, sinchCredential } from './credential';

/**
 * The credential's `baseUrl` replaces the regional host when set (DESIGN.md, credentials). The
 * credential's test request derives its origin the same way (credentials/DropMmsSinchApi).
 */
export function sinchOrigin(credentials: ProviderCredentials): string {
	const { region, baseUrl } = sinchCredential.read(credentials);
	return originOf(baseUrl, `https://${region || DEFAULT_SINCH_REGION}.sms.api.sinch.com`);
}

export function validateMessage(message: OutboundMessage, credentials: ProviderCredentials): string[] {
	const problems: string[] = [];
	if (message.media.some((media) => !media.url)) problems.push('Sinch has no media store: the media must be a public URL');
	const { region, baseUrl } = sinchCredential.read(credentials, []);
	// An empty region is the default one, as in `sinchOrigin`.
	if (baseUrl.trim() === '' && region !== '' && !SINCH_REGIONS.includes(region as (typeof SINCH_REGIONS)[number])) {
		problems.push(`Unknown Sinch region "${region}"; use one of ${SINCH_REGIONS.join(', ')} or set a Base URL`);
	}
	return problems;
}

export function buildSendRequest(credentials: ProviderCredentials, batch: SendBatch): HttpRequestSpec {
	const { message } = batch;
	const { servicePlanId, apiToken } = sinchCredential.read(credentials);
	// MediaBody: `url` required, `message` and `subject` optional (sinch-sdk-node MediaBody); `from` may
	// be left to the plan's Automatic Default Originator (MediaRequest).
	const body = {
		to: batch.recipients.map((recipient) => recipient.to),
		...(message.from ? { from: message.from } : {}),
		type: 'mt_media',
		body: {
			url: message.media[0]?.url,
			...(message.text ? { message: message.text } : {}),
			...(message.subject ? { subject: message.subject } : {}),
		},
		// Reports only with a callback URL: requesting them without one is refused with 403
		// `missing_callback_url` on plans that have no default URL (providers.md §5). With one, a report
		// per recipient, intermediate states included (final-only would hide `Dispatched`).
		...(batch.statusCallbackUrl ? { delivery_report: 'per_recipient', callback_url: batch.statusCallbackUrl } : {}),
		client_reference: batch.dropId,
	};
	return {
		method: 'POST',
		url: `${sinchOrigin(credentials)}/xms/v1/${encodeURIComponent(servicePlanId)}/batches`,
		headers: {
			authorization: `Bearer ${apiToken}`,
			'content-type': 'application/json',
			accept: 'application/json',
		},
		body: JSON.stringify(body),
	};
}

interface SinchError {
	code: string;
	text: string;
}

function sinchError(json: unknown): SinchError | undefined {
	const record = recordOf(json);
	if (!record || typeof record.code !== 'string') return undefined;
	return { code: record.code, text: typeof record.text === 'string' ? record.text : '' };
}

/** Whether an error text names this recipient, with or without the leading '+'. */
function names(text: string, recipient: BatchRecipient): boolean {
	const digits = recipient.to.replace(/\D/g, '');
	return digits.length > 0 && new RegExp(`(?<!\\d)${digits}(?!\\d)`).test(text);
}

function ruleFor(status: number, error: SinchError): SendErrorRule {
	// The XMS codes belong to 400 and 403 (status-codes page); other statuses are read by HTTP status.
	if (status === 400 || status === 403) {
		const listed = lookup(SEND_ERROR_CODES, error.code);
		if (listed) return listed;
		if (status === 403) return UNLISTED_403;
	}
	const { kind, reason } = classifyStatus(status);
	return { kind, reason: reason ?? 'provider_rejected' };
}

export function parseSendResponse(batch: SendBatch, response: HttpResponse): SendOutcome[] {
	const json = parseJson(response.body);
	if (isSuccess(response)) return acceptedUnder(batch, response, recordOf(json)?.id, 'Sinch batch', true);

	const error = sinchError(json);
	if (!error) return unreadableResponse(batch, response, 'Sinch error');
	const rule = ruleFor(response.status, error);
	const outcomeError = { code: error.code, message: error.text, httpStatus: response.status };
	const named = rule.namedRecipientReason ? batch.recipients.filter((recipient) => names(error.text, recipient)) : [];
	if (named.length === 0) {
		return batch.recipients.map((recipient) => ({ ref: recipient.ref, kind: rule.kind, reason: rule.reason, error: outcomeError }));
	}
	return batch.recipients.map((recipient) =>
		named.includes(recipient)
			? { ref: recipient.ref, kind: 'permanent', reason: rule.namedRecipientReason, error: outcomeError }
			: {
					// The batch was refused as a whole, so this recipient was surely not sent: it may go again
					// in a batch without the named recipients.
					ref: recipient.ref,
					kind: 'retryable',
					reason: 'provider_rejected',
					error: { ...outcomeError, message: `Not sent: Sinch refused the batch because of another recipient (${error.text})` },
				},
	);
}
