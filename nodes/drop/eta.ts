/**
 * How long a drop takes at its rate, said the way people read durations. The pacer meters
 * messages (a batch costs one token per recipient), so a drop lasts about its messages over the
 * rate, batched or not; this is the figure the Summary, the dry-run hint and the editor show.
 */

/** Milliseconds to send `messages` at `ratePerSecond` (rounded up: an estimate errs long). */
export function estimateDurationMs(messages: number, ratePerSecond: number): number {
	if (messages <= 0 || !(ratePerSecond > 0)) return 0;
	return Math.ceil((messages / ratePerSecond) * 1000);
}

/** "2 h 47 min", "1 min 40 s", "12 s", "under a second": rounded to the unit below the largest. */
export function formatDuration(ms: number): string {
	if (ms < 1000) return 'under a second';
	const seconds = Math.round(ms / 1000);
	if (seconds >= 86_400) {
		const hours = Math.round(seconds / 3600);
		return hours % 24 > 0 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${hours / 24} d`;
	}
	if (seconds >= 3600) {
		const minutes = Math.round(seconds / 60);
		return minutes % 60 > 0 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes / 60} h`;
	}
	if (seconds >= 60) return seconds % 60 > 0 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds / 60} min`;
	return `${seconds} s`;
}

/** "1 message/s", "0.5 messages/s", "1,000 messages/s". */
export function formatRate(ratePerSecond: number): string {
	return `${ratePerSecond.toLocaleString('en-US', { maximumFractionDigits: 2 })} message${ratePerSecond === 1 ? '' : 's'}/s`;
}
