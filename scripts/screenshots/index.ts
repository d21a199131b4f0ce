/**
 * `npm run screenshots`: the README's pictures of the editor, made from the very scenes the browser
 * check of the e2e suite asserts (test/e2e/editor-tour.ts), so a picture cannot show what the product
 * no longer does. It starts `npm run demo`'s n8n on a free loopback port in a scratch folder, adds the
 * tour (a Twilio credential on the fake provider, four small workflows), and writes the PNGs into
 * examples/screenshots/. Needs Node 24, Chromium (apt-get install -y chromium) and `npm run build`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Editor } from '../../test/e2e/browser';
import { dryRunScene, mediaPrepScene, sendPanelScene, setUpTour, triggerScene } from '../../test/e2e/editor-tour';
import { freePort } from '../../test/e2e/n8n';
import { twilioApi } from '../../test/fake-provider/providers/twilio';
import { FakeProviderServer } from '../../test/fake-provider/server';
import { startDemo } from '../demo/demo';

const OUT = path.resolve(__dirname, '../../examples/screenshots');

async function main(): Promise<void> {
	const folder = mkdtempSync(path.join(tmpdir(), 'drop-mms-screenshots-'));
	const fake = new FakeProviderServer([twilioApi]);
	await fake.start();
	const demo = await startDemo({ folder, port: await freePort(), log: (line) => console.log(`== ${line}`) });
	let editor: Editor | undefined;
	try {
		await setUpTour(demo.n8n, fake.origin, fake.credentialsOf('twilio'));
		editor = await Editor.open(demo.n8n, OUT);
		await sendPanelScene(editor);
		await triggerScene(editor);
		await mediaPrepScene(editor);
		// Last: it widens the output, and n8n keeps the panel's width for the panels opened after it.
		await dryRunScene(editor);
		if (editor.errors.length > 0) throw new Error(`the editor logged errors:\n${editor.errors.join('\n')}`);
		console.log(`== screenshots written to ${OUT}`);
	} finally {
		await editor?.close();
		await demo.stop();
		await fake.stop();
		rmSync(folder, { recursive: true, force: true });
	}
}

main().catch((error: Error) => {
	console.error(`== screenshots failed: ${error.message}`);
	process.exit(1);
});
