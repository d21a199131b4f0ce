/**
 * Running many items: parallel across images, never within one (media.md §2: sharp uses one
 * thread per image on glibc, so throughput comes from running about one image per core), and
 * each distinct file prepared only once per run (a drop often sends the same picture to every
 * recipient).
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';

import sharp from 'sharp';

/**
 * Images in flight: one per core. libuv's 4 threads (media.md §2) leave room for that on the
 * 2-core machines measured; beyond the core count images only queue for the CPU.
 */
export function defaultConcurrency(): number {
	return Math.max(1, availableParallelism());
}

/**
 * sharp's operation cache keeps recent inputs for reuse; a batch of distinct files only fills it
 * (media.md §2: "sharp.cache(false) for … long-running batch of unique files").
 */
export function configureSharpForBatch(): void {
	sharp.cache(false);
}

/**
 * Runs `task(0 … count − 1)` with at most `limit` running at once and returns the results by
 * index. Once `stop()` answers true no further task starts; their slots stay undefined.
 */
export async function mapConcurrent<R>(count: number, limit: number, task: (index: number) => Promise<R>, stop: () => boolean = () => false): Promise<Array<R | undefined>> {
	const results: Array<R | undefined> = new Array(count).fill(undefined);
	let next = 0;
	const worker = async () => {
		while (next < count && !stop()) {
			const index = next++;
			results[index] = await task(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
	return results;
}

/** Remembers one promise per key, so equal inputs share one result (and one failure). */
export class Memo<T> {
	private readonly entries = new Map<string, Promise<T>>();

	get(key: string, compute: () => Promise<T>): Promise<T> {
		let entry = this.entries.get(key);
		if (!entry) {
			entry = compute();
			this.entries.set(key, entry);
		}
		return entry;
	}
}

export function contentKey(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('base64');
}
