/** Writes one benchmark's section into bench/RESULTS.md, replacing its previous figures. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const RESULTS = path.join(__dirname, 'RESULTS.md');

export function writeSection(name: string, markdown: string): void {
	const start = `<!-- ${name}:start -->`;
	const end = `<!-- ${name}:end -->`;
	const block = `${start}\n${markdown.trim()}\n${end}`;
	const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n\nWritten by `npm run bench`; each section is replaced by its own benchmark.\n';
	const from = current.indexOf(start);
	const to = current.indexOf(end);
	const next = from >= 0 && to > from ? current.slice(0, from) + block + current.slice(to + end.length) : `${current.trimEnd()}\n\n${block}\n`;
	writeFileSync(RESULTS, next);
}

/** Machine facts printed with every result: figures only compare within one run. */
export function machineLine(): string {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const os = require('node:os') as typeof import('node:os');
	return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z`;
}
