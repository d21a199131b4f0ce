/**
 * Icons (issue #15 point 9): every node and credential shows a light and a dark variant (n8n 2.41
 * resolves `{ light, dark }` for both: n8n-core DirectoryLoader.fixIconPaths), each provider is
 * recognizable (no two share a picture, as Twilio and Telnyx once shared a 'T' tile), and every
 * SVG renders the same everywhere: shapes only, no fonts, scripts or outside references.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialType, INodeType } from 'n8n-workflow';

import { loadClassInstance, PACKAGE_ROOT, packageN8nSection, sourceOf } from './harness/registry';

const ICONS = path.join(PACKAGE_ROOT, 'icons');

interface Owner {
	label: string;
	icon: unknown;
	/** The folder the `file:` paths are relative to (the compiled file's, the same under dist/). */
	dir: string;
}

const section = packageN8nSection();
const credentials: Owner[] = section.credentials.map((file) => {
	const credential = loadClassInstance<ICredentialType>(file);
	return { label: credential.name, icon: credential.icon, dir: path.dirname(sourceOf(file)) };
});
const nodes: Owner[] = section.nodes.map((file) => {
	const node = loadClassInstance<INodeType>(file);
	return { label: node.description.name, icon: node.description.icon, dir: path.dirname(sourceOf(file)) };
});

function themedFiles({ icon, dir }: Owner): { light: string; dark: string } {
	const { light, dark } = icon as { light: string; dark: string };
	const file = (reference: string) => {
		expect(reference).toMatch(/^file:.+\.svg$/);
		return path.resolve(dir, reference.slice('file:'.length));
	};
	return { light: file(light), dark: file(dark) };
}

describe.each([...credentials, ...nodes])('$label icon', (owner) => {
	it('has a light and a dark variant, two different files in icons/', () => {
		expect(Object.keys(owner.icon as object).sort()).toEqual(['dark', 'light']);
		const { light, dark } = themedFiles(owner);
		expect([path.dirname(light), path.dirname(dark)]).toEqual([ICONS, ICONS]);
		expect(path.basename(dark)).toBe(path.basename(light).replace(/\.svg$/, '.dark.svg'));
		expect(readFileSync(dark, 'utf8')).not.toBe(readFileSync(light, 'utf8'));
	});
});

it('no two providers share a picture (Twilio and Telnyx were both a T tile)', () => {
	for (const variant of ['light', 'dark'] as const) {
		const pictures = credentials.map((owner) => readFileSync(themedFiles(owner)[variant], 'utf8'));
		expect(new Set(pictures).size).toBe(credentials.length);
	}
});

it('every SVG in icons/ is in use, and draws with shapes only: no text, script or outside reference', () => {
	const used = new Set([...credentials, ...nodes].flatMap((owner) => Object.values(themedFiles(owner))));
	const files = readdirSync(ICONS).map((name) => path.join(ICONS, name));
	expect(files.sort()).toEqual([...used].sort());
	for (const file of files) {
		const svg = readFileSync(file, 'utf8');
		expect({ file, root: /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 \d+ \d+"/.test(svg) }).toEqual({ file, root: true });
		expect({ file, unsafe: svg.match(/<text|<script|<image|<foreignObject|href=|url\(|\bon\w+=/i)?.[0] ?? null }).toEqual({ file, unsafe: null });
	}
});
