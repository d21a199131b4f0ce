/**
 * What `custom_string` carries: `<dropId>:<ref>`, as every correlation field does (shared.ts
 * `encodeCorrelation`), within ClickSend's limit. "By default the maximum is 50 characters long"
 * (help.clicksend.com "What is the custom string used for?"); a ref is 10 characters, which leaves
 * 39 for the drop id. A longer drop id (one the user named) is shortened the same way in every
 * message of the drop: its first characters, `~` and 12 hex digits of its SHA-256. Delivery reports
 * and replies carry that shortened id back as their `dropId`.
 */
import { createHash } from 'node:crypto';

import { encodeCorrelation } from '../shared';

export const MAX_CUSTOM_STRING_LENGTH = 50;

const DIGEST_LENGTH = 12;

const characters = (text: string) => [...text].length;

export function customStringFor(dropId: string, ref: string): string {
	const full = encodeCorrelation(dropId, ref);
	if (characters(full) <= MAX_CUSTOM_STRING_LENGTH) return full;
	const roomForStart = MAX_CUSTOM_STRING_LENGTH - characters(ref) - 1 - DIGEST_LENGTH - 1;
	const digest = createHash('sha256').update(dropId).digest('hex').slice(0, DIGEST_LENGTH);
	const shortened = encodeCorrelation(`${[...dropId].slice(0, Math.max(0, roomForStart)).join('')}~${digest}`, ref);
	if (characters(shortened) > MAX_CUSTOM_STRING_LENGTH) {
		throw new Error(`A recipient ref of ${characters(ref)} characters leaves no room for the drop in ClickSend's ${MAX_CUSTOM_STRING_LENGTH}-character custom_string`);
	}
	return shortened;
}
