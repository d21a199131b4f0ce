/**
 * MMS Media Prep against ImageMagick doing the same job, side by side in one run:
 *
 *   convert in -auto-orient -resize 1280x1280> -strip -define jpeg:extent=<bytes> out.jpg
 *
 * over real photographs (Debian's plasma-workspace-wallpapers: the photographic ones) and
 * generated worst cases, at the carrierSafe (600 KB) and universal (300 KB) budgets. Reports
 * time per image, SSIM (ssim.js, downsample: false) against a lossless resize of the original,
 * bytes, whether the budget was met, and images/second for a batch of 50.
 * Writes the `## Media prep` section of bench/RESULTS.md (bench/results.ts).
 *
 *   npx tsx bench/media/run.ts            (about 3 minutes on 2 cores)
 *   npx tsx bench/media/run.ts --no-write (print only)
 *
 * Needs root for apt-get the first time (ImageMagick, the wallpaper package); later runs reuse
 * the extracted corpus in the OS temp folder.
 */
import { execFile as execFileCallback } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import sharp, { type Sharp } from 'sharp';
import { ssim } from 'ssim.js';

import { configureSharpForBatch, mapConcurrent } from '../../nodes/media/batch';
import { prepareMedia } from '../../nodes/media/pipeline';
import { type Budget, resolveBudget } from '../../nodes/media/profiles';
import { phoneJpeg, photo } from '../../test/media/fixtures';
import { machineLine, writeSection } from '../results';

const execFile = promisify(execFileCallback);

/** Debian's convert; /usr/local/bin may hold a stand-in that is not ImageMagick. */
const CONVERT = '/usr/bin/convert';
const CACHE = path.join(tmpdir(), 'n8n-drop-mms-bench-media');
const RUNS = 3;
const BATCH = 50;

/** The photographs in plasma-workspace-wallpapers (the rest are renders and drawings). */
const PHOTOS = ['BytheWater', 'ColdRipple', 'ColorfulCups', 'EveningGlow', 'FallenLeaf', 'Honeywave', 'Kite', 'OneStandsOut', 'Path', 'summer_1am'];

const BUDGETS: Budget[] = [resolveBudget('carrierSafe'), resolveBudget('universal')];

interface CorpusImage {
	name: string;
	file: string;
	kind: 'photo' | 'generated';
}

async function run(command: string, args: string[]): Promise<string> {
	const { stdout } = await execFile(command, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	return stdout;
}

async function ensureImageMagick(): Promise<string> {
	const version = async () => (await run(CONVERT, ['-version']).catch(() => '')).split('\n')[0];
	if (!(await version()).includes('ImageMagick')) {
		console.log('installing imagemagick from Debian…');
		await run('apt-get', ['update']);
		await run('apt-get', ['install', '-y', '--no-install-recommends', 'imagemagick']);
	}
	const found = await version();
	if (!found.includes('ImageMagick')) throw new Error(`${CONVERT} is not ImageMagick after installing it`);
	return found;
}

async function corpus(): Promise<CorpusImage[]> {
	await mkdir(CACHE, { recursive: true });
	const root = path.join(CACHE, 'plasma', 'usr/share/wallpapers');
	if (!existsSync(root)) {
		console.log('fetching plasma-workspace-wallpapers from Debian…');
		await execFile('apt-get', ['download', 'plasma-workspace-wallpapers'], { cwd: CACHE });
		const deb = (await readdir(CACHE)).find((file) => file.startsWith('plasma-workspace-wallpapers_') && file.endsWith('.deb'));
		if (!deb) throw new Error('apt-get download left no .deb');
		await run('dpkg-deb', ['-x', path.join(CACHE, deb), path.join(CACHE, 'plasma')]);
	}
	const images: CorpusImage[] = [];
	for (const name of PHOTOS) {
		const dir = path.join(root, name, 'contents/images');
		const largest = (await readdir(dir))
			.map((file) => ({ file, match: /^(\d+)x(\d+)\.(jpe?g|png)$/.exec(file) }))
			.filter((entry) => entry.match)
			.sort((a, b) => Number(b.match![1]) * Number(b.match![2]) - Number(a.match![1]) * Number(a.match![2]))[0];
		images.push({ name, file: path.join(dir, largest.file), kind: 'photo' });
	}
	// media.md §3's synthetic 12 MP worst cases, and the rotated phone photo of the tests
	const generated: Array<[string, () => Promise<Buffer>]> = [
		['noisy 12 MP (σ 40)', async () => sharp(await photo(4000, 3000, { seed: 5, grain: 40 })).jpeg({ quality: 92 }).toBuffer()],
		['clean 12 MP (σ 8)', async () => sharp(await photo(4000, 3000, { seed: 9, grain: 8 })).jpeg({ quality: 92 }).toBuffer()],
		['phone 12 MP, EXIF 6', phoneJpeg],
	];
	for (const [name, make] of generated) {
		const file = path.join(CACHE, `${name.replace(/[^a-z0-9]+/gi, '-')}.jpg`);
		if (!existsSync(file)) await writeFile(file, await make());
		images.push({ name, file, kind: 'generated' });
	}
	return images;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const start = process.hrtime.bigint();
	const value = await work();
	return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

async function ours(file: string, budget: Budget): Promise<Buffer> {
	const prepared = await prepareMedia(await readFile(file), { budget, format: 'jpeg' });
	return prepared.data;
}

async function imageMagick(file: string, budget: Budget, out: string): Promise<Buffer> {
	await run(CONVERT, [file, '-auto-orient', '-resize', '1280x1280>', '-strip', '-define', `jpeg:extent=${budget.fileBytes}`, out]);
	return readFile(out);
}

/** ssim.js wants RGBA ImageData. */
async function rgba(pipeline: Sharp): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
	const { data, info } = await pipeline.ensureAlpha(1).raw().toBuffer({ resolveWithObject: true });
	return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/** SSIM against the original, oriented and resized losslessly (lanczos3) to the candidate's size. */
async function score(original: string, candidate: Buffer): Promise<number> {
	const { width, height } = await sharp(candidate).metadata();
	const reference = await rgba(sharp(original).autoOrient().resize(width, height, { fit: 'fill', kernel: 'lanczos3' }).flatten({ background: '#ffffff' }).toColourspace('srgb'));
	const test = await rgba(sharp(candidate).toColourspace('srgb'));
	// ssim.js types its input as the DOM's ImageData; these objects have its shape
	type ImageInput = Parameters<typeof ssim>[0];
	return ssim(reference as unknown as ImageInput, test as unknown as ImageInput, { downsample: false }).mssim;
}

interface Row {
	image: CorpusImage;
	source: string;
	budget: Budget;
	ours: { ms: number; bytes: number; ssim: number; size: string };
	im: { ms: number; bytes: number; ssim: number; size: string };
}

async function compare(image: CorpusImage, budget: Budget): Promise<Row> {
	const out = path.join(CACHE, 'im-out.jpg');
	const oursRuns: number[] = [];
	const imRuns: number[] = [];
	let oursFile: Buffer = Buffer.alloc(0);
	let imFile: Buffer = Buffer.alloc(0);
	// interleaved, so drift on the shared machine hits both alike
	for (let i = 0; i < RUNS; i++) {
		const a = await timed(() => ours(image.file, budget));
		oursRuns.push(a.ms);
		oursFile = a.value;
		const b = await timed(() => imageMagick(image.file, budget, out));
		imRuns.push(b.ms);
		imFile = b.value;
	}
	const meta = await sharp(image.file).metadata();
	const sizeOf = async (bytes: Buffer) => {
		const m = await sharp(bytes).metadata();
		return `${m.width}×${m.height}`;
	};
	return {
		image,
		source: `${meta.width}×${meta.height}, ${((await readFile(image.file)).length / 1e6).toFixed(1)} MB`,
		budget,
		ours: { ms: median(oursRuns), bytes: oursFile.length, ssim: await score(image.file, oursFile), size: await sizeOf(oursFile) },
		im: { ms: median(imRuns), bytes: imFile.length, ssim: await score(image.file, imFile), size: await sizeOf(imFile) },
	};
}

async function batch(images: CorpusImage[], budget: Budget): Promise<{ ours: number; im: number }> {
	const files = Array.from({ length: BATCH }, (_, i) => images[i % images.length].file);
	const lanes = availableParallelism();
	const oursRun = await timed(() => mapConcurrent(files.length, lanes, (i) => ours(files[i], budget)));
	// ImageMagick gets the same lanes: one convert process per core
	const imRun = await timed(() => mapConcurrent(files.length, lanes, (i) => imageMagick(files[i], budget, path.join(CACHE, `im-batch-${i % lanes}.jpg`))));
	return { ours: BATCH / (oursRun.ms / 1000), im: BATCH / (imRun.ms / 1000) };
}

const geomean = (values: number[]) => Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
const kb = (bytes: number) => (bytes / 1000).toFixed(1);

function report(rows: Row[], batches: Map<string, { ours: number; im: number }>, imageMagickVersion: string): string {
	const lines: string[] = [];
	lines.push('## Media prep', '');
	lines.push(
		`Command: \`npx tsx bench/media/run.ts\`. Machine: ${machineLine()}; sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}), ${imageMagickVersion}.`,
		`Ours: \`prepareMedia\` (format jpeg) — read file, identify, decode once with EXIF orientation and shrink-on-load to 1280 px, quality search; in-process, one image per core.`,
		`ImageMagick: \`convert in -auto-orient -resize 1280x1280> -strip -define jpeg:extent=<bytes> out.jpg\`, the same byte target (the profile's budget less 5 % headroom).`,
		`Times: median of ${RUNS} interleaved runs per image, wall clock, including reading the file (and for ImageMagick starting the process). SSIM: ssim.js 3.5 \`weber\`, \`downsample: false\`, against the original oriented and resized with lanczos3 to the output's size, never encoded.`,
		`Corpus: the ${PHOTOS.length} photographs among Debian's \`plasma-workspace-wallpapers\` (gnome-backgrounds and desktop-base ship only renders and drawings) and three generated 12 MP JPEGs (media.md §3 noisy and clean, and the rotated phone photo of the tests).`,
		'',
	);
	for (const budget of BUDGETS) {
		const set = rows.filter((row) => row.budget === budget);
		const ratio = geomean(set.map((row) => row.ours.ms / row.im.ms));
		const within = (pick: (row: Row) => { bytes: number }) => (100 * set.filter((row) => pick(row).bytes <= budget.fileBytes).length) / set.length;
		const meanSsim = (pick: (row: Row) => { ssim: number }) => set.reduce((sum, row) => sum + pick(row).ssim, 0) / set.length;
		const atLeast = set.filter((row) => row.ours.ssim >= row.im.ssim - 5e-5).length;
		const speed = batches.get(budget.profile)!;
		lines.push(`### ${budget.profile}: ${budget.messageBytes / 1000} KB message, file ≤ ${budget.fileBytes.toLocaleString('en-US')} bytes`, '');
		lines.push('| image | source | ours ms | IM ms | ours/IM | ours SSIM | IM SSIM | ours KB | IM KB | ours size | IM size |');
		lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
		for (const row of set) {
			lines.push(
				`| ${row.image.name} | ${row.source} | ${row.ours.ms.toFixed(0)} | ${row.im.ms.toFixed(0)} | ${(row.ours.ms / row.im.ms).toFixed(3)} | ${row.ours.ssim.toFixed(4)} | ${row.im.ssim.toFixed(4)} | ${kb(row.ours.bytes)} | ${kb(row.im.bytes)} | ${row.ours.size} | ${row.im.size} |`,
			);
		}
		lines.push(
			'',
			`- time ours/IM: geometric mean **${ratio.toFixed(3)}** (ours ${(1 / ratio).toFixed(1)}× faster), range ${Math.min(...set.map((r) => r.ours.ms / r.im.ms)).toFixed(3)}–${Math.max(...set.map((r) => r.ours.ms / r.im.ms)).toFixed(3)}; at least 4× faster on ${set.filter((r) => r.ours.ms / r.im.ms <= 0.25).length} of ${set.length}`,
			`- mean SSIM: ours **${meanSsim((r) => r.ours).toFixed(4)}**, ImageMagick ${meanSsim((r) => r.im).toFixed(4)}; ours equal or better (to 0.00005) on ${atLeast} of ${set.length}`,
			`- within budget: ours **${within((r) => r.ours)} %**, ImageMagick ${within((r) => r.im)} %`,
			`- batch of ${BATCH} (corpus cycled), ${availableParallelism()} lanes: ours **${speed.ours.toFixed(1)} images/s**, ImageMagick ${speed.im.toFixed(1)} images/s`,
			'',
		);
	}
	return lines.join('\n');
}

async function main() {
	const im = await ensureImageMagick();
	configureSharpForBatch();
	const images = await corpus();
	const rows: Row[] = [];
	for (const budget of BUDGETS) {
		for (const image of images) {
			const row = await compare(image, budget);
			rows.push(row);
			console.log(`${budget.profile.padEnd(11)} ${image.name.padEnd(22)} ours ${row.ours.ms.toFixed(0).padStart(5)} ms  IM ${row.im.ms.toFixed(0).padStart(5)} ms  SSIM ${row.ours.ssim.toFixed(4)} / ${row.im.ssim.toFixed(4)}  ${kb(row.ours.bytes)} / ${kb(row.im.bytes)} KB`);
		}
	}
	const batches = new Map<string, { ours: number; im: number }>();
	for (const budget of BUDGETS) {
		batches.set(budget.profile, await batch(images, budget));
		console.log(`batch ${budget.profile}: ours ${batches.get(budget.profile)!.ours.toFixed(1)} images/s, IM ${batches.get(budget.profile)!.im.toFixed(1)} images/s`);
	}
	const section = report(rows, batches, im.replace(/^Version: /, '').replace(/ https?:\S+.*$/, ''));
	console.log(`\n${section}`);
	if (!process.argv.includes('--no-write')) writeSection('media', section);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
