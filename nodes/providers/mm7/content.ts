/**
 * The multimedia message itself, the second part of a SubmitReq/DeliverReq (providers.md §9
 * "Transport"): a multipart/related whose root is a SMIL presentation that places the text and
 * each media item, every part with Content-ID, Content-Type and Content-Transfer-Encoding. Sinch
 * requires the SMIL ("SMIL is Required", MM7_Submit), and handsets lay the slides out from it.
 */
import { createHash } from 'node:crypto';

import { EXTENSION_BY_MEDIA_TYPE } from '../shared';
import type { MediaRef, OutboundMessage } from '../types';
import {
	decodeText,
	decodeTransferEncoding,
	MIME_LIMITS,
	type MimePart,
	normalizeContentId,
	parseContentType,
	readMultipart,
	writeMultipart,
} from './mime';
import { writeXml, type XmlNode } from './xml';

const SMIL_ID = 'mms.smil';
const TEXT_ID = 'text.txt';

const TYPE_BY_EXTENSION: Record<string, string> = {
	...Object.fromEntries(Object.entries(EXTENSION_BY_MEDIA_TYPE).map(([type, extension]) => [extension, type])),
	jpeg: 'image/jpeg',
	vcard: 'text/vcard',
};

/** The media's declared type, else one inferred from its file name; undefined when neither says. */
export function mediaTypeOf(media: MediaRef): string | undefined {
	const declared = media.contentType?.split(';')[0].trim().toLowerCase();
	if (declared && declared !== 'application/octet-stream') return declared;
	const extension = /\.([A-Za-z0-9]{1,8})$/.exec(media.fileName ?? '')?.[1]?.toLowerCase();
	return extension ? TYPE_BY_EXTENSION[extension] : undefined;
}

interface ContentItem {
	id: string;
	contentType: string;
	data: Buffer;
}

/** The SMIL element for a media type (SMIL 2.0 basic media objects; `ref` for anything else). */
function smilElementFor(contentType: string): { name: string; region?: string } {
	if (contentType.startsWith('image/')) return { name: 'img', region: 'Image' };
	if (contentType.startsWith('video/')) return { name: 'video', region: 'Image' };
	if (contentType.startsWith('audio/')) return { name: 'audio' };
	return { name: 'ref' };
}

/**
 * One slide per media item, text on the first slide (one slide if there is no media): the layout
 * MMS clients render for a picture message with a caption.
 */
function smilFor(text: ContentItem | undefined, media: ContentItem[]): string {
	const slides: XmlNode[] = (media.length > 0 ? media : [undefined]).map((item, index) => {
		const children: XmlNode[] = [];
		if (item) {
			const element = smilElementFor(item.contentType);
			children.push({ name: element.name, attributes: { src: `cid:${item.id}`, ...(element.region ? { region: element.region } : {}) } });
		}
		if (text && index === 0) children.push({ name: 'text', attributes: { src: `cid:${text.id}`, region: 'Text' } });
		return { name: 'par', attributes: { dur: '5000ms' }, children };
	});
	return writeXml({
		name: 'smil',
		children: [
			{
				name: 'head',
				children: [
					{
						name: 'layout',
						children: [
							{ name: 'root-layout', attributes: { width: '100%', height: '100%' } },
							{ name: 'region', attributes: { id: 'Image', left: '0', top: '0', width: '100%', height: '70%', fit: 'meet' } },
							{ name: 'region', attributes: { id: 'Text', left: '0', top: '70%', width: '100%', height: '30%', fit: 'scroll' } },
						],
					},
				],
			},
			{ name: 'body', children: slides },
		],
	});
}

/** The MMS as one MIME entity (headers + body) with the given Content-ID, ready to be the SubmitReq's second part. */
export function writeMmsContent(message: OutboundMessage, contentId: string): { headers: Array<[string, string]>; body: Buffer } {
	const text = message.text ? { id: TEXT_ID, contentType: 'text/plain; charset=utf-8', data: Buffer.from(message.text, 'utf8') } : undefined;
	const media = message.media.map((item, index): ContentItem => {
		if (!item.data) throw new Error(`Media ${item.fileName ?? index + 1} has no inline content; MM7 carries media inside the request`);
		const contentType = mediaTypeOf(item) ?? 'application/octet-stream';
		const extension = EXTENSION_BY_MEDIA_TYPE[contentType] ?? 'bin';
		return { id: `media-${index + 1}.${extension}`, contentType, data: item.data };
	});
	const smil: ContentItem = { id: SMIL_ID, contentType: 'application/smil; charset=utf-8', data: Buffer.from(smilFor(text, media), 'utf8') };
	const items = [smil, ...(text ? [text] : []), ...media];
	const boundary = boundaryFor('mms', items.map((item) => item.data));
	const body = writeMultipart(
		boundary,
		items.map((item) => ({
			headers: [
				['Content-Type', item.contentType],
				['Content-ID', `<${item.id}>`],
				// Handsets name saved attachments after Content-Location.
				['Content-Location', item.id],
				// HTTP is 8-bit clean, and binary is what MMSCs document for media (Sinch MO example).
				['Content-Transfer-Encoding', 'binary'],
			],
			body: item.data,
		})),
	);
	return {
		headers: [
			['Content-Type', `multipart/related; boundary="${boundary}"; type="application/smil"; start="<${SMIL_ID}>"`],
			['Content-ID', `<${contentId}>`],
		],
		body,
	};
}

/**
 * A boundary derived from the content it separates: the same message always gets the same bytes
 * (no randomness in a pure adapter), and a delimiter that is a hash of the parts cannot be one of
 * their lines except by a SHA-256 collision.
 */
export function boundaryFor(label: string, parts: Buffer[]): string {
	const hash = createHash('sha256');
	for (const part of parts) hash.update(part);
	return `=_${label}_${hash.digest('hex').slice(0, 32)}`;
}

/** What an inbound MMS (DeliverReq content) holds. */
export interface InboundContent {
	text: string | null;
	media: Array<{ contentType: string; data: Buffer }>;
}

/** Nested multiparts deeper than this are not MMS content (handsets produce one level). */
const MAX_NESTING = 3;

/**
 * Text parts joined, SMIL dropped (it only lays out the rest), every other part as media. All the
 * nested multiparts together hold at most MIME_LIMITS.maxParts parts.
 */
export function readMmsContent(entity: MimePart): InboundContent {
	const leaves = leafParts(entity, 0, { partsLeft: MIME_LIMITS.maxParts });
	const texts: string[] = [];
	const media: InboundContent['media'] = [];
	for (const leaf of leaves) {
		const { mediaType, params } = parseContentType(leaf.headers['content-type'] ?? 'text/plain');
		const data = decodeTransferEncoding(leaf);
		if (mediaType === 'application/smil') continue;
		if (mediaType === 'text/plain') texts.push(decodeText(data, params.charset));
		else media.push({ contentType: mediaType || 'application/octet-stream', data });
	}
	return { text: texts.length > 0 ? texts.join('\n') : null, media };
}

function leafParts(entity: MimePart, depth: number, budget: { partsLeft: number }): MimePart[] {
	const { mediaType, params } = parseContentType(entity.headers['content-type']);
	if (!mediaType.startsWith('multipart/') || !params.boundary || depth >= MAX_NESTING) return [entity];
	const parts = readMultipart(decodeTransferEncoding(entity), params.boundary, budget.partsLeft);
	budget.partsLeft -= parts.length;
	return parts.flatMap((part) => leafParts(part, depth + 1, budget));
}

/** The part a `Content href="cid:…"` points at. */
export function partById(parts: MimePart[], href: string | undefined): MimePart | undefined {
	const wanted = normalizeContentId(href);
	return wanted === undefined ? undefined : parts.find((part) => normalizeContentId(part.headers['content-id']) === wanted);
}
