/**
 * The trigger's inbox (issue #17): one contract run against every store (memory, the SQLite file of
 * a single n8n, n8n's Redis in queue mode), then the drain that turns it into executions.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { InboxDrain } from '../../nodes/MmsDeliveryTrigger/drain';
import { type InboxBackend, type InboxEvent, MemoryInbox } from '../../nodes/MmsDeliveryTrigger/inbox';
import { RedisInbox } from '../../nodes/MmsDeliveryTrigger/inbox/redis';
import { SqliteInbox } from '../../nodes/MmsDeliveryTrigger/inbox/sqlite';
import type { NormalizedEvent } from '../../nodes/providers/types';
import { describeWithRedis, redisForTests } from '../harness/redis';

const event = (messageId: string): NormalizedEvent => ({
	provider: 'twilio',
	kind: 'status',
	eventId: `${messageId}:delivered`,
	messageId,
	status: 'delivered',
	providerStatus: 'delivered',
	final: true,
	to: '+14155551234',
	from: '+14155550100',
	errorCode: null,
	errorMessage: null,
	optedOut: false,
	occurredAt: '2026-12-06T10:00:00.000Z',
	dropId: 'd1',
	ref: 'r1',
	text: null,
	media: [],
	raw: { MessageSid: messageId },
});
const appended = (...ids: string[]) => ids.map((id) => ({ key: `${id}:delivered`, event: event(id) }));
const WINDOW = 10 * 60_000;
const gone = (...owners: string[]) => (owner: string) => owners.includes(owner);

function inboxContract(open: () => InboxBackend) {
	let inbox: InboxBackend;
	let scope = 0;
	let s: string;
	beforeEach(() => {
		inbox = open();
		s = `wf:${++scope}`;
	});

	it('appends durably in order, flags repeated keys within the window, keeps or leaves duplicates out as asked', async () => {
		expect(await inbox.append(s, appended('a', 'b'), 1_000, WINDOW, true)).toEqual([
			{ duplicate: false, kept: true },
			{ duplicate: false, kept: true },
		]);
		expect(await inbox.append(s, appended('a'), 2_000, WINDOW, true)).toEqual([{ duplicate: true, kept: true }]);
		expect(await inbox.append(s, appended('b'), 3_000, WINDOW, false)).toEqual([{ duplicate: true, kept: false }]);
		// After the window the same key is new again; a null key is never a duplicate.
		expect(await inbox.append(s, appended('a'), 2_000 + WINDOW + 1, WINDOW, true)).toEqual([{ duplicate: false, kept: true }]);
		expect(await inbox.append(s, [{ key: null, event: event('c') }, { key: null, event: event('c') }], 4_000, WINDOW, false)).toEqual([
			{ duplicate: false, kept: true },
			{ duplicate: false, kept: true },
		]);
		expect(await inbox.size(s)).toBe(6);
		const claimed = await inbox.claim(s, 'drain', 10, 5_000, 65_000, gone());
		expect(claimed.map((stored) => [stored.event.messageId, stored.event.duplicate])).toEqual([
			['a', false],
			['b', false],
			['a', true],
			['a', false],
			['c', false],
			['c', false],
		]);
		expect(claimed[0]).toMatchObject({ receivedAt: 1_000, event: { ...event('a'), duplicate: false } });
	});

	it('a claim is exclusive until it expires, is released, or its owner is gone; removal ends it', async () => {
		await inbox.append(s, appended('a', 'b', 'c'), 1_000, WINDOW, true);
		const first = await inbox.claim(s, 'one', 2, 1_000, 61_000, gone());
		expect(first.map((stored) => stored.event.messageId)).toEqual(['a', 'b']);
		expect((await inbox.claim(s, 'two', 10, 2_000, 62_000, gone())).map((stored) => stored.event.messageId)).toEqual(['c']);
		expect(await inbox.claim(s, 'three', 10, 3_000, 63_000, gone())).toEqual([]);
		// Renewed, 'one' keeps its claim past the first expiry; 'two''s claim on 'c' has expired.
		await inbox.renew(s, 'one', first.map((stored) => stored.seq), 120_000);
		expect((await inbox.claim(s, 'three', 10, 62_001, 122_001, gone())).map((stored) => stored.event.messageId)).toEqual(['c']);
		// 'one' died: its claim is taken over before it expires.
		expect((await inbox.claim(s, 'four', 10, 63_000, 123_000, gone('one'))).map((stored) => stored.event.messageId)).toEqual(['a', 'b']);
		await inbox.remove(s, first.map((stored) => stored.seq));
		expect(await inbox.size(s)).toBe(1);
	});

	it('a released claim is free again at once', async () => {
		await inbox.append(s, appended('a'), 1_000, WINDOW, true);
		const [claimed] = await inbox.claim(s, 'one', 1, 1_000, 61_000, gone());
		await inbox.release(s, [claimed.seq]);
		expect((await inbox.claim(s, 'two', 1, 1_001, 61_001, gone())).map((stored) => stored.seq)).toEqual([claimed.seq]);
	});
}

describe('memory inbox', () => inboxContract(() => new MemoryInbox()));

describe('SQLite inbox', () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'inbox-'));
	let opened = 0;
	inboxContract(() => new SqliteInbox(path.join(folder, `inbox-${++opened}.sqlite`)));

	it('what one process appends, another (a restarted n8n) claims', async () => {
		const file = path.join(folder, 'shared.sqlite');
		await new SqliteInbox(file).append('wf', appended('a'), 1_000, WINDOW, true);
		expect((await new SqliteInbox(file).claim('wf', 'after-restart', 10, 2_000, 62_000, gone())).map((stored) => stored.event.messageId)).toEqual(['a']);
	});
});

describeWithRedis('Redis inbox (queue mode)', () => {
	const redis = redisForTests();
	inboxContract(() => new RedisInbox(redis.connect(), `127.0.0.1:${redis.server.port}`));
});

describe('InboxDrain', () => {
	const until = async (check: () => boolean) => {
		for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
		expect(check()).toBe(true);
	};

	it('starts one execution per batch of at most maxEvents, in order, and removes each batch once its execution has ended', async () => {
		const inbox = new MemoryInbox();
		await inbox.append('wf', appended('a', 'b', 'c', 'd', 'e'), Date.now(), WINDOW, true);
		const batches: string[][] = [];
		const drain = new InboxDrain(inbox, 'wf', async (events) => void batches.push(events.map((stored) => stored.event.messageId!)), { maxEvents: 2, maxWaitMs: 0, inFlight: 1, owner: 'drain' });
		drain.start();
		await until(() => batches.flat().length === 5);
		await drain.stop();
		expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
		await until(() => true);
		expect(await inbox.size('wf')).toBe(0);
	});

	it('waits up to maxWaitMs for a batch to fill', async () => {
		const inbox = new MemoryInbox();
		const batches: number[] = [];
		const drain = new InboxDrain(inbox, 'wf', async (events) => void batches.push(events.length), { maxEvents: 100, maxWaitMs: 300, inFlight: 1, owner: 'drain' });
		drain.start();
		await inbox.append('wf', appended('a'), Date.now(), WINDOW, true);
		drain.nudge();
		await new Promise((resolve) => setTimeout(resolve, 100));
		await inbox.append('wf', appended('b', 'c'), Date.now(), WINDOW, true);
		drain.nudge();
		await until(() => batches.length === 1);
		await drain.stop();
		expect(batches).toEqual([3]);
	});

	it('an execution that cannot start gives its events back; they go out with the next one', async () => {
		const inbox = new MemoryInbox();
		await inbox.append('wf', appended('a'), Date.now(), WINDOW, true);
		let attempts = 0;
		const delivered: InboxEvent[][] = [];
		const drain = new InboxDrain(
			inbox,
			'wf',
			async (events) => {
				if (++attempts === 1) throw new Error('SQLITE_BUSY: database is locked');
				delivered.push(events);
			},
			{ maxEvents: 10, maxWaitMs: 0, inFlight: 1, owner: 'drain' },
		);
		drain.start();
		await until(() => delivered.length === 1);
		await drain.stop();
		expect(attempts).toBe(2);
		expect(delivered[0].map((stored) => stored.event.messageId)).toEqual(['a']);
	});

	it('never runs more than inFlight executions at once', async () => {
		const inbox = new MemoryInbox();
		await inbox.append('wf', appended(...Array.from({ length: 20 }, (_, i) => `m${i}`)), Date.now(), WINDOW, true);
		let running = 0;
		let most = 0;
		let done = 0;
		const drain = new InboxDrain(
			inbox,
			'wf',
			async () => {
				most = Math.max(most, ++running);
				await new Promise((resolve) => setTimeout(resolve, 20));
				running--;
				done++;
			},
			{ maxEvents: 1, maxWaitMs: 0, inFlight: 3, owner: 'drain' },
		);
		drain.start();
		await until(() => done === 20);
		await drain.stop();
		expect(most).toBe(3);
	});
});
