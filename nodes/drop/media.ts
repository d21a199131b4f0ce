/**
 * A drop's media, behind a small interface the node supplies (`MediaIntake`): media URLs, and
 * files from an item's binary property. Each distinct file is read once (by n8n's binary id
 * where it has one), and stored with the provider once (by content hash), and only for
 * recipients that will be sent. Providers that carry media inside the request (MM7) get the
 * bytes instead, media URLs included, fetched once per drop.
 */
import { createHash } from 'node:crypto';

import { binaryMediaAlternatives } from '../providers';
import { classifyStatus } from '../providers/shared';
import type { Capabilities, MediaFile, MediaRef, OutboundMessage, ProviderAdapter, ProviderCredentials } from '../providers/types';
import { Memo } from '../media/batch';
import { MediaError } from '../media/errors';
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
	/**
	 * A public URL n8n serves the item's file at until `expiresInMs` from now, for providers that
	 * only fetch URLs. Throws a DropInputError when n8n cannot serve it (binary data in memory, an
	 * execution that is not kept).
	 */
	publicUrl?(index: number, expiresInMs: number): string;
}

/** How long a provider may fetch media after accepting a message, when its capabilities do not say (a day). */
export const DEFAULT_MEDIA_FETCH_WINDOW_MS = 24 * 3600_000;

/** Hosts a provider on the internet cannot reach: loopback, private, link-local, and names that only resolve inside a network. */
export function isPrivateHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || !host.includes('.') && !host.includes(':')) return true;
	const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host)?.slice(1).map(Number);
	if (v4) {
		const [a, b] = v4;
		return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
	}
	// IPv6: loopback, unique local (fc00::/7), link-local (fe80::/10), and IPv4-mapped (URL parsing writes those in hex).
	if (host === '::1' || host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host)) return true;
	const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
	if (!mapped) return false;
	const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
	return isPrivateHost([high >> 8, high & 255, low >> 8, low & 255].join('.'));
}


/** One file of the drop: what is known of it, and how to get its bytes again. */
interface DropFile {
	sha256: string;
	mimeType: string;
	fileName: string;
	bytes: number;
	load(): Promise<Buffer>;
}

/**
 * Bytes of the drop's files, kept up to a budget (most recently used first). A drop may reference
 * thousands of distinct files (a personalized picture per recipient); past the budget a file is
 * read or fetched again when its message is sent, and must still be the same file.
 */
class FileBytes {
	private readonly kept = new Map<string, Buffer>();
	private size = 0;

	constructor(private readonly budget: number) {}

	async of(file: DropFile): Promise<Buffer> {
		const kept = this.kept.get(file.sha256);
		if (kept) {
			this.kept.delete(file.sha256);
			this.kept.set(file.sha256, kept);
			return kept;
		}
		const data = await file.load();
		if (sha256Of(data) !== file.sha256) {
			throw new MediaError(`${file.fileName} changed while the drop was being sent`, 'The file was read again to send it and is no longer the one checked before the drop started. Keep media unchanged during a drop.');
		}
		this.keep(file.sha256, data);
		return data;
	}

	keep(sha256: string, data: Buffer): void {
		if (data.length > this.budget || this.kept.has(sha256)) return;
		this.kept.set(sha256, data);
		this.size += data.length;
		for (const [oldest, bytes] of this.kept) {
			if (this.size <= this.budget) break;
			this.kept.delete(oldest);
			this.size -= bytes.length;
		}
	}
}

/** Bytes of files a drop keeps in memory at once (MM7 carries media inline, so it reads them at send time). */
export const KEPT_FILE_BYTES = 64_000_000;

function sha256Of(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/**
 * Turns a recipient's media URLs and binary file into the references its message carries: for a
 * media store the planned reference (`plannedReference`) until `upload` runs; for inline media
 * (MM7) a reference whose bytes `withBytes` adds when the message is sent.
 */
export interface DropMediaOptions {
	downloadLimits: DownloadLimits;
	signal?: AbortSignal;
	/** Bytes of files kept in memory at once. */
	keptFileBytes?: number;
	/** How long n8n-hosted URLs must stay valid: the drop's planned duration plus the provider's fetch window. */
	hostedUrlLifetimeMs: number;
	/** A hosted URL may point at a private or loopback address (an MMSC inside the network, tests). */
	allowPrivateMediaHost: boolean;
	/** A dry run reports what a real run would refuse as warnings. */
	dryRun: boolean;
}

export class DropMedia {
	private readonly described = new Memo<DropFile>();
	private readonly files = new Map<string, DropFile>();
	private readonly bytes: FileBytes;
	/** Files to be stored with the provider, by content hash. */
	private readonly toStore = new Set<string>();
	/** URLs n8n serves files at, by content hash: one per distinct file. */
	private readonly hosted = new Map<string, string>();
	/** What a real run would refuse (dry run) or the user should know; each said once. */
	readonly warnings = new Set<string>();

	constructor(
		private readonly adapter: ProviderAdapter,
		private readonly capabilities: Capabilities,
		private readonly intake: MediaIntake,
		private readonly options: DropMediaOptions,
	) {
		this.bytes = new FileBytes(options.keptFileBytes ?? KEPT_FILE_BYTES);
	}

	/** Distinct files the plan's messages need stored with the provider (one upload request each). */
	uploadsFor(plan: DropPlan): number {
		return this.neededBy(plan).length;
	}

	async references(index: number, urls: string[]): Promise<MediaRef[]> {
		const media = await Promise.all(urls.map((url) => (this.capabilities.inlineMedia ? this.fromUrl(url) : { url })));
		const binary = this.intake.binary(index);
		if (binary) media.push(await this.fromBinary(binary, index));
		return media;
	}

	/** The message with the bytes of its inline media, for the request that carries them. */
	async withBytes(message: OutboundMessage): Promise<OutboundMessage> {
		if (!this.capabilities.inlineMedia) return message;
		const media = await Promise.all(
			message.media.map(async (item) => {
				const file = item.sha256 === undefined ? undefined : this.files.get(item.sha256);
				return file ? { ...item, data: await this.bytes.of(file) } : item;
			}),
		);
		return { ...message, media };
	}

	/** Stores each file the plan needs once, and gives each message the stored reference in place of the planned one. */
	async upload(credentials: ProviderCredentials, env: RequestEnv, plan: DropPlan): Promise<{ resolve: (media: MediaRef[]) => MediaRef[]; requests: number }> {
		const stored = new Map<string, MediaRef>();
		let requests = 0;
		for (const file of this.neededBy(plan)) {
			const { reference, requests: made } = await this.store(credentials, file, env);
			requests += made;
			stored.set(file.sha256, reference);
		}
		return {
			resolve: (media) => media.map((item) => (item.sha256 !== undefined && stored.has(item.sha256) ? stored.get(item.sha256)! : item)),
			requests,
		};
	}

	private neededBy(plan: DropPlan): DropFile[] {
		const needed = new Set<string>();
		for (const batch of plan.batches) {
			for (const { sha256 } of batch.message.media) if (sha256 !== undefined && this.toStore.has(sha256)) needed.add(sha256);
		}
		return [...needed].map((sha256) => this.files.get(sha256)!);
	}

	/** Reads a file once to know it (hash, size, type), keeps its bytes while the budget allows, and remembers how to read it again. */
	private async describe(key: string | undefined, read: () => Promise<Buffer>, describe: (data: Buffer) => Promise<Omit<DropFile, 'sha256' | 'bytes' | 'load'>>): Promise<DropFile> {
		const compute = async () => {
			const data = await read();
			const file: DropFile = { sha256: sha256Of(data), bytes: data.length, load: read, ...(await describe(data)) };
			this.files.set(file.sha256, file);
			this.bytes.keep(file.sha256, data);
			return file;
		};
		return key === undefined ? await compute() : await this.described.get(key, compute);
	}

	private async fromUrl(url: string): Promise<MediaRef> {
		const file = await this.describe(
			`url ${url}`,
			() => download(this.intake.http, url, this.options.downloadLimits, this.options.signal),
			async (data) => ({ mimeType: (await identify(data)).mimeType, fileName: fileNameFromUrl(url) ?? 'media' }),
		);
		return { url, contentType: file.mimeType, fileName: file.fileName, bytes: file.bytes, sha256: file.sha256 };
	}

	private async fromBinary(binary: BinaryMedia, index: number): Promise<MediaRef> {
		const uploader = this.adapter.upload;
		const urlOnly = !uploader && !this.capabilities.inlineMedia;
		if (urlOnly && !this.intake.publicUrl) {
			throw new DropInputError(
				`${this.adapter.displayName} has no media store for binary files`,
				`Host the file at a public URL and put it in "Media URLs", or choose ${binaryMediaAlternatives()}.`,
				index,
			);
		}
		// Stored binaries carry n8n's id, so a file shared by many items is read once; in-memory ones are hashed.
		const file = await this.describe(binary.id && `binary ${binary.id}`, () => binary.read(), async () => ({ mimeType: binary.mimeType, fileName: binary.fileName }));
		const known = { contentType: file.mimeType, bytes: file.bytes, sha256: file.sha256 };
		if (urlOnly) return { url: this.hostedUrl(file, index), fileName: file.fileName, ...known };
		if (!uploader) return { fileName: file.fileName, ...known };
		this.toStore.add(file.sha256);
		return { ...uploader.plannedReference(await this.mediaFile(file)), ...known };
	}

	/**
	 * The provider fetches the file from n8n itself (its signed binary-data URL), which must be
	 * reachable from the internet: a loopback or private address means WEBHOOK_URL is not set to
	 * n8n's public address. A dry run says so as a warning.
	 */
	private hostedUrl(file: DropFile, index: number): string {
		let url = this.hosted.get(file.sha256);
		if (url) return url;
		try {
			url = this.intake.publicUrl!(index, this.options.hostedUrlLifetimeMs);
			const { hostname } = new URL(url);
			if (!this.options.allowPrivateMediaHost && isPrivateHost(hostname)) {
				throw new DropInputError(
					`${this.adapter.displayName} would have to fetch ${file.fileName} from ${hostname}, which it cannot reach`,
					`n8n serves the file at a URL built from its WEBHOOK_URL (now ${new URL(url).origin}): set WEBHOOK_URL to n8n's public address. If the provider is inside the same network, turn on the option Allow Private Media Host.`,
					index,
				);
			}
		} catch (error) {
			if (!(error instanceof DropInputError) || !this.options.dryRun) throw error;
			this.warnings.add(`${error.message}. ${error.description ?? ''}`.trim());
			url = `https://n8n.invalid/binary-data/${file.sha256}`;
		}
		this.hosted.set(file.sha256, url);
		return url;
	}

	private async mediaFile(file: DropFile): Promise<MediaFile> {
		return { data: await this.bytes.of(file), mimeType: file.mimeType, fileName: file.fileName, sha256: file.sha256 };
	}

	private async store(credentials: ProviderCredentials, dropFile: DropFile, env: RequestEnv): Promise<{ reference: MediaRef; requests: number }> {
		const uploader = this.adapter.upload!;
		const file = await this.mediaFile(dropFile);
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
