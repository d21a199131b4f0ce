/** The inbox of a single n8n instance: a SQLite file in n8n's storage folder for the trigger (see `nodes/store`). */
import { type Database, openDatabase, transaction } from '../../store/sqlite';
import type { AppendedEvent, InboxBackend, InboxEvent } from './backend';

const SCHEMA = `
	CREATE TABLE IF NOT EXISTS inbox (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		scope TEXT NOT NULL,
		event TEXT NOT NULL,
		received_at INTEGER NOT NULL,
		owner TEXT,
		claimed_until INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX IF NOT EXISTS inbox_scope ON inbox (scope, seq);
	-- The live claims' owners are read on every claim: without it, each read scans the whole backlog.
	CREATE INDEX IF NOT EXISTS inbox_owner ON inbox (scope, owner);
	CREATE TABLE IF NOT EXISTS event_keys (
		scope TEXT NOT NULL,
		key TEXT NOT NULL,
		seen_at INTEGER NOT NULL,
		PRIMARY KEY (scope, key)
	) WITHOUT ROWID;
	CREATE INDEX IF NOT EXISTS event_keys_seen ON event_keys (seen_at);
`;

export class SqliteInbox implements InboxBackend {
	readonly description: string;
	private readonly db: Database;
	private readonly statements;

	constructor(readonly file: string) {
		this.db = openDatabase(file, SCHEMA);
		this.description = `the SQLite file ${file}`;
		this.statements = {
			seenAt: this.db.prepare('SELECT seen_at FROM event_keys WHERE scope = ? AND key = ?'),
			see: this.db.prepare('INSERT INTO event_keys (scope, key, seen_at) VALUES (?1, ?2, ?3) ON CONFLICT (scope, key) DO UPDATE SET seen_at = ?3'),
			insert: this.db.prepare('INSERT INTO inbox (scope, event, received_at) VALUES (?, ?, ?)'),
			owners: this.db.prepare('SELECT DISTINCT owner FROM inbox WHERE scope = ? AND owner IS NOT NULL AND claimed_until > ?'),
			remove: this.db.prepare('DELETE FROM inbox WHERE scope = ? AND seq = ?'),
			release: this.db.prepare('UPDATE inbox SET owner = NULL, claimed_until = 0 WHERE scope = ? AND seq = ?'),
			renew: this.db.prepare('UPDATE inbox SET claimed_until = ? WHERE scope = ? AND seq = ? AND owner = ?'),
			claimOne: this.db.prepare('UPDATE inbox SET owner = ?, claimed_until = ? WHERE seq = ?'),
			size: this.db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE scope = ?'),
			prune: this.db.prepare('DELETE FROM event_keys WHERE seen_at < ?'),
		};
	}

	async append(scope: string, events: AppendedEvent[], nowMs: number, windowMs: number, keepDuplicates: boolean) {
		return transaction(this.db, () =>
			events.map(({ key, event }) => {
				const seenAt = key === null ? undefined : this.statements.seenAt.get(scope, key)?.seen_at;
				const duplicate = seenAt !== undefined && nowMs - Number(seenAt) <= windowMs;
				if (key !== null) this.statements.see.run(scope, key, nowMs);
				const kept = !duplicate || keepDuplicates;
				if (kept) this.statements.insert.run(scope, JSON.stringify({ ...event, duplicate }), nowMs);
				return { duplicate, kept };
			}),
		);
	}

	async claim(scope: string, owner: string, limit: number, nowMs: number, untilMs: number, ownerIsGone: (owner: string) => boolean): Promise<InboxEvent[]> {
		return transaction(this.db, () => {
			// Claims of drains whose process is gone are free again (a restart of n8n on this machine).
			const gone = this.statements.owners
				.all(scope, nowMs)
				.map((row) => String(row.owner))
				.filter((holder) => holder !== owner && ownerIsGone(holder));
			const marks = gone.map(() => '?').join(', ');
			const rows = this.db
				.prepare(`SELECT seq, event, received_at FROM inbox WHERE scope = ? AND (owner IS NULL OR claimed_until <= ?${gone.length ? ` OR owner IN (${marks})` : ''}) ORDER BY seq LIMIT ?`)
				.all(scope, nowMs, ...gone, limit);
			for (const row of rows) this.statements.claimOne.run(owner, untilMs, row.seq);
			return rows.map((row) => ({ seq: Number(row.seq), event: JSON.parse(String(row.event)), receivedAt: Number(row.received_at) }));
		});
	}

	async renew(scope: string, owner: string, seqs: number[], untilMs: number): Promise<void> {
		transaction(this.db, () => {
			for (const seq of seqs) this.statements.renew.run(untilMs, scope, seq, owner);
		});
	}

	async remove(scope: string, seqs: number[]): Promise<void> {
		transaction(this.db, () => {
			for (const seq of seqs) this.statements.remove.run(scope, seq);
		});
	}

	async release(scope: string, seqs: number[]): Promise<void> {
		transaction(this.db, () => {
			for (const seq of seqs) this.statements.release.run(scope, seq);
		});
	}

	async size(scope: string): Promise<number> {
		return Number(this.statements.size.get(scope)?.n ?? 0);
	}

	async prune(beforeMs: number): Promise<void> {
		this.statements.prune.run(beforeMs);
	}
}
