/**
 * End to end in a real n8n 2.41.1 (issue #8): the `npm pack` tarball installed the way Community
 * Nodes installs it, the examples/ workflows imported with `n8n import:*`, example 1 run with
 * `n8n execute` for every provider against the fake provider, then `n8n start` with the delivery
 * trigger (example 3) and the CRM webhook (example 2) published and called over HTTP.
 *
 * The describes run in order and share one n8n user folder: later steps use what earlier ones
 * installed and imported.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import sharp from 'sharp';
import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

import { adapters } from '../../nodes/providers';
import { resolveBudget } from '../../nodes/media/profiles';
import { TWILIO_TEST_FAILURES } from '../../nodes/providers/twilio/credential';
import { allFakeApis, FakeProviderServer } from '../fake-provider';
import { campaignPicture, LoopbackWeb } from './loopback';
import { freePort, N8n, sleep, waitFor, type WorkflowJson } from './n8n';
import { installLikeCommunityNodes, packPackage, type InstalledPackage } from './package';
import { e2eProviders, type E2eProvider, type WebhookPost } from './providers';
import { readState } from './state';
import { dropWorkflow, EXAMPLES, loadExample, manualToWebhook, triggerWorkflow, useProvider } from './workflows';

const root = path.resolve(__dirname, '../..');
const state = readState();
const fake = new FakeProviderServer(allFakeApis);
const providers = e2eProviders(
	allFakeApis.map((api) => api.provider),
	() => fake,
);
const provider = (id: string) => providers.find((candidate) => candidate.id === id) as E2eProvider;

/** n8n workflow ids are 16 letters and digits. */
const workflowId = (prefix: string, key = '') => (prefix + key + '0'.repeat(16)).slice(0, 16);
const dropIds = Object.fromEntries(providers.map((p) => [p.id, workflowId('e2eDrop', p.id)]));
const triggerIds = Object.fromEntries(providers.map((p) => [p.id, workflowId('e2eTrig', p.id)]));
const webhookIds = Object.fromEntries(providers.map((p) => [p.id, `e2e-delivery-${p.id}`]));
const DRY_RUN_ID = workflowId('e2eDryRun');
const CRM_ID = workflowId('e2eCrm');
const SERVER_DROP_ID = workflowId('e2eServerDrop');

/** Example 1's contacts: two to send, one without consent, one duplicate, one on the opt-out list. */
const CONTACTS = 'phone,first_name,opt_in\n+1 415 555 0101,Ana,yes\n(415) 555-0102,Ben,yes\n415.555.0103,Chloe,no\n+14155550101,Ana (again),yes\n4155550104,Dev,yes';
/** The number the suite sends STOP from (to the Twilio trigger), then expects suppressed in example 1. */
const STOP_NUMBER = '+14155550177';
/** Example 1 inside n8n: numbers no provider fixture opts out (Vonage's STOP fixture is from +14155550101), plus STOP_NUMBER. */
const SERVER_CONTACTS = 'phone,first_name,opt_in\n+1 415 555 0201,Ana,yes\n(415) 555-0202,Ben,yes\n415.555.0203,Chloe,no\n"+1 (415) 555-0177",Stopper,yes';
const SENDER = '+14155550100';

const userFolder = path.join(state.workDir, 'n8n');
let n8n: N8n;
let web: LoopbackWeb;
let picture: Buffer;
let installed: InstalledPackage;

beforeAll(async () => {
	picture = await campaignPicture();
	web = new LoopbackWeb(picture);
	await Promise.all([fake.start(), web.start()]);
	n8n = new N8n(state.n8nDir, userFolder, await freePort());
}, 60_000);

afterAll(async () => {
	await n8n?.stop();
	await Promise.all([fake.stop(), web?.stop()]);
});

/** Output `index` of a node's first run, as json objects. */
function outputOf(run: IRun, node: string, index = 0): IDataObject[] {
	const runs = run.data.resultData.runData[node];
	if (!runs?.length) throw new Error(`node "${node}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`);
	const items: INodeExecutionData[] = runs[0].data?.main?.[index] ?? [];
	return items.map((item) => item.json);
}

function dropSettings(id: string, extra: Partial<Parameters<typeof dropWorkflow>[1]> = {}) {
	return {
		id,
		from: SENDER,
		imageUrl: web.pictureUrl,
		contactsCsv: CONTACTS,
		hostUrl: `${web.origin}/hosted`,
		optOutPhone: '+1 (415) 555-0104',
		...extra,
	};
}

/** Example 2 on Twilio (it ships on the sandbox), with the Twilio credential the suite imports. */
function crmWorkflow(): WorkflowJson {
	const workflow = { ...loadExample(EXAMPLES.crm), id: CRM_ID };
	useProvider(workflow, 'Send MMS Drop', provider('twilio'));
	return workflow;
}

function e164(to: string): string {
	return to.startsWith('+') ? to : `+${to}`;
}

describe('1. install and import', () => {
	it('the npm pack tarball installs into ~/.n8n/nodes the way Community Nodes does, runtime dependencies included', () => {
		// DROP_MMS_E2E_PACKAGE_DIR packs another folder (a package.json + dist/), e.g. a staged build.
		const tarball = packPackage(process.env.DROP_MMS_E2E_PACKAGE_DIR ?? root, state.workDir);
		installed = installLikeCommunityNodes(tarball, userFolder);
		expect(installed.name).toBe('n8n-nodes-drop-mms');
		expect(installed.n8n.nodes).toHaveLength(3);
		expect(installed.n8n.credentials).toHaveLength(8);
		// What n8n requires at load time must come from the installed folder, not from this repo.
		const manifest = JSON.parse(readFileSync(path.join(installed.directory, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
		const missing = Object.keys(manifest.dependencies).filter((dependency) => !existsSync(path.join(installed.directory, 'node_modules', dependency, 'package.json')));
		expect(missing).toEqual([]);
	});

	it('n8n imports the credentials (baseUrl = the fake provider) and the example workflows', async () => {
		await n8n.importCredentials(providers.map((p) => p.credential(fake)));
		const workflows: WorkflowJson[] = [
			...providers.map((p) => dropWorkflow(p, dropSettings(dropIds[p.id], { dryRun: false }), true)),
			dropWorkflow(provider('telnyx'), dropSettings(DRY_RUN_ID, { dryRun: true }), true),
			...providers.map((p) => triggerWorkflow(p, triggerIds[p.id], webhookIds[p.id])),
			crmWorkflow(),
		];
		// Example 1 as a whole (data-table read included) runs inside n8n start, where the data-table module lives.
		const serverDrop = dropWorkflow(
			provider('telnyx'),
			dropSettings(SERVER_DROP_ID, { dryRun: false, contactsCsv: SERVER_CONTACTS }),
			false,
		);
		manualToWebhook(serverDrop, 'Run drop', 'e2e-run-drop');
		// Example 3's "create the tables" branch, run the same way (on the Twilio variant).
		manualToWebhook(workflows.find((w) => w.id === triggerIds.twilio) as WorkflowJson, 'Create the tables (run once)', 'e2e-create-tables');
		workflows.push(serverDrop);
		const result = await n8n.importWorkflows(workflows);
		expect(result.stdout + result.stderr).toContain(`Successfully imported ${workflows.length} workflows`);
	});
});

describe('2. n8n execute: example 1 (CSV → MMS Media Prep → Send MMS Drop → summary)', () => {
	beforeEach(() => fake.reset());

	it('dry run on: every contact is planned or skipped, nothing reaches the provider', async () => {
		const run = await n8n.execute(DRY_RUN_ID);
		expect(run.status).toBe('success');
		const recipients = outputOf(run, 'Send MMS Drop');
		expect(recipients.map((r) => [r.to, r.status, r.reason])).toEqual([
			['+14155550101', 'planned', null],
			['+14155550102', 'planned', null],
			['+14155550103', 'skipped', 'no_consent'],
			['+14155550101', 'skipped', 'duplicate'],
			['+14155550104', 'skipped', 'suppressed'],
		]);
		expect(outputOf(run, 'Drop summary')).toEqual([expect.objectContaining({ dryRun: true, recipients: 5, sent: 0, planned: 2, skipped: 3 })]);
		expect(fake.requests).toHaveLength(0);
	});

	it.each(providers.map((p) => [p.id, p] as const))(
		'%s: the picture is prepared once, the drop sends to the two valid consenting contacts (ledger)',
		async (_id, p) => {
			const downloadsBefore = web.downloads.length;
			const run = await n8n.execute(dropIds[p.id]);
			expect(run.data.resultData.error).toBeUndefined();
			expect(run.status).toBe('success');

			// MMS Media Prep: one download, every contact carries the same fitted picture.
			const budget = resolveBudget(p.profile);
			const prepared = outputOf(run, 'MMS Media Prep');
			expect(prepared).toHaveLength(5);
			expect(web.downloads.slice(downloadsBefore).filter((download) => download.startsWith('/media/'))).toHaveLength(1);
			for (const media of prepared) {
				expect(media).toMatchObject({ mimeType: 'image/jpeg', originalBytes: picture.length, fits: true, bytes: prepared[0].bytes });
				expect(media.bytes as number).toBeLessThanOrEqual(budget.fileBytes);
				expect(Math.max(media.width as number, media.height as number)).toBeLessThanOrEqual(1280);
			}

			const recipients = outputOf(run, 'Send MMS Drop');
			expect(recipients.map((r) => [r.to, r.status, r.reason])).toEqual([
				['+14155550101', 'accepted', null],
				['+14155550102', 'accepted', null],
				['+14155550103', 'skipped', 'no_consent'],
				['+14155550101', 'skipped', 'duplicate'],
				['+14155550104', 'skipped', 'suppressed'],
			]);
			const ledger = fake.ledgerFor(p.id);
			expect(ledger.map((entry) => e164(entry.to)).sort()).toEqual(['+14155550101', '+14155550102']);
			for (const entry of ledger) {
				const name = e164(entry.to) === '+14155550101' ? 'Ana' : 'Ben';
				expect(entry.text).toBe(`Hi ${name}! Our spring sale starts today: 20% off everything in store.\nReply STOP to opt out`);
				expect(entry.media).toHaveLength(1);
				expect(entry.subject).toBe(p.subject ? 'Spring sale' : null);
			}
			for (const accepted of recipients.filter((r) => r.status === 'accepted')) {
				expect(ledger.map((entry) => entry.messageId)).toContain(accepted.messageId);
			}

			if (p.takesBinary) {
				// Uploaded to the provider (or inlined for MM7), never sent as the loopback picture URL.
				expect(ledger[0].media[0]).not.toContain(web.origin);
			} else {
				const hostedName = `${p.id}-spring-sale.jpg`;
				const hosted = web.hosted.get(hostedName);
				expect(hosted?.data.length).toBe(prepared[0].bytes);
				const metadata = await sharp(hosted?.data).metadata();
				expect(metadata.format).toBe('jpeg');
				expect(ledger.every((entry) => entry.media[0] === `${web.origin}/hosted/${hostedName}`)).toBe(true);
			}

			expect(outputOf(run, 'Drop summary')).toEqual([
				expect.objectContaining({ dryRun: false, recipients: 5, sent: 2, planned: 0, skipped: 3, failedOrUnknown: 0 }),
			]);
			// Every request the node counted reached the fake (uploads included), and nothing else did.
			expect(fake.requests.filter((request) => request.provider === p.id)).toHaveLength(outputOf(run, 'Send MMS Drop', 1)[0].requests as number);
		},
	);
});

describe('3. n8n start: loading, delivery trigger (example 3), CRM webhook (example 2)', () => {
	const postTo = async (url: string, post: WebhookPost) =>
		await fetch(post.query ? `${url}?${post.query}` : url, { method: 'POST', headers: post.headers, body: post.body });
	const triggerUrl = (p: E2eProvider) => `${n8n.origin}/webhook/${webhookIds[p.id]}/mms`;

	beforeAll(async () => {
		await n8n.start();
		await n8n.bootstrapApi();
	}, 180_000);

	it('n8n lists the three nodes and eight credentials, serves every icon, and logs no load error', async () => {
		const cookie = await n8n.login();
		const nodeTypes = await n8n.rest<Array<{ name: string; iconUrl?: string | { light: string; dark: string } }>>('GET', '/types/nodes.json', cookie);
		const credentialTypes = await n8n.rest<Array<{ name: string; iconUrl?: string | { light: string; dark: string } }>>('GET', '/types/credentials.json', cookie);
		const ours = nodeTypes.filter((type) => type.name.startsWith(`${installed.name}.`));
		expect(ours.map((type) => type.name).filter((name) => !name.endsWith('Tool')).sort()).toEqual(
			['mmsDeliveryTrigger', 'mmsMediaPrep', 'sendMmsDrop'].map((name) => `${installed.name}.${name}`),
		);
		const expectedCredentials = Object.values(adapters).flatMap((adapter) => (adapter.credentialType ? [adapter.credentialType] : [])).sort();
		expect(expectedCredentials).toHaveLength(8);
		const credentials = credentialTypes.filter((type) => expectedCredentials.includes(type.name));
		expect([...new Set(credentials.map((type) => type.name))].sort()).toEqual(expectedCredentials);

		// n8n builds icon URLs from the descriptions whether or not the file exists: fetch each one.
		const iconUrls = [...ours, ...credentials].flatMap((type) =>
			typeof type.iconUrl === 'string' ? [type.iconUrl] : type.iconUrl ? [type.iconUrl.light, type.iconUrl.dark] : [],
		);
		expect(iconUrls.length).toBeGreaterThanOrEqual(ours.length + credentials.length);
		for (const iconUrl of new Set(iconUrls)) {
			const response = await fetch(`${n8n.origin}/${iconUrl}`);
			const body = await response.text();
			expect([iconUrl, response.status, response.headers.get('content-type')]).toEqual([iconUrl, 200, 'image/svg+xml']);
			expect(body).toContain('<svg');
		}
		expect(n8n.serverLog).not.toMatch(/unrecognized node type|error loading package|failed to load|Cannot find module/i);
	});

	it('the credential Test in n8n itself: OK with an Auth Token or an API key, a refusal names what to check, an unreachable Base URL only its code', async () => {
		// What the editor's Test button posts (n8n 2.41 CredentialsController.testCredentials); the
		// editor shows `message` under "Couldn't connect with these settings".
		const cookie = await n8n.login();
		const twilio = provider('twilio').credential(fake);
		const test = async (data: IDataObject) =>
			await n8n.rest<{ status: string; message: string }>('POST', '/rest/credentials/test', cookie, { credentials: { ...twilio, data: { ...twilio.data, ...data } } });
		const connected = { status: 'OK', message: 'Connection successful!' };
		const rule = (status: number) => TWILIO_TEST_FAILURES.find((candidate) => candidate.properties.value === status)!.properties.message;

		expect(await test({})).toEqual(connected);
		expect(await test({ authType: 'apiKey', authToken: '' })).toEqual(connected);
		const wrongSecret = randomBytes(24).toString('base64url');
		const refused = await test({ authType: 'apiKey', apiKeySecret: wrongSecret });
		expect(refused).toEqual({ status: 'Error', message: rule(401) });
		expect(JSON.stringify(refused)).not.toContain(wrongSecret);
		// The key is the account's, the Account SID another: Twilio answers 20404.
		expect(await test({ authType: 'apiKey', accountSid: `AC${'0'.repeat(32)}` })).toEqual({ status: 'Error', message: rule(404) });
		expect(await test({ baseUrl: `http://127.0.0.1:${await freePort()}` })).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});

	it('example 3: its set-up branch creates the two data tables, and every provider\'s trigger publishes', async () => {
		await n8n.publish(triggerIds.twilio, [`${webhookIds.twilio}/mms`, 'e2e-create-tables']);
		const setup = await fetch(`${n8n.origin}/webhook/e2e-create-tables`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		expect(setup.status).toBe(200);
		expect(await n8n.dataTableRows('mms_delivery_statuses')).toEqual([]);
		expect(await n8n.dataTableRows('mms_opt_outs')).toEqual([]);
		for (const p of providers.filter((candidate) => candidate.id !== 'twilio')) await n8n.publish(triggerIds[p.id], [`${webhookIds[p.id]}/mms`]);
	});

	it.each(providers.map((p) => [p.id, p] as const))(
		'%s: a signed delivery report and a STOP are stored as normalized rows; a forged report starts nothing',
		async (_id, p) => {
			const url = triggerUrl(p);
			// The Twilio variant also ran example 3's set-up branch: count from what is there.
			const before = (await n8n.executions(triggerIds[p.id])).length;
			// Status and body together, so a refusal shows the trigger's reason.
			const status = await postTo(url, p.statusReport(url));
			expect(`${status.status} ${await status.text()}`).toMatch(/^2\d\d /);
			const stop = await postTo(url, p.stop(url, STOP_NUMBER));
			expect(`${stop.status} ${await stop.text()}`).toMatch(/^2\d\d /);

			const executions = await waitFor(`two finished executions of the ${p.id} trigger`, async () => {
				const list = await n8n.executions(triggerIds[p.id]);
				return list.length >= before + 2 && list.every((execution) => execution.status !== 'running' && execution.status !== 'new') ? list : undefined;
			});
			expect(executions.slice(0, executions.length - before).map((execution) => execution.status)).toEqual(['success', 'success']);

			const statuses = (await n8n.dataTableRows('mms_delivery_statuses')).filter((row) => row.provider === p.id);
			expect(statuses).toEqual([expect.objectContaining({ provider: p.id, status: 'delivered', final: true, messageId: expect.any(String) })]);
			const optOuts = (await n8n.dataTableRows('mms_opt_outs')).filter((row) => row.provider === p.id);
			expect(optOuts).toEqual([expect.objectContaining({ provider: p.id, phone: expect.stringMatching(/^\+?\d{5,15}$/), reason: expect.stringMatching(/^replied /i) })]);
			if (p.id === 'twilio') expect(optOuts[0].phone).toBe(STOP_NUMBER);

			const forged = await postTo(url, p.forged(url));
			expect([401, 403]).toContain(forged.status);
			// Whatever n8n would start for it would be listed within this time (the two above took far less).
			await sleep(1500);
			expect(await n8n.executions(triggerIds[p.id])).toHaveLength(before + 2);
		},
	);

	it('example 2: a CRM call sends one personalized MMS and gets its result back', async () => {
		fake.reset();
		await n8n.publish(CRM_ID, ['crm-mms']);
		const response = await fetch(`${n8n.origin}/webhook/crm-mms`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ phone: '(415) 555-0150', firstName: 'Maya', imageUrl: web.pictureUrl }),
		});
		expect(response.status).toBe(200);
		const result = (await response.json()) as IDataObject;
		expect(result).toMatchObject({ provider: 'twilio', to: '+14155550150', status: 'accepted', messageId: expect.any(String) });
		expect(fake.ledgerFor('twilio')).toEqual([
			expect.objectContaining({
				to: '+14155550150',
				from: SENDER,
				messageId: result.messageId,
				text: 'Hi Maya, thanks for choosing us! Here is your personal offer.\nReply STOP to opt out',
				media: [web.pictureUrl],
			}),
		]);

		// Nothing sendable: the node's error comes back to the caller (the example continues on error).
		const refused = await fetch(`${n8n.origin}/webhook/crm-mms`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ phone: 'call me maybe', firstName: 'Nope', imageUrl: web.pictureUrl }),
		});
		expect(refused.status).toBe(200);
		expect(await refused.json()).toEqual({ error: expect.stringContaining('No valid recipients') });
		expect(fake.ledgerFor('twilio')).toHaveLength(1);
	});

	it('example 1 inside n8n: the number that sent STOP to the trigger is read from the data table and suppressed', async () => {
		fake.reset();
		await n8n.publish(SERVER_DROP_ID, ['e2e-run-drop']);
		const response = await fetch(`${n8n.origin}/webhook/e2e-run-drop`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		expect(response.status).toBe(200);
		const [execution] = await n8n.executions(SERVER_DROP_ID, true);
		expect(execution.status).toBe('success');
		const run = { data: execution.data } as IRun;
		// The node read the whole table: every provider's STOP from section 3, the suite's number among them.
		const optOutPhones = outputOf(run, 'Opt-out list').map((row) => row.phone);
		expect(optOutPhones.sort()).toEqual((await n8n.dataTableRows('mms_opt_outs')).map((row) => row.phone).sort());
		expect(optOutPhones).toContain(STOP_NUMBER);
		const recipients = outputOf(run, 'Send MMS Drop');
		expect(recipients.map((r) => [r.to, r.status, r.reason])).toEqual([
			['+14155550201', 'accepted', null],
			['+14155550202', 'accepted', null],
			['+14155550203', 'skipped', 'no_consent'],
			[STOP_NUMBER, 'skipped', 'suppressed'],
		]);
		expect(fake.ledgerFor('telnyx').map((entry) => e164(entry.to)).sort()).toEqual(['+14155550201', '+14155550202']);
	});
});
