/**
 * Issue #15 in a real browser: the editor as a no-code builder meets it. `npm run demo`'s n8n (the
 * packed package, the examples on the Sandbox) plus a Twilio credential on the fake provider and
 * two tour workflows (editor-tour.ts); Chromium opens each node's panel and reads what is drawn:
 * the provider by its name with its credential, no Subject for Twilio, the effective rate and how
 * long a drop takes, From listed from the account, a dry run's Recipients table with names,
 * previews and From read per item, Consent's tooltip, the trigger's set-up steps, Media Prep's
 * profile and what it makes of a picture that already fits, and how the node creator ranks a
 * search. No console error on any page. Chromium and n8n are stopped in afterAll whatever failed,
 * and global teardown kills their process groups if even that did not run. Screenshots go to
 * $TMPDIR/drop-mms-e2e-screenshots (DROP_MMS_E2E_SCREENSHOTS moves them); `npm run screenshots`
 * makes the README's from the same scenes.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startDemo, type Demo } from '../../scripts/demo/demo';
import { twilioApi } from '../fake-provider/providers/twilio';
import { FakeProviderServer } from '../fake-provider/server';
import { Editor } from './browser';
import { CAMPAIGN, dryRunScene, fittingPictureScene, mediaPrepScene, sendPanelScene, setUpTour, telnyxScene, triggerScene } from './editor-tour';
import { freePort } from './n8n';
import { readState } from './state';

const state = readState();
// Outside the run's scratch folder, which teardown removes: the pictures are for looking at afterwards.
const screenshots = process.env.DROP_MMS_E2E_SCREENSHOTS ?? path.join(tmpdir(), 'drop-mms-e2e-screenshots');
const fake = new FakeProviderServer([twilioApi]);
let demo: Demo;
let editor: Editor;

beforeAll(async () => {
	await fake.start();
	demo = await startDemo({ folder: path.join(state.workDir, 'editor'), port: await freePort() });
	await setUpTour(demo.n8n, fake.origin, fake.credentialsOf('twilio'));
	editor = await Editor.open(demo.n8n, screenshots);
	console.log(`== e2e: editor screenshots in ${screenshots}`);
}, 15 * 60_000);

// Each stop runs even if the one before it throws: a browser or an n8n left running keeps jest from exiting.
afterAll(async () => {
	try {
		await editor?.close();
	} finally {
		try {
			await demo?.stop();
		} finally {
			await fake.stop();
		}
	}
}, 60_000);

it('Send MMS Drop on Twilio: Provider named, its credential under it, no Subject, the rate and a 10,000-recipient drop\'s duration, "via Twilio" on the canvas', async () => {
	const panel = await sendPanelScene(editor);
	expect(panel.provider).toBe('Twilio');
	expect(panel.labels.slice(0, 2)).toEqual(['Provider', 'Credential for Drop MMS: Twilio API']);
	expect(panel.labels).toEqual(expect.arrayContaining(['From', 'To', 'Text', 'Media URLs', 'Input Binary Field']));
	expect(panel.labels).not.toContain('Subject');
	expect(panel.notices.join('\n')).toContain("Sends at 1 message/s, Twilio's documented safe default");
	expect(panel.notices.join('\n')).toContain('10,000 recipients take about 2 h 47 min');
	expect(panel.canvas).toContain('via Twilio');
	// From's list comes from the account (the fake Twilio): the number without MMS is not offered.
	expect(panel.from).toEqual(['+14155550100 · Store front']);
});

// The scenes share the browser and each workflow stays open while they need it: a load of the editor takes
// 5 to 15 s on two busy cores, a scene on the open workflow a few. Here: the Twilio workflow the first opened.
it('MMS Delivery Trigger on Twilio: numbered steps from the Production URL to publishing', async () => {
	const { notices, labels } = await triggerScene(editor);
	const setup = notices.find((notice) => notice.startsWith('Set up Twilio'))!;
	expect(setup).toMatch(/^Set up Twilio in 6 steps:/);
	expect(setup).toContain('1. Above, open Webhook URLs, switch to Production URL and copy it');
	expect(setup).toContain("3. Under 'A message comes in', paste the Production URL");
	expect(setup).toContain('6. Publish the workflow');
	expect(setup).not.toMatch(/this URL/);
	expect(labels.slice(0, 2)).toEqual(['Provider', 'Credential for Drop MMS: Twilio API']);
});

it('switched to Telnyx: a Subject appears and the rate notice says 15 messages/s', async () => {
	const telnyx = await telnyxScene(editor);
	expect(telnyx.labels).toContain('Subject');
	expect(telnyx.labels.slice(0, 2)).toEqual(['Provider', 'Credential for Drop MMS: Telnyx API']);
	expect(telnyx.notices.join('\n')).toContain('Sends at 15 messages/s');
});

it('MMS Media Prep: "Profile: Carrier-safe 600 KB" on the canvas, n8n\'s binary field labels', async () => {
	const prep = await mediaPrepScene(editor);
	expect(prep.canvas).toContain('Profile: Carrier-safe 600 KB');
	expect(prep.profile).toBe('Carrier-safe 600 KB');
	expect(prep.labels).toContain('Put Output File in Field');
});

// On the campaign the Media Prep scene left open.
it('the node creator: "bulk text", "text message" and "broadcast" find Send MMS Drop first; "mms" and "sms" among the first five', async () => {
	await editor.openWorkflow(CAMPAIGN);
	const ranks: Record<string, string[]> = {};
	for (const query of ['bulk text', 'text message', 'broadcast', 'campaign', 'mms', 'sms']) ranks[query] = (await editor.searchNodes(query)).slice(0, 5);
	console.log(`== e2e: node creator ranks ${JSON.stringify(ranks)}`);
	for (const query of ['bulk text', 'text message', 'broadcast']) expect(ranks[query][0]).toBe('Send MMS Drop');
	for (const query of ['mms', 'sms', 'campaign']) expect(ranks[query]).toContain('Send MMS Drop');
});

// After the panels: it widens the output, and n8n keeps the panel's width for the panels opened after it.
it('a dry run on the Sandbox: a Recipients table with who each row is, what they would get, and a hint with the estimate', async () => {
	const { header, rows, hints, consentTooltip } = await dryRunScene(editor);
	const column = (name: string) => rows.map((row) => row[header.indexOf(name)]);
	expect(header).toEqual(expect.arrayContaining(['first_name', 'to', 'status', 'reason', 'preview']));
	expect(column('first_name')).toEqual(['Ana', 'Ben', 'Cleo', 'Dev']);
	expect(column('status')).toEqual(['planned', 'planned', 'skipped', 'skipped']);
	expect(column('reason')).toEqual(['null', 'null', 'no_consent', 'duplicate']);
	// The table writes the line break between text and footer as \n.
	expect(column('preview')[0]).toMatch(/^Hi Ana! Our spring sale starts today: 20% off everything in store\.(\\n|\s+)Reply STOP to opt out$/);
	expect(column('preview').slice(2)).toEqual(['null', 'null']);
	expect(hints.join('\n')).toMatch(/Dry run: nothing was sent\. 2 recipients would get the message, taking about 2 s at 1 message\/s/);
	// Point 3 (done on main, seen here): the run above read From per item, Ana's a number rather than text, and
	// planned her; To's human formats came out E.164. Point 4: Consent's tooltip maps the item with $json.
	expect(column('to').slice(0, 2)).toEqual(['+14155550101', '+14155550102']);
	expect(consentTooltip).toContain('{{ $json.optIn }}');
});

// The dry run's own run, which prepared the picture too (a fresh load of the workflow runs it again).
it('MMS Media Prep on a picture that already fits: never larger than it was, steps on one line', async () => {
	const { header, rows } = await fittingPictureScene(editor);
	const cell = (name: string) => rows[0][header.indexOf(name)];
	expect(Number(cell('bytes'))).toBeLessThanOrEqual(Number(cell('originalBytes')));
	expect(cell('fits')).toBe('true');
	// One line of steps joined by ' · ': no line break, neither as such nor as the table writes one (\n).
	expect(cell('steps')).toContain(' · ');
	expect(cell('steps')).not.toMatch(/\n|\\n/);
});

it('no console error on any page', () => {
	expect(editor.errors).toEqual([]);
});
