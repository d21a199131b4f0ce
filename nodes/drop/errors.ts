/**
 * The errors the drop engine raises for the node to map: the user's input cannot be sent
 * (NodeOperationError), or the provider refused the drop before anything may have been sent
 * (NodeApiError). Everything per recipient is data, never an error.
 */
import type { OutcomeError } from '../providers/types';

/** A parameter, an item or the message itself cannot be sent; nothing was sent. */
export class DropInputError extends Error {
	constructor(
		message: string,
		readonly description?: string,
		readonly itemIndex?: number,
	) {
		super(message);
		this.name = 'DropInputError';
	}
}

/** The provider refused the drop (bad credentials, suspended account) before any message may have been sent. */
export class DropRefusedError extends Error {
	constructor(
		readonly providerName: string,
		readonly refusal: OutcomeError,
	) {
		super(`${providerName} refused the drop: ${refusal.message}`);
		this.name = 'DropRefusedError';
	}
}

/** A media file could not be put into the provider's media store; nothing was sent. */
export class MediaUploadError extends Error {
	constructor(
		message: string,
		readonly httpStatus: number | null,
	) {
		super(message);
		this.name = 'MediaUploadError';
	}
}
