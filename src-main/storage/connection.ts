/**
 * One better-sqlite3 connection per database file, shared by every storage instance (collection) in this
 * process that uses the file, and closed when the last of them closes.
 *
 * The file is opened in SQLite's EXCLUSIVE locking mode and the lock is taken at open time: another
 * process that opens it fails at once instead of two writers interleaving. The lock is
 * an OS file lock, so it disappears with the process even on SIGKILL, and a crashed app can reopen its
 * file right away. EXCLUSIVE mode also keeps WAL's index in heap memory rather than a -shm file.
 */
import Database from 'better-sqlite3';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  realpathSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { SqliteStorageError, toStorageError } from './errors';
import { REGISTRY_TABLE, ensureFileFormat } from './file-format';
import { databaseFileName, type ResolvedOptions } from './options';

/** How long a new opener waits for a lock another connection holds before reporting it as in use. */
const LOCK_WAIT_MS = 250;
/** SQLite page cache of a connection, in KiB. */
export const CACHE_KIB = 32 * 1024;
/** Write-ahead log pages before SQLite copies them into the file (SQLite's default). */
export const WAL_AUTOCHECKPOINT_PAGES = 1000;

export interface FileConnection {
  readonly file: string;
  readonly db: Database.Database;
  refs: number;
  /** Per (collection, schema version) state shared by instances of the same collection. */
  readonly collections: Map<string, unknown>;
  /** Bulk loads under way (bulk-load.ts); the page cache is raised while any runs. */
  bulkLoads: number;
}

const openFiles = new Map<string, FileConnection>();

function prepareFolder(directory: string): string {
  if (!existsSync(directory)) {
    try {
      mkdirSync(directory, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw toStorageError(err, 'creating the data folder', directory);
    }
  }
  let isFolder: boolean;
  try {
    isFolder = statSync(directory).isDirectory();
  } catch (err) {
    throw toStorageError(err, 'reading the data folder', directory);
  }
  if (!isFolder) {
    throw new SqliteStorageError(
      'FOLDER_UNUSABLE',
      `${directory} is a file, not a folder. Pass a folder path as "directory" to getRxStorageSqlite.`,
      { path: directory },
    );
  }
  try {
    // access(2) reports EROFS for a read-only mount even to root, and EACCES for missing permissions.
    accessSync(directory, constants.W_OK);
  } catch (err) {
    throw toStorageError(err, 'writing in', directory);
  }
  return realpathSync(directory);
}

/**
 * The ledger is private to its user: the file is created 0600 before SQLite opens it (SQLite gives
 * its -wal and -shm files the database file's mode), and a file an older version left 0644 is
 * tightened. POSIX only; on Windows the profile folder's ACL is what protects it.
 */
function makePrivate(file: string): void {
  if (process.platform === 'win32') return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`])
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
}

/**
 * Every RxDatabase token in this process shares the file's one connection: RxDB itself opens extra
 * instances with fresh tokens while removing databases and collections, and it refuses a second live
 * RxDatabase of the same name on its own (error DB8). Other processes are kept out by the file lock.
 */
export function acquireConnection(options: ResolvedOptions, databaseName: string): FileConnection {
  const folder = prepareFolder(options.directory);
  const file = join(folder, databaseFileName(databaseName));
  const existing = openFiles.get(file);
  if (existing) {
    existing.refs++;
    return existing;
  }
  if (existsSync(file)) {
    try {
      accessSync(file, constants.R_OK | constants.W_OK);
    } catch (err) {
      throw toStorageError(err, 'opening', file);
    }
  }

  let db: Database.Database;
  try {
    makePrivate(file);
    db = new Database(file, { timeout: LOCK_WAIT_MS });
  } catch (err) {
    throw toStorageError(err, 'opening', file);
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      throw new SqliteStorageError(
        'IO',
        `Could not switch ${file} to write-ahead logging (journal mode stayed "${String(mode)}"). ` +
          'The file system may not support it; use a data folder on a local disk.',
        { path: file },
      );
    }
    db.pragma(`synchronous = ${options.synchronous}`);
    db.pragma(`cache_size = -${CACHE_KIB}`);
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma('temp_store = MEMORY');
    db.transaction(() => ensureFileFormat(db, file)).exclusive();
  } catch (err) {
    db.close();
    throw toStorageError(err, 'opening', file);
  }
  const conn: FileConnection = { file, db, refs: 1, collections: new Map(), bulkLoads: 0 };
  openFiles.set(file, conn);
  return conn;
}

/**
 * Drops one reference; the last one closes the file. A file whose collections have all been removed is
 * deleted, which is how RxDB's removeRxDatabase() ends up leaving no file behind.
 */
export function releaseConnection(conn: FileConnection): void {
  conn.refs--;
  if (conn.refs > 0) return;
  openFiles.delete(conn.file);
  let empty = false;
  try {
    empty = (conn.db.prepare(`SELECT count(*) FROM ${REGISTRY_TABLE}`).pluck().get() as number) === 0;
  } catch {
    // A file that cannot be read any more is kept for the user to inspect.
  }
  conn.db.close();
  if (empty) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(conn.file + suffix, { force: true });
  }
}
