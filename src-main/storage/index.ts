/**
 * Durable RxDB storage on SQLite (better-sqlite3) for the Electron main process.
 *
 *   const db = await createRxDatabase({
 *     name: 'creditdesk',
 *     storage: getRxStorageSqlite({ directory: join(app.getPath('userData'), 'db') }),
 *     multiInstance: false,
 *   });
 */
export { getRxStorageSqlite, type RxStorageSqlite } from './storage';
export type { SqliteStorageOptions, SynchronousMode } from './options';
export { RxStorageInstanceSqlite, type SqliteStorageInternals, type SqliteInstanceOptions } from './instance';
export { SqliteStorageError, type SqliteStorageErrorCode } from './errors';
