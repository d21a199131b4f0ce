/**
 * `npm run bench`: every benchmark, one after another so none disturbs another's figures; each
 * writes its own section of bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const TSX = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
// storm/ starts a real n8n and takes about an hour at its defaults (2,000 events × 5 modes × 3 sender counts).
const BENCHMARKS = ['send/index.ts', 'webhook/index.ts', 'media/run.ts', 'storm/index.ts'];

let failed = 0;
for (const benchmark of BENCHMARKS) {
	console.log(`\n== bench/${benchmark}`);
	const run = spawnSync(TSX, [path.join(__dirname, benchmark)], { stdio: 'inherit', env: { ...process.env, N8N_LOG_LEVEL: 'silent' } });
	if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
