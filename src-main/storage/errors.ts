import { errorMessage } from '../../src-shared/error-text';
/**
 * Errors of the SQLite storage. Every message names the file or folder involved and says what the
 * user or caller can do next, because these surface in the app's error envelope and in logs read by
 * people who cannot see the SQLite result code.
 */

export type SqliteStorageErrorCode =
  | 'BAD_OPTIONS'
  | 'BAD_DATABASE_NAME'
  | 'FOLDER_UNUSABLE'
  | 'READ_ONLY'
  | 'DISK_FULL'
  | 'CORRUPT'
  | 'NOT_A_STORAGE_FILE'
  | 'NEWER_FORMAT'
  | 'LOCKED_BY_OTHER_PROCESS'
  | 'SCHEMA_CONFLICT'
  | 'UNKNOWN_INDEX'
  | 'ATTACHMENT_NOT_FOUND'
  | 'CLOSED'
  | 'REMOVED'
  | 'IO';

export class SqliteStorageError extends Error {
  override readonly name = 'SqliteStorageError';
  readonly code: SqliteStorageErrorCode;
  /** The database file or folder the error is about, when there is one. */
  readonly path: string | undefined;

  constructor(
    code: SqliteStorageErrorCode,
    message: string,
    options: { path?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options.path;
  }
}

/** The shape better-sqlite3 gives its errors (SqliteError has a string `code` like 'SQLITE_FULL'). */
function sqliteCode(err: unknown): string | undefined {
  if (
    err &&
    typeof err === 'object' &&
    'code' in err &&
    typeof (err as { code: unknown }).code === 'string'
  ) {
    return (err as { code: string }).code;
  }
  return undefined;
}

/**
 * Turns a failure from SQLite or the file system into a SqliteStorageError with a next step.
 * `doing` is a short phrase such as "writing to" or "opening", used in the message.
 */
export function toStorageError(err: unknown, doing: string, file: string): Error {
  if (err instanceof SqliteStorageError) return err;
  const code = sqliteCode(err) ?? '';
  const why = errorMessage(err);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new SqliteStorageError(
      'DISK_FULL',
      `The disk is full: failed ${doing} ${file} (${why}). Nothing from this operation was saved. ` +
        'Free some disk space, or move the data folder to a disk with room, and try again.',
      { path: file, cause: err },
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new SqliteStorageError(
      'READ_ONLY',
      `Cannot write ${file}: the file or its folder is read-only (${why}). Nothing was changed. ` +
        'Choose a writable data folder, or fix the permissions or the read-only mount, then open it again.',
      { path: file, cause: err },
    );
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new SqliteStorageError(
      'CORRUPT',
      `The database file ${file} is damaged or is not a database (${why}). Nothing was changed. ` +
        'Close the app, move the file (and any -wal file beside it) out of the folder, then restore it from a ' +
        'backup or let the app re-sync the ledger from the team server.',
      { path: file, cause: err },
    );
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED') {
    return new SqliteStorageError(
      'LOCKED_BY_OTHER_PROCESS',
      `The database ${file} is in use by another process (a second copy of Creditdesk, or a tool holding it ` +
        'open). Close that process, then open the database again.',
      { path: file, cause: err },
    );
  }
  const fileSystemError = !!err && typeof err === 'object' && 'syscall' in err;
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || fileSystemError) {
    return new SqliteStorageError(
      'IO',
      `Could not access ${file} while ${doing} it (${why}). Check that the folder exists, is writable and ` +
        'is on a mounted disk, then try again.',
      { path: file, cause: err },
    );
  }
  return err instanceof Error ? err : new Error(why);
}
