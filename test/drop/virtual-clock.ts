import type { Clock } from '../../nodes/drop/pacer';

/**
 * A clock that only moves when someone sleeps: time is exact and tests take no real time. With
 * `yielding`, each sleep also lets the event loop turn, so other tasks run while one waits.
 */
export function virtualClock(startWallMs = Date.parse('2026-11-25T10:00:00Z'), yielding = false): Clock & { elapsed: () => number; sleeps: number[] } {
	let now = 0;
	const sleeps: number[] = [];
	return {
		now: () => now,
		wallMs: () => startWallMs + now,
		sleep: async (ms) => {
			sleeps.push(ms);
			now += ms;
			if (yielding) await new Promise((resolve) => setImmediate(resolve));
		},
		elapsed: () => now,
		sleeps,
	};
}
