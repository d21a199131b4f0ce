/**
 * MM7 (carrier direct): fixtures from test/fixtures/mm7 (sources in its README) and case tables for
 * the shared runner. SubmitReq requests are decoded here as an MMSC reads them; the MMSC's Basic
 * credentials are made in the test.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { mm7Adapter } from '../../nodes/providers/mm7';
import { MAX_RECIPIENTS_PER_REQUEST } from '../../nodes/providers/mm7/capabilities';
import { MIME_LIMITS, parseContentType, readMultipart, readSoapMessage } from '../../nodes/providers/mm7/mime';
import { readXml, XML_LIMITS, type XmlElement } from '../../nodes/providers/mm7/xml';
import type {
	FailureReason, OutboundMessage, OutcomeKind, SendBatch, SendOutcome, WebhookAck, WebhookRequest,
} from '../../nodes/providers/types';
import { attributeBomb, deepNesting, elementBomb, issueBodies, mimePartBomb, namespaceBomb } from '../fixtures/mm7/hostile';
import { basicAuthorization } from '../webhook-signing';
import {
	providerSuite, type Reply, runAnswerCases, runParseCases, runRefusedBatchCases, runResponseCases, runSendCases,
	runValidationCases, runVerifyCases, type SentRequest, webhookRequest,
} from './cases';
import { runCredentialContract } from './contract';
import { runCapabilitiesForCases, runCapabilityInvariants } from './invariants';

const REL6 = 'http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4';
const REL5 = 'http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0';
const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const MMSC_URL = 'https://mmsc.operator.example/mm7/vasp';
const NOW = Date.parse('2026-05-02T08:00:00Z');
const MO_CONTENT_TYPE = 'multipart/related; start="soap-start"; type="text/xml"; boundary="----=_Part_139078_1411587550.1397492135426"';

const credentials = {
	url: MMSC_URL,
	username: 'vasp-user-7',
	password: 'pw-' + randomBytes(12).toString('hex'),
	vaspId: 'VASP-001',
	vasId: 'VAS-7',
	mm7Version: '6.8.0',
	serviceCode: 'SALE',
	callbackUsername: 'mmsc-cb-' + randomBytes(4).toString('hex'),
	callbackPassword: 'cbpw-' + randomBytes(12).toString('hex'),
	recipientsPerRequest: 1,
	useNamespacePrefix: true,
};
const credentials53 = { ...credentials, vasId: '', serviceCode: '', mm7Version: '5.3.0', useNamespacePrefix: false };
const several = { ...credentials, recipientsPerRequest: 5 };

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2048), Buffer.from([0xff, 0xd9])]);

function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
	return { from: '111122', text: 'x', subject: 'Spring sale & more <50%>', media: [], ...overrides };
}

function batch(overrides: Partial<SendBatch> = {}): SendBatch {
	return { dropId: 'd3f9a1c2b4e5d6a7', message: message(), recipients: [{ ref: 'r1', to: '+16175550123' }], ...overrides };
}

const two = [
	{ ref: 'r1', to: '+16175550123' },
	{ ref: 'r2', to: '+447700900750' },
];

const suite = providerSuite(mm7Adapter, {
	credentials,
	message: message({ media: [{ data: JPEG, contentType: 'image/jpeg', fileName: 'promo.jpg' }] }),
	nowMs: NOW,
	receivedAt: new Date('2030-01-01T00:00:00.000Z'),
	// What an MMSC may answer that is not a SubmitRsp: the adapter must still answer each recipient.
	junkReplies: [`<env:Envelope xmlns:env="${SOAP}"/>`, `<env:Envelope xmlns:env="${SOAP}"><env:Body/></env:Envelope>`, readFileSync(path.join(__dirname, '../fixtures/mm7/doctype.xml'), 'utf8')],
});
const { fixture, fixtureBytes } = suite;

runCapabilityInvariants(suite);

runCapabilitiesForCases(
	suite,
	(
		[
			[undefined, 1],
			[1, 1],
			[25, 25],
			['10', 10],
			[2.7, 2],
			[0, 1],
			[-3, 1],
			['many', 1],
			[5000, MAX_RECIPIENTS_PER_REQUEST],
		] as Array<[unknown, number]>
	).map(([value, expected]) => ({
		label: `recipientsPerRequest ${JSON.stringify(value)} from the credential ⇒ ${expected} per SubmitReq`,
		credentials: { ...credentials, recipientsPerRequest: value },
		differences: { recipientsPerRequest: expected },
	})),
);

const { username, password, url } = credentials;
runCredentialContract(suite, [
	{ label: 'the MMSC URL as given', credentials: { url, username, password, vaspId: 'V' } },
	{ label: 'the MMSC URL with white space around it', credentials: { url: ` ${url} `, username, password, vaspId: 'V' } },
]);

// ---------------------------------------------------------------------------------------------
// SubmitReq on the wire

/** The request as an MMSC reads it: envelope XML and the parts of the message content. */
function decodeRequest(contentType: string, body: Buffer) {
	const soap = readSoapMessage(contentType, body);
	const content = soap.parts.find((part) => part !== soap.root);
	const inner = content ? parseContentType(content.headers['content-type']) : undefined;
	return { soap, content, inner, parts: content && inner ? readMultipart(content.body, inner.params.boundary) : [] };
}

/** A check of the SubmitReq as sent: decoded with the content type it came with. */
const submitted = (check: (wire: ReturnType<typeof decodeRequest>, body: Buffer) => void) => (body: Buffer, sent: SentRequest) =>
	check(decodeRequest(String(sent.headers['content-type']), body), body);
const submitReq = (wire: ReturnType<typeof decodeRequest>) => readXml(wire.soap.xml).children[1].children[0];
const childNamed = (element: XmlElement, local: string) => element.children.find((child) => child.local === local)!;
const transactionId = (wire: ReturnType<typeof decodeRequest>) => readXml(wire.soap.xml).children[0].children[0].text;

const basic = basicAuthorization(credentials.username, credentials.password);
const wireHeaders = { authorization: basic, soapaction: '""', 'content-type': /^multipart\/related; boundary="[^"]+"; type="text\/xml"; start="<mm7-envelope>"$/ };
const accepted: Reply = { status: 200, fixture: 'submit-rsp-1000-6.8.0.xml', headers: { 'content-type': 'text/xml; charset=utf-8' } };
const acceptedR1: SendOutcome[] = [{ ref: 'r1', kind: 'accepted', messageId: '369500617770864640' }];
const submit = (label: string, sent: SendBatch, check: Parameters<typeof submitted>[0], own?: Record<string, unknown>) => ({
	label,
	batch: sent,
	credentials: own,
	request: { url: MMSC_URL, headers: wireHeaders, body: submitted(check) },
	reply: accepted,
	outcomes: sent.recipients.length === 1 ? acceptedR1 : sent.recipients.map((recipient) => ({ ref: recipient.ref, kind: 'accepted' as const, messageId: '369500617770864640', batchId: '369500617770864640' })),
});
const senderIs = (from: string, element: string, value: string) =>
	submit(`sender ${from} is a ${element}`, batch({ message: message({ from }) }), (wire) => {
		const address = childNamed(childNamed(submitReq(wire), 'SenderIdentification'), 'SenderAddress').children[0];
		expect([address.local, address.text]).toEqual([element, value]);
	});

runSendCases(suite, [
	submit(
		'a 6.8.0 SubmitReq with the mm7: prefix as multipart/related, Basic auth and an empty SOAPAction',
		batch({ message: message({ text: 'Spring sale: 20% off\nReply STOP to opt out', media: [{ data: JPEG, contentType: 'image/jpeg', fileName: 'promo.jpg' }] }) }),
		(wire) => {
			// Part 1: exactly the envelope of the fixture (element order, namespace, prefix, escaping).
			expect(wire.soap.root!.headers).toEqual({ 'content-type': 'text/xml; charset=utf-8', 'content-id': '<mm7-envelope>' });
			expect(wire.soap.xml + '\n').toBe(fixture('submit-envelope-6.8.0-prefixed.xml').replace('d3f9a1c2b4e5d6a7-r1-moo1x4w0', `d3f9a1c2b4e5d6a7-r1-${NOW.toString(36)}`));
			// Part 2: the message, referenced from <Content href="cid:mms-content"/>.
			expect(wire.content!.headers['content-id']).toBe('<mms-content>');
			expect(wire.inner!.mediaType).toBe('multipart/related');
			expect(wire.inner!.params).toMatchObject({ type: 'application/smil', start: '<mms.smil>' });
			expect(wire.parts.map((part) => [part.headers['content-type'], part.headers['content-id'], part.headers['content-transfer-encoding']])).toEqual([
				['application/smil; charset=utf-8', '<mms.smil>', 'binary'],
				['text/plain; charset=utf-8', '<text.txt>', 'binary'],
				['image/jpeg', '<media-1.jpg>', 'binary'],
			]);
			expect(wire.parts[1].body.toString('utf8')).toBe('Spring sale: 20% off\nReply STOP to opt out');
			expect(wire.parts[2].body.equals(JPEG)).toBe(true);
			const slide = readXml(wire.parts[0].body.toString('utf8')).children[1].children[0];
			expect(slide.children.map((element) => [element.local, element.attributes.find((attribute) => attribute.local === 'src')?.value])).toEqual([
				['img', 'cid:media-1.jpg'],
				['text', 'cid:text.txt'],
			]);
		},
	),
	submit(
		'a 5.3.0 SubmitReq with a default namespace when the prefix is off, without empty VASID/ServiceCode',
		batch(),
		(wire) => {
			expect(wire.soap.xml + '\n').toBe(fixture('submit-envelope-5.3.0-default-ns.xml').replace('moo1x4w0', NOW.toString(36)));
			const request = submitReq(wire);
			expect([request.local, request.ns, request.prefix]).toEqual(['SubmitReq', REL5, null]);
		},
		credentials53,
	),
	{
		label: 'to the credential URL as given, trimmed',
		batch: batch(),
		credentials: { ...credentials, url: ' http://127.0.0.1:9000/mmsc/mm7?x=1 ' },
		request: { url: 'http://127.0.0.1:9000/mmsc/mm7?x=1' },
		reply: accepted,
		outcomes: acceptedR1,
	},
	submit(
		'several recipients in Bcc, in order, without "+"',
		batch({ recipients: two }),
		(wire) => {
			const recipients = childNamed(submitReq(wire), 'Recipients');
			expect(recipients.children.map((group) => [group.local, group.children.map((address) => [address.local, address.text])])).toEqual([
				['Bcc', [['Number', '16175550123'], ['Number', '447700900750']]],
			]);
		},
		several,
	),
	senderIs('+14155550000', 'Number', '14155550000'),
	senderIs('111122', 'ShortCode', '111122'),
	senderIs('+22333', 'ShortCode', '22333'),
	senderIs('news@brand.example', 'RFC2822Address', 'news@brand.example'),
	{
		label: 'no Authorization header when the MMSC authenticates by IP and VASP ID only',
		batch: batch(),
		credentials: { ...credentials, username: '', password: '' },
		request: { url: MMSC_URL, headers: { authorization: null } },
		reply: accepted,
		outcomes: acceptedR1,
	},
	submit('a text-only message: one slide, no Subject when none is given', batch({ message: message({ text: 'Just words', subject: undefined }) }), (wire) => {
		expect(wire.parts.map((part) => part.headers['content-id'])).toEqual(['<mms.smil>', '<text.txt>']);
		expect(wire.soap.xml).not.toContain('Subject');
	}),
	submit(
		'a media-only message: no text part, a slide per medium',
		batch({
			message: message({
				text: '',
				media: [
					{ data: JPEG, fileName: 'a.jpeg' },
					{ data: Buffer.from('GIF89a-animated'), contentType: 'image/gif' },
					{ data: Buffer.from('BEGIN:VCARD'), contentType: 'text/vcard' },
				],
			}),
		}),
		(wire) => {
			expect(wire.parts.map((part) => [part.headers['content-id'], part.headers['content-type']])).toEqual([
				['<mms.smil>', 'application/smil; charset=utf-8'],
				['<media-1.jpg>', 'image/jpeg'],
				['<media-2.gif>', 'image/gif'],
				['<media-3.vcf>', 'text/vcard'],
			]);
			const smil = readXml(wire.parts[0].body.toString('utf8'));
			expect(smil.children[1].children.map((slide) => slide.children.map((element) => element.local))).toEqual([['img'], ['img'], ['ref']]);
		},
	),
	submit('a TransactionID of its own, and boundaries that stay out of the content', batch({ message: message({ media: [{ data: JPEG, contentType: 'image/jpeg' }] }) }), (wire, body) => {
		expect(transactionId(wire)).toBe(`d3f9a1c2b4e5d6a7-r1-${NOW.toString(36)}`);
		const boundary = /^--([^\r\n]+)\r\n/.exec(body.toString('latin1'))![1];
		expect(body.indexOf(`--${boundary}`, 1)).toBeGreaterThan(0);
		expect(JPEG.indexOf(boundary)).toBe(-1);
	}),
	{
		label: 'a retry 1.5 s later carries another TransactionID',
		batch: batch({ message: message({ media: [{ data: JPEG, contentType: 'image/jpeg' }] }) }),
		nowMs: NOW + 1500,
		request: { url: MMSC_URL, body: submitted((wire) => expect(transactionId(wire)).toBe(`d3f9a1c2b4e5d6a7-r1-${(NOW + 1500).toString(36)}`)) },
		reply: accepted,
		outcomes: acceptedR1,
	},
]);

runRefusedBatchCases(suite, [
	{ label: 'an alphanumeric sender', batch: batch({ message: message({ from: 'BRAND' }) }), error: /sender must be a number, a short code or an e-mail address/ },
	{ label: 'a media URL that was not fetched', batch: batch({ message: message({ media: [{ url: 'https://cdn.example/a.jpg' }] }) }), error: /no inline content/ },
]);

// ---------------------------------------------------------------------------------------------
// SubmitRsp, RSErrorRsp and Faults

const xml = { 'content-type': 'text/xml; charset=utf-8' };
const html = { 'content-type': 'text/html' };
const reply = (status: number, file: string, headers: Record<string, string> = xml): Reply => ({ status, fixture: file, headers });
/** The MMSC's Status for r1: its code, "StatusText: Details" as the message. */
const rejected = (kind: OutcomeKind, reason: FailureReason, code: string, message: string, httpStatus = 500): SendOutcome[] => [
	{ ref: 'r1', kind, reason, error: { code, message, httpStatus } },
];
const unreadable = (status: number, kind: OutcomeKind, reason: FailureReason): SendOutcome[] => [
	{ ref: 'r1', kind, reason, error: { code: 'invalid_response', message: expect.stringContaining(`HTTP ${status}`), httpStatus: status } },
];
/** One SubmitReq for two recipients refused for carrying several: each is re-sent one per request. */
const resendEach = (code: string, message: string): SendOutcome[] =>
	['r1', 'r2'].map((ref) => ({ ref, kind: 'retryable', reason: 'provider_rejected', error: { code, message, httpStatus: 500 }, multipleRecipientsRefused: true }));
const rspBoundary = 'rsp-boundary';

runResponseCases(suite, batch(), [
	{ label: '1000 SubmitRsp (6.8.0)', reply: accepted, outcomes: acceptedR1 },
	{ label: '1000 SubmitRsp (5.3.0, prefixed)', reply: reply(200, 'submit-rsp-1000-5.3.0-prefixed.xml'), outcomes: [{ ref: 'r1', kind: 'accepted', messageId: 'c1700000000.42.Xk.msg' }] },
	{ label: '1100 partial success', reply: reply(200, 'submit-rsp-1100-partial.xml'), outcomes: [{ ref: 'r1', kind: 'accepted', messageId: '369500617770864641' }] },
	{ label: '2002 address error in a SubmitRsp', reply: reply(200, 'submit-rsp-2002-address.xml'), outcomes: rejected('permanent', 'invalid_number', '2002', 'Address Error: Invalid Address', 200) },
	{ label: '2003 address not found (Fault)', reply: reply(500, 'fault-2003-address-not-found.xml'), outcomes: rejected('permanent', 'invalid_number', '2003', 'Address not found: No such subscriber') },
	{ label: '2004 content refused', reply: reply(500, 'fault-2004-content-refused.xml'), outcomes: rejected('permanent', 'media_rejected', '2004', 'Multimedia refused: Carrier refuses content') },
	{
		label: '2007 format corrupt (Sinch failure example)',
		reply: reply(500, 'fault-2007-format-corrupt.xml'),
		outcomes: rejected('permanent', 'provider_rejected', '2007', 'Unable to parse request: Message format corrupt'),
	},
	{ label: '3000 server error', reply: reply(500, 'fault-3000-server-error.xml'), outcomes: rejected('retryable', 'server_error', '3000', 'System error: Internal system/service error.') },
	{ label: '3000 as a bare RSErrorRsp', reply: reply(500, 'rserrorrsp-3000.xml'), outcomes: rejected('retryable', 'server_error', '3000', 'Server error') },
	{
		label: '3003 with one recipient',
		reply: reply(500, 'fault-3003-multiple-addresses.xml'),
		outcomes: rejected('permanent', 'provider_rejected', '3003', 'Multiple addresses not supported: Send one recipient per request'),
	},
	{ label: '3510 throughput exceeded (Sinch)', reply: reply(500, 'fault-3510-throughput.xml'), outcomes: rejected('retryable', 'rate_limited', '3510', 'Throughput exceeded: Throughput exceeded please retry later') },
	{ label: '4001 improper identification', reply: reply(500, 'fault-4001-identification.xml'), outcomes: rejected('fatal', 'auth_failed', '4001', 'Improper identification: Unknown VASP ID') },
	{
		label: '4002 unsupported version',
		reply: reply(500, 'fault-4002-version.xml'),
		outcomes: rejected('fatal', 'provider_rejected', '4002', 'Unsuported MM7 version: The carrier does not support this MM7 version'),
	},
	{ label: '4004 in a VASPErrorRsp detail', reply: reply(500, 'fault-4004-vasperrorrsp.xml'), outcomes: rejected('permanent', 'provider_rejected', '4004', 'Validation error: ServiceCode is not valid') },
	{
		label: '4006 service unavailable',
		reply: reply(200, 'submit-rsp-4006-unavailable.xml'),
		outcomes: rejected('retryable', 'server_error', '4006', 'Service unavailable: Carrier capacity reached. Retry later', 200),
	},
	{
		label: '4007 service denied',
		reply: reply(500, 'fault-4007-denied.xml'),
		outcomes: rejected('permanent', 'provider_rejected', '4007', 'Service denied: Carrier denies service for the recipient address'),
	},
	{
		label: '2568 unable to authenticate (Sinch)',
		reply: reply(500, 'fault-2568-authenticate.xml'),
		outcomes: rejected('fatal', 'auth_failed', '2568', 'Unable to authenticate: Ensure the HTTP username and password you have specified are correct'),
	},
	{ label: 'a Fault Server without detail', reply: reply(500, 'fault-server-no-detail.xml'), outcomes: rejected('retryable', 'server_error', 'soap:Server', 'Downstream relay not reachable') },
	{ label: 'a Fault Client.Schema without detail', reply: reply(500, 'fault-client-no-detail.xml'), outcomes: rejected('permanent', 'provider_rejected', 'soap:Client', 'Element Recipients is missing') },
	{
		label: 'a Fault MustUnderstand',
		reply: reply(500, 'fault-must-understand.xml'),
		outcomes: rejected('fatal', 'provider_rejected', 'soap:MustUnderstand', 'Header TransactionID was not understood'),
	},
	{
		label: 'a StatusCode named "constructor" is an unknown error code, not a prototype member (regression: kind undefined)',
		reply: { status: 200, body: fixture('submit-rsp-1000-6.8.0.xml').replace('<StatusCode>1000<', '<StatusCode>constructor<'), headers: xml },
		outcomes: rejected('permanent', 'provider_rejected', 'constructor', 'Successfully parsed and validated request', 200),
	},
	{
		label: 'a faultcode named "toString" is an unknown fault, not a prototype member (regression: kind undefined)',
		reply: { status: 500, body: fixture('fault-server-no-detail.xml').replace('env:Server', 'env:toString'), headers: xml },
		outcomes: rejected('permanent', 'provider_rejected', 'soap:toString', 'Downstream relay not reachable'),
	},
	{ label: '401 HTML from the front door', reply: reply(401, 'send-bad-gateway.html', html), outcomes: unreadable(401, 'fatal', 'auth_failed') },
	{ label: '401 with a SOAP Fault', reply: reply(401, 'fault-client-no-detail.xml'), outcomes: rejected('fatal', 'auth_failed', 'soap:Client', 'Element Recipients is missing', 401) },
	{ label: '429 with a Server Fault', reply: reply(429, 'fault-server-no-detail.xml'), outcomes: rejected('retryable', 'rate_limited', 'soap:Server', 'Downstream relay not reachable', 429) },
	{ label: '429 without a body', reply: { status: 429, body: '' }, outcomes: unreadable(429, 'retryable', 'rate_limited') },
	{ label: '503 HTML', reply: reply(503, 'send-bad-gateway.html', html), outcomes: unreadable(503, 'retryable', 'server_error') },
	{ label: '502 HTML from a proxy', reply: reply(502, 'send-bad-gateway.html', html), outcomes: unreadable(502, 'ambiguous', 'server_error') },
	{ label: '500 HTML (a crash after accepting?)', reply: { status: 500, body: '<html>Internal Server Error</html>', headers: html }, outcomes: unreadable(500, 'ambiguous', 'server_error') },
	{ label: '200 with HTML', reply: reply(200, 'send-bad-gateway.html', html), outcomes: unreadable(200, 'ambiguous', 'invalid_response') },
	{ label: '200 SubmitRsp without Status', reply: reply(200, 'submit-rsp-no-status.xml'), outcomes: unreadable(200, 'ambiguous', 'invalid_response') },
	{ label: '200 with a request instead of a response', reply: reply(200, 'delivery-report-retrieved-6.8.0.xml'), outcomes: unreadable(200, 'ambiguous', 'invalid_response') },
	{
		label: 'a SubmitRsp that comes back as multipart/related',
		reply: {
			status: 200,
			body: `--${rspBoundary}\r\nContent-Type: text/xml\r\nContent-ID: <rsp>\r\n\r\n${fixture('submit-rsp-1000-6.8.0.xml')}\r\n--${rspBoundary}--\r\n`,
			headers: { 'Content-Type': `multipart/related; type="text/xml"; start="<rsp>"; boundary="${rspBoundary}"` },
		},
		outcomes: acceptedR1,
	},
	{
		label: 'one MessageID for every recipient of a multi-recipient SubmitReq, as batchId too',
		batch: batch({ recipients: two }),
		credentials: several,
		reply: accepted,
		outcomes: ['r1', 'r2'].map((ref) => ({ ref, kind: 'accepted', messageId: '369500617770864640', batchId: '369500617770864640' })),
	},
	{
		label: '3003 (TS 23.140) for several recipients: each re-sent one per request',
		batch: batch({ recipients: two }),
		credentials: several,
		reply: reply(500, 'fault-3003-multiple-addresses.xml'),
		outcomes: resendEach('3003', 'Multiple addresses not supported: Send one recipient per request'),
	},
	{
		label: '2503 (Sinch) for several recipients: each re-sent one per request',
		batch: batch({ recipients: two }),
		credentials: several,
		reply: reply(500, 'fault-2503-multiple-destinations.xml'),
		outcomes: resendEach('2503', 'Multiple destination addresses not supported: Multiple recipients not supported. Instead, create multiple messages'),
	},
	{
		// An address error in a shared request names no recipient: one per request finds the bad one.
		label: '2002 address error for several recipients: each re-sent one per request',
		batch: batch({ recipients: two }),
		credentials: several,
		reply: reply(500, 'submit-rsp-2002-address.xml'),
		outcomes: resendEach('2002', 'Address Error: Invalid Address'),
	},
]);

/** The bodies of issue #13 as an MMSC's reply to a SubmitReq: a hostile or tampered MMSC must not stall a drop. */
describe('mm7 SubmitRsp bounds', () => {
	const xmlReply = (body: Buffer, contentType: string) => ({ status: 200, headers: { 'content-type': contentType }, body: body.toString('utf8') });
	it.each(issueBodies().map((body) => [body.label, body] as const))('%s: unreadable, hence ambiguous', (_label, { contentType, body }) => {
		expect(mm7Adapter.parseSendResponse(batch(), xmlReply(body, contentType))).toEqual(unreadable(200, 'ambiguous', 'invalid_response'));
	});

	it('the namespace bomb is read within seconds (the copying reader took 23 s and more)', () => {
		const { contentType, body } = namespaceBomb();
		const started = performance.now();
		mm7Adapter.parseSendResponse(batch(), xmlReply(body, contentType));
		expect(performance.now() - started).toBeLessThan(5_000);
	});
});

const mediaOf = (count: number, bytes = 1000) => Array.from({ length: count }, (_, index) => ({ data: Buffer.alloc(bytes), contentType: 'image/jpeg', fileName: `${index}.jpg` }));

runValidationCases(suite, [
	{ label: 'a valid MMS', message: message({ media: mediaOf(1) }), problems: [] },
	{ label: '10 media totalling exactly 600 KB', message: message({ media: mediaOf(10, 60_000) }), problems: [] },
	{ label: 'media typed by file name only', message: message({ media: [{ data: JPEG, fileName: 'photo.JPEG' }] }), problems: [] },
	{ label: 'an e-mail sender', message: message({ from: 'news@brand.example' }), problems: [] },
	{ label: 'too many media', message: message({ media: mediaOf(11) }), problems: ['MM7 (Carrier Direct) takes at most 10 media per message; this one has 11'] },
	{ label: 'media too large in total', message: message({ media: mediaOf(2, 300_001) }), problems: ['MM7 (Carrier Direct) takes at most 600000 bytes of media per message; this one has 600002'] },
	{
		label: 'a URL that was not fetched',
		message: message({ media: [{ url: 'https://cdn.example/a.jpg' }] }),
		problems: ['Media https://cdn.example/a.jpg has no content: MM7 carries media inside the request, so it must be fetched or given as binary first'],
	},
	{ label: 'media without a type', message: message({ media: [{ data: JPEG, fileName: 'blob' }] }), problems: ['Media blob has no content type; the MMSC needs one per part'] },
	{ label: 'an alphanumeric sender', message: message({ from: 'BRAND' }), problems: ['MM7 needs a sender (`from`) that is a number, a short code or an e-mail address'] },
	{ label: 'neither text nor media', message: message({ text: '' }), problems: ['MM7 (Carrier Direct) needs text or media'] },
	{ label: 'no MMSC URL', message: message(), credentials: { ...credentials, url: '' }, problems: ['The MM7 credential has no MMSC URL'] },
	{ label: 'a URL without scheme', message: message(), credentials: { ...credentials, url: 'mmsc.example/mm7' }, problems: ['The MM7 credential\'s URL "mmsc.example/mm7" is not an http(s) URL'] },
	{ label: 'an unknown MM7 version', message: message(), credentials: { ...credentials, mm7Version: '6.3.0' }, problems: ['MM7 version "6.3.0" is not supported; use 6.8.0 or 5.3.0'] },
]);

// ---------------------------------------------------------------------------------------------
// What the MMSC posts: verify, parse, answer

const TRIGGER_URL = 'https://n8n.example/webhook/abc/mms';
const callbackAuthorization = basicAuthorization(credentials.callbackUsername, credentials.callbackPassword);
function mmscRequest(body: string | Buffer, options: { authorization?: string | null; url?: string; contentType?: string } = {}): WebhookRequest {
	const authorization = options.authorization === undefined ? callbackAuthorization : options.authorization;
	return webhookRequest({
		url: options.url ?? TRIGGER_URL,
		body,
		contentType: options.contentType ?? 'text/xml; charset=utf-8',
		headers: { soapaction: '""', ...(authorization === null ? {} : { authorization }) },
	});
}

const report = fixture('delivery-report-retrieved-6.8.0.xml');
const noCallbackPair = { ...credentials, callbackUsername: '', callbackPassword: '' };

runVerifyCases(suite, {
	valid: [
		{ label: 'the callback credentials', request: mmscRequest(report) },
		{ label: 'a lowercase scheme', request: mmscRequest(report, { authorization: callbackAuthorization.replace('Basic', 'basic') }) },
		{ label: 'the VASP credentials when no callback pair is set', request: mmscRequest(report, { authorization: basic }), credentials: noCallbackPair },
	],
	forged: [
		{ label: 'the VASP credentials when a callback pair is set', request: mmscRequest(report, { authorization: basic }), reason: /do not match/ },
		{ label: 'a wrong password of another length', request: mmscRequest(report, { authorization: basicAuthorization(credentials.callbackUsername, 'short') }), reason: /do not match/ },
		{ label: 'a wrong username', request: mmscRequest(report, { authorization: basicAuthorization('someone', credentials.callbackPassword) }), reason: /do not match/ },
		{ label: 'a Bearer token', request: mmscRequest(report, { authorization: `Bearer ${credentials.callbackPassword}` }), reason: /not HTTP Basic/ },
		{
			label: 'known username, empty password presented',
			request: mmscRequest(report, { authorization: basicAuthorization(credentials.callbackUsername, '') }),
			reason: /do not match/,
		},
	],
	missing: [
		{ label: 'no Authorization header', request: mmscRequest(report, { authorization: null }), reason: /No Authorization header/ },
		{
			label: 'nothing configured to check against',
			request: mmscRequest(report),
			credentials: { ...noCallbackPair, username: '', password: '' },
			reason: /no callback username\/password/,
		},
		{
			label: 'known username, empty password (regression: the VASP user name alone passed)',
			request: mmscRequest(report, { authorization: basicAuthorization(credentials.username, '') }),
			credentials: { ...noCallbackPair, password: '' },
			reason: /no callback username\/password/,
		},
		{
			label: 'known callback username, empty callback password',
			request: mmscRequest(report, { authorization: basicAuthorization(credentials.callbackUsername, '') }),
			credentials: { ...credentials, callbackPassword: '' },
			reason: /no callback username\/password/,
		},
	],
});

/** A report's key: its MessageID, MMStatus and a hash of the report (issue #13: an MMSC's retry is a repeat). */
const reportKey = expect.stringMatching(/^[^:]+:[^:]+:[\w-]{22}$/);
const reportFields = { provider: 'mm7', kind: 'status', eventId: reportKey, errorCode: null, optedOut: false, text: null, media: [] };
const reportCase = (name: string, fields: object) => ({ label: name, request: mmscRequest(fixture(name)), events: [expect.objectContaining({ ...reportFields, ...fields })] });
const mo = (name: string) => mmscRequest(fixtureBytes(name), { contentType: MO_CONTENT_TYPE });
const moJpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0x2d, 0xff, 0xd9]);

/** A DeliverReq as multipart/related (boundary "outer") whose Content href names the `content` entity. */
function deliverWith(content: MimeEntity): string {
	const envelope =
		`<env:Envelope xmlns:env="${SOAP}"><env:Header><TransactionID xmlns="${REL6}">mo-1</TransactionID></env:Header><env:Body><DeliverReq xmlns="${REL6}">` +
		'<MM7Version>6.8.0</MM7Version><Sender><Number>16175550123</Number></Sender><Recipients><To><ShortCode>111122</ShortCode></To></Recipients>' +
		'<Content href="cid:content"/></DeliverReq></env:Body></env:Envelope>';
	return `--outer\r\nContent-Type: text/xml\r\nContent-ID: <env>\r\n\r\n${envelope}\r\n--outer\r\nContent-Type: ${content.contentType}\r\nContent-ID: <content>\r\n\r\n${content.body}\r\n--outer--\r\n`;
}

interface MimeEntity {
	contentType: string;
	body: string;
}

function multipart(boundary: string, type: string, parts: MimeEntity[]): MimeEntity {
	const body = parts.map((part) => `--${boundary}\r\nContent-Type: ${part.contentType}\r\n\r\n${part.body}\r\n`).join('') + `--${boundary}--`;
	return { contentType: `${type}; boundary="${boundary}"`, body };
}

/** MMS content holding one nested multipart/mixed of text parts per entry of `sizes`. */
function nestedContent(sizes: number[]): MimeEntity {
	const nested = sizes.map((size, n) => multipart(`n${n}`, 'multipart/mixed', Array.from({ length: size }, (_, i) => ({ contentType: 'text/plain', body: `t${n}.${i}` }))));
	return multipart('mms', 'multipart/related', nested);
}

runParseCases(suite, {
	events: [
		reportCase('delivery-report-retrieved-6.8.0.xml', {
			messageId: '369500617770864640',
			status: 'delivered',
			providerStatus: 'Retrieved',
			final: true,
			to: '+16175550123',
			from: '111122',
			errorMessage: null,
			occurredAt: '2015-03-16T14:03:51.749Z',
			dropId: null,
			ref: null,
		}),
		reportCase('delivery-report-retrieved-5.3.0.xml', { messageId: 'c1700000000.42.Xk.msg', status: 'delivered', final: true, to: '+14155550101', from: '111122', occurredAt: '2026-05-02T08:19:42.000Z' }),
		reportCase('delivery-report-expired-5.3.0.xml', { status: 'undelivered', providerStatus: 'Expired', final: true, errorMessage: 'The handset could not be reached before the expiry time' }),
		reportCase('delivery-report-rejected-5.3.0.xml', { status: 'undelivered', providerStatus: 'Rejected', final: true, errorMessage: 'Content blocked by mobile operator' }),
		reportCase('delivery-report-unrecognised-5.3.0.xml', { status: 'undelivered', providerStatus: 'Unrecognised', final: true }),
		reportCase('delivery-report-deferred-5.3.0.xml', { status: 'queued', providerStatus: 'Deferred', final: false, errorMessage: null }),
		// Interim (issue #12 2.7): the next MMSC's own report follows, as Mbuni relays it.
		reportCase('delivery-report-forwarded-5.3.0.xml', { status: 'sent', providerStatus: 'Forwarded', final: false }),
		reportCase('delivery-report-condition-not-met-6.8.0.xml', {
			status: 'undelivered',
			providerStatus: 'DeliveryConditionNotMet',
			final: true,
			errorMessage: 'Delivery condition not met',
		}),
		reportCase('delivery-report-indeterminate-5.3.0.xml', { status: 'sent', providerStatus: 'Indeterminate', final: true }),
		reportCase('delivery-report-unknown-status.xml', { status: 'sent', providerStatus: 'NotSupported', final: false }),
		{
			label: 'the report as plain JSON in raw; dropId/ref from the VASP URL query',
			request: mmscRequest(report, { url: `${TRIGGER_URL}?dropId=d9&ref=q1&ref=q2` }),
			events: [
				expect.objectContaining({
					dropId: 'd9',
					ref: 'q1',
					raw: {
						MM7Version: '6.8.0',
						MessageID: '369500617770864640',
						Recipient: { Number: '16175550123' },
						Sender: { Number: '111122' },
						Date: '2015-03-16T14:03:51.749Z',
						MMStatus: 'Retrieved',
						StatusText: 'Success',
						UACapabilities: { '@UAProf': 'Samsung Galaxy' },
					},
				}),
			],
		},
		{
			label: 'an MMStatus named "constructor" is an unknown status, not a prototype member (regression: status undefined)',
			request: mmscRequest(report.replace('>Retrieved<', '>constructor<')),
			events: [expect.objectContaining({ status: 'sent', providerStatus: 'constructor', final: false })],
		},
		{
			label: 'raw: children named like prototype members are own fields, repeats an array in order',
			request: mmscRequest(report.replace('<StatusText>', '<constructor>c</constructor><__proto__>p</__proto__><Extra>1</Extra><Extra>2</Extra><Extra>3</Extra><StatusText>')),
			events: [expect.objectContaining({ raw: expect.objectContaining({ constructor: 'c', ['__proto__']: 'p', Extra: ['1', '2', '3'] }) })],
		},
		{
			label: 'a report whose Content-Type claims multipart but whose body is bare XML (Sinch example)',
			request: mmscRequest(report, { contentType: 'multipart/related; type="text/xml"; boundary="none"' }),
			events: [expect.objectContaining({ messageId: '369500617770864640', status: 'delivered' })],
		},
		{
			label: 'the receipt time when Date is unreadable',
			request: mmscRequest(report.replace('2015-03-16T14:03:51.749Z', 'yesterday')),
			events: [expect.objectContaining({ occurredAt: '2030-01-01T00:00:00.000Z' })],
		},
		{
			label: 'an MO with an image and text is an inbound item with both (Sinch example)',
			request: mo('deliver-mo-image.mime'),
			events: [
				{
					provider: 'mm7',
					kind: 'inbound',
					eventId: expect.stringMatching(/^1000001:DeliverReq:[\w-]{22}$/),
					messageId: '1000001',
					status: 'received',
					providerStatus: 'DeliverReq',
					final: true,
					to: '111122',
					from: '+1617423433',
					errorCode: null,
					errorMessage: null,
					optedOut: false,
					occurredAt: '2014-04-14T16:15:23.414Z',
					dropId: null,
					ref: null,
					text: 'Test MO message!',
					media: [{ url: `data:image/jpeg;base64,${moJpeg.toString('base64')}`, contentType: 'image/jpeg' }],
					raw: expect.objectContaining({ LinkedID: '1000001', Priority: 'Normal', Content: { '@href': 'cid:default.cid', '@allowAdaptations': 'true' } }),
				},
			],
		},
		{ label: 'a base64 " Stop" is an opt_out', request: mo('deliver-mo-stop.mime'), events: [expect.objectContaining({ kind: 'opt_out', optedOut: true, text: ' Stop\n', media: [] })] },
		{ label: 'quoted-printable decoded in the declared charset', request: mo('deliver-mo-quoted-printable.mime'), events: [expect.objectContaining({ kind: 'inbound', text: 'Café ou thé ? STOP= non' })] },
		{
			label: 'the non-envelope part when Content href names none (as Mbuni does)',
			request: mo('deliver-mo-unreferenced.mime'),
			events: [expect.objectContaining({ text: 'No href match', media: [expect.objectContaining({ contentType: 'image/jpeg' })] })],
		},
		{
			label: 'MMS content with nested multiparts within 64 parts together',
			request: mmscRequest(deliverWith(nestedContent([31, 31])), { contentType: 'multipart/related; boundary="outer"; start="<env>"' }),
			events: [expect.objectContaining({ kind: 'inbound', text: [0, 1].flatMap((n) => Array.from({ length: 31 }, (_, i) => `t${n}.${i}`)).join('\n') })],
		},
		{
			label: 'an MO without content part is an inbound item without text',
			request: mmscRequest(readSoapMessage(MO_CONTENT_TYPE, fixtureBytes('deliver-mo-image.mime')).xml),
			events: [expect.objectContaining({ kind: 'inbound', text: null, media: [] })],
		},
	],
	malformed: [
		{ label: 'not XML', request: mmscRequest('hello'), error: /Malformed MM7 SOAP request: Not well-formed XML/ },
		{ label: 'an empty body', request: mmscRequest(''), error: /Not well-formed XML: no root element/ },
		{ label: 'two root elements', request: mmscRequest(`<env:Envelope xmlns:env="${SOAP}"/><env:Envelope xmlns:env="${SOAP}"/>`), error: /Not well-formed XML: more than one root element/ },
		{ label: 'an entity no DTD declares', request: mmscRequest(report.replace('>Success<', '>&nbsp;<')), error: /unknown entity &nbsp;/ },
		{ label: 'not well-formed', request: mmscRequest(fixture('not-well-formed.xml')), error: /Not well-formed XML/ },
		{ label: 'not a SOAP envelope', request: mmscRequest(fixture('not-soap.xml')), error: /not a SOAP 1\.1 Envelope/ },
		{ label: 'a SOAP 1.2 envelope', request: mmscRequest(fixture('soap-1.2-envelope.xml')), error: /not a SOAP 1\.1 Envelope/ },
		{ label: 'a DOCTYPE', request: mmscRequest(fixture('doctype.xml')), error: /must not contain a DOCTYPE/ },
		{ label: 'a ReadReplyReq', request: mmscRequest(fixture('read-reply-req.xml')), error: /Unsupported MM7 request ReadReplyReq/ },
		{ label: 'a report without MessageID', request: mmscRequest(fixture('delivery-report-no-message-id.xml')), error: /DeliveryReportReq has no MessageID/ },
		{ label: 'an empty Body', request: mmscRequest(`<env:Envelope xmlns:env="${SOAP}"><env:Body/></env:Envelope>`), error: /holds 0 elements/ },
		{
			label: 'an undeclared prefix',
			request: mmscRequest(`<env:Envelope xmlns:env="${SOAP}"><env:Body><mm7:DeliveryReportReq/></env:Body></env:Envelope>`),
			error: /Undeclared namespace prefix "mm7"/,
		},
		// Issue #13 point 1: each bound refuses a blown-up body with a clear 400, however it is blown up.
		...issueBodies().map(({ label, contentType, body }) => ({
			label: `the issue's body: ${label}`,
			request: mmscRequest(body, { contentType }),
			// Bodies over 256 KB are refused before they are decoded, smaller ones by their characters.
			error: contentType.startsWith('multipart/')
				? /More MIME parts than the 64/
				: /The (SOAP envelope has \d+ bytes|document has \d+ characters); an MM7 envelope has a few thousand \(limit (262144|65536)\)/,
		})),
		{ label: 'nesting one level deeper than 32', request: mmscRequest(deepNesting(XML_LIMITS.maxDepth - 2).body), error: /nested deeper than 32/ },
		{ label: 'one element more than 2000', request: mmscRequest(elementBomb(XML_LIMITS.maxElements - 5).body), error: /more than 2000 elements/ },
		{ label: 'one attribute more than 32 on an element', request: mmscRequest(attributeBomb(XML_LIMITS.maxAttributes).body), error: /more than 32 attributes on <DeliveryReportReq>/ },
		{ label: 'one MIME part more than 64', request: mmscRequest(mimePartBomb(MIME_LIMITS.maxParts).body, { contentType: mimePartBomb(0).contentType }), error: /More MIME parts than the 64/ },
		{
			label: 'an envelope part over 256 KB, refused before it is decoded',
			request: mmscRequest(`--b\r\nContent-Transfer-Encoding: base64\r\n\r\n${'A'.repeat(4 * XML_LIMITS.maxChars + 1)}\r\n--b--\r\n`, { contentType: 'multipart/related; boundary="b"' }),
			error: /The SOAP envelope has 262145 bytes; an MM7 envelope has a few thousand \(limit 262144\)/,
		},
		{
			label: 'a boundary longer than RFC 2046 allows',
			request: mmscRequest(`--${'b'.repeat(71)}\r\n\r\n${report}\r\n--${'b'.repeat(71)}--\r\n`, { contentType: `multipart/related; boundary="${'b'.repeat(71)}"` }),
			error: /The boundary has 71 characters; RFC 2046 allows 70/,
		},
		{
			label: 'a MIME part with 8 KB of headers',
			request: mmscRequest(`--b\r\nX-Filler: ${'x'.repeat(MIME_LIMITS.maxHeaderBytes)}\r\n\r\n${report}\r\n--b--\r\n`, { contentType: 'multipart/related; boundary="b"' }),
			error: /A MIME part has \d+ bytes of headers \(limit 8192\)/,
		},
		{
			label: 'MMS content whose nested multiparts hold more than 64 parts together',
			request: mmscRequest(deliverWith(nestedContent([40, 40])), { contentType: 'multipart/related; boundary="outer"; start="<env>"' }),
			error: /DeliverReq content is not readable MIME: More MIME parts than the 64/,
		},
		{
			label: 'a multipart body whose boundary never appears',
			request: mmscRequest('--other\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n--other--\r\n', { contentType: 'multipart/related; boundary="expected"' }),
			error: /No part delimited by boundary "expected"/,
		},
	],
});

/** The Fault of a refusal: its code, string, detail element and MM7 StatusCode. */
function faultOf(body: string) {
	const envelope = readXml(body);
	const fault = envelope.children.find((element) => element.local === 'Body')!.children[0];
	const text = (local: string) => fault.children.find((element) => element.local === local)?.text;
	const detail = fault.children.find((element) => element.local === 'detail')!.children[0];
	return { envelope, faultcode: text('faultcode'), faultstring: text('faultstring'), detail: detail.local, statusCode: childNamed(detail, 'Status').children[0].text };
}

runAnswerCases(suite, {
	setupSteps: [/VASP URL/, /DeliveryReportReq/, /DeliverReq/],
	answers: [
		{
			label: 'a 6.8.0 report: DeliveryReportRsp 1000, the same TransactionID and namespace',
			request: mmscRequest(report),
			answer: {
				status: 200,
				contentType: 'text/xml; charset=utf-8',
				body:
					`<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="${SOAP}"><env:Header><TransactionID xmlns="${REL6}" env:mustUnderstand="1">10000001</TransactionID></env:Header>` +
					`<env:Body><DeliveryReportRsp xmlns="${REL6}"><MM7Version>6.8.0</MM7Version><Status><StatusCode>1000</StatusCode><StatusText>Success</StatusText></Status></DeliveryReportRsp></env:Body></env:Envelope>`,
			},
		},
		{
			label: 'a prefixed 5.3.0 report in the same dialect',
			request: mmscRequest(fixture('delivery-report-expired-5.3.0.xml')),
			answer: (answer: WebhookAck) => {
				const [header, body] = readXml(answer.body!).children;
				expect([header.children[0].local, header.children[0].ns, header.children[0].prefix, header.children[0].text]).toEqual(['TransactionID', REL5, 'mm7', 'dr-5.3-expired']);
				expect([body.children[0].local, body.children[0].ns, body.children[0].prefix, body.children[0].children[0].text]).toEqual(['DeliveryReportRsp', REL5, 'mm7', '5.3.0']);
			},
		},
		{
			label: 'a DeliverReq: DeliverRsp',
			request: mo('deliver-mo-image.mime'),
			answer: (answer: WebhookAck) => {
				const envelope = readXml(answer.body!);
				expect(envelope.children[1].children[0].local).toBe('DeliverRsp');
				expect(envelope.children[0].children[0].text).toBe('1000001');
			},
		},
		{
			label: 'refused credentials: 401 with a Client fault (4001), the body left unread (no TransactionID)',
			request: mmscRequest(report, { authorization: null }),
			refused: { status: 401, reason: 'Unauthorized' },
			answer: (answer: WebhookAck) => {
				expect([answer.status, answer.contentType]).toEqual([401, 'text/xml; charset=utf-8']);
				const fault = faultOf(answer.body!);
				expect(fault).toMatchObject({ faultcode: 'env:Client', faultstring: 'Unauthorized', detail: 'VASPErrorRsp', statusCode: '4001' });
				expect(fault.envelope.children.map((element) => element.local)).toEqual(['Body']);
			},
		},
		{
			label: 'a malformed body: HTTP 400, never 500 (MMSCs retry a 5xx), with a Client fault 2007 as Mbuni answers',
			request: mmscRequest('<not soap'),
			refused: { status: 400, reason: 'Bad request: Malformed MM7 SOAP request' },
			answer: (answer: WebhookAck) => {
				expect(answer.status).toBe(400);
				const fault = faultOf(answer.body!);
				expect(fault).toMatchObject({ faultcode: 'env:Client', faultstring: 'Bad request: Malformed MM7 SOAP request', statusCode: '2007' });
				expect(fault.envelope.children.map((element) => element.local)).toEqual(['Body']);
			},
		},
		{ label: 'a 413 keeps its status', request: mmscRequest('x'), refused: { status: 413, reason: 'Payload too large' }, answer: (answer: WebhookAck) => expect(answer.status).toBe(413) },
		{ label: 'a 403 keeps its status', request: mmscRequest('x'), refused: { status: 403, reason: 'Forbidden' }, answer: (answer: WebhookAck) => expect(answer.status).toBe(403) },
	],
});

describe('mm7 webhook answers after parsing', () => {
	const { parse, reject } = mm7Adapter.webhook!;

	it('a readable envelope refused with 400 echoes its TransactionID and dialect from the one reading', () => {
		const request = mmscRequest(fixture('delivery-report-no-message-id.xml'));
		expect(() => parse(request, suite.receivedAt)).toThrow(/has no MessageID/);
		const answer = reject!(request, 400, 'Bad request: DeliveryReportReq has no MessageID');
		expect(answer.status).toBe(400);
		expect(faultOf(answer.body!).envelope.children[0].children[0].text).toBe('t-1');
	});

	it('a request refused before it was parsed is not parsed by the refusal either (no TransactionID)', () => {
		const request = mmscRequest(namespaceBomb(1, 1).body);
		const answer = reject!(request, 400, 'Bad request');
		expect(faultOf(answer.body!).envelope.children.map((element) => element.local)).toEqual(['Body']);
	});
});

describe('mm7 XML reader', () => {
	const nested = (depth: number) => '<a>'.repeat(depth) + '</a>'.repeat(depth);
	const elements = (count: number) => `<r>${'<a/>'.repeat(count - 1)}</r>`;
	const attributes = (count: number) => `<r${Array.from({ length: count - 1 }, (_, i) => ` a${i}=""`).join('')} xmlns:p="urn:p"/>`;
	const characters = (count: number) => `<r>${' '.repeat(count - '<r></r>'.length)}</r>`;

	it.each([
		['nesting', nested(XML_LIMITS.maxDepth), nested(XML_LIMITS.maxDepth + 1), /elements nested deeper than 32/],
		['elements', elements(XML_LIMITS.maxElements), elements(XML_LIMITS.maxElements + 1), /more than 2000 elements/],
		['attributes on one element, namespace declarations included', attributes(XML_LIMITS.maxAttributes), attributes(XML_LIMITS.maxAttributes + 1), /more than 32 attributes on <r>/],
		['characters', characters(XML_LIMITS.maxChars), characters(XML_LIMITS.maxChars + 1), /has 65537 characters/],
	])('%s: read at the limit, refused one beyond', (_label, atLimit, beyond, error) => {
		expect(() => readXml(atLimit)).not.toThrow();
		expect(() => readXml(beyond)).toThrow(error);
	});

	it('resolves every name in the scope it was declared in: shadowed, undeclared, not leaked to siblings, xml: built in', () => {
		const root = readXml(
			'<e:Envelope xmlns:e="urn:env" xmlns="urn:default"><a xmlns:e="urn:inner"><e:x xml:lang="en" e:y="1" z="2"/></a><b><e:w/></b><c xmlns=""><d/></c></e:Envelope>',
		);
		const [a, b, c] = root.children;
		const names = (element: XmlElement) => [element.prefix, element.local, element.ns];
		expect([root, a, a.children[0], b, b.children[0], c, c.children[0]].map(names)).toEqual([
			['e', 'Envelope', 'urn:env'],
			[null, 'a', 'urn:default'],
			['e', 'x', 'urn:inner'],
			[null, 'b', 'urn:default'],
			['e', 'w', 'urn:env'],
			[null, 'c', null],
			[null, 'd', null],
		]);
		expect(a.children[0].attributes).toEqual([
			{ local: 'lang', ns: 'http://www.w3.org/XML/1998/namespace', value: 'en' },
			{ local: 'y', ns: 'urn:inner', value: '1' },
			{ local: 'z', ns: null, value: '2' },
		]);
	});

	it('decodes the predefined entities, character references and CDATA; reads CR LF as LF', () => {
		const root = readXml('<?xml version="1.0"?><!-- c --><r a="&lt;&#x41;&#66;&#x1F600;\tb">&amp;&apos;&quot;&gt;\r\n<![CDATA[<raw>&amp;]]><?pi x?><!-- x --></r>');
		expect(root.attributes[0].value).toBe('<AB😀 b');
		expect(root.text).toBe('&\'">\n<raw>&amp;');
	});

	it.each([
		['an unclosed element', '<r><a></r>', /<\/r> does not close <a>/],
		['an element never closed', '<r>', /<r> is never closed/],
		['an end tag without a start', '<r/></r>', /<\/r> closes no element/],
		['text after the root', '<r/>x', /text outside the root element/],
		['an attribute twice', '<r a="1" a="2"/>', /attribute a appears twice/],
		['an unquoted value', '<r a=1/>', /the value of attribute a is not quoted/],
		['"<" in a value', '<r a="<"/>', /the value of attribute a contains "<"/],
		['attributes without white space between', '<r a="1"b="2"/>', /need white space between them/],
		['a bare "&"', '<r>fish & chips</r>', /"&" that starts no reference/],
		['a reference to no character', '<r>&#0;</r>', /&#0; is not an XML character/],
		['an unclosed comment', '<r><!-- x</r>', /a comment is never closed/],
		['a name that is no name', '<1r/>', /expected an element name/],
		['a DOCTYPE', '<!DOCTYPE r><r/>', /must not contain a DOCTYPE/],
	])('refuses %s', (_label, xml, error) => {
		expect(() => readXml(xml)).toThrow(error);
	});

	it('says on which line a document goes wrong', () => {
		expect(() => readXml('<r>\n<a>\n</b></r>')).toThrow(/\(line 3\)/);
	});
});

describe('mm7 MIME reader', () => {
	const parts = (count: number) => Buffer.from(`${'--b\r\n\r\nx\r\n'.repeat(count)}--b--\r\n`);

	it('reads 64 parts and refuses a 65th, without looking further', () => {
		expect(readMultipart(parts(MIME_LIMITS.maxParts), 'b')).toHaveLength(MIME_LIMITS.maxParts);
		expect(() => readMultipart(parts(MIME_LIMITS.maxParts + 1), 'b')).toThrow(/More MIME parts than the 64/);
	});

	it('stops at the close delimiter: what follows is the epilogue (RFC 2046 §5.1.1)', () => {
		expect(readMultipart(Buffer.concat([parts(2), parts(100)]), 'b')).toHaveLength(2);
	});
});
