/**
 * A seeded generator for the webhook fuzz: every request a run makes follows from its seed, so a
 * failure comes back with `WEBHOOK_FUZZ_SEED=<seed>`.
 */
export class Random {
	private state: number;

	constructor(seed: number) {
		this.state = seed | 0;
	}

	/** mulberry32: small, fast and good enough to spread test cases. A float in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) | 0;
		let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(values: readonly T[]): T {
		return values[Math.floor(this.next() * values.length)];
	}

	/** `length` characters from `alphabet`. */
	text(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
		let result = '';
		for (let i = 0; i < length; i++) result += alphabet[Math.floor(this.next() * alphabet.length)];
		return result;
	}

	/** Fisher–Yates, in place. */
	shuffle<T>(values: T[]): T[] {
		for (let i = values.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[values[i], values[j]] = [values[j], values[i]];
		}
		return values;
	}
}

/** One stream per provider from the run's seed, so a provider's cases do not depend on which others ran (FNV-1a of its name). */
export function seedFor(runSeed: number, name: string): number {
	let hash = 0x811c9dc5 ^ runSeed;
	for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
	return hash >>> 0;
}
