/**
 * An operator MMSC as the fake speaks MM7 (providers.md §9; Sinch MM7_Submit; 3GPP TS 23.140):
 *
 *   POST /mm7   multipart/related SubmitReq ⇒ 200 SubmitRsp (1000 + MessageID)
 *                                           ⇒ 500 Fault + RSErrorRsp (2xxx/3xxx/4xxx) when refused
 *   POST /mm7   text/xml CancelReq           ⇒ 200 CancelRsp 2005 (no such message; the credential test)
 *
 * It is strict where MMSCs are: HTTP Basic with the configured username/password (401 otherwise),
 * multipart/related framed with CRLF exactly as RFC 2046 writes it, `type="text/xml"` and a `start`
 * naming the envelope part, a SOAP 1.1 envelope whose TransactionID header is in the MM7 namespace
 * with env:mustUnderstand="1", every SubmitReq element in the one MM7 namespace that matches its
 * MM7Version, the schema's element order, the configured VASPID/VASID/ServiceCode, and a content
 * part whose SMIL references exist (and reference every part). Anything else is a Fault with
 * RSErrorRsp 2007 whose Details say what was wrong, so tests can assert on the check itself.
 *
 * Conventions for negative cases:
 * - Recipient `15005550001` ⇒ 2002 Address error (for the whole request, as a SubmitRsp has one Status).
 * - Several recipients while `multipleRecipients` is off ⇒ 3003 Multiple addresses not supported.
 * - More than 600,000 bytes of media ⇒ 2004 Multimedia content refused.
 * - A namespace prefix while `rejectPrefixed` is on ⇒ 2007 (some MMSCs refuse prefixes).
 * - A version outside `versions` ⇒ 4002 Unsupported version.
 * - With `hostileReply` set, every authenticated request gets that reply instead: a hostile or
 *   tampered MMSC (issue #13: it must not stall a drop).
 *
 * With `reportTo` set, every accepted recipient gets a DeliveryReportReq posted there (HTTP Basic
 * with `reportCredentials`), as an MMSC posts to the VASP URL; `flushReports()` awaits them.
 */
import { SOAP_ENV_NS } from '../../../nodes/providers/mm7/codes';
import { readXml, type XmlElement } from '../../../nodes/providers/mm7/xml';
import type { FakeContext, FakeProviderApi, FakeReply, FakeRequest } from '../types';

const NAMESPACES: Record<string, string> = {
	'6.8.0': 'http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4',
	'5.3.0': 'http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0',
};

export const MM7_INVALID_NUMBER = '15005550001';
/** OMA "Megapixel" class / media.md §2 short-code floor: what this MMSC takes per message. */
export const MM7_MAX_CONTENT_BYTES = 600_000;

/** The SubmitReq sequence (providers.md §9 "SubmitReq", in schema order). */
const SUBMIT_ORDER = [
	'MM7Version',
	'SenderIdentification',
	'Recipients',
	'ServiceCode',
	'LinkedID',
	'MessageClass',
	'TimeStamp',
	'ReplyCharging',
	'EarliestDeliveryTime',
	'ExpiryDate',
	'DeliveryReport',
	'ReadReply',
	'Priority',
	'Subject',
	'ChargedParty',
	'DistributionIndicator',
	'Content',
];

export interface Mm7FakeOptions {
	versions: string[];
	multipleRecipients: boolean;
	rejectPrefixed: boolean;
	reportTo?: string;
	reportCredentials?: { username: string; password: string };
	/** MMStatus per recipient number (digits); default Retrieved. */
	reportStatus?: (number: string) => string;
	hostileReply?: FakeReply;
}

export interface Mm7ReportRecord {
	transactionId: string;
	messageId: string;
	number: string;
	mmStatus: string;
	reply: { status: number; contentType: string | null; body: string } | { error: string };
}

export interface Mm7SubmitRecord {
	transactionId: string;
	version: string;
	prefixed: boolean;
	recipients: Array<{ element: string; kind: string; value: string }>;
	/** Content parts in order: Content-ID, Content-Type, Content-Transfer-Encoding, bytes. */
	parts: Array<{ id: string; type: string; encoding: string; data: Buffer }>;
	smil: string;
}

const DEFAULT_OPTIONS: Mm7FakeOptions = { versions: ['6.8.0', '5.3.0'], multipleRecipients: false, rejectPrefixed: false };

export interface Mm7FakeApi extends FakeProviderApi {
	options: Mm7FakeOptions;
	/** Accepted SubmitReqs as parsed, for tests that look at what went over the wire. */
	submits: Mm7SubmitRecord[];
	reports: Mm7ReportRecord[];
	configure(options: Partial<Mm7FakeOptions>): void;
	/** Back to defaults: both versions, one recipient per request, prefixes accepted, no reports. */
	resetOptions(): void;
	flushReports(): Promise<void>;
}

const pendingReports: Array<Promise<void>> = [];

class Refusal extends Error {
	constructor(
		readonly code: string,
		readonly text: string,
		readonly details: string,
	) {
		super(details);
	}
}

/** A refusal becomes the MMSC's Fault; anything else is a bug in the fake, answered as one. */
function answerFor(error: unknown, ns: string, transactionId: string): FakeReply {
	if (error instanceof Refusal) return faultReply(ns, transactionId, error);
	return { status: 500, headers: { 'content-type': 'text/plain' }, body: `fake MMSC failed: ${(error as Error).message}` };
}

const corrupt = (details: string) => new Refusal('2007', 'Message format corrupt', details);

function escapeXml(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmlReply(status: number, xml: string): FakeReply {
	return { status, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: xml };
}

function faultReply(ns: string, transactionId: string, refusal: Refusal): FakeReply {
	const version = Object.keys(NAMESPACES).find((candidate) => NAMESPACES[candidate] === ns) ?? '6.8.0';
	const server = refusal.code.startsWith('3') || refusal.code === '4006';
	return xmlReply(
		500,
		`<?xml version="1.0" encoding="UTF-8"?><soap-env:Envelope xmlns:soap-env="${SOAP_ENV_NS}" xmlns="${ns}">` +
			`<soap-env:Header><TransactionID soap-env:mustUnderstand="1">${escapeXml(transactionId)}</TransactionID></soap-env:Header>` +
			`<soap-env:Body><soap-env:Fault><faultcode>soap-env:${server ? 'Server' : 'Client'}</faultcode><faultstring>${server ? 'Server error' : 'Client error'}</faultstring>` +
			`<detail><RSErrorRsp><MM7Version>${version}</MM7Version><Status><StatusCode>${refusal.code}</StatusCode><StatusText>${escapeXml(refusal.text)}</StatusText>` +
			`<Details>${escapeXml(refusal.details)}</Details></Status></RSErrorRsp></detail></soap-env:Fault></soap-env:Body></soap-env:Envelope>`,
	);
}

function responseEnvelope(ns: string, version: string, transactionId: string, name: string, inner: string): string {
	return (
		`<?xml version="1.0" encoding="UTF-8"?><soap-env:Envelope xmlns:soap-env="${SOAP_ENV_NS}">` +
		`<soap-env:Header><TransactionID xmlns="${ns}" soap-env:mustUnderstand="1">${escapeXml(transactionId)}</TransactionID></soap-env:Header>` +
		`<soap-env:Body><${name} xmlns="${ns}"><MM7Version>${version}</MM7Version>${inner}</${name}></soap-env:Body></soap-env:Envelope>`
	);
}

/** RFC 2045 parameters, as strictly as the fake needs them: `name="value"` or `name=token`. */
function contentType(value: string | undefined): { type: string; params: Record<string, string> } {
	const [type, ...rest] = (value ?? '').split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
	const params: Record<string, string> = {};
	for (const item of rest) {
		const equals = item.indexOf('=');
		if (equals < 0) continue;
		params[item.slice(0, equals).trim().toLowerCase()] = item.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1');
	}
	return { type: type.trim().toLowerCase(), params };
}

interface StrictPart {
	headers: Record<string, string>;
	body: Buffer;
}

/** RFC 2046 §5.1.1 framing with CRLF only: what a careful MMSC parser accepts. */
function splitStrict(body: Buffer, boundary: string, where: string): StrictPart[] {
	const opening = Buffer.from(`--${boundary}\r\n`);
	if (!body.subarray(0, opening.length).equals(opening)) throw corrupt(`${where}: body does not open with "--${boundary}" + CRLF`);
	const delimiter = Buffer.from(`\r\n--${boundary}`);
	const parts: StrictPart[] = [];
	let start = opening.length;
	for (;;) {
		const end = body.indexOf(delimiter, start);
		if (end < 0) throw corrupt(`${where}: no closing delimiter "--${boundary}--"`);
		const raw = body.subarray(start, end);
		const headerEnd = raw.indexOf('\r\n\r\n');
		if (headerEnd < 0) throw corrupt(`${where}: a part has no CRLF CRLF after its headers`);
		const headers: Record<string, string> = {};
		for (const line of raw.subarray(0, headerEnd).toString('latin1').split('\r\n')) {
			const colon = line.indexOf(':');
			if (colon <= 0) throw corrupt(`${where}: bad header line "${line}"`);
			headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
		}
		parts.push({ headers, body: raw.subarray(headerEnd + 4) });
		const after = body.subarray(end + delimiter.length, end + delimiter.length + 2).toString('latin1');
		if (after === '--') return parts;
		if (after !== '\r\n') throw corrupt(`${where}: delimiter not followed by CRLF`);
		start = end + delimiter.length + 2;
	}
}

function bracketed(value: string | undefined, where: string): string {
	if (!value || !/^<[^<>\s]+>$/.test(value)) throw corrupt(`${where}: Content-ID "${value ?? ''}" is not <id>`);
	return value.slice(1, -1);
}

function child(element: XmlElement | undefined, local: string): XmlElement | undefined {
	return element?.children.find((item) => item.local === local);
}

function text(element: XmlElement | undefined): string {
	return element?.text.trim() ?? '';
}

function allElements(element: XmlElement): XmlElement[] {
	return [element, ...element.children.flatMap(allElements)];
}

function authorized(request: FakeRequest, credentials: Record<string, string>): boolean {
	if (!credentials.username && !credentials.password) return true;
	const expected = 'Basic ' + Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
	return request.headers.authorization === expected;
}

function readEnvelopeStrict(xml: string): { envelope: XmlElement; transaction: XmlElement; message: XmlElement } {
	let envelope: XmlElement;
	try {
		envelope = readXml(xml);
	} catch (error) {
		throw corrupt(`envelope: ${(error as Error).message}`);
	}
	if (envelope.local !== 'Envelope' || envelope.ns !== SOAP_ENV_NS) throw corrupt('envelope: root is not a SOAP 1.1 Envelope');
	const header = envelope.children.find((item) => item.local === 'Header' && item.ns === SOAP_ENV_NS);
	const transaction = child(header, 'TransactionID');
	if (!transaction) throw corrupt('envelope: no TransactionID in the SOAP Header');
	const mustUnderstand = transaction.attributes.find((attribute) => attribute.local === 'mustUnderstand' && attribute.ns === SOAP_ENV_NS);
	if (mustUnderstand?.value !== '1') throw corrupt('envelope: TransactionID lacks env:mustUnderstand="1"');
	const body = envelope.children.find((item) => item.local === 'Body' && item.ns === SOAP_ENV_NS);
	if (!body || body.children.length !== 1) throw corrupt('envelope: the SOAP Body must hold exactly one element');
	const message = body.children[0];
	if (transaction.ns !== message.ns) throw corrupt('envelope: TransactionID and the Body element are in different namespaces');
	return { envelope, transaction, message };
}

function versionOf(message: XmlElement, options: Mm7FakeOptions): string {
	const version = Object.keys(NAMESPACES).find((candidate) => NAMESPACES[candidate] === message.ns);
	if (!version) throw new Refusal('4002', 'Unsupported version', `namespace "${message.ns ?? ''}" is not an MM7 schema this MMSC knows`);
	if (text(child(message, 'MM7Version')) !== version) throw corrupt(`MM7Version "${text(child(message, 'MM7Version'))}" does not match namespace ${message.ns}`);
	if (!options.versions.includes(version)) throw new Refusal('4002', 'Unsupported version', `this MMSC speaks ${options.versions.join(', ')}`);
	return version;
}

function handleSubmit(api: Mm7FakeApi, request: FakeRequest, context: FakeContext): FakeReply {
	const outer = contentType(request.headers['content-type']);
	let ns = NAMESPACES['6.8.0'];
	let transactionId = '';
	try {
		if (outer.type !== 'multipart/related') throw corrupt(`request: Content-Type is "${outer.type}", not multipart/related`);
		if (outer.params.type !== 'text/xml') throw corrupt('request: multipart/related without type="text/xml"');
		if (!outer.params.boundary) throw corrupt('request: no boundary');
		if (request.headers.soapaction === undefined) throw corrupt('request: no SOAPAction header');
		const parts = splitStrict(request.body, outer.params.boundary, 'request');
		const start = outer.params.start;
		if (!start) throw corrupt('request: no start parameter naming the envelope part');
		const root = parts.find((part) => part.headers['content-id'] === start);
		if (!root) throw corrupt(`request: no part has Content-ID ${start}`);
		if (contentType(root.headers['content-type']).type !== 'text/xml') throw corrupt('envelope part: Content-Type is not text/xml');

		const { transaction, message } = readEnvelopeStrict(root.body.toString('utf8'));
		transactionId = text(transaction);
		if (message.ns) ns = message.ns;
		if (message.local !== 'SubmitReq') throw new Refusal('4003', 'Unsupported operation', `${message.local} is not handled on this multipart endpoint`);
		const version = versionOf(message, api.options);
		const prefixed = message.prefix !== null;
		if (prefixed && api.options.rejectPrefixed) throw corrupt('this MMSC does not accept namespace prefixes on MM7 elements');
		const strangers = allElements(message).filter((element) => element.ns !== message.ns);
		if (strangers.length > 0) throw corrupt(`element ${strangers[0].local} is not in the MM7 namespace ${message.ns}`);
		let position = -1;
		for (const element of message.children) {
			const index = SUBMIT_ORDER.indexOf(element.local);
			if (index < 0) throw corrupt(`unknown SubmitReq element ${element.local}`);
			if (index <= position) throw corrupt(`SubmitReq element ${element.local} is out of schema order`);
			position = index;
		}

		const identification = child(message, 'SenderIdentification');
		if (text(child(identification, 'VASPID')) !== (context.credentials.vaspId ?? '')) throw new Refusal('4001', 'Improper identification', 'unknown VASPID');
		if (context.credentials.vasId && text(child(identification, 'VASID')) !== context.credentials.vasId) throw new Refusal('4001', 'Improper identification', 'unknown VASID');
		const senderAddress = child(identification, 'SenderAddress')?.children[0];
		if (!senderAddress || !text(senderAddress)) throw corrupt('SenderIdentification has no SenderAddress');
		if (context.credentials.serviceCode && text(child(message, 'ServiceCode')) !== context.credentials.serviceCode) {
			throw new Refusal('4004', 'Validation error', 'ServiceCode does not match the account');
		}
		if (text(child(message, 'DeliveryReport')) !== 'true') throw corrupt('DeliveryReport must be true on this account');

		const recipients = (child(message, 'Recipients')?.children ?? []).flatMap((group) =>
			group.children.map((address) => ({ element: group.local, kind: address.local, value: text(address) })),
		);
		if (recipients.length === 0) throw corrupt('no recipient');
		for (const recipient of recipients) {
			if (!['To', 'Cc', 'Bcc'].includes(recipient.element)) throw corrupt(`Recipients holds ${recipient.element}`);
			if (recipient.kind === 'Number' && !/^\d{7,15}$/.test(recipient.value)) throw new Refusal('2002', 'Address error', `"${recipient.value}" is not an international number without "+"`);
			if (recipient.kind === 'ShortCode' && !/^\d{1,6}$/.test(recipient.value)) throw new Refusal('2002', 'Address error', `"${recipient.value}" is not a short code`);
			if (recipient.value === MM7_INVALID_NUMBER) throw new Refusal('2002', 'Address error', 'Invalid Address');
		}
		if (recipients.length > 1 && !api.options.multipleRecipients) throw new Refusal('3003', 'Multiple addresses not supported', 'send one recipient per SubmitReq');

		const content = readContent(message, parts);
		const mediaBytes = content.parts.filter((part) => !part.type.startsWith('text/plain') && part.type !== 'application/smil').reduce((sum, part) => sum + part.data.length, 0);
		if (mediaBytes > MM7_MAX_CONTENT_BYTES) throw new Refusal('2004', 'Multimedia content refused', `${mediaBytes} bytes of media; this MMSC takes ${MM7_MAX_CONTENT_BYTES}`);

		const messageId = context.nextId('mm7-');
		api.submits.push({ transactionId, version, prefixed, recipients, parts: content.parts, smil: content.smil });
		const textPart = content.parts.find((part) => part.type.startsWith('text/plain'));
		context.accept(
			recipients.map((recipient) => ({
				messageId,
				batchId: recipients.length > 1 ? messageId : null,
				to: recipient.kind === 'Number' ? `+${recipient.value}` : recipient.value,
				from: text(senderAddress),
				text: textPart ? textPart.data.toString('utf8') : '',
				subject: text(child(message, 'Subject')) || null,
				media: content.parts.filter((part) => part !== textPart && part.type !== 'application/smil').map((part) => part.id),
				correlation: null,
				callbackUrl: null,
			})),
		);
		if (api.options.reportTo) {
			for (const recipient of recipients) pendingReports.push(postReport(api, version, messageId, recipient.value, senderAddress));
		}
		return xmlReply(
			200,
			responseEnvelope(ns, version, transactionId, 'SubmitRsp', `<Status><StatusCode>1000</StatusCode><StatusText>Success</StatusText></Status><MessageID>${messageId}</MessageID>`),
		);
	} catch (error) {
		return answerFor(error, ns, transactionId);
	}
}

/** The content part the envelope's Content href points at, with a SMIL that references every part. */
function readContent(message: XmlElement, parts: StrictPart[]): { parts: Mm7SubmitRecord['parts']; smil: string } {
	const href = child(message, 'Content')?.attributes.find((attribute) => attribute.local === 'href' && attribute.ns === null)?.value ?? '';
	if (!href.startsWith('cid:')) throw corrupt(`Content href "${href}" is not a cid: reference`);
	const entity = parts.find((part) => part.headers['content-id'] === `<${href.slice(4)}>`);
	if (!entity) throw corrupt(`Content href ${href} names no part`);
	const entityType = contentType(entity.headers['content-type']);
	if (entityType.type !== 'multipart/related' || !entityType.params.boundary) throw corrupt('content part is not multipart/related');
	const inner = splitStrict(entity.body, entityType.params.boundary, 'content');
	const records = inner.map((part, index) => {
		const where = `content part ${index + 1}`;
		const id = bracketed(part.headers['content-id'], where);
		const type = part.headers['content-type'];
		const encoding = part.headers['content-transfer-encoding'];
		if (!type) throw corrupt(`${where}: no Content-Type`);
		if (!encoding) throw corrupt(`${where}: no Content-Transfer-Encoding`);
		return { id, type: contentType(type).type, encoding, data: part.body };
	});
	const startId = entityType.params.start ? bracketed(entityType.params.start, 'content start') : records[0]?.id;
	const smilPart = records.find((record) => record.id === startId);
	if (!smilPart || smilPart.type !== 'application/smil') throw corrupt('content: the start part is not application/smil');
	let smil: XmlElement;
	try {
		smil = readXml(smilPart.data.toString('utf8'));
	} catch (error) {
		throw corrupt(`SMIL: ${(error as Error).message}`);
	}
	const sources = allElements(smil).flatMap((element) => element.attributes.filter((attribute) => attribute.local === 'src').map((attribute) => attribute.value));
	for (const source of sources) {
		if (!source.startsWith('cid:') || !records.some((record) => record.id === source.slice(4))) throw corrupt(`SMIL src ${source} names no part`);
	}
	for (const record of records) {
		if (record !== smilPart && !sources.includes(`cid:${record.id}`)) throw corrupt(`part <${record.id}> is not referenced by the SMIL`);
	}
	return { parts: records, smil: smilPart.data.toString('utf8') };
}

async function postReport(api: Mm7FakeApi, version: string, messageId: string, number: string, sender: XmlElement): Promise<void> {
	const { reportTo, reportCredentials, reportStatus } = api.options;
	const transactionId = `fake-dr-${api.reports.length + 1}-${messageId}`;
	const mmStatus = reportStatus?.(number) ?? 'Retrieved';
	const body = responseEnvelope(
		NAMESPACES[version],
		version,
		transactionId,
		'DeliveryReportReq',
		`<MessageID>${messageId}</MessageID><Recipient><Number>${number}</Number></Recipient><Sender><${sender.local}>${escapeXml(text(sender))}</${sender.local}></Sender>` +
			`<Date>${new Date().toISOString()}</Date><MMStatus>${mmStatus}</MMStatus><StatusText>${mmStatus}</StatusText>`,
	);
	const record: Mm7ReportRecord = { transactionId, messageId, number, mmStatus, reply: { error: 'pending' } };
	api.reports.push(record);
	const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' };
	if (reportCredentials) headers.authorization = 'Basic ' + Buffer.from(`${reportCredentials.username}:${reportCredentials.password}`).toString('base64');
	try {
		const response = await fetch(reportTo!, { method: 'POST', headers, body });
		record.reply = { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
	} catch (error) {
		record.reply = { error: (error as Error).message };
	}
}

function handleCancel(request: FakeRequest, context: FakeContext): FakeReply {
	try {
		const { transaction, message } = readEnvelopeStrict(request.body.toString('utf8'));
		if (message.local !== 'CancelReq') throw new Refusal('4003', 'Unsupported operation', `${message.local} needs a multipart/related body here`);
		const version = Object.keys(NAMESPACES).find((candidate) => NAMESPACES[candidate] === message.ns);
		if (!version) throw new Refusal('4002', 'Unsupported version', `namespace "${message.ns ?? ''}" is unknown`);
		if (text(child(child(message, 'SenderIdentification'), 'VASPID')) !== (context.credentials.vaspId ?? '')) throw new Refusal('4001', 'Improper identification', 'unknown VASPID');
		// Nothing is ever cancellable here: the fake forgets messages once accepted.
		return xmlReply(200, responseEnvelope(message.ns!, version, text(transaction), 'CancelRsp', '<Status><StatusCode>2005</StatusCode><StatusText>Message ID not found</StatusText></Status>'));
	} catch (error) {
		return answerFor(error, NAMESPACES['6.8.0'], '');
	}
}

export const mm7Api: Mm7FakeApi = {
	provider: 'mm7',
	defaultCredentials: {
		username: 'fake-vasp',
		password: 'fake-vasp-password',
		vaspId: 'FAKEVASP',
		vasId: 'FAKEVAS',
		mm7Version: '6.8.0',
		serviceCode: 'FAKE-SC',
	},
	options: { ...DEFAULT_OPTIONS },
	submits: [],
	reports: [],
	configure(options) {
		this.options = { ...this.options, ...options };
	},
	resetOptions() {
		this.options = { ...DEFAULT_OPTIONS };
		this.submits.length = 0;
		this.reports.length = 0;
	},
	async flushReports() {
		while (pendingReports.length > 0) await Promise.all(pendingReports.splice(0));
	},
	routes: [
		{
			method: 'POST',
			path: /^\/mm7$/,
			sends: true,
			handle(request, context) {
				if (!authorized(request, context.credentials)) {
					return { status: 401, headers: { 'content-type': 'text/html', 'www-authenticate': 'Basic realm="MM7"' }, body: '<html><body>401 Unauthorized</body></html>' };
				}
				if (mm7Api.options.hostileReply) return mm7Api.options.hostileReply;
				if (contentType(request.headers['content-type']).type === 'text/xml') return handleCancel(request, context);
				return handleSubmit(mm7Api, request, context);
			},
		},
	],
	errorReply(status) {
		if (status === 429 || status === 503) {
			return {
				...faultReply(NAMESPACES['6.8.0'], '', new Refusal('4006', 'Service unavailable', status === 429 ? 'Throughput exceeded, retry later' : 'MMSC overloaded, retry later')),
				status,
			};
		}
		if (status === 401) return { status, headers: { 'content-type': 'text/html', 'www-authenticate': 'Basic realm="MM7"' }, body: '<html><body>401 Unauthorized</body></html>' };
		// A crash after accepting answers with the servlet container's page, not a SOAP Fault: ambiguous.
		return { status, headers: { 'content-type': 'text/html' }, body: `<html><body><h1>HTTP Status ${status} - Internal Server Error</h1></body></html>` };
	},
};
