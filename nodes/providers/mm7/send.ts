/**
 * One SubmitReq per batch to the operator's MMSC (providers.md §9; Sinch MM7_Submit; Mbuni
 * mms_mm7soap.c):
 *
 *   POST {credential url}
 *   Authorization: Basic base64(username:password)
 *   SOAPAction: ""
 *   Content-Type: multipart/related; boundary="…"; type="text/xml"; start="<mm7-envelope>"
 *
 *   --…  Content-Type: text/xml; charset=utf-8   Content-ID: <mm7-envelope>
 *   <env:Envelope …><env:Header><mm7:TransactionID … env:mustUnderstand="1">d1-r1-k9</mm7:TransactionID></env:Header>
 *   <env:Body><mm7:SubmitReq xmlns:mm7="…/REL-6-MM7-1-4">
 *     <mm7:MM7Version>6.8.0</mm7:MM7Version>
 *     <mm7:SenderIdentification><mm7:VASPID>…</mm7:VASPID><mm7:VASID>…</mm7:VASID>
 *       <mm7:SenderAddress><mm7:ShortCode>111122</mm7:ShortCode></mm7:SenderAddress></mm7:SenderIdentification>
 *     <mm7:Recipients><mm7:To><mm7:Number>16175550123</mm7:Number></mm7:To></mm7:Recipients>
 *     <mm7:ServiceCode>…</mm7:ServiceCode><mm7:TimeStamp>…</mm7:TimeStamp><mm7:DeliveryReport>true</mm7:DeliveryReport>
 *     <mm7:Subject>…</mm7:Subject><mm7:Content href="cid:mms-content"/>
 *   </mm7:SubmitReq></env:Body></env:Envelope>
 *   --…  Content-Type: multipart/related; … start="<mms.smil>"   Content-ID: <mms-content>
 *   (SMIL, text, media: see content.ts)
 *
 *   HTTP/1.1 200 OK
 *   <env:Envelope …><env:Body><SubmitRsp xmlns="…"><MM7Version>6.8.0</MM7Version>
 *     <Status><StatusCode>1000</StatusCode><StatusText>Success</StatusText></Status>
 *     <MessageID>369500617770864640</MessageID></SubmitRsp></env:Body></env:Envelope>
 *
 *   HTTP/1.1 500 Internal Server Error
 *   <env:Envelope …><env:Body><env:Fault><faultcode>env:Client</faultcode><faultstring>Client error</faultstring>
 *     <detail><RSErrorRsp><Status><StatusCode>2007</StatusCode>…</Status></RSErrorRsp></detail></env:Fault>…
 */
import { basicAuth, header, lookup, outcomeForAll, unreadableResponse } from '../shared';
import type {
	FailureReason, HttpRequestSpec, HttpResponse, OutboundMessage, OutcomeKind, ProviderCredentials, SendBatch,
	SendOutcome,
} from '../types';
import { mm7VersionOf, namespaceOf, usesNamespacePrefix } from './capabilities';
import { ADDRESS_ERRORS, FAULT_CODES, isMm7Version, MULTIPLE_ADDRESSES_REFUSED, statusMeaning } from './codes';
import { boundaryFor, mediaTypeOf, writeMmsContent } from './content';
import { mm7Credential } from './credential';
import { readSoapMessage, writeMultipart } from './mime';
import { faultCodeOf, type Mm7Node, readEnvelope, statusOf, writeEnvelope } from './soap';
import { childOf, textOf, XML_LIMITS, type XmlElement } from './xml';

const ENVELOPE_ID = 'mm7-envelope';
const CONTENT_ID = 'mms-content';

/** Mbuni (append_address): up to 6 digits is a short code, more is a number. */
const MAX_SHORT_CODE_DIGITS = 6;

/**
 * An address element: digits only for Number/ShortCode, because MMSCs route on the international
 * number without "+" (Sinch MM7 introduction: "'642111111' not '+642111111'"); e-mail style as
 * RFC2822Address (providers.md §9). Undefined for anything else (e.g. an alphanumeric sender id).
 */
export function addressNode(value: string): Mm7Node | undefined {
	const trimmed = value.trim();
	if (trimmed.includes('@')) return { name: 'RFC2822Address', text: trimmed };
	const digits = trimmed.replace(/^\+/, '');
	if (!/^\d+$/.test(digits)) return undefined;
	return { name: digits.length <= MAX_SHORT_CODE_DIGITS ? 'ShortCode' : 'Number', text: digits };
}

export function validateMessage(message: OutboundMessage, credentials: ProviderCredentials): string[] {
	const problems: string[] = [];
	const { url, mm7Version } = mm7Credential.read(credentials, []);
	if (url && !/^https?:\/\//i.test(url)) problems.push(`The MM7 credential's URL "${url}" is not an http(s) URL`);
	if (mm7Version && !isMm7Version(mm7Version)) problems.push(`MM7 version "${mm7Version}" is not supported; use 6.8.0 or 5.3.0`);
	if (!addressNode(message.from)) {
		problems.push('MM7 needs a sender (`from`) that is a number, a short code or an e-mail address');
	}
	for (const [index, media] of message.media.entries()) {
		const name = media.fileName ?? media.url ?? `#${index + 1}`;
		// A known file (sha256) gets its bytes from the engine when the request is built.
		if (!media.data && media.sha256 === undefined) problems.push(`Media ${name} has no content: MM7 carries media inside the request, so it must be fetched or given as binary first`);
		else if (!mediaTypeOf(media)) problems.push(`Media ${name} has no content type; the MMSC needs one per part`);
	}
	return problems;
}

export function buildSendRequest(credentials: ProviderCredentials, batch: SendBatch, nowMs: number): HttpRequestSpec {
	const { url, username, password, vaspId, vasId, serviceCode } = mm7Credential.read(credentials);
	const count = batch.recipients.length;
	const sender = addressNode(batch.message.from);
	if (!sender) throw new Error('The MM7 sender must be a number, a short code or an e-mail address');
	const recipients = batch.recipients.map((recipient) => {
		const address = addressNode(recipient.to);
		if (!address) throw new Error(`Recipient ${recipient.ref} has no usable MM7 address`);
		return address;
	});

	const version = mm7VersionOf(credentials);
	const subject = batch.message.subject?.trim();
	// Element order is the schema's sequence (providers.md §9 "SubmitReq" lists it in order).
	const submit: Mm7Node = {
		name: 'SubmitReq',
		children: [
			{ name: 'MM7Version', text: version },
			{
				name: 'SenderIdentification',
				children: [
					...(vaspId ? [{ name: 'VASPID', text: vaspId }] : []),
					...(vasId ? [{ name: 'VASID', text: vasId }] : []),
					{ name: 'SenderAddress', children: [sender] },
				],
			},
			// Several recipients go in Bcc: a handset shows To and Cc (OMA MMS ENC), and a drop must
			// not show its recipients each other's numbers.
			{ name: 'Recipients', children: [{ name: count === 1 ? 'To' : 'Bcc', children: recipients }] },
			...(serviceCode ? [{ name: 'ServiceCode', text: serviceCode }] : []),
			{ name: 'TimeStamp', text: new Date(nowMs).toISOString() },
			{ name: 'DeliveryReport', text: 'true' },
			...(subject ? [{ name: 'Subject', text: subject }] : []),
			{ name: 'Content', attributes: { href: `cid:${CONTENT_ID}` } },
		],
	};
	const envelope = Buffer.from(
		writeEnvelope({ ns: namespaceOf(credentials), prefixed: usesNamespacePrefix(credentials), transactionId: transactionIdFor(batch, nowMs), body: submit }),
		'utf8',
	);
	const content = writeMmsContent(batch.message, CONTENT_ID);
	const boundary = boundaryFor('mm7', [envelope, content.body]);
	const body = writeMultipart(boundary, [
		{ headers: [['Content-Type', 'text/xml; charset=utf-8'], ['Content-ID', `<${ENVELOPE_ID}>`]], body: envelope },
		content,
	]);

	const headers: Record<string, string> = {
		'content-type': `multipart/related; boundary="${boundary}"; type="text/xml"; start="<${ENVELOPE_ID}>"`,
		// providers.md §9 "Transport": an empty SOAPAction (some MMSCs send the namespace; none require it).
		soapaction: '""',
		accept: 'text/xml, multipart/related',
	};
	// MMSCs that authenticate by source IP and VASPID take no Basic auth (Sinch MM7 introduction, "Authentication").
	if (username || password) headers.authorization = basicAuth(username, password);
	return { method: 'POST', url, headers, body };
}

/**
 * Unique per request and stable for a given attempt: the drop, the batch's first ref (refs are
 * unique in a drop) and the send time. The clock value comes in as `nowMs`.
 */
function transactionIdFor(batch: SendBatch, nowMs: number): string {
	return `${batch.dropId}-${batch.recipients[0].ref}-${nowMs.toString(36)}`;
}

export function parseSendResponse(batch: SendBatch, response: HttpResponse): SendOutcome[] {
	const outcomes = outcomesFromBody(batch, response);
	if (!outcomes) return unreadableResponse(batch, response, 'MM7 SubmitReq');
	// HTTP-level refusals outrank what the body says: the MMSC's front door refused the request.
	if (response.status === 401 || response.status === 403) return outcomes.map((outcome) => ({ ...outcome, kind: 'fatal', reason: 'auth_failed' }));
	if (response.status === 429) return outcomes.map((outcome) => ({ ...outcome, kind: 'retryable', reason: 'rate_limited' }));
	return outcomes;
}

/**
 * A SubmitRsp carries no content (TS 23.140; providers.md §9): a reply longer than the largest
 * envelope the reader takes is not one, and is not even encoded for reading (issue #13: a hostile
 * MMSC's 8 MB reply must not hold the drop's event loop).
 */
const MAX_REPLY_CHARS = 4 * XML_LIMITS.maxChars;

/** Outcomes from a readable SubmitRsp, RSErrorRsp or Fault; undefined when the body says nothing usable. */
function outcomesFromBody(batch: SendBatch, response: HttpResponse): SendOutcome[] | undefined {
	if (response.body.length > MAX_REPLY_CHARS) return undefined;
	let message: XmlElement;
	try {
		const soap = readSoapMessage(header(response.headers, 'content-type'), Buffer.from(response.body, 'utf8'));
		message = readEnvelope(soap.xml).message;
	} catch {
		return undefined;
	}
	if (message.local === 'Fault') return outcomesForFault(batch, message, response.status);
	if (message.local === 'SubmitRsp' || message.local === 'RSErrorRsp' || message.local === 'VASPErrorRsp') {
		const status = statusOf(message);
		if (!status) return undefined;
		return outcomesForStatus(batch, status, response.status, textOf(childOf(message, 'MessageID')));
	}
	return undefined;
}

function outcomesForFault(batch: SendBatch, fault: XmlElement, httpStatus: number): SendOutcome[] {
	// Sinch and Mbuni put an RSErrorRsp with the real Status inside the fault's detail.
	const detail = childOf(fault, 'detail');
	const status = statusOf(detail ? findStatusHolder(detail) : undefined);
	if (status) return outcomesForStatus(batch, status, httpStatus, undefined);
	const code = faultCodeOf(fault) ?? 'Fault';
	const meaning = lookup(FAULT_CODES, code) ?? { kind: 'permanent' as const, reason: 'provider_rejected' as const };
	return outcomeForAll(batch, meaning.kind, {
		reason: meaning.reason,
		error: { code: `soap:${code}`, message: textOf(childOf(fault, 'faultstring')) ?? `SOAP Fault ${code}`, httpStatus },
	});
}

/** The element whose child is the Status (RSErrorRsp, VASPErrorRsp, or whatever the MMSC named it). */
function findStatusHolder(element: XmlElement): XmlElement | undefined {
	if (childOf(element, 'Status')) return element;
	for (const child of element.children) {
		const found = findStatusHolder(child);
		if (found) return found;
	}
	return undefined;
}

function outcomesForStatus(
	batch: SendBatch,
	status: { code: string; text?: string; details?: string },
	httpStatus: number,
	messageId: string | undefined,
): SendOutcome[] {
	const meaning = statusMeaning(status.code);
	const error = {
		code: status.code,
		message: [status.text ?? meaning.name, status.details].filter(Boolean).join(': '),
		httpStatus,
	};
	const several = batch.recipients.length > 1;
	if (several && (MULTIPLE_ADDRESSES_REFUSED.has(status.code) || ADDRESS_ERRORS.has(status.code))) {
		return outcomeForAll(batch, 'retryable', { reason: 'provider_rejected', error }).map((outcome) => ({ ...outcome, multipleRecipientsRefused: true }));
	}
	if (meaning.kind === 'accepted') {
		return batch.recipients.map((recipient) => ({
			ref: recipient.ref,
			kind: 'accepted' as OutcomeKind,
			...(messageId ? { messageId } : {}),
			// One MessageID covers every recipient of the request; reports tell them apart by Recipient.
			...(messageId && several ? { batchId: messageId } : {}),
		}));
	}
	return outcomeForAll(batch, meaning.kind, { reason: meaning.reason as FailureReason, error });
}
