/**
 * The SOAP 1.1 envelope around every MM7 message (providers.md §9 "Envelope skeleton"):
 *
 *   <env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
 *     <env:Header>
 *       <mm7:TransactionID xmlns:mm7="{ns}" env:mustUnderstand="1">…</mm7:TransactionID>
 *     </env:Header>
 *     <env:Body><mm7:SubmitReq xmlns:mm7="{ns}">…</mm7:SubmitReq></env:Body>
 *   </env:Envelope>
 *
 * Without the prefix option the MM7 elements use a default namespace instead (`<SubmitReq
 * xmlns="{ns}">`), which is how Mbuni writes both forms.
 */
import { SOAP_ENV_NS } from './codes';
import { childOf, readXml, textOf, writeXml, type XmlElement, XmlError, type XmlNode } from './xml';

const ENV = 'env';
const MM7_PREFIX = 'mm7';

/** An MM7 element to write, named without prefix; `mm7Element` adds the prefix where configured. */
export interface Mm7Node {
	name: string;
	attributes?: Record<string, string>;
	children?: Mm7Node[];
	text?: string;
}

export interface EnvelopeOptions {
	ns: string;
	prefixed: boolean;
	transactionId: string | undefined;
	body: Mm7Node;
}

/** A whole envelope with one MM7 message in its Body (and the TransactionID header when known). */
export function writeEnvelope(options: EnvelopeOptions): string {
	return writeXml(envelopeNode(options.ns, options.prefixed, options.transactionId, [mm7Root(options.ns, options.prefixed, options.body)]));
}

/**
 * A SOAP Fault (SOAP 1.1 §4.4) whose detail carries an MM7 error response with a Status, as MM7
 * peers answer requests they refuse (providers.md §9; Sinch's "RSErrorRsp" inside a Fault).
 */
export function writeFault(options: {
	ns: string;
	prefixed: boolean;
	transactionId: string | undefined;
	faultCode: 'Client' | 'Server';
	faultString: string;
	detail: Mm7Node;
}): string {
	const fault: XmlNode = {
		name: `${ENV}:Fault`,
		children: [
			{ name: 'faultcode', text: `${ENV}:${options.faultCode}` },
			{ name: 'faultstring', text: options.faultString },
			{ name: 'detail', children: [mm7Root(options.ns, options.prefixed, options.detail)] },
		],
	};
	return writeXml(envelopeNode(options.ns, options.prefixed, options.transactionId, [fault]));
}

function envelopeNode(ns: string, prefixed: boolean, transactionId: string | undefined, body: XmlNode[]): XmlNode {
	const children: XmlNode[] = [];
	if (transactionId !== undefined) {
		const transaction: XmlNode = {
			name: qualified('TransactionID', prefixed),
			attributes: { [namespaceAttribute(prefixed)]: ns, [`${ENV}:mustUnderstand`]: '1' },
			text: transactionId,
		};
		children.push({ name: `${ENV}:Header`, children: [transaction] });
	}
	children.push({ name: `${ENV}:Body`, children: body });
	return { name: `${ENV}:Envelope`, attributes: { [`xmlns:${ENV}`]: SOAP_ENV_NS }, children };
}

function mm7Root(ns: string, prefixed: boolean, node: Mm7Node): XmlNode {
	const root = mm7Element(node, prefixed);
	return { ...root, attributes: { [namespaceAttribute(prefixed)]: ns, ...root.attributes } };
}

function mm7Element(node: Mm7Node, prefixed: boolean): XmlNode {
	return {
		name: qualified(node.name, prefixed),
		attributes: node.attributes,
		children: node.children?.map((child) => mm7Element(child, prefixed)),
		text: node.text,
	};
}

function qualified(name: string, prefixed: boolean): string {
	return prefixed ? `${MM7_PREFIX}:${name}` : name;
}

function namespaceAttribute(prefixed: boolean): string {
	return prefixed ? `xmlns:${MM7_PREFIX}` : 'xmlns';
}

/** What a reader needs from any MM7 envelope. */
export interface Envelope {
	/** The one element inside Body (SubmitRsp, Fault, DeliveryReportReq, …). */
	message: XmlElement;
	transactionId: string | undefined;
}

/**
 * Reads a SOAP 1.1 envelope. Element names are matched by local name so that any prefix works;
 * the Envelope and Body must be in the SOAP 1.1 namespace, or this is not SOAP 1.1 at all.
 */
export function readEnvelope(xml: string): Envelope {
	const root = readXml(xml);
	if (root.local !== 'Envelope' || root.ns !== SOAP_ENV_NS) {
		throw new XmlError(`Root element is ${describe(root)}, not a SOAP 1.1 Envelope`);
	}
	const body = childOf(root, 'Body', SOAP_ENV_NS);
	if (!body) throw new XmlError('The SOAP Envelope has no Body');
	if (body.children.length !== 1) throw new XmlError(`The SOAP Body holds ${body.children.length} elements, expected one`);
	const header = childOf(root, 'Header', SOAP_ENV_NS);
	return { message: body.children[0], transactionId: textOf(childOf(header, 'TransactionID')) };
}

function describe(element: XmlElement): string {
	return element.ns ? `{${element.ns}}${element.local}` : element.local;
}

/** The Status of an MM7 response or error response (`Status/StatusCode`, `StatusText`, `Details`). */
export function statusOf(element: XmlElement | undefined): { code: string; text?: string; details?: string } | undefined {
	const status = childOf(element, 'Status');
	const code = textOf(childOf(status, 'StatusCode'));
	if (!code) return undefined;
	return { code, text: textOf(childOf(status, 'StatusText')), details: textOf(childOf(status, 'Details')) };
}

/** SOAP 1.1 `faultcode` without its prefix (`env:Client` → `Client`; `Client.Auth` → `Client`). */
export function faultCodeOf(fault: XmlElement): string | undefined {
	const value = textOf(childOf(fault, 'faultcode'));
	if (!value) return undefined;
	const local = value.includes(':') ? value.slice(value.indexOf(':') + 1) : value;
	return local.split('.')[0];
}
