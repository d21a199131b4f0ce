import nock from 'nock';

import { DropMmsMm7Api } from '../../credentials/DropMmsMm7Api.credentials';
import { readXml } from '../../nodes/providers/mm7/xml';
import { testCredential } from '../harness/credential-test';
import { runTestFailureCases } from './failures';

const MMSC = 'https://mmsc.operator.example';
const MMSC_PATH = '/mm7/vasp';
const USERNAME = 'vasp-user-7';
const PASSWORD = 'Mm7-good-secret-c0ffee-0188';
const REL6 = 'http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4';
const REL5 = 'http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0';
const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';

/** What a working MMSC answers a CancelReq for a message it does not know (TS 23.140 2005). */
const CANCEL_RSP =
	`<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="${SOAP}"><env:Header><TransactionID xmlns="${REL6}" env:mustUnderstand="1">n8n-credential-test</TransactionID></env:Header>` +
	`<env:Body><CancelRsp xmlns="${REL6}"><MM7Version>6.8.0</MM7Version><Status><StatusCode>2005</StatusCode><StatusText>Message ID not found</StatusText></Status></CancelRsp></env:Body></env:Envelope>`;

afterEach(() => nock.cleanAll());

describe('dropMmsMm7Api credential', () => {
	it('has the fields DESIGN.md lists, then the MMSC options, secrets hidden', () => {
		const credential = new DropMmsMm7Api();
		expect(credential.name).toBe('dropMmsMm7Api');
		expect(credential.properties.map((property) => property.name)).toEqual([
			'url',
			'username',
			'password',
			'vaspId',
			'vasId',
			'mm7Version',
			'serviceCode',
			'callbackUsername',
			'callbackPassword',
			'recipientsPerRequest',
			'useNamespacePrefix',
		]);
		const hidden = credential.properties.filter((property) => property.typeOptions?.password).map((property) => property.name);
		expect(hidden).toEqual(['password', 'callbackPassword']);
		const byName = Object.fromEntries(credential.properties.map((property) => [property.name, property]));
		expect(byName.mm7Version.options).toEqual([
			{ name: '6.8.0 (REL-6-MM7-1-4)', value: '6.8.0' },
			{ name: '5.3.0 (REL-5-MM7-1-0)', value: '5.3.0' },
		]);
		expect([byName.mm7Version.default, byName.recipientsPerRequest.default, byName.useNamespacePrefix.default]).toEqual(['6.8.0', 1, true]);
	});

	it('passes when the MMSC answers the CancelReq probe, sent with Basic auth to the URL as given', async () => {
		let probe: { headers: Record<string, unknown>; body: string } | undefined;
		const scope = nock(MMSC)
			.post(MMSC_PATH)
			.basicAuth({ user: USERNAME, pass: PASSWORD })
			.matchHeader('content-type', 'text/xml; charset=utf-8')
			.matchHeader('soapaction', '""')
			.reply(function (_uri, body) {
				probe = { headers: this.req.headers, body: body as string };
				return [200, CANCEL_RSP, { 'content-type': 'text/xml; charset=utf-8' }];
			});
		const result = await testCredential('dropMmsMm7Api', { url: `${MMSC}${MMSC_PATH} `, username: USERNAME, password: PASSWORD, vaspId: 'VASP&001' });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);

		const envelope = readXml(probe!.body);
		const [header, body] = envelope.children;
		expect([envelope.local, envelope.ns]).toEqual(['Envelope', SOAP]);
		expect(header.children[0]).toMatchObject({ local: 'TransactionID', ns: REL6, attributes: [{ local: 'mustUnderstand', ns: SOAP, value: '1' }] });
		const cancel = body.children[0];
		expect([cancel.local, cancel.ns]).toEqual(['CancelReq', REL6]);
		expect(cancel.children.map((element) => [element.local, element.children[0]?.text ?? element.text])).toEqual([
			['MM7Version', '6.8.0'],
			['SenderIdentification', 'VASP&001'],
			['MessageID', 'n8n-credential-test-no-such-message'],
		]);
	});

	it('probes in the 5.3.0 namespace when the credential says 5.3.0', async () => {
		let body = '';
		nock(MMSC)
			.post(MMSC_PATH, (sent: string) => ((body = sent), true))
			.reply(200, CANCEL_RSP.replaceAll(REL6, REL5), { 'content-type': 'text/xml' });
		const result = await testCredential('dropMmsMm7Api', { url: `${MMSC}${MMSC_PATH}`, username: USERNAME, password: PASSWORD, vaspId: 'V', mm7Version: '5.3.0' });
		expect(result.status).toBe('OK');
		const cancel = readXml(body).children[1].children[0];
		expect([cancel.ns, cancel.children[0].text]).toEqual([REL5, '5.3.0']);
	});

	it('explains a SOAP Fault (an MMSC without cancel) instead of a bare "Internal Server Error"', async () => {
		nock(MMSC)
			.post(MMSC_PATH)
			.reply(500, `<env:Envelope xmlns:env="${SOAP}"><env:Body><env:Fault><faultcode>env:Client</faultcode><faultstring>Unsupported operation</faultstring></env:Fault></env:Body></env:Envelope>`, { 'content-type': 'text/xml' })
			.persist();
		const result = await testCredential('dropMmsMm7Api', { url: `${MMSC}${MMSC_PATH}`, username: USERNAME, password: PASSWORD, vaspId: 'V' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The MMSC answered HTTP 500 with a SOAP Fault to the test \(a CancelReq for a message that does not exist\)\. The MMSC URL is reachable\./);
		expect(result.message).toMatch(/Username, Password and VASP ID/);
	});
});

runTestFailureCases({
	type: 'dropMmsMm7Api',
	credentials: { url: `${MMSC}${MMSC_PATH}`, username: USERNAME, password: PASSWORD, vaspId: 'V', callbackPassword: 'Mm7-callback-secret-0200' },
	origin: MMSC,
	addressField: 'url',
	addressAt: (port) => `http://127.0.0.1:${port}${MMSC_PATH}`,
	cases: [
		{ status: 401, fixture: 'mm7/error-401.html', fields: ['Username', 'Password'] },
		{ status: 403, fixture: 'mm7/error-403.html', fields: ['VASP ID'], mentions: [/IP address/] },
		{ status: 404, fixture: 'mm7/error-404-no-endpoint.html', fields: ['MMSC URL'] },
		{ status: 500, fixture: 'mm7/fault-2568-authenticate.xml', fields: ['Username', 'Password', 'VASP ID', 'MMSC URL'] },
	],
});
