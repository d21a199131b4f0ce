/**
 * The MIME side of MM7 (providers.md §9 "Transport"): SubmitReq/DeliverReq travel as
 * multipart/related (RFC 2387) whose root is the SOAP envelope and whose second part is the MMS
 * itself, again a multipart. Writing is strict RFC 2046 (CRLF everywhere); reading is lenient,
 * because MMSCs in the field send bare LFs and unbracketed Content-IDs.
 */

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

/** Splits a multipart body on its boundary; tolerant of LF line ends and of a missing close delimiter. */
export function readMultipart(body: Buffer, boundary: string): MimePart[] {
	const delimiter = Buffer.from(`--${boundary}`, 'latin1');
	const starts: number[] = [];
	let from = 0;
	for (;;) {
		const found = body.indexOf(delimiter, from);
		if (found < 0) break;
		// A delimiter only counts at the start of the body or of a line (RFC 2046 §5.1.1).
		if (found === 0 || body[found - 1] === 0x0a) starts.push(found);
		from = found + delimiter.length;
	}
	if (starts.length === 0) throw new MimeError(`No part delimited by boundary "${boundary}"`);
	const parts: MimePart[] = [];
	for (let i = 0; i < starts.length; i++) {
		const afterDelimiter = starts[i] + delimiter.length;
		if (body[afterDelimiter] === 0x2d && body[afterDelimiter + 1] === 0x2d) break; // close delimiter
		const lineEnd = body.indexOf(0x0a, afterDelimiter);
		if (lineEnd < 0) break;
		const end = i + 1 < starts.length ? starts[i + 1] : body.length;
		parts.push(readPart(body.subarray(lineEnd + 1, end)));
	}
	if (parts.length === 0) throw new MimeError('Multipart body has no parts');
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

/** Undoes Content-Transfer-Encoding: base64 and quoted-printable; 7bit/8bit/binary are identity. */
export function decodeTransferEncoding(part: MimePart): Buffer {
	const encoding = (part.headers['content-transfer-encoding'] ?? '').trim().toLowerCase();
	if (encoding === 'base64') return Buffer.from(part.body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
	if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body.toString('latin1'));
	return part.body;
}

/** RFC 2045 §6.7: `=XX` octets and `=` soft line breaks. */
function decodeQuotedPrintable(text: string): Buffer {
	const unfolded = text.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < unfolded.length; i++) {
		const hex = unfolded.slice(i + 1, i + 3);
		if (unfolded[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else bytes.push(unfolded.charCodeAt(i) & 0xff);
	}
	return Buffer.from(bytes);
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
			if (!(error instanceof MimeError) || body.toString('latin1').trimStart().startsWith('--')) throw error;
		}
		if (parts) {
			const start = normalizeContentId(params.start);
			const root = (start && parts.find((part) => normalizeContentId(part.headers['content-id']) === start)) || parts[0];
			const rootType = parseContentType(root.headers['content-type']);
			return { xml: decodeText(decodeTransferEncoding(root), rootType.params.charset), parts, root };
		}
	}
	return { xml: decodeText(body, params.charset), parts: [], root: undefined };
}
