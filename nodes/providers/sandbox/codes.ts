/**
 * The sandbox's error codes and report statuses as data. The codes are Twilio's numbers for the same
 * outcomes (twilio/codes.ts), so what a workflow learns to branch on here reads familiar there.
 */
import type { ErrorMeaning, StatusMeaning } from '../types';

interface ErrorCodeInfo {
	meaning: string;
	/** How a send request answered with this code is treated; absent for delivery-time codes. */
	send?: ErrorMeaning;
}

export const ERROR_CODES: Readonly<Record<string, ErrorCodeInfo>> = {
	'20429': { meaning: 'Too many requests', send: { kind: 'retryable', reason: 'rate_limited' } },
	'21211': { meaning: "Invalid 'To' phone number", send: { kind: 'permanent', reason: 'invalid_number' } },
	'21610': { meaning: 'Recipient unsubscribed (replied STOP)', send: { kind: 'permanent', reason: 'opted_out' } },
	'30003': { meaning: 'Unreachable destination handset' },
};

/** Codes meaning the recipient opted out. */
export const OPTED_OUT_CODES: ReadonlySet<string> = new Set(['21610']);

/** The statuses the sandbox reports; `sent` may still become delivered or undelivered. */
export const REPORT_STATUSES: Readonly<Record<string, StatusMeaning>> = {
	sent: { status: 'sent', final: false },
	delivered: { status: 'delivered', final: true },
	undelivered: { status: 'undelivered', final: true },
};

/** The report types: a delivery report, or a message from a recipient. */
export const STATUS_REPORT = 'message.status';
export const INBOUND_REPORT = 'message.inbound';
