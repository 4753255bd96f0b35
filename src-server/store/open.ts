import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../options';
import { PostgresTeamDatabase } from './postgres';
import { SqliteTeamDatabase } from './sqlite';
import type { TeamDatabase } from './types';

export interface OpenTeamDatabaseOptions {
  data?: string;
  databaseUrl?: string;
}

/** PostgreSQL when a database URL is given, otherwise the embedded SQLite file. */
export async function openTeamDatabase(options: OpenTeamDatabaseOptions): Promise<TeamDatabase> {
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new Error('--database-url must start with postgres:// or postgresql://');
    }
    return PostgresTeamDatabase.open({ connectionString: options.databaseUrl });
  }
  return new SqliteTeamDatabase(resolve(options.data ?? DEFAULT_DATA_DIR));
}
