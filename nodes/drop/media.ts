/**
 * Binary media for a drop: each distinct file (by content hash) goes to the provider's media
 * store once, and every recipient's message references the stored copy.
 */
import { createHash } from 'node:crypto';

import type { MediaFile, MediaRef, ProviderAdapter, ProviderCredentials } from '../providers/types';
import { classifyStatus } from '../providers/shared';
import { download, type DownloadLimits, fileNameFromUrl, type HttpGet, identify } from '../media/input';
import type { Transport } from './transport';

export class MediaUploadError extends Error {
	constructor(
		message: string,
		readonly httpStatus: number | null,
	) {
		super(message);
		this.name = 'MediaUploadError';
	}
}

export function mediaFile(data: Buffer, mimeType: string, fileName: string): MediaFile {
	return { data, mimeType, fileName, sha256: createHash('sha256').update(data).digest('hex') };
}

export class MediaUploads {
	private readonly uploaded = new Map<string, Promise<MediaRef>>();
	/** Upload requests made (for the summary's request count). */
	requests = 0;

	constructor(
		private readonly adapter: ProviderAdapter,
		private readonly credentials: ProviderCredentials,
		private readonly transport: Transport,
		private readonly timeoutMs: number,
		private readonly signal?: AbortSignal,
	) {}

	/** The stored reference for a file; the same content is uploaded only once per drop. */
	reference(file: MediaFile): Promise<MediaRef> {
		let stored = this.uploaded.get(file.sha256);
		if (!stored) {
			stored = this.upload(file);
			this.uploaded.set(file.sha256, stored);
		}
		return stored;
	}

	private async upload(file: MediaFile): Promise<MediaRef> {
		const uploader = this.adapter.upload;
		if (!uploader) throw new MediaUploadError(`${this.adapter.displayName} has no media store`, null);
		this.requests++;
		const reply = await this.transport.send(uploader.buildRequest(this.credentials, file), {
			timeoutMs: this.timeoutMs,
			signal: this.signal,
		});
		if (reply.kind === 'error') {
			throw new MediaUploadError(`Uploading ${file.fileName} failed: ${reply.code} ${reply.message}`, null);
		}
		const { status } = reply.response;
		if (classifyStatus(status).kind !== 'accepted') {
			throw new MediaUploadError(
				`${this.adapter.displayName} refused the upload of ${file.fileName} (HTTP ${status}): ${reply.response.body.slice(0, 300)}`,
				status,
			);
		}
		return { ...uploader.parseResponse(file, reply.response), contentType: file.mimeType, bytes: file.data.length };
	}
}

/**
 * Media URLs fetched once per drop, for providers that carry media inside the request (MM7):
 * downloaded with a size cap, a timeout and few redirects, and typed from the bytes.
 */
export class InlineMedia {
	private readonly fetched = new Map<string, Promise<MediaRef>>();

	constructor(
		private readonly get: HttpGet,
		private readonly limits: DownloadLimits,
	) {}

	reference(url: string): Promise<MediaRef> {
		let media = this.fetched.get(url);
		if (!media) {
			media = this.fetch(url);
			this.fetched.set(url, media);
		}
		return media;
	}

	private async fetch(url: string): Promise<MediaRef> {
		const data = await download(this.get, url, this.limits);
		const { mimeType } = await identify(data);
		return { url, data, contentType: mimeType, fileName: fileNameFromUrl(url), bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
	}
}
