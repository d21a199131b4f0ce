/** The README stays true: its generated provider tables match the adapters, and the quick start names the two commands. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { renderReadme } from '../scripts/readme-tables';

const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

it('the provider tables are current (run `npx tsx scripts/readme-tables.ts` after changing an adapter)', () => {
	expect(renderReadme(readme)).toBe(readme);
});

it('the quick start gives the set-up and the test command', () => {
	expect(readme).toContain('npm ci && npm run build');
	expect(readme).toContain('npm test');
});

it('the quick start shows the package working with npm run demo, a script of package.json', () => {
	const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Nodes'));
	expect(quickStart).toContain('npm run demo');
	const { scripts } = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
	expect(scripts.demo).toBe('tsx scripts/demo/index.ts');
});
