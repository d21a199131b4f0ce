/**
 * `npm run demo`: n8n on http://127.0.0.1:5678 with this package and its examples on the Sandbox,
 * until Ctrl-C (see demo.ts). The folder and port can be moved with DROP_MMS_DEMO_DIR and
 * DROP_MMS_DEMO_PORT.
 */
import { homedir } from 'node:os';
import path from 'node:path';

import { startDemo } from './demo';

const folder = process.env.DROP_MMS_DEMO_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'n8n-nodes-drop-mms', 'demo');
const port = Number(process.env.DROP_MMS_DEMO_PORT ?? 5678);

/** What Ctrl-C stops: n8n (its own process group) and the picture host, once they exist. */
let stopStarted: (() => Promise<void>) | undefined;
let stopping = false;

function stop(signal: NodeJS.Signals): void {
	if (stopping) return;
	stopping = true;
	console.log(`\n== ${signal}: stopping n8n …`);
	(stopStarted?.() ?? Promise.resolve()).then(
		() => process.exit(0),
		(error: Error) => {
			console.error(`== could not stop cleanly: ${error.message}`);
			process.exit(1);
		},
	);
}

async function main(): Promise<void> {
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	const started = Date.now();
	console.log(`== n8n-nodes-drop-mms demo (its folder ${folder} is emptied first)`);
	const demo = await startDemo({ folder, port, log: (line) => console.log(`== ${line}`), started: (stopDemo) => (stopStarted = stopDemo) });
	console.log(`
== ready in ${Math.round((Date.now() - started) / 1000)} s

   n8n     ${demo.url}
   login   ${demo.owner.email} / ${demo.owner.password}

   1. Open "${demo.names.campaign}" and click "Execute workflow".
      Send MMS Drop sends to the Sandbox (nothing leaves n8n): one result per contact, one magic number per outcome.
   2. Within seconds the delivery reports and a STOP come back through the published
      "${demo.names.trigger}" workflow:
      see its executions, and Overview → Data tables → mms_delivery_statuses and mms_opt_outs.
   3. Run the campaign again: +1 415 555 0195, who replied STOP, is skipped as suppressed
      (and everyone sent before as already_sent: a drop is never sent twice).

   Ctrl-C stops n8n and everything the demo started.`);
}

main().catch((error: Error) => {
	console.error(`== demo failed: ${error.message}`);
	process.exit(1);
});
