/**
 * Plans a drop: its id, a stable `ref` per recipient, and provider-native batches of recipients
 * that share one identical message. A dry run ends here.
 */
import { createHash } from 'node:crypto';

import { refFor } from '../providers/shared';
import type { BatchRecipient, MediaRef, OutboundMessage } from '../providers/types';
import type { Recipient } from './recipients';

/**
 * A drop id from what makes the drop itself (workflow, node, provider, sender, message template,
 * media), so a re-run of the same drop gets the same id and the same refs.
 */
export function deriveDropId(parts: unknown[]): string {
	return 'd' + createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 15);
}


export interface PlannedBatch {
	message: OutboundMessage;
	recipients: BatchRecipient[];
	/** Input item index of each recipient, aligned with `recipients`. */
	indexes: number[];
}

export interface DropPlan {
	dropId: string;
	/** ref per input item index (skipped recipients get one too, for the output). */
	refs: string[];
	batches: PlannedBatch[];
}

export function planDrop(dropId: string, recipients: Recipient[], recipientsPerRequest: number): DropPlan {
	const refs: string[] = [];
	const used = new Set<string>();
	for (const recipient of recipients) {
		let salt = 0;
		let ref = refFor(dropId, recipient.to, salt);
		// Same number twice (dedupe off) or a hash collision: still unique within the drop.
		while (used.has(ref)) ref = refFor(dropId, recipient.to, ++salt);
		used.add(ref);
		refs[recipient.index] = ref;
	}

	// The batch still being filled, per distinct message.
	const openBatches = new Map<string, PlannedBatch>();
	const batches: PlannedBatch[] = [];
	for (const recipient of recipients) {
		if (recipient.skip !== null) continue;
		// Per-item senders (number pools, local presence) batch per sender.
		const key = JSON.stringify([recipient.from, recipient.text, recipient.subject ?? null, recipient.media.map(mediaIdentity)]);
		let open = openBatches.get(key);
		if (!open || open.recipients.length >= recipientsPerRequest) {
			open = {
				message: { from: recipient.from, text: recipient.text, subject: recipient.subject, media: recipient.media },
				recipients: [],
				indexes: [],
			};
			batches.push(open);
			openBatches.set(key, open);
		}
		open.recipients.push({ ref: refs[recipient.index], to: recipient.to });
		open.indexes.push(recipient.index);
	}
	return { dropId, refs, batches };
}

/** A file is known by its content; a URL by itself. */
function mediaIdentity(media: MediaRef): string {
	return media.sha256 ?? media.url ?? media.mediaId ?? '';
}
