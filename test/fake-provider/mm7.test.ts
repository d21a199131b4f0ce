/**
 * The MM7 adapter against the fake MMSC over the real undici transport: both schema versions,
 * with and without the mm7: prefix, multi-recipient submits and the 3003 refusal, the MMSC's
 * error answers, the fake's own checks of what an MMSC parses, and a hostile MMSC's replies.
 */
import { randomBytes } from 'node:crypto';

import { createTransport, type Transport } from '../../nodes/drop/transport';
import { mm7Adapter } from '../../nodes/providers/mm7';
import type { HttpRequestSpec, HttpResponse, MediaRef, SendBatch, SendOutcome } from '../../nodes/providers/types';
import { issueBodies } from '../fixtures/mm7/hostile';
import { expectNoSecrets } from '../providers/wire';
import { MM7_INVALID_NUMBER, MM7_MAX_CONTENT_BYTES, mm7Api } from './providers/mm7';
import { FakeProviderServer } from './server';

const server = new FakeProviderServer([mm7Api]);
let transport: Transport;
let credentials: Record<string, unknown>;

const PNG = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), randomBytes(3000)]);

beforeAll(async () => {
	const origin = await server.start();
	credentials = { ...mm7Api.defaultCredentials, url: `${origin}/mm7` };
	transport = createTransport({ connections: 4 });
});

afterAll(async () => {
	await transport.close();
	await server.stop();
});

beforeEach(() => {
	server.reset();
	mm7Api.resetOptions();
});

async function roundTrip(spec: HttpRequestSpec): Promise<HttpResponse> {
	const reply = await transport.send(spec, { timeoutMs: 5_000 });
	if (reply.kind !== 'response') throw new Error(`transport failed: ${reply.code} ${reply.message}`);
	return reply.response;
}

function batch(recipients: string[], media: MediaRef[] = [{ data: PNG, contentType: 'image/png', fileName: 'offer.png' }]): SendBatch {
	return {
		dropId: 'drop-fake',
		message: { from: '111122', text: 'Spring sale\nReply STOP to opt out', subject: 'Spring', media },
		recipients: recipients.map((to, index) => ({ ref: `r${index + 1}`, to })),
	};
}

async function send(sent: SendBatch, creds: Record<string, unknown> = credentials): Promise<SendOutcome[]> {
	const response = await roundTrip(mm7Adapter.buildSendRequest(creds, sent, Date.now()));
	return mm7Adapter.parseSendResponse(sent, response);
}

describe('mm7 adapter against the fake MMSC', () => {
	it.each([
		['6.8.0', true],
		['6.8.0', false],
		['5.3.0', true],
		['5.3.0', false],
	])('MM7 %s (prefix %p) is accepted and lands in the ledger', async (version, prefixed) => {
		const outcomes = await send(batch(['+16175550123']), { ...credentials, mm7Version: version, useNamespacePrefix: prefixed });

		expect(outcomes).toEqual([{ ref: 'r1', kind: 'accepted', messageId: expect.stringMatching(/^mm7-\d+$/) }]);
		expect(server.ledgerFor('mm7')).toEqual([
			expect.objectContaining({
				messageId: outcomes[0].messageId,
				batchId: null,
				to: '+16175550123',
				from: '111122',
				text: 'Spring sale\nReply STOP to opt out',
				subject: 'Spring',
				media: ['media-1.png'],
				correlation: null,
				callbackUrl: null,
			}),
		]);
		const [submit] = mm7Api.submits;
		expect([submit.version, submit.prefixed]).toEqual([version, prefixed]);
		expect(submit.parts.map((part) => [part.id, part.type, part.encoding])).toEqual([
			['mms.smil', 'application/smil', 'binary'],
			['text.txt', 'text/plain', 'binary'],
			['media-1.png', 'image/png', 'binary'],
		]);
		expect(submit.parts[2].data.equals(PNG)).toBe(true);
	});

	it('takes several recipients in one SubmitReq when the MMSC allows it: one MessageID, one ledger entry each', async () => {
		mm7Api.configure({ multipleRecipients: true });
		const outcomes = await send(batch(['+16175550123', '+16175550124', '+447700900750']), { ...credentials, recipientsPerRequest: 3 });

		const messageId = outcomes[0].messageId;
		expect(outcomes).toEqual(['r1', 'r2', 'r3'].map((ref) => ({ ref, kind: 'accepted', messageId, batchId: messageId })));
		expect(server.ledgerFor('mm7').map((entry) => [entry.to, entry.messageId, entry.batchId])).toEqual([
			['+16175550123', messageId, messageId],
			['+16175550124', messageId, messageId],
			['+447700900750', messageId, messageId],
		]);
		expect(mm7Api.submits[0].recipients.map((recipient) => recipient.element)).toEqual(['Bcc', 'Bcc', 'Bcc']);
		expect(server.requests).toHaveLength(1);
	});

	it('an MMSC without multi-recipient support answers 3003: every recipient is marked for one-per-request', async () => {
		const outcomes = await send(batch(['+16175550123', '+16175550124']), { ...credentials, recipientsPerRequest: 2 });

		expect(outcomes.map((outcome) => [outcome.ref, outcome.kind, outcome.multipleRecipientsRefused, outcome.error?.code])).toEqual([
			['r1', 'retryable', true, '3003'],
			['r2', 'retryable', true, '3003'],
		]);
		expect(server.ledgerFor('mm7')).toEqual([]);
		// One per request then goes through.
		expect((await send(batch(['+16175550123'])))[0].kind).toBe('accepted');
		expect((await send(batch(['+16175550124'])))[0].kind).toBe('accepted');
		expect(server.ledgerFor('mm7').map((entry) => entry.to)).toEqual(['+16175550123', '+16175550124']);
	});

	it('classifies the MMSC refusals', async () => {
		expect(await send(batch([`+${MM7_INVALID_NUMBER}`]))).toEqual([
			{ ref: 'r1', kind: 'permanent', reason: 'invalid_number', error: { code: '2002', message: 'Address error: Invalid Address', httpStatus: 500 } },
		]);
		const tooBig = batch(['+16175550123'], [{ data: Buffer.alloc(MM7_MAX_CONTENT_BYTES + 1), contentType: 'image/jpeg' }]);
		expect(await send(tooBig)).toEqual([expect.objectContaining({ kind: 'permanent', reason: 'media_rejected', error: expect.objectContaining({ code: '2004' }) })]);
		expect(await send(batch(['+16175550123']), { ...credentials, vaspId: 'SOMEONE-ELSE' })).toEqual([
			expect.objectContaining({ kind: 'fatal', reason: 'auth_failed', error: expect.objectContaining({ code: '4001' }) }),
		]);
		mm7Api.configure({ versions: ['5.3.0'] });
		expect(await send(batch(['+16175550123']))).toEqual([expect.objectContaining({ kind: 'fatal', reason: 'provider_rejected', error: expect.objectContaining({ code: '4002' }) })]);
		mm7Api.configure({ versions: ['6.8.0', '5.3.0'], rejectPrefixed: true });
		expect(await send(batch(['+16175550123']))).toEqual([
			expect.objectContaining({ kind: 'permanent', error: expect.objectContaining({ code: '2007', message: expect.stringContaining('does not accept namespace prefixes') }) }),
		]);
		expect((await send(batch(['+16175550123']), { ...credentials, useNamespacePrefix: false }))[0].kind).toBe('accepted');
		expect(server.ledgerFor('mm7')).toHaveLength(1);
	});

	it('a wrong password is refused at the door (401) and stops the drop, without leaking the secret', async () => {
		const wrong = { ...credentials, password: 'wrong-password-123456' };
		const outcomes = await send(batch(['+16175550123']), wrong);
		expect(outcomes).toEqual([expect.objectContaining({ kind: 'fatal', reason: 'auth_failed', error: expect.objectContaining({ httpStatus: 401 }) })]);
		expectNoSecrets(outcomes, wrong);
		expectNoSecrets(outcomes, credentials);
	});

	it('injected faults: 429/503 Faults are retryable, a crash page after accepting is ambiguous', async () => {
		server.setFaults({ next: ['rateLimit', 'unavailable', 'serverErrorAfterAccept'] });
		const [limited] = await send(batch(['+16175550123']));
		const [unavailable] = await send(batch(['+16175550123']));
		const [crashed] = await send(batch(['+16175550123']));
		expect([limited.kind, limited.reason, limited.error?.code]).toEqual(['retryable', 'rate_limited', '4006']);
		expect([unavailable.kind, unavailable.reason, unavailable.error?.code]).toEqual(['retryable', 'server_error', '4006']);
		expect([crashed.kind, crashed.reason]).toEqual(['ambiguous', 'server_error']);
		// The crash happened after the MMSC had taken the message: exactly why it must not be re-sent.
		expect(server.ledgerFor('mm7')).toHaveLength(1);
	});

	it("the fake's checks: broken framing, Content-ID references and envelope are refused with 2007 and say why", async () => {
		const good = mm7Adapter.buildSendRequest(credentials, batch(['+16175550123']), Date.now());
		const body = good.body as Buffer;
		const tamper = async (change: (spec: HttpRequestSpec) => HttpRequestSpec) => {
			const [outcome] = mm7Adapter.parseSendResponse(batch(['+16175550123']), await roundTrip(change({ ...good, headers: { ...good.headers } })));
			return outcome.error?.message;
		};
		const replaced = (from: string, to: string) => (spec: HttpRequestSpec) => ({ ...spec, body: Buffer.from(body.toString('latin1').replace(from, to), 'latin1') });

		expect(await tamper((spec) => ({ ...spec, headers: { ...spec.headers, 'content-type': spec.headers['content-type'].replace('multipart/related', 'multipart/mixed') } }))).toMatch(/Content-Type is "multipart\/mixed", not multipart\/related/);
		expect(await tamper((spec) => ({ ...spec, headers: { ...spec.headers, 'content-type': spec.headers['content-type'].replace('type="text/xml"; ', '') } }))).toMatch(/without type="text\/xml"/);
		expect(await tamper((spec) => ({ ...spec, body: Buffer.from(body.toString('latin1').replace(/\r\n/g, '\n'), 'latin1') }))).toMatch(/request: body does not open with "--=_mm7_[0-9a-f]+" \+ CRLF/);
		expect(await tamper(replaced('href="cid:mms-content"', 'href="cid:elsewhere"'))).toMatch(/Content href cid:elsewhere names no part/);
		expect(await tamper(replaced('src="cid:text.txt"', 'src="cid:missing.txt"'))).toMatch(/SMIL src cid:missing\.txt names no part/);
		expect(await tamper(replaced('env:mustUnderstand="1"', 'env:mustUnderstand="0"'))).toMatch(/lacks env:mustUnderstand="1"/);
		expect(await tamper(replaced('<mm7:MM7Version>6.8.0</mm7:MM7Version>', '<mm7:MM7Version>5.3.0</mm7:MM7Version>'))).toMatch(/does not match namespace/);
		expect(await tamper(replaced('<mm7:DeliveryReport>true</mm7:DeliveryReport>', ''))).toMatch(/DeliveryReport must be true/);
		const subjectFirst = (spec: HttpRequestSpec) => {
			const text = body.toString('latin1');
			const subject = '<mm7:Subject>Spring</mm7:Subject>';
			return { ...spec, body: Buffer.from(text.replace(subject, '').replace('<mm7:MM7Version>', subject + '<mm7:MM7Version>'), 'latin1') };
		};
		expect(await tamper(subjectFirst)).toMatch(/out of schema order/);
		expect(server.ledgerFor('mm7')).toEqual([]);
	});

	it('answers the credential probe (CancelReq) with 2005, as a working MMSC does', async () => {
		const ns = 'http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4';
		const probe =
			`<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header><TransactionID xmlns="${ns}" env:mustUnderstand="1">t1</TransactionID></env:Header>` +
			`<env:Body><CancelReq xmlns="${ns}"><MM7Version>6.8.0</MM7Version><SenderIdentification><VASPID>FAKEVASP</VASPID></SenderIdentification><MessageID>none</MessageID></CancelReq></env:Body></env:Envelope>`;
		const auth = 'Basic ' + Buffer.from('fake-vasp:fake-vasp-password').toString('base64');
		const response = await roundTrip({ method: 'POST', url: credentials.url as string, headers: { 'content-type': 'text/xml', authorization: auth }, body: probe });
		expect(response.status).toBe(200);
		expect(response.body).toContain('<StatusCode>2005</StatusCode>');
		const refused = await roundTrip({ method: 'POST', url: credentials.url as string, headers: { 'content-type': 'text/xml' }, body: probe });
		expect(refused.status).toBe(401);
	});
});

describe('mm7 adapter against a hostile MMSC (issue #13)', () => {
	it.each(issueBodies().map((body) => [body.label, body] as const))('a 200 reply of %s: ambiguous, never accepted', async (_label, { contentType, body }) => {
		mm7Api.configure({ hostileReply: { status: 200, headers: { 'content-type': contentType }, body } });
		expect(await send(batch(['+16175550123']))).toEqual([expect.objectContaining({ ref: 'r1', kind: 'ambiguous', reason: 'invalid_response' })]);
	});
});
