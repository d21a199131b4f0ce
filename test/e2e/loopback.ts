/**
 * The loopback web the e2e workflows talk to besides the fake provider: it serves the campaign
 * picture MMS Media Prep downloads, and stands in for the user's own media host (the public place a
 * prepared file must live for providers without a media store).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import sharp from 'sharp';

import { listenOnLoopback } from '../loopback';

export interface HostedFile {
	data: Buffer;
	contentType: string;
}

/**
 * A 2400 × 1600 photo-like JPEG of about 1.5 MB (smooth gradients plus sensor-like noise): larger
 * than every carrier budget and every provider's limit for one message, so MMS Media Prep has to
 * shrink it for each profile.
 */
export async function campaignPicture(): Promise<Buffer> {
	const width = 2400;
	const height = 1600;
	const pixels = Buffer.alloc(width * height * 3);
	let seed = 7;
	const noise = () => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return (seed % 25) - 12;
	};
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const offset = (y * width + x) * 3;
			const clamp = (value: number) => Math.max(0, Math.min(255, Math.round(value)));
			pixels[offset] = clamp((x / width) * 220 + 20 + noise());
			pixels[offset + 1] = clamp((y / height) * 180 + 40 + noise());
			pixels[offset + 2] = clamp(128 + 100 * Math.sin((x + y) / 90) + noise());
		}
	}
	return await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

export class LoopbackWeb {
	/** Files PUT to /hosted/<name>, by name. */
	readonly hosted = new Map<string, HostedFile>();
	/** Paths of every GET, to count downloads. */
	readonly downloads: string[] = [];
	private server: Server | undefined;
	private originValue = '';

	constructor(private readonly picture: Buffer) {}

	get origin(): string {
		return this.originValue;
	}

	get pictureUrl(): string {
		return `${this.originValue}/media/spring-sale.jpg`;
	}

	async start(): Promise<void> {
		const server = createServer((req, res) => void this.handle(req, res));
		this.originValue = await listenOnLoopback(server);
		this.server = server;
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', this.originValue);
		if (req.method === 'GET') this.downloads.push(url.pathname);
		if (req.method === 'GET' && url.pathname === '/media/spring-sale.jpg') {
			res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': this.picture.length }).end(this.picture);
			return;
		}
		const hosted = /^\/hosted\/([\w.-]+)$/.exec(url.pathname);
		if (hosted && req.method === 'PUT') {
			const chunks: Buffer[] = [];
			for await (const chunk of req) chunks.push(chunk as Buffer);
			const data = Buffer.concat(chunks);
			this.hosted.set(hosted[1], { data, contentType: String(req.headers['content-type'] ?? 'application/octet-stream') });
			res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ url: `${this.originValue}/hosted/${hosted[1]}`, bytes: data.length }));
			return;
		}
		const file = hosted ? this.hosted.get(hosted[1]) : undefined;
		if (file && req.method === 'GET') {
			res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.data.length }).end(file.data);
			return;
		}
		res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
	}
}
