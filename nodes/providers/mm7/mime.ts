/**
 * The MIME side of MM7 (providers.md §9 "Transport"): SubmitReq/DeliverReq travel as
 * multipart/related (RFC 2387) whose root is the SOAP envelope and whose second part is the MMS
 * itself, again a multipart. Writing is strict RFC 2046 (CRLF everywhere); reading is lenient,
 * because MMSCs in the field send bare LFs and unbracketed Content-IDs.
 */
import { XML_LIMITS, XmlError } from './xml';

export interface MimePart {
	/** Header names in lower case. */
	headers: Record<string, string>;
	body: Buffer;
}

const CRLF = '\r\n';

/** Writes the parts of one multipart body, delimited by `boundary` (the caller makes it unique). */
export function writeMultipart(boundary: string, parts: Array<{ headers: Array<[string, string]>; body: Buffer }>): Buffer {
	const chunks: Buffer[] = [];
	for (const part of parts) {
		const head = part.headers.map(([name, value]) => `${name}: ${value}${CRLF}`).join('');
		chunks.push(Buffer.from(`--${boundary}${CRLF}${head}${CRLF}`, 'utf8'), part.body, Buffer.from(CRLF, 'ascii'));
	}
	chunks.push(Buffer.from(`--${boundary}--${CRLF}`, 'ascii'));
	return Buffer.concat(chunks);
}

export interface ContentType {
	/** `type/subtype`, lower case. */
	mediaType: string;
	/** Parameter names in lower case; values unquoted. */
	params: Record<string, string>;
}

/** RFC 2045 §5.1 Content-Type with quoted-string parameters (`start="<a;b>"` keeps its `;`). */
export function parseContentType(value: string | undefined): ContentType {
	const text = value ?? '';
	let index = text.indexOf(';');
	const mediaType = (index < 0 ? text : text.slice(0, index)).trim().toLowerCase();
	const params: Record<string, string> = {};
	while (index >= 0 && index < text.length) {
		index++;
		const equals = text.indexOf('=', index);
		if (equals < 0) break;
		const name = text.slice(index, equals).trim().toLowerCase();
		let cursor = equals + 1;
		while (text[cursor] === ' ' || text[cursor] === '\t') cursor++;
		let parsed = '';
		if (text[cursor] === '"') {
			cursor++;
			while (cursor < text.length && text[cursor] !== '"') {
				if (text[cursor] === '\\' && cursor + 1 < text.length) cursor++;
				parsed += text[cursor++];
			}
			cursor++;
			index = text.indexOf(';', cursor);
		} else {
			const end = text.indexOf(';', cursor);
			parsed = (end < 0 ? text.slice(cursor) : text.slice(cursor, end)).trim();
			index = end;
		}
		if (name) params[name] = parsed;
	}
	return { mediaType, params };
}

/** `<abc@x>` → `abc@x`; also takes the bare and `cid:` forms MMSCs write. */
export function normalizeContentId(value: string | undefined): string | undefined {
	if (!value) return undefined;
	let id = value.trim();
	if (id.toLowerCase().startsWith('cid:')) id = id.slice(4);
	if (id.startsWith('<') && id.endsWith('>')) id = id.slice(1, -1);
	return id.trim() || undefined;
}

export class MimeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MimeError';
	}
}

/**
 * What one multipart body may hold. An MMSC's DeliverReq is two parts, the envelope and the
 * message (providers.md §9 "Transport"; Sinch MM7_Deliver), and a handset's message is a SMIL with
 * a text and a few media (the OMA "Megapixel" class caps a whole message at 600 KB, media.md
 * §1.4): about ten parts in all. A request or message with more parts than `maxParts`, counted over its
 * nested multiparts together, or a part whose header block exceeds `maxHeaderBytes` (a part has
 * five or so fields of at most 998 characters, RFC 5322 §2.1.1) is not MMS content.
 */
export const MIME_LIMITS = {
	maxParts: 64,
	maxHeaderBytes: 8 * 1024,
} as const;

/** RFC 2046 §5.1.1: a boundary is 1 to 70 characters. */
const MAX_BOUNDARY_LENGTH = 70;

/**
 * Splits a multipart body on its boundary; tolerant of LF line ends and of a missing close
 * delimiter. Reading stops at the close delimiter (what follows is the epilogue) and at the
 * first part beyond `maxParts`, so a body of a million empty parts costs no more than 65 of them.
 */
export function readMultipart(body: Buffer, boundary: string, maxParts: number = MIME_LIMITS.maxParts): MimePart[] {
	if (boundary.length > MAX_BOUNDARY_LENGTH) throw new MimeError(`The boundary has ${boundary.length} characters; RFC 2046 allows ${MAX_BOUNDARY_LENGTH}`);
	const delimiter = Buffer.from(`--${boundary}`, 'latin1');
	const parts: MimePart[] = [];
	let partStart = -1;
	for (let from = 0; ; ) {
		const found = body.indexOf(delimiter, from);
		if (found < 0) break;
		from = found + delimiter.length;
		// A delimiter only counts at the start of the body or of a line (RFC 2046 §5.1.1).
		if (found > 0 && body[found - 1] !== 0x0a) continue;
		if (partStart >= 0) parts.push(readPart(body.subarray(partStart, found)));
		if (body[from] === 0x2d && body[from + 1] === 0x2d) return finished(parts, boundary); // close delimiter
		if (parts.length === maxParts) throw new MimeError(`More MIME parts than the ${MIME_LIMITS.maxParts} a request or message may hold; an MMS has about ten`);
		const lineEnd = body.indexOf(0x0a, from);
		if (lineEnd < 0) return finished(parts, boundary);
		partStart = lineEnd + 1;
	}
	if (partStart >= 0) parts.push(readPart(body.subarray(partStart)));
	return finished(parts, boundary);
}

function finished(parts: MimePart[], boundary: string): MimePart[] {
	if (parts.length === 0) throw new MimeError(`No part delimited by boundary "${boundary}"`);
	return parts;
}

function readPart(raw: Buffer): MimePart {
	let headerEnd = raw.indexOf('\r\n\r\n');
	let bodyStart = headerEnd + 4;
	const lfOnly = raw.indexOf('\n\n');
	if (headerEnd < 0 || (lfOnly >= 0 && lfOnly < headerEnd)) {
		headerEnd = lfOnly;
		bodyStart = lfOnly + 2;
	}
	// A part that starts with its blank line has no headers.
	if (raw[0] === 0x0d && raw[1] === 0x0a) [headerEnd, bodyStart] = [0, 2];
	else if (raw[0] === 0x0a) [headerEnd, bodyStart] = [0, 1];
	if (headerEnd < 0) throw new MimeError('A MIME part has no blank line after its headers');
	if (headerEnd > MIME_LIMITS.maxHeaderBytes) throw new MimeError(`A MIME part has ${headerEnd} bytes of headers (limit ${MIME_LIMITS.maxHeaderBytes})`);

	const headers: Record<string, string> = {};
	// Folded header lines (RFC 5322 §2.2.3) continue with whitespace.
	const lines = raw.subarray(0, headerEnd).toString('latin1').split(/\r?\n/);
	let current: string | undefined;
	for (const line of lines) {
		if (/^[ \t]/.test(line) && current) headers[current] += ' ' + line.trim();
		else {
			const colon = line.indexOf(':');
			if (colon <= 0) continue;
			current = line.slice(0, colon).trim().toLowerCase();
			headers[current] = line.slice(colon + 1).trim();
		}
	}
	// The line break before the next delimiter belongs to the delimiter (RFC 2046 §5.1.1).
	let end = raw.length;
	if (raw[end - 1] === 0x0a) end--;
	if (raw[end - 1] === 0x0d) end--;
	return { headers, body: raw.subarray(bodyStart, Math.max(bodyStart, end)) };
}

/**
 * Undoes Content-Transfer-Encoding: base64 and quoted-printable; 7bit/8bit/binary are identity.
 * Node's base64 decoder skips line breaks and other non-alphabet bytes itself (a regular
 * expression that removed them first cost 140 ms on 8 MB).
 */
export function decodeTransferEncoding(part: MimePart): Buffer {
	const encoding = (part.headers['content-transfer-encoding'] ?? '').trim().toLowerCase();
	if (encoding === 'base64') return Buffer.from(part.body.toString('latin1'), 'base64');
	if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
	return part.body;
}

/** RFC 2045 §6.7: `=XX` octets and `=` soft line breaks, byte by byte into one buffer. */
function decodeQuotedPrintable(encoded: Buffer): Buffer {
	const decoded = Buffer.allocUnsafe(encoded.length);
	let length = 0;
	for (let i = 0; i < encoded.length; i++) {
		const byte = encoded[i];
		if (byte === 0x3d) {
			if (encoded[i + 1] === 0x0a) {
				i += 1;
				continue;
			}
			if (encoded[i + 1] === 0x0d && encoded[i + 2] === 0x0a) {
				i += 2;
				continue;
			}
			const high = hexValue(encoded[i + 1]);
			const low = hexValue(encoded[i + 2]);
			if (high >= 0 && low >= 0) {
				decoded[length++] = high * 16 + low;
				i += 2;
				continue;
			}
		}
		decoded[length++] = byte;
	}
	return decoded.subarray(0, length);
}

/** The value of an ASCII hex digit; -1 for anything else (undefined past the end included). */
function hexValue(byte: number | undefined): number {
	if (byte === undefined) return -1;
	if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
	if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
	if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
	return -1;
}

/** Text in the part's declared charset; unknown charsets are read as UTF-8 rather than failing the event. */
export function decodeText(data: Buffer, charset: string | undefined): string {
	try {
		return new TextDecoder(charset?.trim() || 'utf-8').decode(data);
	} catch {
		return new TextDecoder('utf-8').decode(data);
	}
}

/** An MM7 HTTP body: the SOAP envelope's XML, and every MIME part when it came as multipart/related. */
export interface SoapMessage {
	xml: string;
	/** All parts, the root included; empty for a plain text/xml body. */
	parts: MimePart[];
	root: MimePart | undefined;
}

/**
 * Finds the envelope: the part named by the `start` parameter, else the first part (RFC 2387 §3.2).
 * A body that claims multipart but holds bare XML (Sinch's delivery-report example does that) is
 * read as the XML it is.
 */
export function readSoapMessage(contentType: string | undefined, body: Buffer): SoapMessage {
	const { mediaType, params } = parseContentType(contentType);
	if (mediaType.startsWith('multipart/') && params.boundary) {
		let parts: MimePart[] | undefined;
		try {
			parts = readMultipart(body, params.boundary);
		} catch (error) {
			if (!(error instanceof MimeError) || startsWithDelimiter(body)) throw error;
		}
		if (parts) {
			const start = normalizeContentId(params.start);
			const root = (start && parts.find((part) => normalizeContentId(part.headers['content-id']) === start)) || parts[0];
			const rootType = parseContentType(root.headers['content-type']);
			refuseOversizedEnvelope(root.body);
			return { xml: decodeText(decodeTransferEncoding(root), rootType.params.charset), parts, root };
		}
	}
	refuseOversizedEnvelope(body);
	return { xml: decodeText(body, params.charset), parts: [], root: undefined };
}

/** Whether the body's first non-blank bytes are `--`, as a multipart body's are. */
function startsWithDelimiter(body: Buffer): boolean {
	let at = 0;
	while (at < body.length && (body[at] === 0x20 || body[at] === 0x09 || body[at] === 0x0d || body[at] === 0x0a)) at++;
	return body[at] === 0x2d && body[at + 1] === 0x2d;
}

/**
 * No charset or transfer encoding of an envelope the XML reader takes needs more than 4 bytes per
 * character: anything larger is refused before decoding costs time in proportion to its size.
 */
function refuseOversizedEnvelope(data: Buffer): void {
	const limit = 4 * XML_LIMITS.maxChars;
	if (data.length > limit) throw new XmlError(`The SOAP envelope has ${data.length} bytes; an MM7 envelope has a few thousand (limit ${limit})`);
}
