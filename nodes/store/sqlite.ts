/**
 * One SQLite file through Node's built-in `node:sqlite` (Node ≥ 22.5; n8n 2.x runs on 24): WAL
 * journal with `synchronous=NORMAL`, so a committed write survives the n8n process being killed
 * (it is in the operating system's cache), which is the failure this package's stores must
 * survive; only a power loss of the machine may roll back the last commits. Several n8n processes
 * on one machine share a file safely (SQLite's own locking, a busy timeout for the writer lock).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** The part of node:sqlite used here (@types/node 20 has no types for it). */
export interface Statement {
	run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
	get(...params: unknown[]): Record<string, unknown> | undefined;
	all(...params: unknown[]): Array<Record<string, unknown>>;
}

export interface Database {
	exec(sql: string): void;
	prepare(sql: string): Statement;
	close(): void;
}

function loadSqlite(): { DatabaseSync: new (file: string) => Database } {
	// Required lazily: on Node 20 (n8n 1.x) the module does not exist and the package must still load.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require('node:sqlite');
}

/** Whether this Node.js has node:sqlite (22.5 and later). */
export function sqliteAvailable(): boolean {
	try {
		loadSqlite();
		return true;
	} catch {
		return false;
	}
}

export function openDatabase(file: string, schema: string): Database {
	mkdirSync(path.dirname(file), { recursive: true });
	const { DatabaseSync } = loadSqlite();
	const db = new DatabaseSync(file);
	db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
	db.exec(schema);
	return db;
}

/** BEGIN IMMEDIATE takes the writer lock up front, so two processes never interleave a read-then-write. */
export function transaction<T>(db: Database, work: () => T): T {
	db.exec('BEGIN IMMEDIATE');
	try {
		const result = work();
		db.exec('COMMIT');
		return result;
	} catch (error) {
		db.exec('ROLLBACK');
		throw error;
	}
}
