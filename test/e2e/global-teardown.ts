/**
 * Stops any n8n or Chromium process group a crashed test left running, then removes the scratch folder
 * (kept when DROP_MMS_E2E_KEEP=1, for looking at n8n's database and logs after a failure).
 */
import { rmSync } from 'node:fs';

import { readState, recordedPids } from './state';

export default function globalTeardown(): void {
	const { workDir } = readState();
	for (const pid of recordedPids(workDir)) {
		try {
			process.kill(-pid, 'SIGKILL');
			console.log(`== e2e: stopped leftover process group ${pid}`);
		} catch {
			// exited without the suite seeing it
		}
	}
	if (process.env.DROP_MMS_E2E_KEEP === '1') console.log(`== e2e: kept ${workDir}`);
	else rmSync(workDir, { recursive: true, force: true });
}
