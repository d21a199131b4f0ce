/**
 * Installs (or reuses from the cache) the pinned n8n and makes the run's scratch folder. The
 * package itself is packed and installed by the suite, so a broken package fails a test there
 * rather than the set-up.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { STATE_ENV, writeState } from './state';

export default function globalSetup(): void {
	const major = Number(process.versions.node.split('.')[0]);
	if (major < 24) throw new Error(`The e2e suite runs n8n 2.x, which needs Node >= 24; this is Node ${process.versions.node}`);

	const root = path.resolve(__dirname, '../..');
	const started = Date.now();
	// The script prints progress on stderr (shown live) and the install folder as its last stdout line.
	const install = spawnSync('bash', [path.join(root, 'scripts/e2e/install-n8n.sh')], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
		timeout: 30 * 60_000,
	});
	if (install.status !== 0) throw new Error(`scripts/e2e/install-n8n.sh failed (${install.status ?? install.signal})`);
	const n8nDir = install.stdout.trim().split('\n').pop() ?? '';
	const installSeconds = Math.round((Date.now() - started) / 1000);

	const workDir = mkdtempSync(path.join(tmpdir(), 'drop-mms-e2e-'));
	process.env[STATE_ENV] = writeState({ n8nDir, workDir, installSeconds });
	console.log(`\n== e2e: n8n from ${n8nDir} (${installSeconds} s), scratch folder ${workDir}`);
}
