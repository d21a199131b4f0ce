/**
 * What an MMSC posts to the VASP URL (providers.md §9; Sinch MM7_DeliveryReport and MM7_Deliver):
 *
 *   POST /webhook/…   Authorization: Basic …   SOAPAction: ""   Content-Type: text/xml
 *   <env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
 *     <env:Header><TransactionID xmlns="…/REL-6-MM7-1-4" env:mustUnderstand="1">10000001</TransactionID></env:Header>
 *     <env:Body><DeliveryReportReq xmlns="…/REL-6-MM7-1-4">
 *       <MM7Version>6.8.0</MM7Version><MessageID>369500617770864640</MessageID>
 *       <Recipient><Number>16175550123</Number></Recipient><Sender><Number>111122</Number></Sender>
 *       <Date>2015-03-16T14:03:51.749Z</Date><MMStatus>Retrieved</MMStatus><StatusText>Success</StatusText>
 *     </DeliveryReportReq></env:Body></env:Envelope>
 *
 * and, for a message from a handset (MO), a DeliverReq as multipart/related: the envelope (Sender,
 * Recipients, LinkedID, TimeStamp, Subject, Content href="cid:…") and the message's parts. The
 * VASP answers DeliveryReportRsp / DeliverRsp with Status 1000 and the same TransactionID; the
 * MMSC retries anything else (Sinch MM7 introduction: five retries, five minutes apart).
 */
import { contentEventId, eventTime, normalizedEvent } from '../events';
import { correlationFromQuery, header, inboundKind, lookup } from '../shared';
import type { NormalizedEvent, WebhookAck, WebhookHandler, WebhookRequest } from '../types';
import { WebhookPayloadError } from '../types';
import { DEFAULT_MM7_VERSION, MM_STATUS, MM7_NAMESPACES, UNKNOWN_MM_STATUS, versionOfNamespace } from './codes';
import { partById, readMmsContent } from './content';
import { MimeError, readSoapMessage, type SoapMessage } from './mime';
import { type Envelope, readEnvelope, writeEnvelope, writeFault } from './soap';
import { verifyCallback } from './verify';
import { attributeOf, childOf, textOf, toPlain, type XmlElement, XmlError } from './xml';

/** The requests a VASP receives, with the response each one wants. */
const RESPONSE_FOR: Record<string, string> = {
	DeliveryReportReq: 'DeliveryReportRsp',
	DeliverReq: 'DeliverRsp',
};

interface Mm7Request {
	soap: SoapMessage;
	envelope: Envelope;
}

/**
 * Each request is read once: `parse`, `ack` and `reject` share the result (the trigger hands them
 * the same request object), and the WeakMap lets it go with the request.
 */
const readings = new WeakMap<WebhookRequest, Mm7Request | WebhookPayloadError>();

function readRequest(request: WebhookRequest): Mm7Request {
	let reading = readings.get(request);
	if (reading === undefined) {
		reading = readSoapRequest(request);
		readings.set(request, reading);
	}
	if (reading instanceof WebhookPayloadError) throw reading;
	return reading;
}

function readSoapRequest(request: WebhookRequest): Mm7Request | WebhookPayloadError {
	try {
		const soap = readSoapMessage(header(request.headers, 'content-type'), request.rawBody);
		return { soap, envelope: readEnvelope(soap.xml) };
	} catch (error) {
		if (error instanceof XmlError || error instanceof MimeError) return new WebhookPayloadError(`Malformed MM7 SOAP request: ${error.message}`);
		throw error;
	}
}

export function parseRequest(request: WebhookRequest, receivedAt: Date): NormalizedEvent[] {
	const { soap, envelope } = readRequest(request);
	const { message } = envelope;
	if (message.local === 'DeliveryReportReq') return [deliveryReportEvent(message, request, receivedAt)];
	if (message.local === 'DeliverReq') return [deliverEvent(message, soap, request, receivedAt)];
	throw new WebhookPayloadError(`Unsupported MM7 request ${message.local}; this endpoint takes DeliveryReportReq and DeliverReq`);
}

function deliveryReportEvent(report: XmlElement, request: WebhookRequest, receivedAt: Date): NormalizedEvent {
	const messageId = textOf(childOf(report, 'MessageID'));
	if (!messageId) throw new WebhookPayloadError('DeliveryReportReq has no MessageID');
	const mmStatus = textOf(childOf(report, 'MMStatus'));
	if (!mmStatus) throw new WebhookPayloadError('DeliveryReportReq has no MMStatus');
	const meaning = lookup(MM_STATUS, mmStatus) ?? UNKNOWN_MM_STATUS;
	const undelivered = meaning.status === 'undelivered';
	const raw = toPlain(report);
	return normalizedEvent('mm7', {
		kind: 'status',
		// MM7 gives a report no id of its own, and TransactionID names the HTTP exchange, not the event:
		// an MMSC retries with a new one. The report itself is the key, so a retry or a replay is a repeat.
		eventId: contentEventId(messageId, mmStatus, JSON.stringify(raw)),
		messageId,
		status: meaning.status,
		providerStatus: mmStatus,
		final: meaning.final,
		to: addressOf(childOf(report, 'Recipient')),
		from: addressOf(childOf(report, 'Sender')),
		errorMessage: undelivered ? (textOf(childOf(report, 'StatusText')) ?? mmStatus) : null,
		occurredAt: eventTime(textOf(childOf(report, 'Date')), receivedAt),
		...correlationFromQuery(request.query),
		raw,
	});
}

function deliverEvent(deliver: XmlElement, soap: SoapMessage, request: WebhookRequest, receivedAt: Date): NormalizedEvent {
	const href = attributeOf(childOf(deliver, 'Content'), 'href');
	const others = soap.parts.filter((part) => part !== soap.root);
	// Mbuni's leniency: MMSCs that omit or misname the href still send the content as the other part.
	const entity = partById(others, href) ?? others[0];
	let content: ReturnType<typeof readMmsContent> = { text: null, media: [] };
	if (entity) {
		try {
			content = readMmsContent(entity);
		} catch (error) {
			if (error instanceof MimeError) throw new WebhookPayloadError(`DeliverReq content is not readable MIME: ${error.message}`);
			throw error;
		}
	}
	const kind = inboundKind(content.text);
	const messageId = textOf(childOf(deliver, 'MessageID')) ?? textOf(childOf(deliver, 'LinkedID')) ?? null;
	const raw = toPlain(deliver);
	return normalizedEvent('mm7', {
		kind,
		// As for a report: the request and its content, decoded (a retry may bring new MIME boundaries), are the key.
		eventId: contentEventId(messageId, 'DeliverReq', Buffer.concat([Buffer.from(JSON.stringify(raw)), Buffer.from(content.text ?? ''), ...content.media.map((item) => item.data)])),
		messageId,
		status: 'received',
		providerStatus: 'DeliverReq',
		final: true,
		to: addressOf(childOf(childOf(deliver, 'Recipients'), 'To') ?? childOf(deliver, 'Recipients')),
		from: addressOf(childOf(deliver, 'Sender')),
		optedOut: kind === 'opt_out',
		occurredAt: eventTime(textOf(childOf(deliver, 'TimeStamp')), receivedAt),
		...correlationFromQuery(request.query),
		text: content.text,
		// Inline parts have no URL; a data: URL hands the bytes to the workflow as they came.
		media: content.media.map((item) => ({ url: `data:${item.contentType};base64,${item.data.toString('base64')}`, contentType: item.contentType })),
		raw,
	});
}

/**
 * An address element's value as the rest of the package writes numbers: E.164 with "+" for
 * numbers, short codes (≤ 6 digits, as Mbuni decides) and e-mail addresses as they are.
 */
function addressOf(holder: XmlElement | undefined): string | null {
	if (!holder) return null;
	const typed = holder.children.find((child) => child.local === 'Number' || child.local === 'ShortCode' || child.local === 'RFC2822Address');
	const value = textOf(typed) ?? textOf(holder);
	if (!value) return null;
	const digits = value.replace(/^\+/, '');
	return typed?.local !== 'RFC2822Address' && /^\d{7,}$/.test(digits) ? `+${digits}` : value;
}

/** The namespace and MM7Version to answer in: the request's own, so any MMSC gets its dialect back. */
function dialectOf(message: XmlElement | undefined): { ns: string; version: string; prefixed: boolean } {
	const ns = message?.ns ?? MM7_NAMESPACES[DEFAULT_MM7_VERSION];
	const version = textOf(childOf(message, 'MM7Version')) ?? versionOfNamespace(ns) ?? DEFAULT_MM7_VERSION;
	return { ns, version, prefixed: Boolean(message?.prefix) };
}

function ack(request: WebhookRequest): WebhookAck {
	const { envelope } = readRequest(request);
	const { ns, version, prefixed } = dialectOf(envelope.message);
	const body = writeEnvelope({
		ns,
		prefixed,
		transactionId: envelope.transactionId,
		body: {
			name: RESPONSE_FOR[envelope.message.local],
			children: [
				{ name: 'MM7Version', text: version },
				{ name: 'Status', children: [{ name: 'StatusCode', text: '1000' }, { name: 'StatusText', text: 'Success' }] },
			],
		},
	});
	return { status: 200, contentType: 'text/xml; charset=utf-8', body };
}

/**
 * MM7 status code for each refusal the trigger makes (TS 23.140 codes, providers.md §9). A body
 * that cannot be read is 2007 "Message format corrupt", as Mbuni's VASP side answers one
 * (mmsbox/bearerbox.c mm7soap_receive: `mm7_make_resp(NULL, MM7_SOAP_FORMAT_CORRUPT, …)`).
 */
const REFUSAL_STATUS: Record<number, { code: string; text: string }> = {
	400: { code: '2007', text: 'Message format corrupt' },
	401: { code: '4001', text: 'Improper identification' },
	403: { code: '4001', text: 'Improper identification' },
	413: { code: '2000', text: 'Client error' },
};

/**
 * A refused request gets a SOAP Fault, as MM7 peers answer, with the trigger's own HTTP status.
 * SOAP 1.1 §6.2 would put the Fault on a 500, but to an MMSC a 5xx means "try again later" (Sinch:
 * five retries, five minutes apart) and a request that cannot be read will not read better later;
 * Mbuni's VASP side answers a corrupt request without a 5xx too (HTTP 200 with status 2007,
 * mmsbox/bearerbox.c mm7soap_receive). Only a request that was read echoes its TransactionID: one
 * refused for its credentials or size is answered without reading its body (issue #13).
 */
function reject(request: WebhookRequest, status: number, reason: string): WebhookAck {
	const reading = status === 400 ? readings.get(request) : undefined;
	const envelope = reading instanceof WebhookPayloadError ? undefined : reading?.envelope;
	const { ns, version, prefixed } = dialectOf(envelope?.message);
	const refusal = REFUSAL_STATUS[status] ?? { code: '3000', text: 'Server error' };
	const body = writeFault({
		ns,
		prefixed,
		transactionId: envelope?.transactionId,
		faultCode: status >= 500 ? 'Server' : 'Client',
		faultString: reason,
		detail: {
			name: 'VASPErrorRsp',
			children: [
				{ name: 'MM7Version', text: version },
				{ name: 'Status', children: [{ name: 'StatusCode', text: refusal.code }, { name: 'StatusText', text: refusal.text }, { name: 'Details', text: reason }] },
			],
		},
	});
	return { status, contentType: 'text/xml; charset=utf-8', body };
}

export const mm7Webhook: WebhookHandler = {
	verify: verifyCallback,
	// HTTP Basic only (verify.ts); Mbuni's VASP side also checks it before parsing anything (mmsbox/bearerbox.c dispatch_mm7_recv).
	verifiesHeadersOnly: true,
	parse: parseRequest,
	ack,
	reject,
	// DeliverReq carries the subscriber's media inline (base64 grows it by a third): a 5 MB MMS fits.
	maxBodyBytes: 8_000_000,
	setupSteps: [
		"Give the Production URL to the MMSC operator as your VASP URL for delivery reports (DeliveryReportReq) and incoming messages (DeliverReq).",
		"Agree HTTP Basic auth with them: this credential’s Callback Username/Password (or Username/Password when those are empty).",
	],
};
