/**
 * The sandbox's provider, inside n8n: a drop transport (nodes/drop/transport.ts) that answers the
 * sandbox adapter's requests in-process, so nothing is sent to anyone, and then behaves as a provider
 * does after accepting a message: for each one with a status callback URL it posts signed reports
 * after a short delay (`sent`, then `delivered` or `undelivered`) and, for the STOP magic number, the
 * recipient's STOP reply. Outcomes come from the magic numbers (numbers.ts). Nothing is recorded
 * outside the process.
 *
 * Not part of the adapter: it keeps timers and makes HTTP posts. Send MMS Drop wires it in when the
 * adapter is `simulated`. The timers do not hold the process open: under `n8n execute` the process
 * ends with the workflow and the reports with it; a running n8n posts them.
 */
import { randomBytes } from 'node:crypto';

import type { SendOptions, Transport, TransportReply } from '../../drop/transport';
import { parseJson } from '../shared';
import type { HttpRequestSpec } from '../types';
import { ERROR_CODES, INBOUND_REPORT, STATUS_REPORT } from './codes';
import { behaviourOf, type SandboxBehaviour } from './numbers';
import { SEND_URL, type SendReply, type SendRequest, sendRequestSchema } from './send';
import { signedHeaders } from './verify';
import type { SandboxReport } from './webhook';

/**
 * When the reports follow an accepted message (ms): soon enough to watch them arrive, spaced so
 * they arrive in order. Tests shorten them.
 */
export const REPORT_DELAYS_MS = { sent: 1_000, final: 2_500, reply: 4_000 };

/** Waits before posting a report again when the trigger was unreachable or answered 429/5xx, as providers retry. */
export const RETRY_DELAYS_MS = [2_000, 8_000];

const POST_TIMEOUT_MS = 10_000;

/** Posts one report; resolves with the HTTP status, rejects when there is no answer. */
export type ReportPoster = (url: string, headers: Record<string, string>, body: string) => Promise<number>;

export interface SimulatorOptions {
	/** This installation's key (hex, installation.ts); reports are signed with it. */
	signingKey: string;
	post?: ReportPoster;
	/** Runs `run` after `delayMs` (default: an unref'd timer). */
	schedule?: (delayMs: number, run: () => void) => void;
	/** Wall clock (ms), for report times and signatures. */
	now?: () => number;
	newId?: (prefix: 'SBM' | 'SBB' | 'SBE') => string;
	/** Told when a report could not be posted, after the retries; the message names no secret. */
	onUndelivered?: (problem: string) => void;
}

interface Accepted {
	messageId: string;
	dropId: string;
	ref: string;
	to: string;
	from: string;
	statusCallback: string;
}

export function createSandboxSimulator(options: SimulatorOptions): Transport {
	const now = options.now ?? Date.now;
	const schedule = options.schedule ?? ((delayMs: number, run: () => void) => setTimeout(run, delayMs).unref());
	const newId = options.newId ?? ((prefix: string) => prefix + randomBytes(16).toString('hex'));
	const poster = options.post ?? fetchPoster;
	/** Recipients already answered 429 once (by drop and ref): their retry is accepted. */
	const limited = new Set<string>();

	const undelivered = (problem: string) => {
		try {
			options.onUndelivered?.(problem);
		} catch {
			// A logger that throws must not become an unhandled rejection in n8n's process.
		}
	};

	function post(url: string, report: SandboxReport, tries = 0): void {
		const body = JSON.stringify(report);
		const where = `${report.type === INBOUND_REPORT ? 'STOP reply' : `${report.status} report`} for ${report.messageId} to ${redacted(url)}`;
		const again = (why: string) => {
			if (tries < RETRY_DELAYS_MS.length) schedule(RETRY_DELAYS_MS[tries], () => post(url, report, tries + 1));
			else undelivered(`The sandbox could not post the ${where}: ${why}`);
		};
		poster(url, signedHeaders(options.signingKey, now(), body), body).then(
			(status) => {
				if (status >= 200 && status < 300) return;
				if (status === 429 || status >= 500) again(`HTTP ${status}`);
				else undelivered(`The MMS Delivery Trigger refused the ${where} (HTTP ${status}): is it set to Sandbox, published, and on this n8n?`);
			},
			(error: Error) => again(error.message),
		);
	}

	function report(message: Accepted, behaviour: SandboxBehaviour): void {
		const base = { messageId: message.messageId, dropId: message.dropId, ref: message.ref, sandbox: true };
		const status = (value: string, errorCode?: string) => ({
			type: STATUS_REPORT,
			...base,
			eventId: newId('SBE'),
			status: value,
			to: message.to,
			from: message.from,
			errorCode: errorCode ?? null,
			errorMessage: errorCode ? ERROR_CODES[errorCode]?.meaning ?? null : null,
			occurredAt: new Date(now()).toISOString(),
		} as const);
		schedule(REPORT_DELAYS_MS.sent, () => post(message.statusCallback, status('sent')));
		schedule(REPORT_DELAYS_MS.final, () => post(message.statusCallback, behaviour.undeliveredWith ? status('undelivered', behaviour.undeliveredWith) : status('delivered')));
		if (!behaviour.repliesStop) return;
		schedule(REPORT_DELAYS_MS.reply, () =>
			post(inboundUrl(message.statusCallback), {
				type: INBOUND_REPORT,
				eventId: newId('SBE'),
				messageId: newId('SBM'),
				to: message.from,
				from: message.to,
				text: 'STOP',
				occurredAt: new Date(now()).toISOString(),
				sandbox: true,
			}),
		);
	}

	function answer(request: SendRequest): TransportReply {
		const { dropId, from, recipients } = request;
		const limitedNow = recipients.filter((recipient) => behaviourOf(recipient.to).rateLimitedOnce && !limited.has(`${dropId}|${recipient.ref}`));
		if (limitedNow.length > 0) {
			for (const recipient of limitedNow) limited.add(`${dropId}|${recipient.ref}`);
			return reply(429, { code: '20429', message: ERROR_CODES['20429'].meaning }, { 'retry-after': '1' });
		}
		const messages: SendReply['messages'] = recipients.map(({ to, ref, statusCallback }) => {
			const behaviour = behaviourOf(to);
			if (behaviour.refusal) return { ref, to, status: 'rejected', code: behaviour.refusal, message: ERROR_CODES[behaviour.refusal].meaning };
			const messageId = newId('SBM');
			if (statusCallback) report({ messageId, dropId, ref, to, from, statusCallback }, behaviour);
			return { ref, to, status: 'accepted', id: messageId };
		});
		const anyAccepted = messages.some((message) => message.status === 'accepted');
		return reply(anyAccepted ? 200 : 400, { batchId: recipients.length > 1 ? newId('SBB') : null, messages });
	}

	return {
		async send(spec: HttpRequestSpec, sendOptions: SendOptions): Promise<TransportReply> {
			if (sendOptions.signal?.aborted) return { kind: 'error', sent: false, timedOut: false, cancelled: true, code: 'ECANCELED', message: 'Cancelled' };
			if (spec.method !== 'POST' || spec.url !== SEND_URL) return reply(404, { code: 'not_found', message: `The sandbox answers POST ${SEND_URL} only` });
			const request = sendRequestSchema.safeParse(parseJson(spec.body === undefined ? '' : spec.body.toString()));
			if (!request.success) return reply(400, { code: 'bad_request', message: 'Not a sandbox send request' });
			return answer(request.data);
		},
		// Reports already accepted still follow, as a provider's would.
		close: async () => {},
	};
}

function reply(status: number, body: unknown, headers: Record<string, string> = {}): TransportReply {
	return { kind: 'response', response: { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) } };
}

/** Where the recipient's reply goes: the trigger, without the drop's `dropId` and `ref`. */
function inboundUrl(statusCallback: string): string {
	const url = new URL(statusCallback);
	url.searchParams.delete('dropId');
	url.searchParams.delete('ref');
	return url.toString();
}

/** A URL for messages: no query string, which may hold a token. */
function redacted(url: string): string {
	try {
		const { origin, pathname } = new URL(url);
		return origin + pathname;
	} catch {
		return 'the status callback URL';
	}
}

async function fetchPoster(url: string, headers: Record<string, string>, body: string): Promise<number> {
	const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(POST_TIMEOUT_MS) });
	await response.arrayBuffer();
	return response.status;
}
