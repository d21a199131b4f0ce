/**
 * The ledger of a single n8n instance: one SQLite file in n8n's storage folder for this node
 * (`~/.n8n/storage/<node type>/`), opened the way every store of the package opens one
 * (`nodes/store/sqlite.ts`: WAL, survives the process being killed, shared by processes).
 */
import { type Database, openDatabase, type Statement, transaction } from '../../store/sqlite';
import type { DropHeader, LeaseResult, LedgerBackend, LedgerRecord, LedgerState } from './backend';

const SCHEMA = `
	CREATE TABLE IF NOT EXISTS drops (
		drop_id TEXT PRIMARY KEY,
		created_at INTEGER,
		updated_at INTEGER,
		completed_at INTEGER,
		runs INTEGER NOT NULL DEFAULT 0,
		lease_owner TEXT,
		lease_until INTEGER
	);
	CREATE TABLE IF NOT EXISTS recipients (
		drop_id TEXT NOT NULL,
		ref TEXT NOT NULL,
		state TEXT NOT NULL,
		content TEXT NOT NULL,
		message_id TEXT,
		batch_id TEXT,
		reason TEXT,
		at INTEGER NOT NULL,
		PRIMARY KEY (drop_id, ref)
	) WITHOUT ROWID;
	CREATE INDEX IF NOT EXISTS drops_updated ON drops (updated_at);
`;

export class SqliteLedger implements LedgerBackend {
	readonly description: string;
	private readonly db: Database;
	private readonly statements: Record<'lease' | 'takeOver' | 'release' | 'header' | 'records' | 'writeHeader' | 'writeRecord' | 'forgetRecords' | 'forgetHeader', Statement>;

	constructor(readonly file: string) {
		this.db = openDatabase(file, SCHEMA);
		this.description = `the SQLite file ${file}`;
		this.statements = {
			// Insert the drop row if missing, then take the lease only when it is free, expired or ours.
			lease: this.db.prepare(
				`INSERT INTO drops (drop_id, lease_owner, lease_until) VALUES (?1, ?2, ?3)
				 ON CONFLICT (drop_id) DO UPDATE SET lease_owner = ?2, lease_until = ?3
				 WHERE drops.lease_owner IS NULL OR drops.lease_owner = ?2 OR drops.lease_until <= ?4`,
			),
			takeOver: this.db.prepare('UPDATE drops SET lease_owner = ?, lease_until = ? WHERE drop_id = ? AND lease_owner = ?'),
			release: this.db.prepare('UPDATE drops SET lease_owner = NULL, lease_until = NULL WHERE drop_id = ? AND lease_owner = ?'),
			header: this.db.prepare('SELECT created_at, updated_at, completed_at, runs, lease_owner, lease_until FROM drops WHERE drop_id = ?'),
			records: this.db.prepare('SELECT ref, state, content, message_id, batch_id, reason, at FROM recipients WHERE drop_id = ?'),
			writeHeader: this.db.prepare(
				`INSERT INTO drops (drop_id, created_at, updated_at, completed_at, runs) VALUES (?1, ?2, ?3, ?4, ?5)
				 ON CONFLICT (drop_id) DO UPDATE SET created_at = ?2, updated_at = ?3, completed_at = ?4, runs = ?5`,
			),
			writeRecord: this.db.prepare(
				`INSERT INTO recipients (drop_id, ref, state, content, message_id, batch_id, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				 ON CONFLICT (drop_id, ref) DO UPDATE SET state = excluded.state, content = excluded.content, message_id = excluded.message_id,
				 batch_id = excluded.batch_id, reason = excluded.reason, at = excluded.at`,
			),
			forgetRecords: this.db.prepare('DELETE FROM recipients WHERE drop_id = ?'),
			forgetHeader: this.db.prepare('UPDATE drops SET created_at = NULL, updated_at = NULL, completed_at = NULL, runs = 0 WHERE drop_id = ?'),
		};
	}

	async lease(dropId: string, owner: string, untilMs: number, nowMs: number): Promise<LeaseResult> {
		return this.transaction(() => {
			if (Number(this.statements.lease.run(dropId, owner, untilMs, nowMs).changes) > 0) return { ok: true };
			const held = this.statements.header.get(dropId);
			return { ok: false, expiresAt: Number(held?.lease_until ?? nowMs), holder: String(held?.lease_owner ?? '') };
		});
	}

	async takeOver(dropId: string, from: string, owner: string, untilMs: number): Promise<boolean> {
		return Number(this.statements.takeOver.run(owner, untilMs, dropId, from).changes) > 0;
	}

	async release(dropId: string, owner: string): Promise<void> {
		this.statements.release.run(dropId, owner);
	}

	async header(dropId: string): Promise<DropHeader | undefined> {
		const row = this.statements.header.get(dropId);
		if (!row || row.created_at === null) return undefined;
		return { createdAt: Number(row.created_at), updatedAt: Number(row.updated_at), completedAt: row.completed_at === null ? null : Number(row.completed_at), runs: Number(row.runs) };
	}

	async records(dropId: string): Promise<LedgerRecord[]> {
		return this.statements.records.all(dropId).map((row) => ({
			ref: String(row.ref),
			state: row.state as LedgerState,
			content: String(row.content),
			messageId: row.message_id === null ? null : String(row.message_id),
			batchId: row.batch_id === null ? null : String(row.batch_id),
			reason: row.reason === null ? null : String(row.reason),
			at: Number(row.at),
		}));
	}

	async write(dropId: string, header: DropHeader, records: LedgerRecord[]): Promise<void> {
		this.transaction(() => {
			this.statements.writeHeader.run(dropId, header.createdAt, header.updatedAt, header.completedAt, header.runs);
			for (const record of records) {
				this.statements.writeRecord.run(dropId, record.ref, record.state, record.content, record.messageId, record.batchId, record.reason, record.at);
			}
		});
	}

	async forget(dropId: string): Promise<void> {
		this.transaction(() => {
			this.statements.forgetRecords.run(dropId);
			this.statements.forgetHeader.run(dropId);
		});
	}

	async prune(beforeMs: number): Promise<number> {
		return this.transaction(() => {
			this.db.prepare('DELETE FROM recipients WHERE drop_id IN (SELECT drop_id FROM drops WHERE updated_at < ? AND lease_owner IS NULL)').run(beforeMs);
			return Number(this.db.prepare('DELETE FROM drops WHERE updated_at < ? AND lease_owner IS NULL').run(beforeMs).changes);
		});
	}

	close(): void {
		this.db.close();
	}

	private transaction<T>(work: () => T): T {
		return transaction(this.db, work);
	}
}
