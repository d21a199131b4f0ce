/**
 * Contract tests for the MM7 adapter: SubmitReq requests asserted on the wire with nock, SubmitRsp
 * and Fault replies and MMSC requests (DeliveryReportReq, DeliverReq) from test/fixtures/mm7 (see
 * its README for the documented source of each).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import nock from 'nock';

import { mm7Adapter } from '../../nodes/providers/mm7';
import { MAX_RECIPIENTS_PER_REQUEST } from '../../nodes/providers/mm7/capabilities';
import { parseContentType, readMultipart, readSoapMessage } from '../../nodes/providers/mm7/mime';
import { readXml } from '../../nodes/providers/mm7/xml';
import type { NormalizedEvent, OutboundMessage, SendBatch, SendOutcome, WebhookRequest } from '../../nodes/providers/types';
import { WebhookPayloadError } from '../../nodes/providers/types';
import { messageProblems } from '../../nodes/providers/capabilities';
import { expectNoSecrets, sendViaFetch } from './wire';

const FIXTURES = path.join(__dirname, '../fixtures/mm7');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const fixtureBytes = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));

const REL6 = 'http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4';
const REL5 = 'http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0';
const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const MMSC = 'https://mmsc.operator.example';
const MMSC_PATH = '/mm7/vasp';
const NOW = Date.parse('2026-05-02T08:00:00Z');
const MO_CONTENT_TYPE = 'multipart/related; start="soap-start"; type="text/xml"; boundary="----=_Part_139078_1411587550.1397492135426"';

const credentials = {
	url: `${MMSC}${MMSC_PATH}`,
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

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2048), Buffer.from([0xff, 0xd9])]);

function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
	return {
		from: '111122',
		text: 'x',
		subject: 'Spring sale & more <50%>',
		media: [],
		...overrides,
	};
}

function batch(overrides: Partial<SendBatch> = {}): SendBatch {
	return { dropId: 'd3f9a1c2b4e5d6a7', message: message(), recipients: [{ ref: 'r1', to: '+16175550123' }], ...overrides };
}

const two = [
	{ ref: 'r1', to: '+16175550123' },
	{ ref: 'r2', to: '+447700900750' },
];

const adapter = mm7Adapter;
const webhook = adapter.webhook!;
const basic = (user: string, pass: string) => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');

afterEach(() => nock.cleanAll());

/** The request as an MMSC reads it: envelope XML and the parts of the message content. */
function decodeRequest(contentType: string, body: Buffer) {
	const soap = readSoapMessage(contentType, body);
	const content = soap.parts.find((part) => part !== soap.root)!;
	const inner = parseContentType(content.headers['content-type']);
	return { soap, content, inner, parts: readMultipart(content.body, inner.params.boundary) };
}

describe('capabilities', () => {
	it('declares the MM7 limits (providers.md §9/§11, media.md §2)', () => {
		expect(adapter.capabilities).toEqual({
			recipientsPerRequest: 1,
			mediaPerMessage: 10,
			maxMediaBytes: 600_000,
			mediaStore: false,
			inlineMedia: true,
			defaultRatePerSecond: 1,
			perMessageCallbackUrl: false,
			correlationField: null,
		});
		expect([adapter.id, adapter.credentialType]).toEqual(['mm7', 'dropMmsMm7Api']);
	});

	it.each([
		[undefined, 1],
		[1, 1],
		[25, 25],
		['10', 10],
		[2.7, 2],
		[0, 1],
		[-3, 1],
		['many', 1],
		[5000, MAX_RECIPIENTS_PER_REQUEST],
	])('recipientsPerRequest %p from the credential ⇒ %p per SubmitReq', (value, expected) => {
		const capabilities = adapter.capabilitiesFor!({ ...credentials, recipientsPerRequest: value });
		expect(capabilities).toEqual({ ...adapter.capabilities, recipientsPerRequest: expected });
	});
});

describe('buildSendRequest', () => {
	it('posts a 6.8.0 SubmitReq with the mm7: prefix as multipart/related, Basic auth and an empty SOAPAction', async () => {
		const sent = batch({ message: message({ text: 'Spring sale: 20% off\nReply STOP to opt out', media: [{ data: JPEG, contentType: 'image/jpeg', fileName: 'promo.jpg' }] }) });
		const spec = adapter.buildSendRequest(credentials, sent, NOW);
		let received: { contentType: string; body: Buffer } | undefined;
		const scope = nock(MMSC)
			.post(MMSC_PATH)
			.basicAuth({ user: credentials.username, pass: credentials.password })
			.matchHeader('soapaction', '""')
			.matchHeader('content-type', /^multipart\/related; boundary="[^"]+"; type="text\/xml"; start="<mm7-envelope>"$/)
			.reply(function (_uri, body) {
				received = { contentType: String(this.req.headers['content-type']), body: Buffer.from(body as string, 'hex') };
				return [200, fixture('submit-rsp-1000-6.8.0.xml'), { 'content-type': 'text/xml; charset=utf-8' }];
			});
		const response = await sendViaFetch(spec);
		expect(scope.isDone()).toBe(true);

		// Part 1: exactly the envelope of the fixture (element order, namespace, prefix, escaping).
		const wire = decodeRequest(received!.contentType, received!.body);
		expect(wire.soap.root!.headers).toEqual({ 'content-type': 'text/xml; charset=utf-8', 'content-id': '<mm7-envelope>' });
		expect(wire.soap.xml + '\n').toBe(fixture('submit-envelope-6.8.0-prefixed.xml').replace('d3f9a1c2b4e5d6a7-r1-moo1x4w0', `d3f9a1c2b4e5d6a7-r1-${NOW.toString(36)}`));
		// Part 2: the message, referenced from <Content href="cid:mms-content"/>.
		expect(wire.content.headers['content-id']).toBe('<mms-content>');
		expect(wire.inner.mediaType).toBe('multipart/related');
		expect(wire.inner.params).toMatchObject({ type: 'application/smil', start: '<mms.smil>' });
		expect(wire.parts.map((part) => [part.headers['content-type'], part.headers['content-id'], part.headers['content-transfer-encoding']])).toEqual([
			['application/smil; charset=utf-8', '<mms.smil>', 'binary'],
			['text/plain; charset=utf-8', '<text.txt>', 'binary'],
			['image/jpeg', '<media-1.jpg>', 'binary'],
		]);
		expect(wire.parts[1].body.toString('utf8')).toBe('Spring sale: 20% off\nReply STOP to opt out');
		expect(wire.parts[2].body.equals(JPEG)).toBe(true);
		const smil = readXml(wire.parts[0].body.toString('utf8'));
		const slide = smil.children[1].children[0];
		expect(slide.children.map((element) => [element.local, element.attributes.find((attribute) => attribute.local === 'src')?.value])).toEqual([
			['img', 'cid:media-1.jpg'],
			['text', 'cid:text.txt'],
		]);

		expect(adapter.parseSendResponse(sent, response)).toEqual([{ ref: 'r1', kind: 'accepted', messageId: '369500617770864640' }]);
	});

	it('writes a 5.3.0 SubmitReq with a default namespace when the prefix is off, without empty VASID/ServiceCode', () => {
		const spec = adapter.buildSendRequest(credentials53, batch(), NOW);
		const wire = decodeRequest(spec.headers['content-type'], spec.body as Buffer);
		expect(wire.soap.xml + '\n').toBe(fixture('submit-envelope-5.3.0-default-ns.xml').replace('moo1x4w0', NOW.toString(36)));
		const envelope = readXml(wire.soap.xml);
		const submit = envelope.children[1].children[0];
		expect([submit.local, submit.ns, submit.prefix]).toEqual(['SubmitReq', REL5, null]);
	});

	it('sends the request to the credential URL as given, trimmed', () => {
		expect(adapter.buildSendRequest({ ...credentials, url: ' http://127.0.0.1:9000/mmsc/mm7?x=1 ' }, batch(), NOW).url).toBe('http://127.0.0.1:9000/mmsc/mm7?x=1');
	});

	it('puts several recipients into Bcc, in order, without "+"', () => {
		const spec = adapter.buildSendRequest({ ...credentials, recipientsPerRequest: 5 }, batch({ recipients: two }), NOW);
		const envelope = readXml(decodeRequest(spec.headers['content-type'], spec.body as Buffer).soap.xml);
		const recipients = envelope.children[1].children[0].children.find((element) => element.local === 'Recipients')!;
		expect(recipients.children.map((group) => [group.local, group.children.map((address) => [address.local, address.text])])).toEqual([
			['Bcc', [['Number', '16175550123'], ['Number', '447700900750']]],
		]);
	});

	it.each([
		['+14155550000', 'Number', '14155550000'],
		['111122', 'ShortCode', '111122'],
		['+22333', 'ShortCode', '22333'],
		['news@brand.example', 'RFC2822Address', 'news@brand.example'],
	])('sender %s is a %s', (from, element, value) => {
		const spec = adapter.buildSendRequest(credentials, batch({ message: message({ from }) }), NOW);
		const envelope = readXml(decodeRequest(spec.headers['content-type'], spec.body as Buffer).soap.xml);
		const identification = envelope.children[1].children[0].children.find((item) => item.local === 'SenderIdentification')!;
		const address = identification.children.find((item) => item.local === 'SenderAddress')!.children[0];
		expect([address.local, address.text]).toEqual([element, value]);
	});

	it('sends no Authorization header when the MMSC authenticates by IP and VASP ID only', () => {
		const spec = adapter.buildSendRequest({ ...credentials, username: '', password: '' }, batch(), NOW);
		expect(spec.headers).not.toHaveProperty('authorization');
	});

	it('lays out a text-only message as one slide and media-only messages without a text part', () => {
		const textOnly = adapter.buildSendRequest(credentials, batch({ message: message({ text: 'Just words', subject: undefined }) }), NOW);
		const textWire = decodeRequest(textOnly.headers['content-type'], textOnly.body as Buffer);
		expect(textWire.parts.map((part) => part.headers['content-id'])).toEqual(['<mms.smil>', '<text.txt>']);
		expect(textWire.soap.xml).not.toContain('Subject');
		const gif = Buffer.from('GIF89a-animated');
		const mediaOnly = adapter.buildSendRequest(
			credentials,
			batch({ message: message({ text: '', media: [{ data: JPEG, fileName: 'a.jpeg' }, { data: gif, contentType: 'image/gif' }, { data: Buffer.from('BEGIN:VCARD'), contentType: 'text/vcard' }] }) }),
			NOW,
		);
		const mediaWire = decodeRequest(mediaOnly.headers['content-type'], mediaOnly.body as Buffer);
		expect(mediaWire.parts.map((part) => [part.headers['content-id'], part.headers['content-type']])).toEqual([
			['<mms.smil>', 'application/smil; charset=utf-8'],
			['<media-1.jpg>', 'image/jpeg'],
			['<media-2.gif>', 'image/gif'],
			['<media-3.vcf>', 'text/vcard'],
		]);
		const smil = readXml(mediaWire.parts[0].body.toString('utf8'));
		expect(smil.children[1].children.map((slide) => slide.children.map((element) => element.local))).toEqual([['img'], ['img'], ['ref']]);
	});

	it('is deterministic, gives every attempt its own TransactionID, and keeps its boundaries out of the content', () => {
		const withMedia = batch({ message: message({ media: [{ data: JPEG, contentType: 'image/jpeg' }] }) });
		const first = adapter.buildSendRequest(credentials, withMedia, NOW);
		expect(adapter.buildSendRequest(credentials, withMedia, NOW)).toEqual(first);
		const retry = adapter.buildSendRequest(credentials, withMedia, NOW + 1500);
		const transactionOf = (spec: { headers: Record<string, string>; body?: string | Buffer }) =>
			readXml(readSoapMessage(spec.headers['content-type'], spec.body as Buffer).xml).children[0].children[0].text;
		expect(transactionOf(first)).toBe(`d3f9a1c2b4e5d6a7-r1-${NOW.toString(36)}`);
		expect(transactionOf(retry)).toBe(`d3f9a1c2b4e5d6a7-r1-${(NOW + 1500).toString(36)}`);
		const boundary = parseContentType(first.headers['content-type']).params.boundary;
		expect((first.body as Buffer).indexOf(`--${boundary}`, 1)).toBeGreaterThan(0);
		expect(JPEG.indexOf(boundary)).toBe(-1);
	});

	it('refuses batches it cannot express', () => {
		expect(() => adapter.buildSendRequest(credentials, batch({ recipients: [] }), NOW)).toThrow(/takes 1 to 1 recipients per send request; this batch has 0/);
		expect(() => adapter.buildSendRequest(credentials, batch({ message: message({ from: 'BRAND' }) }), NOW)).toThrow(/sender/);
		expect(() => adapter.buildSendRequest(credentials, batch({ message: message({ media: [{ url: 'https://cdn.example/a.jpg' }] }) }), NOW)).toThrow(/no inline content/);
	});
});

describe('parseSendResponse', () => {
	const xml = { 'content-type': 'text/xml; charset=utf-8' };
	const html = { 'content-type': 'text/html' };
	const rejected = (code: string, message: string, httpStatus = 500) => ({ code, message, httpStatus });
	const cases: Array<[string, number, string, Record<string, string>, Partial<SendOutcome>]> = [
		['1000 SubmitRsp (6.8.0)', 200, fixture('submit-rsp-1000-6.8.0.xml'), xml, { kind: 'accepted', messageId: '369500617770864640' }],
		['1000 SubmitRsp (5.3.0, prefixed)', 200, fixture('submit-rsp-1000-5.3.0-prefixed.xml'), xml, { kind: 'accepted', messageId: 'c1700000000.42.Xk.msg' }],
		['1100 partial success', 200, fixture('submit-rsp-1100-partial.xml'), xml, { kind: 'accepted', messageId: '369500617770864641' }],
		['2002 address error in a SubmitRsp', 200, fixture('submit-rsp-2002-address.xml'), xml, { kind: 'permanent', reason: 'invalid_number', error: rejected('2002', 'Address Error: Invalid Address', 200) }],
		['2003 address not found (Fault)', 500, fixture('fault-2003-address-not-found.xml'), xml, { kind: 'permanent', reason: 'invalid_number', error: rejected('2003', 'Address not found: No such subscriber') }],
		['2004 content refused', 500, fixture('fault-2004-content-refused.xml'), xml, { kind: 'permanent', reason: 'media_rejected', error: rejected('2004', 'Multimedia refused: Carrier refuses content') }],
		['2007 format corrupt (Sinch failure example)', 500, fixture('fault-2007-format-corrupt.xml'), xml, { kind: 'permanent', reason: 'provider_rejected', error: rejected('2007', 'Unable to parse request: Message format corrupt') }],
		['3000 server error', 500, fixture('fault-3000-server-error.xml'), xml, { kind: 'retryable', reason: 'server_error', error: rejected('3000', 'System error: Internal system/service error.') }],
		['3000 as a bare RSErrorRsp', 500, fixture('rserrorrsp-3000.xml'), xml, { kind: 'retryable', reason: 'server_error', error: rejected('3000', 'Server error') }],
		['3003 with one recipient', 500, fixture('fault-3003-multiple-addresses.xml'), xml, { kind: 'permanent', reason: 'provider_rejected', error: expect.objectContaining({ code: '3003' }) }],
		['3510 throughput exceeded (Sinch)', 500, fixture('fault-3510-throughput.xml'), xml, { kind: 'retryable', reason: 'rate_limited' }],
		['4001 improper identification', 500, fixture('fault-4001-identification.xml'), xml, { kind: 'fatal', reason: 'auth_failed', error: rejected('4001', 'Improper identification: Unknown VASP ID') }],
		['4002 unsupported version', 500, fixture('fault-4002-version.xml'), xml, { kind: 'fatal', reason: 'provider_rejected' }],
		['4004 in a VASPErrorRsp detail', 500, fixture('fault-4004-vasperrorrsp.xml'), xml, { kind: 'permanent', reason: 'provider_rejected', error: rejected('4004', 'Validation error: ServiceCode is not valid') }],
		['4006 service unavailable', 200, fixture('submit-rsp-4006-unavailable.xml'), xml, { kind: 'retryable', reason: 'server_error', error: rejected('4006', 'Service unavailable: Carrier capacity reached. Retry later', 200) }],
		['4007 service denied', 500, fixture('fault-4007-denied.xml'), xml, { kind: 'permanent', reason: 'provider_rejected' }],
		['2568 unable to authenticate (Sinch)', 500, fixture('fault-2568-authenticate.xml'), xml, { kind: 'fatal', reason: 'auth_failed' }],
		['Fault Server without detail', 500, fixture('fault-server-no-detail.xml'), xml, { kind: 'retryable', reason: 'server_error', error: rejected('soap:Server', 'Downstream relay not reachable') }],
		['Fault Client.Schema without detail', 500, fixture('fault-client-no-detail.xml'), xml, { kind: 'permanent', reason: 'provider_rejected', error: rejected('soap:Client', 'Element Recipients is missing') }],
		['Fault MustUnderstand', 500, fixture('fault-must-understand.xml'), xml, { kind: 'fatal', reason: 'provider_rejected', error: expect.objectContaining({ code: 'soap:MustUnderstand' }) }],
		['401 HTML from the front door', 401, fixture('send-bad-gateway.html'), html, { kind: 'fatal', reason: 'auth_failed', error: expect.objectContaining({ code: 'invalid_response', httpStatus: 401 }) }],
		['401 with a SOAP Fault', 401, fixture('fault-client-no-detail.xml'), xml, { kind: 'fatal', reason: 'auth_failed', error: rejected('soap:Client', 'Element Recipients is missing', 401) }],
		['429 with a Server Fault', 429, fixture('fault-server-no-detail.xml'), xml, { kind: 'retryable', reason: 'rate_limited' }],
		['429 without a body', 429, '', {}, { kind: 'retryable', reason: 'rate_limited' }],
		['503 HTML', 503, fixture('send-bad-gateway.html'), html, { kind: 'retryable', reason: 'server_error' }],
		['502 HTML from a proxy', 502, fixture('send-bad-gateway.html'), html, { kind: 'ambiguous', reason: 'server_error', error: expect.objectContaining({ code: 'invalid_response', httpStatus: 502 }) }],
		['500 HTML (crash after accepting?)', 500, '<html>Internal Server Error</html>', html, { kind: 'ambiguous', reason: 'server_error' }],
		['200 with HTML', 200, fixture('send-bad-gateway.html'), html, { kind: 'ambiguous', reason: 'invalid_response' }],
		['200 SubmitRsp without Status', 200, fixture('submit-rsp-no-status.xml'), xml, { kind: 'ambiguous', reason: 'invalid_response' }],
		['200 with a request instead of a response', 200, fixture('delivery-report-retrieved-6.8.0.xml'), xml, { kind: 'ambiguous', reason: 'invalid_response' }],
	];

	it.each(cases)('%s', async (_name, status, body, headers, expected) => {
		nock(MMSC).post(MMSC_PATH).reply(status, body, headers);
		const response = await sendViaFetch(adapter.buildSendRequest(credentials, batch(), NOW));
		const outcomes = adapter.parseSendResponse(batch(), response);
		expect(outcomes).toHaveLength(1);
		expect(outcomes[0]).toEqual({ ref: 'r1', ...expected, ...(expected.error || expected.kind === 'accepted' ? {} : { error: outcomes[0].error }) });
		expectNoSecrets(outcomes, credentials);
	});

	it('reads a SubmitRsp that comes back as multipart/related', () => {
		const boundary = 'rsp-boundary';
		const body = `--${boundary}\r\nContent-Type: text/xml\r\nContent-ID: <rsp>\r\n\r\n${fixture('submit-rsp-1000-6.8.0.xml')}\r\n--${boundary}--\r\n`;
		const response = { status: 200, headers: { 'Content-Type': `multipart/related; type="text/xml"; start="<rsp>"; boundary="${boundary}"` }, body };
		expect(adapter.parseSendResponse(batch(), response)).toEqual([{ ref: 'r1', kind: 'accepted', messageId: '369500617770864640' }]);
	});

	it('gives every recipient of a multi-recipient SubmitReq the one MessageID, as batchId too', () => {
		const outcomes = adapter.parseSendResponse(batch({ recipients: two }), { status: 200, headers: {}, body: fixture('submit-rsp-1000-6.8.0.xml') });
		expect(outcomes).toEqual([
			{ ref: 'r1', kind: 'accepted', messageId: '369500617770864640', batchId: '369500617770864640' },
			{ ref: 'r2', kind: 'accepted', messageId: '369500617770864640', batchId: '369500617770864640' },
		]);
	});

	it.each([
		['3003 (TS 23.140)', 'fault-3003-multiple-addresses.xml', '3003'],
		['2503 (Sinch)', 'fault-2503-multiple-destinations.xml', '2503'],
		// An address error in a shared request names no recipient: one per request finds the bad one.
		['2002 address error', 'submit-rsp-2002-address.xml', '2002'],
	])('%s for several recipients: each is re-sent one per request (multipleRecipientsRefused)', (_name, file, code) => {
		const outcomes = adapter.parseSendResponse(batch({ recipients: two }), { status: 500, headers: {}, body: fixture(file) });
		expect(outcomes.map((outcome) => [outcome.ref, outcome.kind, outcome.multipleRecipientsRefused, outcome.error?.code])).toEqual([
			['r1', 'retryable', true, code],
			['r2', 'retryable', true, code],
		]);
	});

	it('never throws and always answers once per recipient, whatever the body', () => {
		const bodies = ['', 'null', '<', '<a/>', `<env:Envelope xmlns:env="${SOAP}"/>`, `<env:Envelope xmlns:env="${SOAP}"><env:Body/></env:Envelope>`, fixture('doctype.xml'), '\u0000\u0001'];
		for (const body of bodies) {
			for (const status of [200, 400, 429, 500]) {
				for (const headers of [{}, { 'content-type': 'multipart/related; boundary="x"' }]) {
					expect(adapter.parseSendResponse(batch({ recipients: two }), { status, headers, body })).toHaveLength(2);
				}
			}
		}
	});
});

describe('validateMessage', () => {
	const mediaOf = (count: number, bytes = 1000) => Array.from({ length: count }, (_, index) => ({ data: Buffer.alloc(bytes), contentType: 'image/jpeg', fileName: `${index}.jpg` }));
	const cases: Array<[string, OutboundMessage, Record<string, unknown>, RegExp | null]> = [
		['a valid MMS', message({ media: mediaOf(1) }), credentials, null],
		['10 media totalling exactly 600 KB', message({ media: mediaOf(10, 60_000) }), credentials, null],
		['media typed by file name only', message({ media: [{ data: JPEG, fileName: 'photo.JPEG' }] }), credentials, null],
		['an e-mail sender', message({ from: 'news@brand.example' }), credentials, null],
		['too many media', message({ media: mediaOf(11) }), credentials, /takes at most 10 media per message; this one has 11/],
		['media too large in total', message({ media: mediaOf(2, 300_001) }), credentials, /at most 600000 bytes of media per message; this one has 600002/],
		['a URL that was not fetched', message({ media: [{ url: 'https://cdn.example/a.jpg' }] }), credentials, /Media https:\/\/cdn\.example\/a\.jpg has no content/],
		['media without a type', message({ media: [{ data: JPEG, fileName: 'blob' }] }), credentials, /Media blob has no content type/],
		['an alphanumeric sender', message({ from: 'BRAND' }), credentials, /number, a short code or an e-mail address/],
		['neither text nor media', message({ text: '' }), credentials, /needs text or media/],
		['no MMSC URL', message(), { ...credentials, url: '' }, /no MMSC URL/],
		['a URL without scheme', message(), { ...credentials, url: 'mmsc.example/mm7' }, /not an http\(s\) URL/],
		['an unknown MM7 version', message(), { ...credentials, mm7Version: '6.3.0' }, /MM7 version "6\.3\.0" is not supported/],
	];
	it.each(cases)('%s', (_name, candidate, creds, problem) => {
		const problems = messageProblems(adapter, candidate, creds);
		if (problem === null) expect(problems).toEqual([]);
		else expect(problems).toEqual([expect.stringMatching(problem)]);
	});
});

function mmscRequest(body: string | Buffer, options: { authorization?: string | null; query?: WebhookRequest['query']; contentType?: string } = {}): WebhookRequest {
	const authorization = options.authorization === undefined ? basic(credentials.callbackUsername, credentials.callbackPassword) : options.authorization;
	return {
		method: 'POST',
		urls: ['https://n8n.example/webhook/abc/mms'],
		headers: { 'content-type': options.contentType ?? 'text/xml; charset=utf-8', soapaction: '""', ...(authorization === null ? {} : { authorization }) },
		query: options.query ?? {},
		rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
	};
}

describe('webhook.verify (HTTP Basic from the MMSC)', () => {
	const body = fixture('delivery-report-retrieved-6.8.0.xml');
	const noCallbackPair = { ...credentials, callbackUsername: '', callbackPassword: '' };
	const cases: Array<[string, WebhookRequest, Record<string, unknown>, { ok: boolean; reason?: RegExp }]> = [
		['the callback credentials', mmscRequest(body), credentials, { ok: true }],
		['a lowercase scheme', mmscRequest(body, { authorization: basic(credentials.callbackUsername, credentials.callbackPassword).replace('Basic', 'basic') }), credentials, { ok: true }],
		['the VASP credentials when no callback pair is set', mmscRequest(body, { authorization: basic(credentials.username, credentials.password) }), noCallbackPair, { ok: true }],
		['the VASP credentials when a callback pair is set', mmscRequest(body, { authorization: basic(credentials.username, credentials.password) }), credentials, { ok: false, reason: /do not match/ }],
		['a wrong password of another length', mmscRequest(body, { authorization: basic(credentials.callbackUsername, 'short') }), credentials, { ok: false, reason: /do not match/ }],
		['a wrong username', mmscRequest(body, { authorization: basic('someone', credentials.callbackPassword) }), credentials, { ok: false, reason: /do not match/ }],
		['no Authorization header', mmscRequest(body, { authorization: null }), credentials, { ok: false, reason: /No Authorization header/ }],
		['a Bearer token', mmscRequest(body, { authorization: `Bearer ${credentials.callbackPassword}` }), credentials, { ok: false, reason: /not HTTP Basic/ }],
		['known username, empty password (regression: the VASP user name alone passed)', mmscRequest(body, { authorization: basic(credentials.username, '') }), { ...noCallbackPair, password: '' }, { ok: false, reason: /no callback username\/password/ }],
		['known callback username, empty callback password', mmscRequest(body, { authorization: basic(credentials.callbackUsername, '') }), { ...credentials, callbackPassword: '' }, { ok: false, reason: /no callback username\/password/ }],
		['known username, empty password presented', mmscRequest(body, { authorization: basic(credentials.callbackUsername, '') }), credentials, { ok: false, reason: /do not match/ }],
		['nothing configured to check against', mmscRequest(body), { ...noCallbackPair, username: '', password: '' }, { ok: false, reason: /no callback username\/password/ }],
	];

	it.each(cases)('%s', (_name, request, creds, expected) => {
		const result = webhook.verify(creds, request, Date.now());
		expect(result.ok).toBe(expected.ok);
		if (!result.ok) {
			expect(result.status).toBe(401);
			expect(result.reason).toMatch(expected.reason!);
		}
		expectNoSecrets(result, credentials);
	});
});

describe('webhook.parse: DeliveryReportReq', () => {
	const receivedAt = new Date('2030-01-01T00:00:00.000Z');
	const report = (fields: Partial<NormalizedEvent>): Partial<NormalizedEvent> => ({ provider: 'mm7', kind: 'status', eventId: null, errorCode: null, optedOut: false, text: null, media: [], ...fields });
	const cases: Array<[string, Partial<NormalizedEvent>]> = [
		['delivery-report-retrieved-6.8.0.xml', report({ messageId: '369500617770864640', status: 'delivered', providerStatus: 'Retrieved', final: true, to: '+16175550123', from: '111122', errorMessage: null, occurredAt: '2015-03-16T14:03:51.749Z', dropId: null, ref: null })],
		['delivery-report-retrieved-5.3.0.xml', report({ messageId: 'c1700000000.42.Xk.msg', status: 'delivered', final: true, to: '+14155550101', from: '111122', occurredAt: '2026-05-02T08:19:42.000Z' })],
		['delivery-report-expired-5.3.0.xml', report({ status: 'undelivered', providerStatus: 'Expired', final: true, errorMessage: 'The handset could not be reached before the expiry time' })],
		['delivery-report-rejected-5.3.0.xml', report({ status: 'undelivered', providerStatus: 'Rejected', final: true, errorMessage: 'Content blocked by mobile operator' })],
		['delivery-report-unrecognised-5.3.0.xml', report({ status: 'undelivered', providerStatus: 'Unrecognised', final: true })],
		['delivery-report-deferred-5.3.0.xml', report({ status: 'queued', providerStatus: 'Deferred', final: false, errorMessage: null })],
		['delivery-report-forwarded-5.3.0.xml', report({ status: 'sent', providerStatus: 'Forwarded', final: true })],
		['delivery-report-indeterminate-5.3.0.xml', report({ status: 'sent', providerStatus: 'Indeterminate', final: true })],
		['delivery-report-unknown-status.xml', report({ status: 'sent', providerStatus: 'NotSupported', final: false })],
	];

	it.each(cases)('%s', (name, expected) => {
		const events = webhook.parse(mmscRequest(fixture(name)), receivedAt);
		expect(events).toHaveLength(1);
		expect(events[0]).toEqual(expect.objectContaining(expected));
		expectNoSecrets(events, credentials);
	});

	it('keeps the report as plain JSON in raw and takes dropId/ref from the VASP URL query', () => {
		const [event] = webhook.parse(mmscRequest(fixture('delivery-report-retrieved-6.8.0.xml'), { query: { dropId: 'd9', ref: ['q1', 'q2'] } }), receivedAt);
		expect(event).toMatchObject({ dropId: 'd9', ref: 'q1' });
		expect(event.raw).toEqual({
			MM7Version: '6.8.0',
			MessageID: '369500617770864640',
			Recipient: { Number: '16175550123' },
			Sender: { Number: '111122' },
			Date: '2015-03-16T14:03:51.749Z',
			MMStatus: 'Retrieved',
			StatusText: 'Success',
			UACapabilities: { '@UAProf': 'Samsung Galaxy' },
		});
	});

	it('reads a report whose Content-Type claims multipart but whose body is bare XML (Sinch example)', () => {
		const [event] = webhook.parse(mmscRequest(fixture('delivery-report-retrieved-6.8.0.xml'), { contentType: 'multipart/related; type="text/xml"; boundary="none"' }), receivedAt);
		expect(event).toMatchObject({ messageId: '369500617770864640', status: 'delivered' });
	});

	it('uses the receipt time when Date is missing or unreadable', () => {
		const body = fixture('delivery-report-retrieved-6.8.0.xml').replace('2015-03-16T14:03:51.749Z', 'yesterday');
		expect(webhook.parse(mmscRequest(body), receivedAt)[0].occurredAt).toBe('2030-01-01T00:00:00.000Z');
	});
});

describe('webhook.parse: DeliverReq (MO)', () => {
	const receivedAt = new Date('2030-01-01T00:00:00.000Z');
	const mo = (name: string) => webhook.parse(mmscRequest(fixtureBytes(name), { contentType: MO_CONTENT_TYPE }), receivedAt);

	it('an MO with an image and text is an inbound item with both (Sinch example)', () => {
		const [event] = mo('deliver-mo-image.mime');
		const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0x2d, 0xff, 0xd9]);
		expect(event).toEqual({
			provider: 'mm7',
			kind: 'inbound',
			eventId: null,
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
			media: [{ url: `data:image/jpeg;base64,${jpeg.toString('base64')}`, contentType: 'image/jpeg' }],
			raw: expect.objectContaining({ LinkedID: '1000001', Priority: 'Normal', Content: { '@href': 'cid:default.cid', '@allowAdaptations': 'true' } }),
		});
	});

	it('a base64 " Stop" is an opt_out', () => {
		expect(mo('deliver-mo-stop.mime')[0]).toMatchObject({ kind: 'opt_out', optedOut: true, text: ' Stop\n', media: [] });
	});

	it('decodes quoted-printable in the declared charset', () => {
		expect(mo('deliver-mo-quoted-printable.mime')[0]).toMatchObject({ kind: 'inbound', text: 'Café ou thé ? STOP= non' });
	});

	it('falls back to the non-envelope part when Content href names none (as Mbuni does)', () => {
		expect(mo('deliver-mo-unreferenced.mime')[0]).toMatchObject({ text: 'No href match', media: [expect.objectContaining({ contentType: 'image/jpeg' })] });
	});

	it('an MO without content part is an inbound item without text', () => {
		const envelope = readSoapMessage(MO_CONTENT_TYPE, fixtureBytes('deliver-mo-image.mime')).xml;
		expect(webhook.parse(mmscRequest(envelope), receivedAt)[0]).toMatchObject({ kind: 'inbound', text: null, media: [] });
	});
});

describe('webhook.parse: malformed requests', () => {
	it.each([
		['not XML', 'hello', /Malformed MM7 SOAP request: Not well-formed XML/],
		['an empty body', '', /Not well-formed XML: Start tag expected/],
		['two root elements', `<env:Envelope xmlns:env="${SOAP}"/><env:Envelope xmlns:env="${SOAP}"/>`, /Expected one root element, found 2/],
		['not well-formed', fixture('not-well-formed.xml'), /Not well-formed XML/],
		['not a SOAP envelope', fixture('not-soap.xml'), /not a SOAP 1\.1 Envelope/],
		['a SOAP 1.2 envelope', fixture('soap-1.2-envelope.xml'), /not a SOAP 1\.1 Envelope/],
		['a DOCTYPE', fixture('doctype.xml'), /must not contain a DOCTYPE/],
		['a ReadReplyReq', fixture('read-reply-req.xml'), /Unsupported MM7 request ReadReplyReq/],
		['a report without MessageID', fixture('delivery-report-no-message-id.xml'), /DeliveryReportReq has no MessageID/],
		['an empty Body', `<env:Envelope xmlns:env="${SOAP}"><env:Body/></env:Envelope>`, /holds 0 elements/],
		['an undeclared prefix', `<env:Envelope xmlns:env="${SOAP}"><env:Body><mm7:DeliveryReportReq/></env:Body></env:Envelope>`, /Undeclared namespace prefix "mm7"/],
	])('%s ⇒ WebhookPayloadError', (_name, body, pattern) => {
		expect(() => webhook.parse(mmscRequest(body), new Date())).toThrow(WebhookPayloadError);
		expect(() => webhook.parse(mmscRequest(body), new Date())).toThrow(pattern);
	});

	it('a multipart body whose boundary never appears ⇒ WebhookPayloadError', () => {
		const request = mmscRequest('--other\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n--other--\r\n', { contentType: 'multipart/related; boundary="expected"' });
		expect(() => webhook.parse(request, new Date())).toThrow(/No part delimited by boundary "expected"/);
	});
});

describe('webhook.ack', () => {
	const envelopeOf = (body: string) => readXml(body);

	it('answers a 6.8.0 report with DeliveryReportRsp 1000, the same TransactionID and namespace', () => {
		const request = mmscRequest(fixture('delivery-report-retrieved-6.8.0.xml'));
		const ack = webhook.ack!(request, webhook.parse(request, new Date()));
		expect([ack.status, ack.contentType]).toEqual([200, 'text/xml; charset=utf-8']);
		expect(ack.body).toBe(
			`<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="${SOAP}"><env:Header><TransactionID xmlns="${REL6}" env:mustUnderstand="1">10000001</TransactionID></env:Header>` +
				`<env:Body><DeliveryReportRsp xmlns="${REL6}"><MM7Version>6.8.0</MM7Version><Status><StatusCode>1000</StatusCode><StatusText>Success</StatusText></Status></DeliveryReportRsp></env:Body></env:Envelope>`,
		);
	});

	it('answers a prefixed 5.3.0 report in the same dialect', () => {
		const request = mmscRequest(fixture('delivery-report-expired-5.3.0.xml'));
		const envelope = envelopeOf(webhook.ack!(request, webhook.parse(request, new Date())).body!);
		const [header, body] = envelope.children;
		expect([header.children[0].local, header.children[0].ns, header.children[0].prefix, header.children[0].text]).toEqual(['TransactionID', REL5, 'mm7', 'dr-5.3-expired']);
		expect([body.children[0].local, body.children[0].ns, body.children[0].prefix, body.children[0].children[0].text]).toEqual(['DeliveryReportRsp', REL5, 'mm7', '5.3.0']);
	});

	it('answers a DeliverReq with DeliverRsp', () => {
		const request = mmscRequest(fixtureBytes('deliver-mo-image.mime'), { contentType: MO_CONTENT_TYPE });
		const envelope = envelopeOf(webhook.ack!(request, webhook.parse(request, new Date())).body!);
		expect(envelope.children[1].children[0].local).toBe('DeliverRsp');
		expect(envelope.children[0].children[0].text).toBe('1000001');
	});
});

describe('webhook.reject', () => {
	const faultOf = (body: string) => {
		const envelope = readXml(body);
		const fault = envelope.children.find((element) => element.local === 'Body')!.children[0];
		const text = (local: string) => fault.children.find((element) => element.local === local)?.text;
		const status = fault.children.find((element) => element.local === 'detail')!.children[0].children.find((element) => element.local === 'Status')!;
		return {
			envelope,
			faultcode: text('faultcode'),
			faultstring: text('faultstring'),
			detail: fault.children.find((element) => element.local === 'detail')!.children[0].local,
			statusCode: status.children[0].text,
		};
	};

	it('refused credentials: 401 with a Client fault (4001) echoing the TransactionID', () => {
		const rejection = webhook.reject!(mmscRequest(fixture('delivery-report-retrieved-6.8.0.xml'), { authorization: null }), 401, 'Unauthorized');
		expect([rejection.status, rejection.contentType]).toEqual([401, 'text/xml; charset=utf-8']);
		const fault = faultOf(rejection.body!);
		expect(fault).toMatchObject({ faultcode: 'env:Client', faultstring: 'Unauthorized', detail: 'VASPErrorRsp', statusCode: '4001' });
		expect(fault.envelope.children[0].children[0].text).toBe('10000001');
	});

	it('a malformed body: HTTP 500 (SOAP 1.1 §6.2) with a Client fault and no TransactionID to echo', () => {
		const rejection = webhook.reject!(mmscRequest('<not soap'), 400, 'Bad request: Malformed MM7 SOAP request');
		expect(rejection.status).toBe(500);
		const fault = faultOf(rejection.body!);
		expect(fault).toMatchObject({ faultcode: 'env:Client', faultstring: 'Bad request: Malformed MM7 SOAP request', statusCode: '2000' });
		expect(fault.envelope.children.map((element) => element.local)).toEqual(['Body']);
	});

	it('keeps 413 and 403 as they are', () => {
		expect(webhook.reject!(mmscRequest('x'), 413, 'Payload too large').status).toBe(413);
		expect(webhook.reject!(mmscRequest('x'), 403, 'Forbidden').status).toBe(403);
	});
});
