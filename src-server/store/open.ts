import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../options';
import { PostgresStore } from './postgres';
import { SqliteStore } from './sqlite';
import type { Store } from './types';

export interface OpenStoreOptions {
  data?: string;
  databaseUrl?: string;
}

/** PostgreSQL when a database URL is given, otherwise the embedded SQLite file. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new Error('--database-url must start with postgres:// or postgresql://');
    }
    return PostgresStore.open({ connectionString: options.databaseUrl });
  }
  return new SqliteStore(resolve(options.data ?? DEFAULT_DATA_DIR));
}
