/**
 * XML for MM7, through fast-xml-parser: a namespace-resolved element tree for reading (MMSCs
 * differ in prefixes, default namespaces and whitespace, so readers match on namespace URI and
 * local name, never on the literal tag), and an ordered tree for writing (the MM7 schema is a
 * sequence: element order matters).
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

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
	/** Character data directly inside this element, entities decoded, untrimmed. */
	text: string;
}

export class XmlError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'XmlError';
	}
}

/** fast-xml-parser's ordered form: `{ tag: children[], ':@': attributes }` or `{ '#text': value }`. */
type OrderedNode = Record<string, unknown>;

const ATTRIBUTES_KEY = ':@';
const TEXT_KEY = '#text';

const parser = new XMLParser({
	preserveOrder: true,
	ignoreAttributes: false,
	attributeNamePrefix: '',
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: false,
	ignoreDeclaration: true,
	ignorePiTags: true,
	// Numeric character references (&#x41;) are XML; without this they would stay undecoded.
	htmlEntities: true,
});

/**
 * Parses one XML document into a namespace-resolved tree. Throws XmlError for anything that is not
 * a single well-formed element, and for a DOCTYPE: SOAP 1.1 §3 forbids one in a SOAP message, and
 * refusing it also keeps entity expansion out of a webhook that anyone can reach.
 */
export function readXml(xml: string): XmlElement {
	if (xml.includes('<!DOCTYPE')) throw new XmlError('A SOAP message must not contain a DOCTYPE (SOAP 1.1 §3)');
	const valid = XMLValidator.validate(xml);
	if (valid !== true) throw new XmlError(`Not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
	const roots = (parser.parse(xml) as OrderedNode[]).filter((node) => elementName(node) !== undefined);
	if (roots.length !== 1) throw new XmlError(`Expected one root element, found ${roots.length}`);
	return resolve(roots[0], new Map());
}

function elementName(node: OrderedNode): string | undefined {
	return Object.keys(node).find((key) => key !== ATTRIBUTES_KEY && key !== TEXT_KEY && !key.startsWith('?') && !key.startsWith('!'));
}

function resolve(node: OrderedNode, inherited: Map<string, string>): XmlElement {
	const name = elementName(node)!;
	const rawAttributes = (node[ATTRIBUTES_KEY] ?? {}) as Record<string, string>;
	const scope = new Map(inherited);
	for (const [key, value] of Object.entries(rawAttributes)) {
		if (key === 'xmlns') scope.set('', value);
		else if (key.startsWith('xmlns:')) scope.set(key.slice('xmlns:'.length), value);
	}
	const [prefix, local] = splitName(name);
	const ns = scope.get(prefix ?? '') || null;
	if (prefix !== null && ns === null) throw new XmlError(`Undeclared namespace prefix "${prefix}" on <${name}>`);

	const attributes: XmlAttribute[] = [];
	for (const [key, value] of Object.entries(rawAttributes)) {
		if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
		const [attributePrefix, attributeLocal] = splitName(key);
		const attributeNs = attributePrefix === null ? null : (scope.get(attributePrefix) ?? null);
		if (attributePrefix !== null && attributeNs === null) throw new XmlError(`Undeclared namespace prefix "${attributePrefix}" on attribute ${key}`);
		attributes.push({ local: attributeLocal, ns: attributeNs, value: String(value) });
	}

	const children: XmlElement[] = [];
	let text = '';
	for (const item of (node[name] ?? []) as OrderedNode[]) {
		if (TEXT_KEY in item) text += String(item[TEXT_KEY]);
		else if (elementName(item) !== undefined) children.push(resolve(item, scope));
	}
	return { local, ns, prefix, attributes, children, text };
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
 * (repeated children become arrays), text content as the value of a leaf.
 */
export function toPlain(element: XmlElement): unknown {
	if (element.children.length === 0 && element.attributes.length === 0) return element.text.trim();
	const plain: Record<string, unknown> = {};
	for (const attribute of element.attributes) plain[`@${attribute.local}`] = attribute.value;
	for (const child of element.children) {
		const value = toPlain(child);
		const existing = plain[child.local];
		if (existing === undefined) plain[child.local] = value;
		else plain[child.local] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	const text = element.text.trim();
	if (text && element.children.length === 0) plain['#text'] = text;
	return plain;
}

/** An element to write: name as it should appear (prefix included), attributes, then children or text. */
export interface XmlNode {
	name: string;
	attributes?: Record<string, string>;
	children?: XmlNode[];
	text?: string;
}

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
