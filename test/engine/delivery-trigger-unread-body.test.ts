/**
 * The MMS Delivery Trigger and the bodies n8n leaves unread (issue #13 point 1). n8n 2.x parses
 * JSON, form and XML bodies before a webhook runs, but leaves a multipart body in the request
 * stream until the node calls `req.readRawBody()` (packages/cli/src/middlewares/body-parser.ts:
 * `parseBody` skips `multipart/`, `rawBodyReader` reads on demand); the harness's WebhookServer
 * does the same over real loopback HTTP and counts the reads.
 *
 * MM7 verifies HTTP Basic from the headers alone (`verifiesHeadersOnly`): a caller without the
 * credentials is refused before a byte of its body is read, an oversized declared length likewise,
 * and what an authenticated MMSC posts is read once and parsed within the reader's bounds.
 */
import { readFileSync } from 'node:fs';
import { type IncomingMessage, request as httpRequest } from 'node:http';
import path from 'node:path';


import { mm7Webhook } from '../../nodes/providers/mm7/webhook';
import { readXml } from '../../nodes/providers/mm7/xml';
import { HOSTILE_TRANSACTION_ID, type HostileBody, issueBodies, namespaceBomb } from '../fixtures/mm7/hostile';
import { node } from '../harness/engine';
import { WebhookServer } from '../harness/webhook';
import { basicAuthorization } from '../webhook-signing';

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

interface Answer {
	status: number;
	body: string;
}

/**
 * Sends the headers and withholds the body: only a trigger that answers without reading the body
 * can answer at all. Gives up after `patienceMs` (the old trigger waited for the body forever).
 */
function answerWithoutBody(url: string, headers: Record<string, string>, patienceMs = 10_000): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const pending = httpRequest(url, { method: 'POST', headers });
		const timer = setTimeout(() => {
			pending.destroy();
			reject(new Error(`no answer within ${patienceMs} ms while the body was withheld: the trigger waited for the body`));
		}, patienceMs);
		pending.on('response', async (response) => {
			clearTimeout(timer);
			const body = (await bodyOf(response)).toString('utf8');
			pending.destroy();
			resolve({ status: response.statusCode ?? 0, body });
		});
		pending.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		pending.flushHeaders();
	});
}

async function post(url: string, headers: Record<string, string>, body: Buffer): Promise<Answer> {
	const response = await fetch(url, { method: 'POST', headers, body });
	return { status: response.status, body: await response.text() };
}

/** The MM7 status code in a SOAP Fault's detail, and whether the Fault echoes a TransactionID. */
function faultOf(body: string): { statusCode: string | undefined; transactionId: string | undefined } {
	const envelope = readXml(body);
	const header = envelope.children.find((element) => element.local === 'Header');
	const fault = envelope.children.find((element) => element.local === 'Body')?.children[0];
	const status = fault?.children.find((element) => element.local === 'detail')?.children[0]?.children.find((element) => element.local === 'Status');
	return { statusCode: status?.children.find((element) => element.local === 'StatusCode')?.text, transactionId: header?.children[0]?.text };
}

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'mm7');
const MO_CONTENT_TYPE = 'multipart/related; start="soap-start"; type="text/xml"; boundary="----=_Part_139078_1411587550.1397492135426"';
const CALLBACK = { username: 'mmsc-cb', password: 'mmsc-cb-secret-7f3a' };
const mm7Credentials = { url: 'https://mmsc.example/mm7', username: 'vasp', password: 'vasp-secret-19c2', vaspId: 'V', callbackUsername: CALLBACK.username, callbackPassword: CALLBACK.password };
const authorized = { authorization: basicAuthorization(CALLBACK.username, CALLBACK.password), soapaction: '""' };

describe('MMS Delivery Trigger: MM7 multipart bodies are read only after HTTP Basic passes', () => {
	const server = new WebhookServer({
		node: node('mmsDeliveryTrigger', { provider: 'mm7' }, { name: 'MM7 Trigger', webhookId: 'hook-mm7-unread', credentials: { dropMmsMm7Api: { id: '1', name: 'mm7' } } }),
		credentials: { dropMmsMm7Api: mm7Credentials },
	});
	beforeAll(() => server.start());
	afterAll(() => server.stop());
	beforeEach(async () => {
		await server.settledExecutions();
		server.executions.splice(0);
		server.bodyReads = 0;
	});

	const declared = (length: number, headers: Record<string, string> = {}) => ({ 'content-type': MO_CONTENT_TYPE, 'content-length': String(length), ...headers });

	it.each([
		['no Authorization header', {}],
		['the wrong password', { authorization: basicAuthorization(CALLBACK.username, 'guessed') }],
	])('%s: 401 with a 4001 Fault before the body is sent, nothing read, no TransactionID', async (_label, headers) => {
		const answer = await answerWithoutBody(server.url(), declared(5_000_000, headers));
		expect(answer.status).toBe(401);
		expect(faultOf(answer.body)).toEqual({ statusCode: '4001', transactionId: undefined });
		expect(server.bodyReads).toBe(0);
		expect(await server.settledExecutions()).toHaveLength(0);
	});

	it('a declared length over 8 MB: 413 before the body is sent, even with the right credentials', async () => {
		const answer = await answerWithoutBody(server.url(), declared(mm7Webhook.maxBodyBytes! + 1, authorized));
		expect(answer.status).toBe(413);
		expect(faultOf(answer.body).statusCode).toBe('2000');
		expect(server.bodyReads).toBe(0);
	});

	it('with the right credentials a DeliverReq is read once, answered DeliverRsp and becomes one item', async () => {
		const answer = await post(server.url(), { 'content-type': MO_CONTENT_TYPE, ...authorized }, readFileSync(path.join(FIXTURES, 'deliver-mo-image.mime')));
		expect(answer.status).toBe(200);
		expect(answer.body).toContain('DeliverRsp');
		expect(server.bodyReads).toBe(1);
		expect((await server.settledExecutions())[0][0].map((item) => item.json)).toEqual([expect.objectContaining({ provider: 'mm7', kind: 'inbound', text: 'Test MO message!' })]);
	});

	const hostile: HostileBody[] = issueBodies();

	it.each(hostile.map((body) => [body.label, body]))('without credentials, %s: 401, never read', async (_label, { contentType, body }) => {
		const answer = await post(server.url(), { 'content-type': contentType.replace('text/xml', 'multipart/related'), soapaction: '""' }, body);
		expect(answer.status).toBe(401);
		expect(server.bodyReads).toBe(0);
	});

	it.each(hostile.map((body) => [body.label, body]))('with credentials, %s: a 400 Fault 2007 (never a 500), no execution', async (_label, { contentType, body }) => {
		const answer = await post(server.url(), { 'content-type': contentType, ...authorized }, body);
		expect(answer.status).toBe(400);
		expect(faultOf(answer.body).statusCode).toBe('2007');
		expect(await server.settledExecutions()).toHaveLength(0);
	});

	it('the namespace bomb is answered within seconds, not the 23–90 s the copying reader took', async () => {
		const { contentType, body } = namespaceBomb();
		const started = performance.now();
		const answer = await post(server.url(), { 'content-type': contentType, ...authorized }, body);
		expect(answer.status).toBe(400);
		expect(performance.now() - started).toBeLessThan(5_000);
		expect(answer.body).not.toContain(HOSTILE_TRANSACTION_ID);
	});
});

describe('MMS Delivery Trigger: a provider whose verification may need the body reads it first', () => {
	const bandwidth = { accountId: '9900000', username: 'api-user', password: 'api-secret-42', applicationId: 'app-1', callbackUsername: 'bw-cb', callbackPassword: 'bw-cb-secret-42' };
	const server = new WebhookServer({
		node: node('mmsDeliveryTrigger', { provider: 'bandwidth' }, { name: 'Bandwidth Trigger', webhookId: 'hook-bandwidth-unread', credentials: { dropMmsBandwidthApi: { id: '1', name: 'bw' } } }),
		credentials: { dropMmsBandwidthApi: bandwidth },
	});
	beforeAll(() => server.start());
	afterAll(() => server.stop());

	it('Bandwidth (no verifiesHeadersOnly): a multipart body is read, then refused 401 as before', async () => {
		const answer = await post(server.url(), { 'content-type': 'multipart/form-data; boundary=x' }, Buffer.from('--x\r\n\r\nhello\r\n--x--\r\n'));
		expect(answer.status).toBe(401);
		expect(server.bodyReads).toBe(1);
		expect(await server.settledExecutions()).toHaveLength(0);
	});
});
