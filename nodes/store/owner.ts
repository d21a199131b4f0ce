/**
 * Who holds a claim (a drop's lease, a batch of the trigger's inbox): the machine and process it
 * runs in, so a restart on the same machine knows its predecessor is gone and need not wait for
 * the claim to expire.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** An id for a run or a drain: host, process id, and a random part that tells runs of one process apart. */
export function runOwner(): string {
	return `${hostname()}/${process.pid}/${randomUUID()}`;
}

/** The holder ran on this machine in a process that no longer exists (n8n was killed and restarted). */
export function holderIsGone(holder: string): boolean {
	const [host, pid] = holder.split('/');
	if (host !== hostname() || !/^\d+$/.test(pid ?? '') || Number(pid) === process.pid) return false;
	try {
		process.kill(Number(pid), 0);
		return false;
	} catch (error) {
		// EPERM: it exists under another user.
		return (error as NodeJS.ErrnoException).code === 'ESRCH';
	}
}
