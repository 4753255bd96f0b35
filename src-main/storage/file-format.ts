/**
 * What makes a SQLite file one of ours, and the tables every file has: a key/value meta table and the
 * schema-version registry that maps each (collection, schema version) to its document table. Keeping one
 * table per schema version is what lets RxDB's migration write version N+1 next to version N and then
 * drop N, all inside one file.
 */
import type Database from 'better-sqlite3';
import { RXDB_VERSION } from 'rxdb';
import { SqliteStorageError } from './errors';

/** 'CDk1' — marks the file as a Creditdesk RxDB storage (PRAGMA application_id). */
export const APPLICATION_ID = 0x43446b31;
/** Layout of the meta and registry tables. Raise it, with an upgrade step here, when they change. */
export const FORMAT_VERSION = 1;

export const META_TABLE = 'rxs_meta';
export const REGISTRY_TABLE = 'rxs_collections';

export interface RegistryRow {
  collection: string;
  schema_version: number;
  table_id: number;
  layout: string;
}

/** Must run inside a write transaction that holds the file's lock. */
export function ensureFileFormat(db: Database.Database, file: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare(`SELECT count(*) FROM sqlite_schema`).pluck().get() as number;

  if (appId === 0 && userVersion === 0 && tables === 0) {
    db.exec(`
      CREATE TABLE ${META_TABLE} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE ${REGISTRY_TABLE} (
        collection TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        table_id INTEGER NOT NULL UNIQUE,
        layout TEXT NOT NULL,
        schema_json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (collection, schema_version)
      );
    `);
    const put = db.prepare(`INSERT INTO ${META_TABLE} (key, value) VALUES (?, ?)`);
    put.run('created_at', String(Date.now()));
    put.run('created_with_rxdb', RXDB_VERSION);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${FORMAT_VERSION}`);
    return;
  }
  if (appId !== APPLICATION_ID) {
    throw new SqliteStorageError(
      'NOT_A_STORAGE_FILE',
      `${file} is a SQLite file but not a Creditdesk database (application_id ${appId}). Nothing was changed. ` +
        'Move it out of the data folder or choose another folder.',
      { path: file },
    );
  }
  if (userVersion > FORMAT_VERSION) {
    throw new SqliteStorageError(
      'NEWER_FORMAT',
      `${file} was written by a newer version of Creditdesk (storage format ${userVersion}, this build reads up to ` +
        `${FORMAT_VERSION}). Nothing was changed. Update Creditdesk to open it.`,
      { path: file },
    );
  }
}
