/**
 * XML for MM7: a namespace-resolved element tree for reading (MMSCs differ in prefixes, default
 * namespaces and whitespace, so readers match on namespace URI and local name, never on the
 * literal tag), and an ordered tree for writing (the MM7 schema is a sequence: element order
 * matters), written by fast-xml-parser's XMLBuilder.
 *
 * Reading is our own small reader, because what it reads comes from anyone who can reach the
 * trigger and from the MMSC that answers a drop, so it must be bounded and cost time in proportion
 * to its input (issue #13). fast-xml-parser 5.12, already a dependency, does not fit that: it
 * resolves no namespaces (the old reader copied the whole prefix map for every element on top of
 * it: declarations × elements), it bounds nothing but nesting (`maxNestedTags`, whose plain Error
 * became a 500), an element or attribute count could only be checked after its validator's full
 * pass, and its two passes (XMLValidator, then the parser with its path matcher) cost ~4 µs per
 * element warm and ~17 µs cold (measured: 16,000 elements in 64 KB, 70–170 ms). This reader makes
 * one pass with indexOf and sticky regular expressions, resolves namespaces through scopes linked
 * to their parent, and stops at the first limit a document exceeds.
 */
import { XMLBuilder } from 'fast-xml-parser';

export interface XmlAttribute {
	local: string;
	/** Namespace URI of a prefixed attribute; null for unprefixed ones (XML Namespaces §6.3). */
	ns: string | null;
	value: string;
}

export interface XmlElement {
	local: string;
	ns: string | null;
	/** The prefix as written (null = default namespace or none); kept to answer in the same style. */
	prefix: string | null;
	attributes: XmlAttribute[];
	children: XmlElement[];
	/** Character data directly inside this element, references decoded, untrimmed. */
	text: string;
}

export class XmlError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'XmlError';
	}
}

/**
 * What one document may hold. MM7 envelopes are small (TS 23.140 §8; Sinch and Mbuni examples in
 * test/fixtures/mm7): a DeliveryReportReq, a DeliverReq (its content travels as a MIME part, not in
 * the envelope), a SubmitRsp or a Fault is 1–3 KB with under 50 elements, 6 deep, and at most 5
 * attributes on one element, namespace declarations included. The largest envelope any MM7 peer
 * sends is our own SubmitReq with 1,000 recipients (MAX_RECIPIENTS_PER_REQUEST): ~40 KB, ~1,020
 * elements. Each limit is well above those and far below what a blown-up document needs.
 */
export const XML_LIMITS = {
	/** Characters in the whole document. */
	maxChars: 64 * 1024,
	maxDepth: 32,
	maxElements: 2_000,
	/** Attributes on one element, namespace declarations included. */
	maxAttributes: 32,
} as const;

/** XML Namespaces §3: the prefix `xml` is bound without a declaration. */
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/**
 * The namespace declarations of one element, linked to the scope it was opened in: elements that
 * declare nothing share their parent's scope, and a lookup walks up at most `maxDepth` scopes, so
 * nothing is copied per element however many prefixes are declared.
 */
interface Scope {
	/** Prefix ('' for the default namespace) → URI ('' undeclares the default namespace). */
	declared: Map<string, string>;
	parent: Scope | undefined;
}

const DOCUMENT_SCOPE: Scope = { declared: new Map([['xml', XML_NAMESPACE]]), parent: undefined };

function namespaceIn(scope: Scope, prefix: string): string | undefined {
	for (let at: Scope | undefined = scope; at; at = at.parent) {
		const uri = at.declared.get(prefix);
		if (uri !== undefined) return uri;
	}
	return undefined;
}

/** A qualified name (XML Namespaces §4): an optional prefix and a local part, each an XML 1.0 §2.3 name. */
const QNAME = /(?:[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*:)?[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*/y;
/** A character or entity reference (XML 1.0 §4.1), at most as long as `&#x10FFFF;`. */
const REFERENCE = /&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|([A-Za-z]{2,4}));/y;
/** Without a DTD (refused) only the predefined entities exist (XML 1.0 §4.6). */
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

interface OpenElement {
	element: XmlElement;
	/** The name as written, which the end tag must repeat. */
	name: string;
	scope: Scope;
}

/**
 * Parses one XML document into a namespace-resolved tree. Throws XmlError for anything that is not
 * a single well-formed element within XML_LIMITS, and for a DOCTYPE: SOAP 1.1 §3 forbids one in a
 * SOAP message, and refusing it also keeps entity expansion out of a webhook that anyone can reach.
 */
export function readXml(xml: string): XmlElement {
	if (xml.length > XML_LIMITS.maxChars) {
		throw new XmlError(`The document has ${xml.length} characters; an MM7 envelope has a few thousand (limit ${XML_LIMITS.maxChars})`);
	}
	// XML 1.0 §2.11: CR LF and lone CR are read as LF.
	return new XmlReader(xml.replace(/\r\n?/g, '\n')).document();
}

class XmlReader {
	private position = 0;
	private elementCount = 0;
	private readonly open: OpenElement[] = [];
	private root: XmlElement | undefined;

	constructor(private readonly source: string) {}

	document(): XmlElement {
		if (this.source.charCodeAt(0) === 0xfeff) this.position = 1;
		while (this.position < this.source.length) {
			const markup = this.source.indexOf('<', this.position);
			const textEnd = markup < 0 ? this.source.length : markup;
			if (textEnd > this.position) this.characters(this.source.slice(this.position, textEnd));
			if (markup < 0) break;
			this.position = markup;
			this.markup();
		}
		if (this.open.length > 0) this.malformed(`<${this.open[this.open.length - 1].name}> is never closed`);
		if (!this.root) this.malformed('no root element');
		return this.root;
	}

	private characters(raw: string): void {
		const current = this.open[this.open.length - 1];
		if (current) current.element.text += this.decode(raw);
		else if (raw.trim() !== '') this.malformed('text outside the root element');
	}

	private markup(): void {
		const { source, position } = this;
		if (source.startsWith('<?', position)) return this.skipPast('?>', 'processing instruction');
		if (source.startsWith('<!--', position)) return this.skipPast('-->', 'comment');
		if (source.startsWith('<![CDATA[', position)) return this.cdata();
		if (source.startsWith('<!DOCTYPE', position)) throw new XmlError('A SOAP message must not contain a DOCTYPE (SOAP 1.1 §3)');
		if (source.startsWith('</', position)) return this.endTag();
		this.startTag();
	}

	private skipPast(terminator: string, what: string): void {
		const end = this.source.indexOf(terminator, this.position + 2);
		if (end < 0) this.malformed(`a ${what} is never closed`);
		this.position = end + terminator.length;
	}

	private cdata(): void {
		const start = this.position + '<![CDATA['.length;
		const end = this.source.indexOf(']]>', start);
		if (end < 0) this.malformed('a CDATA section is never closed');
		const current = this.open[this.open.length - 1];
		if (!current) this.malformed('a CDATA section outside the root element');
		current.element.text += this.source.slice(start, end);
		this.position = end + ']]>'.length;
	}

	private startTag(): void {
		this.position++;
		const name = this.name('an element name');
		const attributes: Array<[string, string]> = [];
		for (;;) {
			const spaced = this.skipSpace();
			if (this.source.startsWith('/>', this.position)) {
				this.position += 2;
				return this.openElement(name, attributes, true);
			}
			if (this.source[this.position] === '>') {
				this.position++;
				return this.openElement(name, attributes, false);
			}
			if (this.position >= this.source.length) this.malformed(`<${name} is never closed`);
			if (!spaced) this.malformed(`the attributes of <${name}> need white space between them`);
			if (attributes.length === XML_LIMITS.maxAttributes) this.tooLarge(`more than ${XML_LIMITS.maxAttributes} attributes on <${name}>`);
			attributes.push(this.attribute(name, attributes));
		}
	}

	private attribute(element: string, earlier: Array<[string, string]>): [string, string] {
		const name = this.name(`an attribute name in <${element}>`);
		this.skipSpace();
		if (this.source[this.position] !== '=') this.malformed(`attribute ${name} of <${element}> has no value`);
		this.position++;
		this.skipSpace();
		const quote = this.source[this.position];
		if (quote !== '"' && quote !== "'") this.malformed(`the value of attribute ${name} is not quoted`);
		const close = this.source.indexOf(quote, this.position + 1);
		if (close < 0) this.malformed(`the value of attribute ${name} is never closed`);
		const raw = this.source.slice(this.position + 1, close);
		if (raw.includes('<')) this.malformed(`the value of attribute ${name} contains "<"`);
		if (earlier.some(([earlierName]) => earlierName === name)) this.malformed(`attribute ${name} appears twice on <${element}>`);
		this.position = close + 1;
		// XML 1.0 §3.3.3: white space characters in a value are read as spaces.
		return [name, this.decode(raw.replace(/[\t\n]/g, ' '))];
	}

	private openElement(name: string, attributes: Array<[string, string]>, empty: boolean): void {
		const parent = this.open[this.open.length - 1];
		if (!parent && this.root) this.malformed('more than one root element');
		if (this.open.length === XML_LIMITS.maxDepth) this.tooLarge(`elements nested deeper than ${XML_LIMITS.maxDepth}`);
		if (++this.elementCount > XML_LIMITS.maxElements) this.tooLarge(`more than ${XML_LIMITS.maxElements} elements`);

		const parentScope = parent?.scope ?? DOCUMENT_SCOPE;
		let scope = parentScope;
		for (const [key, value] of attributes) {
			if (key !== 'xmlns' && !key.startsWith('xmlns:')) continue;
			if (scope === parentScope) scope = { declared: new Map(), parent: parentScope };
			scope.declared.set(key === 'xmlns' ? '' : key.slice('xmlns:'.length), value);
		}
		const [prefix, local] = splitName(name);
		const element: XmlElement = { local, ns: this.resolve(scope, prefix, `<${name}>`), prefix, attributes: [], children: [], text: '' };
		for (const [key, value] of attributes) {
			if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
			const [attributePrefix, attributeLocal] = splitName(key);
			// Unprefixed attributes are in no namespace, whatever the default (XML Namespaces §6.3).
			const ns = attributePrefix === null ? null : this.resolve(scope, attributePrefix, `attribute ${key}`);
			element.attributes.push({ local: attributeLocal, ns, value });
		}
		if (parent) parent.element.children.push(element);
		else this.root = element;
		if (!empty) this.open.push({ element, name, scope });
	}

	/** The namespace of a name with this prefix (null: unprefixed, no default namespace). */
	private resolve(scope: Scope, prefix: string | null, what: string): string | null {
		const uri = namespaceIn(scope, prefix ?? '');
		if (prefix === null) return uri || null;
		if (!uri) throw new XmlError(`Undeclared namespace prefix "${prefix}" on ${what} (line ${this.line()})`);
		return uri;
	}

	private endTag(): void {
		this.position += 2;
		const name = this.name('an element name after "</"');
		this.skipSpace();
		if (this.source[this.position] !== '>') this.malformed(`</${name} is never closed`);
		this.position++;
		const current = this.open.pop();
		if (!current) this.malformed(`</${name}> closes no element`);
		if (current.name !== name) this.malformed(`</${name}> does not close <${current.name}>`);
	}

	private name(what: string): string {
		QNAME.lastIndex = this.position;
		const match = QNAME.exec(this.source);
		if (!match) this.malformed(`expected ${what}`);
		this.position += match[0].length;
		return match[0];
	}

	/** Skips white space (XML 1.0 §2.3 S); true when there was some. */
	private skipSpace(): boolean {
		const start = this.position;
		while (this.position < this.source.length) {
			const code = this.source.charCodeAt(this.position);
			if (code !== 0x20 && code !== 0x0a && code !== 0x09 && code !== 0x0d) break;
			this.position++;
		}
		return this.position > start;
	}

	/** Character data with its references replaced (XML 1.0 §4.1). */
	private decode(raw: string): string {
		let amp = raw.indexOf('&');
		if (amp < 0) return raw;
		const pieces: string[] = [];
		let from = 0;
		while (amp >= 0) {
			REFERENCE.lastIndex = amp;
			const match = REFERENCE.exec(raw);
			if (!match) this.malformed(`"&" that starts no reference: "${raw.slice(amp, amp + 12)}"`);
			pieces.push(raw.slice(from, amp), this.referenced(match));
			from = REFERENCE.lastIndex;
			amp = raw.indexOf('&', from);
		}
		pieces.push(raw.slice(from));
		return pieces.join('');
	}

	private referenced([reference, hex, decimal, entity]: RegExpExecArray): string {
		if (entity !== undefined) {
			if (!Object.hasOwn(PREDEFINED_ENTITIES, entity)) this.malformed(`unknown entity ${reference} (a SOAP message has no DTD to declare it)`);
			return PREDEFINED_ENTITIES[entity];
		}
		const code = hex !== undefined ? parseInt(hex, 16) : parseInt(decimal, 10);
		if (!isXmlCharacter(code)) this.malformed(`${reference} is not an XML character`);
		return String.fromCodePoint(code);
	}

	private line(): number {
		let line = 1;
		for (let at = this.source.indexOf('\n'); at >= 0 && at < this.position; at = this.source.indexOf('\n', at + 1)) line++;
		return line;
	}

	private malformed(detail: string): never {
		throw new XmlError(`Not well-formed XML: ${detail} (line ${this.line()})`);
	}

	private tooLarge(detail: string): never {
		throw new XmlError(`The document has ${detail}; an MM7 envelope has far fewer (line ${this.line()})`);
	}
}

/** XML 1.0 §2.2 Char. */
function isXmlCharacter(code: number): boolean {
	return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function splitName(name: string): [string | null, string] {
	const colon = name.indexOf(':');
	return colon < 0 ? [null, name] : [name.slice(0, colon), name.slice(colon + 1)];
}

/** First child with this local name (and namespace, when given). */
export function childOf(element: XmlElement | undefined, local: string, ns?: string): XmlElement | undefined {
	return element?.children.find((child) => child.local === local && (ns === undefined || child.ns === ns));
}

export function childrenOf(element: XmlElement | undefined, local: string): XmlElement[] {
	return element?.children.filter((child) => child.local === local) ?? [];
}

/** Trimmed text of an element; undefined when the element is absent or empty. */
export function textOf(element: XmlElement | undefined): string | undefined {
	const value = element?.text.trim();
	return value ? value : undefined;
}

export function attributeOf(element: XmlElement | undefined, local: string, ns: string | null = null): string | undefined {
	return element?.attributes.find((attribute) => attribute.local === local && attribute.ns === ns)?.value;
}

/**
 * The element as plain JSON for a trigger item's `raw`: attributes and children by local name
 * (repeated children become arrays), text content as the value of a leaf. Names become own keys
 * (a child named `constructor` or `__proto__` is a field like any other), and repeats are
 * appended, not copied.
 */
export function toPlain(element: XmlElement): unknown {
	if (element.children.length === 0 && element.attributes.length === 0) return element.text.trim();
	const fields = new Map<string, unknown>();
	for (const attribute of element.attributes) fields.set(`@${attribute.local}`, attribute.value);
	for (const child of element.children) {
		const value = toPlain(child);
		const existing = fields.get(child.local);
		if (existing === undefined) fields.set(child.local, value);
		else if (Array.isArray(existing)) existing.push(value);
		else fields.set(child.local, [existing, value]);
	}
	const text = element.text.trim();
	if (text && element.children.length === 0) fields.set('#text', text);
	return Object.fromEntries(fields);
}

/** An element to write: name as it should appear (prefix included), attributes, then children or text. */
export interface XmlNode {
	name: string;
	attributes?: Record<string, string>;
	children?: XmlNode[];
	text?: string;
}

/** fast-xml-parser's ordered form: `{ tag: children[], ':@': attributes }` or `{ '#text': value }`. */
type OrderedNode = Record<string, unknown>;

const ATTRIBUTES_KEY = ':@';
const TEXT_KEY = '#text';

const builder = new XMLBuilder({
	preserveOrder: true,
	ignoreAttributes: false,
	attributeNamePrefix: '',
	suppressEmptyNode: true,
	format: false,
});

/** Serializes a tree with an XML declaration; text and attribute values are escaped by the builder. */
export function writeXml(root: XmlNode): string {
	return '<?xml version="1.0" encoding="UTF-8"?>' + builder.build([toOrdered(root)]);
}

function toOrdered(node: XmlNode): OrderedNode {
	const content: OrderedNode[] = node.children?.map(toOrdered) ?? (node.text !== undefined && node.text !== '' ? [{ [TEXT_KEY]: node.text }] : []);
	const ordered: OrderedNode = { [node.name]: content };
	if (node.attributes && Object.keys(node.attributes).length > 0) ordered[ATTRIBUTES_KEY] = node.attributes;
	return ordered;
}
