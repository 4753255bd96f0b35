import type { RxStorage } from 'rxdb';
import { getRxStorageSqlite } from '../../storage';

/** The desktop storage: one SQLite file per database in the data folder, synchronous=FULL. */
export function createStorage(directory: string): RxStorage<unknown, unknown> {
  return getRxStorageSqlite({ directory }) as RxStorage<unknown, unknown>;
}
