/**
 * A drop's media, behind a small interface the node supplies (`MediaIntake`): media URLs, and
 * files from an item's binary property. Each distinct file is read once (by n8n's binary id
 * where it has one), and stored with the provider once (by content hash), and only for
 * recipients that will be sent. Providers that carry media inside the request (MM7) get the
 * bytes instead, media URLs included, fetched once per drop.
 */
import { createHash } from 'node:crypto';

import { adapters } from '../providers';
import { classifyStatus } from '../providers/shared';
import type { Capabilities, MediaFile, MediaRef, ProviderAdapter, ProviderCredentials } from '../providers/types';
import { Memo } from '../media/batch';
import { download, type DownloadLimits, fileNameFromUrl, type HttpGet, identify } from '../media/input';
import { DropInputError, MediaUploadError } from './errors';
import type { DropPlan } from './plan';
import { type RequestEnv, requestWithRetry } from './retry';

/** An item's binary file as the node hands it over. */
export interface BinaryMedia {
	/** n8n's stored binary id (filesystem, S3, database modes); items sharing one file share it. */
	id?: string;
	mimeType: string;
	fileName: string;
	read(): Promise<Buffer>;
}

/** What the engine needs from n8n to get at media. */
export interface MediaIntake {
	/** The file in the item's binary property; undefined when the drop takes no binary media. */
	binary(index: number): BinaryMedia | undefined;
	/** GET for media URLs, for providers that carry media inline. */
	http: HttpGet;
}

export function mediaFile(data: Buffer, mimeType: string, fileName: string): MediaFile {
	return { data, mimeType, fileName, sha256: createHash('sha256').update(data).digest('hex') };
}

/** Providers with a media store or inline media, for the message that sends the user to one. */
function providersTakingFiles(): string {
	const names = Object.values(adapters)
		.filter((adapter) => adapter.upload || adapter.capabilities.inlineMedia)
		.map((adapter) => adapter.displayName);
	return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/**
 * Turns a recipient's media URLs and binary file into the references its message carries. For a
 * media store the reference is the planned one (`plannedReference`) until `upload` runs.
 */
export class DropMedia {
	private readonly files = new Memo<MediaFile>();
	private readonly fetched = new Memo<MediaRef>();
	/** Files waiting to be stored with the provider, by content hash. */
	private readonly toStore = new Map<string, MediaFile>();

	constructor(
		private readonly adapter: ProviderAdapter,
		private readonly capabilities: Capabilities,
		private readonly intake: MediaIntake,
		private readonly downloadLimits: DownloadLimits,
	) {}

	/** Distinct files the plan's messages need stored with the provider (one upload request each). */
	uploadsFor(plan: DropPlan): number {
		return this.neededBy(plan).size;
	}

	async references(index: number, urls: string[]): Promise<MediaRef[]> {
		const media = await Promise.all(urls.map((url) => (this.capabilities.inlineMedia ? this.fetched.get(url, () => this.fetch(url)) : { url })));
		const binary = this.intake.binary(index);
		if (binary) media.push(await this.fromBinary(binary, index));
		return media;
	}

	/** Stores each file the plan needs once, and gives each message the stored reference in place of the planned one. */
	async upload(credentials: ProviderCredentials, env: RequestEnv, plan: DropPlan): Promise<{ resolve: (media: MediaRef[]) => MediaRef[]; requests: number }> {
		const stored = new Map<string, MediaRef>();
		let requests = 0;
		for (const [sha256, file] of this.neededBy(plan)) {
			const { reference, requests: made } = await this.store(credentials, file, env);
			requests += made;
			stored.set(sha256, reference);
		}
		return {
			resolve: (media) => media.map((item) => (item.sha256 !== undefined && stored.has(item.sha256) ? stored.get(item.sha256)! : item)),
			requests,
		};
	}

	private neededBy(plan: DropPlan): Map<string, MediaFile> {
		const needed = new Map<string, MediaFile>();
		for (const batch of plan.batches) {
			for (const { sha256 } of batch.message.media) {
				const file = sha256 === undefined ? undefined : this.toStore.get(sha256);
				if (file) needed.set(file.sha256, file);
			}
		}
		return needed;
	}

	private async fromBinary(binary: BinaryMedia, index: number): Promise<MediaRef> {
		const uploader = this.adapter.upload;
		if (!uploader && !this.capabilities.inlineMedia) {
			throw new DropInputError(
				`${this.adapter.displayName} has no media store for binary files`,
				`Host the file at a public URL and put it in "Media URLs", or choose a provider that takes files: ${providersTakingFiles()}.`,
				index,
			);
		}
		// Stored binaries carry n8n's id, so a file shared by many items is read once; in-memory ones are hashed.
		const read = async () => mediaFile(await binary.read(), binary.mimeType, binary.fileName);
		const file = binary.id ? await this.files.get(binary.id, read) : await read();
		const known = { contentType: file.mimeType, bytes: file.data.length, sha256: file.sha256 };
		if (!uploader) return { data: file.data, fileName: file.fileName, ...known };
		this.toStore.set(file.sha256, file);
		return { ...uploader.plannedReference(file), ...known };
	}

	private async fetch(url: string): Promise<MediaRef> {
		const data = await download(this.intake.http, url, this.downloadLimits);
		const { mimeType } = await identify(data);
		return { url, data, contentType: mimeType, fileName: fileNameFromUrl(url), bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
	}

	private async store(credentials: ProviderCredentials, file: MediaFile, env: RequestEnv): Promise<{ reference: MediaRef; requests: number }> {
		const uploader = this.adapter.upload!;
		const { reply, requests } = await requestWithRetry(uploader.buildRequest(credentials, file), env);
		if (reply?.kind !== 'response') {
			const why = reply ? `${reply.code} ${reply.message}` : 'the execution was cancelled';
			throw new MediaUploadError(`Uploading ${file.fileName} to ${this.adapter.displayName} failed: ${why}`, null);
		}
		const { status, body } = reply.response;
		if (classifyStatus(status).kind !== 'accepted') {
			throw new MediaUploadError(`${this.adapter.displayName} refused the upload of ${file.fileName} (HTTP ${status}): ${body.slice(0, 300)}`, status);
		}
		const reference = { ...uploader.parseResponse(file, reply.response), contentType: file.mimeType, bytes: file.data.length, sha256: file.sha256 };
		return { reference, requests };
	}
}
