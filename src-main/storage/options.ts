import { isAbsolute, join, resolve } from 'node:path';
import { SqliteStorageError } from './errors';

export type SynchronousMode = 'FULL' | 'NORMAL';

export interface SqliteStorageOptions {
  /** Folder that holds one `<databaseName>.sqlite` file per RxDB database. Created when missing. */
  directory: string;
  /**
   * FULL (default): a resolved write has been fsynced, so it survives power loss.
   * NORMAL: WAL commits are not fsynced; survives a crashed process but may lose the last writes on power loss.
   */
  synchronous?: SynchronousMode;
}

export interface ResolvedOptions {
  directory: string;
  synchronous: SynchronousMode;
}

export function resolveOptions(options: unknown): ResolvedOptions {
  if (!options || typeof options !== 'object') {
    throw new SqliteStorageError(
      'BAD_OPTIONS',
      'getRxStorageSqlite needs an options object, e.g. getRxStorageSqlite({ directory: "/path/to/data" }).',
    );
  }
  const { directory, synchronous } = options as Record<string, unknown>;
  if (typeof directory !== 'string' || directory.trim() === '') {
    throw new SqliteStorageError(
      'BAD_OPTIONS',
      `getRxStorageSqlite: "directory" must be a non-empty folder path (got ${JSON.stringify(directory)}). ` +
        "Pass the folder that should hold the database files, e.g. app.getPath('userData') + '/db'.",
    );
  }
  if (synchronous !== undefined && synchronous !== 'FULL' && synchronous !== 'NORMAL') {
    throw new SqliteStorageError(
      'BAD_OPTIONS',
      `getRxStorageSqlite: "synchronous" must be 'FULL' or 'NORMAL' (got ${JSON.stringify(synchronous)}). ` +
        "Leave it out for 'FULL', which makes every resolved write durable.",
    );
  }
  return {
    directory: isAbsolute(directory) ? directory : resolve(directory),
    synchronous: synchronous ?? 'FULL',
  };
}

/**
 * Maps an RxDB database name to a file name. Names are kept readable when they are plain; anything that
 * could escape the folder or is not portable across file systems is percent-encoded, so two different
 * names never share a file.
 */
export function databaseFileName(databaseName: string): string {
  if (typeof databaseName !== 'string' || databaseName.length === 0) {
    throw new SqliteStorageError(
      'BAD_DATABASE_NAME',
      `RxDB database name must be a non-empty string (got ${JSON.stringify(databaseName)}); pass a name to createRxDatabase().`,
    );
  }
  let out = '';
  for (const ch of databaseName) {
    if (/^[A-Za-z0-9_-]$/.test(ch)) out += ch;
    else
      for (const byte of Buffer.from(ch, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (out.length > 200) {
    throw new SqliteStorageError(
      'BAD_DATABASE_NAME',
      `RxDB database name "${databaseName.slice(0, 40)}…" is too long to be a file name; use a name under 200 plain characters.`,
    );
  }
  return `${out}.sqlite`;
}

export function databaseFilePath(options: ResolvedOptions, databaseName: string): string {
  return join(options.directory, databaseFileName(databaseName));
}
