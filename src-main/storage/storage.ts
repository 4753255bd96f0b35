/**
 * The RxStorage factory: one file per RxDatabase in the caller's folder, one table per collection and
 * schema version in that file.
 */
import type { RxStorage, RxStorageInstanceCreationParams } from 'rxdb';
import { RXDB_VERSION, ensureRxStorageInstanceParamsAreCorrect } from 'rxdb';
import { openCollectionTable } from './collection-table';
import { acquireConnection, releaseConnection } from './connection';
import { toStorageError } from './errors';
import { RxStorageInstanceSqlite, type SqliteInstanceOptions, type SqliteStorageInternals } from './instance';
import { resolveOptions, type ResolvedOptions, type SqliteStorageOptions } from './options';
import { asAnySchema, forEveryDocType } from './rxdb-types';

export type RxStorageSqlite = RxStorage<SqliteStorageInternals, SqliteInstanceOptions> & {
  /** The absolute folder the database files are in. */
  readonly directory: string;
};

function createInstance(
  options: ResolvedOptions,
  params: RxStorageInstanceCreationParams<unknown, SqliteInstanceOptions>,
): RxStorageInstanceSqlite<unknown> {
  ensureRxStorageInstanceParamsAreCorrect(params);
  const conn = acquireConnection(options, params.databaseName);
  try {
    const table = openCollectionTable(conn, params.collectionName, asAnySchema(params.schema));
    return new RxStorageInstanceSqlite(
      params.databaseName,
      params.collectionName,
      params.schema,
      params.options ?? {},
      table,
    );
  } catch (err) {
    releaseConnection(conn);
    throw toStorageError(err, 'opening a collection in', conn.file);
  }
}

export function getRxStorageSqlite(options: SqliteStorageOptions): RxStorageSqlite {
  const resolved = resolveOptions(options);
  const createStorageInstance = (params: RxStorageInstanceCreationParams<unknown, SqliteInstanceOptions>) => {
    try {
      return Promise.resolve(createInstance(resolved, params));
    } catch (err) {
      return Promise.reject(err);
    }
  };
  return {
    name: 'creditdesk-sqlite',
    rxdbVersion: RXDB_VERSION,
    directory: resolved.directory,
    createStorageInstance: forEveryDocType(createStorageInstance),
  };
}
