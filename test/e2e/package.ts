/**
 * Packs the package with `npm pack` and installs the tarball into $N8N_USER_FOLDER/.n8n/nodes the
 * way n8n's Community Nodes installer does (n8n 2.41 `CommunityPackagesService.downloadPackage`):
 * unpack into nodes/node_modules/<name>, drop dev/peer/optional dependencies from its package.json,
 * `npm install` the runtime dependencies inside it with scripts off, and list it in
 * nodes/package.json. What the published tarball lacks (a file outside `files`, an undeclared
 * dependency) is missing here too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface InstalledPackage {
	name: string;
	version: string;
	tarball: string;
	/** nodes/node_modules/<name> */
	directory: string;
	/** `n8n` section of the installed package.json. */
	n8n: { nodes: string[]; credentials: string[] };
}

/** The environment for npm: the parent's, minus what `npm run` exported for the outer npm. */
function npmEnv(): NodeJS.ProcessEnv {
	return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

function run(command: string, args: string[], cwd: string): string {
	const result = spawnSync(command, args, { cwd, env: npmEnv(), encoding: 'utf8', timeout: 10 * 60_000 });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed with ${result.status ?? result.signal}\n${result.stdout}\n${result.stderr}`);
	}
	return result.stdout;
}

function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
	}
	return newest;
}

/**
 * `npm pack` packs dist/ as it is: the suite tests the build that CI (and a release) made, it does
 * not build. A dist older than the sources is reported, since the result would not be this code.
 */
export function packPackage(root: string, destination: string): string {
	let distTime = 0;
	try {
		distTime = newestMtime(path.join(root, 'dist'));
	} catch {
		throw new Error('dist/ is missing: run npm run build before npm run test:e2e');
	}
	const sources = ['nodes', 'credentials', 'icons'].map((dir) => path.join(root, dir)).filter((dir) => existsSync(dir));
	const sourceTime = Math.max(0, ...sources.map(newestMtime));
	if (sourceTime > distTime) console.warn('== e2e: dist/ is older than the sources; run npm run build to test the current code');
	const output = run('npm', ['pack', '--json', '--pack-destination', destination], root);
	const [packed] = JSON.parse(output) as Array<{ filename: string }>;
	return path.join(destination, packed.filename);
}

export function installLikeCommunityNodes(tarball: string, userFolder: string): InstalledPackage {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const staging = path.join(nodesDir, '.unpack');
	mkdirSync(staging, { recursive: true });
	run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1'], nodesDir);
	const manifest = JSON.parse(readFileSync(path.join(staging, 'package.json'), 'utf8')) as {
		name: string;
		version: string;
		n8n: InstalledPackage['n8n'];
		[key: string]: unknown;
	};

	const directory = path.join(nodesDir, 'node_modules', manifest.name);
	mkdirSync(path.dirname(directory), { recursive: true });
	run('mv', [staging, directory], nodesDir);
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { devDependencies, peerDependencies, optionalDependencies, ...runtime } = manifest;
	writeFileSync(path.join(directory, 'package.json'), JSON.stringify(runtime, null, 2));
	run(
		'npm',
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
		directory,
	);
	writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [manifest.name]: manifest.version } }, null, 2),
	);
	return { name: manifest.name, version: manifest.version, tarball, directory, n8n: manifest.n8n };
}
