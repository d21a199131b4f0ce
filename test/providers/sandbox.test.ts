/**
 * Sandbox adapter: its request and the replies the simulator gives, report signatures and parsing,
 * with the shared runner. Every value is made here: the sandbox's own shapes are the documentation
 * (nodes/providers/sandbox/send.ts, webhook.ts). The simulator and the key file have their own tests.
 */
import { randomBytes } from 'node:crypto';

import { capabilitiesOf } from '../../nodes/providers/capabilities';
import { sandboxAdapter } from '../../nodes/providers/sandbox';
import { LIMIT_PROFILES } from '../../nodes/providers/sandbox/capabilities';
import { SEND_URL } from '../../nodes/providers/sandbox/send';
import { signedHeaders } from '../../nodes/providers/sandbox/verify';
import type { OutboundMessage, SendBatch } from '../../nodes/providers/types';
import {
	providerSuite, runAnswerCases, runParseCases, runResponseCases, runSendCases, runVerifyCases, webhookRequest,
} from './cases';
import { runCapabilityInvariants } from './invariants';

const signingKey = randomBytes(32).toString('hex');
const otherKey = randomBytes(32).toString('hex');
const nowMs = Date.parse('2026-03-02T10:00:00Z');
const TRIGGER = 'https://n8n.example.com/webhook/3d1f7b2a/mms';

function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
	return { from: '+14155550100', text: 'Hi Ana!\nReply STOP to opt out', media: [{ url: 'https://cdn.example.com/sale.jpg', contentType: 'image/jpeg', bytes: 48_213 }], ...overrides };
}

function batch(overrides: Partial<SendBatch> = {}): SendBatch {
	return {
		dropId: 'd1',
		message: message({ subject: 'Spring sale' }),
		recipients: [{ ref: 'k3j9x0a1b2', to: '+14155550101' }],
		statusCallbackUrl: `${TRIGGER}?dropId=d1`,
		...overrides,
	};
}

const suite = providerSuite(sandboxAdapter, { credentials: { signingKey }, message: message(), nowMs });
/** With a batch provider's limits: several recipients per request, each answered on its own. */
const batchSuite = providerSuite(sandboxAdapter, { credentials: { signingKey, limits: 'plivo' }, message: message(), nowMs });

describe('limits', () => {
	runCapabilityInvariants(suite);
	runCapabilityInvariants(batchSuite);

	it('applies the chosen provider’s limits and rate, keeping its own media and callback handling', () => {
		const own = { mediaStore: false, inlineMedia: undefined, perMessageCallbackUrl: true, carriesCallbackUrl: true, correlationField: null };
		for (const [id, profile] of Object.entries(LIMIT_PROFILES)) {
			expect(capabilitiesOf(sandboxAdapter, { limits: id })).toEqual({ ...profile.capabilities, ...own });
		}
	});

	it('takes Twilio’s by default, and for a choice it does not know', () => {
		expect(sandboxAdapter.capabilities.defaultRatePerSecond).toBe(LIMIT_PROFILES.twilio.capabilities.defaultRatePerSecond);
		for (const limits of [undefined, '', 'sandbox', 'toString', 42]) expect(capabilitiesOf(sandboxAdapter, { limits })).toEqual(sandboxAdapter.capabilities);
	});
});

runSendCases(suite, [
	{
		label: 'one JSON request carrying the message, the drop and each recipient’s callback URL',
		batch: batch(),
		request: {
			url: SEND_URL,
			headers: { 'content-type': 'application/json', accept: 'application/json', authorization: null },
			body: {
				dropId: 'd1',
				from: '+14155550100',
				text: 'Hi Ana!\nReply STOP to opt out',
				subject: 'Spring sale',
				media: [{ url: 'https://cdn.example.com/sale.jpg', contentType: 'image/jpeg', bytes: 48_213 }],
				recipients: [{ to: '+14155550101', ref: 'k3j9x0a1b2', statusCallback: `${TRIGGER}?dropId=d1&ref=k3j9x0a1b2` }],
			},
		},
		reply: { status: 200, body: JSON.stringify({ batchId: null, messages: [{ ref: 'k3j9x0a1b2', to: '+14155550101', status: 'accepted', id: 'SBM01' }] }) },
		outcomes: [{ ref: 'k3j9x0a1b2', kind: 'accepted', messageId: 'SBM01' }],
	},
	{
		label: 'no status callback URL: no statusCallback, no subject when there is none',
		batch: batch({ statusCallbackUrl: undefined, message: message() }),
		request: {
			url: SEND_URL,
			body: (body) => {
				const sent = JSON.parse(body.toString()) as Record<string, unknown>;
				expect(sent.subject).toBeUndefined();
				expect(sent.recipients).toEqual([{ to: '+14155550101', ref: 'k3j9x0a1b2' }]);
			},
		},
		reply: { status: 200, body: JSON.stringify({ batchId: null, messages: [{ ref: 'k3j9x0a1b2', status: 'accepted', id: 'SBM02' }] }) },
		outcomes: [{ ref: 'k3j9x0a1b2', kind: 'accepted', messageId: 'SBM02' }],
	},
]);

const pair = batch({ recipients: [{ ref: 'r1', to: '+14155550101' }, { ref: 'r2', to: '+14155550192' }] });
const single = batch({ recipients: [{ ref: 'r1', to: '+14155550193' }] });
const json = (value: unknown) => JSON.stringify(value);

runResponseCases(batchSuite, pair, [
	{
		label: 'a batch answered per recipient, under one batch id; an invalid number is refused alone',
		reply: { status: 200, body: json({ batchId: 'SBB1', messages: [{ ref: 'r2', status: 'rejected', code: '21211', message: "Invalid 'To' phone number" }, { ref: 'r1', status: 'accepted', id: 'SBM1' }] }) },
		outcomes: [
			{ ref: 'r1', kind: 'accepted', messageId: 'SBM1', batchId: 'SBB1' },
			{ ref: 'r2', kind: 'permanent', reason: 'invalid_number', error: { code: '21211', message: "Invalid 'To' phone number", httpStatus: 200 } },
		],
	},
	{
		label: 'opted out at send (21610), alone in its request (HTTP 400)',
		batch: single,
		reply: { status: 400, body: json({ batchId: null, messages: [{ ref: 'r1', status: 'rejected', code: '21610', message: 'Recipient unsubscribed (replied STOP)' }] }) },
		outcomes: [{ ref: 'r1', kind: 'permanent', reason: 'opted_out', error: { code: '21610', message: 'Recipient unsubscribed (replied STOP)', httpStatus: 400 } }],
	},
	{
		label: 'HTTP 429 (20429) for the whole request: retryable',
		reply: { status: 429, headers: { 'retry-after': '1' }, body: json({ code: '20429', message: 'Too many requests' }) },
		outcomes: ['r1', 'r2'].map((ref) => ({ ref, kind: 'retryable', reason: 'rate_limited', error: { code: '20429', message: 'Too many requests', httpStatus: 429 } })),
	},
	{
		label: 'a code it does not know is a refusal by the provider',
		batch: single,
		reply: { status: 400, body: json({ batchId: null, messages: [{ ref: 'r1', status: 'rejected', code: '99999', message: 'New' }] }) },
		outcomes: [{ ref: 'r1', kind: 'permanent', reason: 'provider_rejected', error: { code: '99999', message: 'New', httpStatus: 400 } }],
	},
	{
		label: 'a 2xx naming no outcome (or no id) for a recipient: it may exist, so ambiguous',
		reply: { status: 200, body: json({ batchId: null, messages: [{ ref: 'r1', status: 'accepted' }] }) },
		outcomes: ['r1', 'r2'].map((ref) => ({ ref, kind: 'ambiguous', reason: 'invalid_response', error: { code: 'invalid_response', message: expect.stringContaining('no usable outcome'), httpStatus: 200 } })),
	},
	{
		label: 'an error body it cannot read: by HTTP status (a 5xx may have been accepted)',
		reply: { status: 500, body: '<html>oops</html>' },
		outcomes: ['r1', 'r2'].map((ref) => ({ ref, kind: 'ambiguous', reason: 'server_error', error: { code: 'invalid_response', message: expect.stringContaining('HTTP 500'), httpStatus: 500 } })),
	},
]);

const status = (fields: Record<string, unknown> = {}) =>
	json({ type: 'message.status', eventId: 'SBE1', messageId: 'SBM1', status: 'delivered', to: '+14155550101', from: '+14155550100', errorCode: null, errorMessage: null, dropId: 'd1', ref: 'k3j9x0a1b2', occurredAt: '2026-03-02T09:59:58.000Z', sandbox: true, ...fields });
const stop = (text = 'STOP') => json({ type: 'message.inbound', eventId: 'SBE2', messageId: 'SBM9', to: '+14155550100', from: '+14155550195', text, occurredAt: '2026-03-02T09:59:59.000Z', sandbox: true });
const signed = (body: string, options: { key?: string; at?: number; url?: string; headers?: Record<string, string> } = {}) =>
	webhookRequest({ url: options.url ?? TRIGGER, body, headers: { ...signedHeaders(options.key ?? signingKey, options.at ?? nowMs, body), ...options.headers } });

runVerifyCases(suite, {
	valid: [
		{ label: 'a report signed with this installation’s key', request: signed(status()) },
		{ label: 'signed 299 s ago (clocks drift)', request: signed(status(), { at: nowMs - 299_000 }) },
	],
	forged: [
		{ label: 'another installation’s key', request: signed(status(), { key: otherKey }), reason: /does not match/ },
		{ label: 'a changed body', request: { ...signed(status()), rawBody: Buffer.from(status({ status: 'undelivered' })) }, reason: /does not match/ },
		{ label: 'a changed timestamp', request: signed(status(), { headers: { 'x-sandbox-timestamp': String(nowMs / 1000 + 1) } }), reason: /does not match/ },
		{ label: 'a replay 301 s later', request: signed(status(), { at: nowMs - 301_000 }), status: 403, reason: /301 s ago/ },
		{ label: 'a timestamp far in the future', request: signed(status(), { at: nowMs + 3600_000 }), status: 403, reason: /in the future/ },
		{ label: 'a malformed timestamp', request: signed(status(), { headers: { 'x-sandbox-timestamp': 'soon' } }), reason: /Malformed/ },
	],
	missing: [
		{ label: 'no signature', request: webhookRequest({ url: TRIGGER, body: status() }), reason: /Missing x-sandbox-signature/ },
		{ label: 'no key on this n8n', request: signed(status()), credentials: {}, reason: /no usable sandbox key/ },
		{ label: 'a key that is not one', request: signed(status()), credentials: { signingKey: 'short' }, reason: /no usable sandbox key/ },
	],
});

it('never shows the key in a refusal', () => {
	for (const request of [signed(status(), { key: otherKey }), signed(status(), { at: 0 }), webhookRequest({ url: TRIGGER, body: status() })]) {
		expect(JSON.stringify(sandboxAdapter.webhook!.verify({ signingKey }, request, nowMs))).not.toContain(signingKey);
	}
});

const event = {
	provider: 'sandbox',
	eventId: 'SBE1',
	messageId: 'SBM1',
	to: '+14155550101',
	from: '+14155550100',
	errorCode: null,
	errorMessage: null,
	optedOut: false,
	occurredAt: '2026-03-02T09:59:58.000Z',
	dropId: 'd1',
	ref: 'k3j9x0a1b2',
	text: null,
	media: [],
};

runParseCases(suite, {
	events: [
		{
			label: 'delivered: final',
			request: signed(status()),
			events: [{ ...event, kind: 'status', status: 'delivered', providerStatus: 'delivered', final: true, raw: JSON.parse(status()) }],
		},
		{
			label: 'sent: not final',
			request: signed(status({ status: 'sent' })),
			events: [{ ...event, kind: 'status', status: 'sent', providerStatus: 'sent', final: false, raw: JSON.parse(status({ status: 'sent' })) }],
		},
		{
			label: 'undelivered with a code: its meaning fills errorMessage',
			request: signed(status({ status: 'undelivered', errorCode: '30003' })),
			events: [expect.objectContaining({ kind: 'status', status: 'undelivered', final: true, errorCode: '30003', errorMessage: 'Unreachable destination handset', optedOut: false })],
		},
		{
			label: 'the signed body’s dropId and ref win over the query string, which no signature covers',
			request: signed(status(), { url: `${TRIGGER}?dropId=forged&ref=forged` }),
			events: [expect.objectContaining({ dropId: 'd1', ref: 'k3j9x0a1b2' })],
		},
		{
			label: 'a report without them takes the query string’s',
			request: signed(status({ dropId: undefined, ref: undefined }), { url: `${TRIGGER}?dropId=d7&ref=r7` }),
			events: [expect.objectContaining({ dropId: 'd7', ref: 'r7' })],
		},
		{
			label: 'a STOP reply: an opt_out from the recipient, with no drop',
			request: signed(stop()),
			events: [
				{
					...event,
					kind: 'opt_out',
					eventId: 'SBE2',
					messageId: 'SBM9',
					status: 'received',
					providerStatus: 'received',
					final: true,
					to: '+14155550100',
					from: '+14155550195',
					optedOut: true,
					occurredAt: '2026-03-02T09:59:59.000Z',
					dropId: null,
					ref: null,
					text: 'STOP',
					raw: JSON.parse(stop()),
				},
			],
		},
		{ label: 'any other reply is inbound', request: signed(stop('See you there')), events: [expect.objectContaining({ kind: 'inbound', optedOut: false, text: 'See you there' })] },
	],
	malformed: [
		{ label: 'not JSON', request: signed('dropId=d1'), error: /not valid JSON/ },
		{ label: 'another type', request: signed(json({ type: 'message.deleted', eventId: 'e', messageId: 'm', to: '', from: '' })), error: /Not a sandbox report: type/ },
		{ label: 'a status it does not know', request: signed(status({ status: 'vanished' })), error: /Unknown sandbox status: vanished/ },
		{ label: 'no message id', request: signed(status({ messageId: '' })), error: /messageId/ },
		{ label: 'a body that is an array', request: signed('[]'), error: /Not a sandbox report/ },
	],
});

runAnswerCases(suite, {
	setupSteps: [/Status Callback URL/, /Sandbox/],
	answers: [{ label: 'an accepted report: the trigger’s empty 200', request: signed(status()), answer: undefined }],
});
