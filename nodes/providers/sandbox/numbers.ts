/**
 * The sandbox's magic numbers: recipients whose outcome is known in advance, one per outcome a
 * workflow must be built for. Every other valid number is accepted, then reported sent and delivered.
 * All are in the 555-01xx block the North American Numbering Plan keeps for fiction, so they reach
 * nobody on a real provider either. The README's table is generated from this one.
 */
import { lookup } from '../shared';

export interface SandboxBehaviour {
	/** What happens, in the words of the README and the node's notice. */
	outcome: string;
	/** Refused at send with this error code (codes.ts): no message exists, no report follows. */
	refusal?: string;
	/** The first request carrying the number is answered 429 (Retry-After: 1); the retry is accepted. */
	rateLimitedOnce?: boolean;
	/** The final report is `undelivered` with this error code (otherwise `delivered`). */
	undeliveredWith?: string;
	/** After delivery the recipient replies STOP to the sender. */
	repliesStop?: boolean;
}

export const ANY_OTHER_NUMBER: SandboxBehaviour = { outcome: '`accepted`; then reports `sent` and `delivered`' };

export const MAGIC_NUMBERS: Readonly<Record<string, SandboxBehaviour>> = {
	'+14155550191': { outcome: '`accepted`; then reports `sent` and `undelivered` (error 30003, unreachable handset)', undeliveredWith: '30003' },
	'+14155550192': { outcome: '`failed` / `invalid_number` at send (error 21211); no reports', refusal: '21211' },
	'+14155550193': { outcome: '`failed` / `opted_out` at send (error 21610, like Twilio); no reports', refusal: '21610' },
	'+14155550194': { outcome: 'HTTP 429 on the first try, `accepted` on the retry (`attempts: 2`); then `sent` and `delivered`', rateLimitedOnce: true },
	'+14155550195': { outcome: '`accepted`; then `sent`, `delivered`, and a STOP reply from this number (an `opt_out` event)', repliesStop: true },
};

/** What the sandbox does with a message to `to` (E.164). */
export function behaviourOf(to: string): SandboxBehaviour {
	return lookup(MAGIC_NUMBERS, to) ?? ANY_OTHER_NUMBER;
}

/** +14155550191 → +1 415 555 0191, as people write it. */
export function readable(number: string): string {
	return number.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '+1 $1 $2 $3');
}
