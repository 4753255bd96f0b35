/**
 * Look-ups by primary key. better-sqlite3 binds at most 32,766 parameters per statement, so id lists are
 * cut into chunks; chunk sizes are rounded up to a power of two (the last id repeated as filler) so a
 * handful of prepared statements serve every list length.
 */
import { statement, type CollectionTable } from './collection-table';

export const MAX_IN_CHUNK = 1024;

/**
 * The stored form of a primary key. Well-formed strings are stored as TEXT. A string with a lone
 * surrogate would be turned into U+FFFD on its way to UTF-8, merging distinct ids, so such ids are stored
 * as a BLOB of their UTF-16 units instead; SQLite never considers a TEXT and a BLOB equal, so the two
 * forms cannot collide.
 */
export function pkKey(id: string): string | Buffer {
  return (id as unknown as { isWellFormed(): boolean }).isWellFormed() ? id : Buffer.from(id, 'utf16le');
}

function bucket(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return Math.min(size, MAX_IN_CHUNK);
}

/** Stored JSON of the given ids (tombstones too when withDeleted), in no particular order. */
export function selectJsonByIds(
  table: CollectionTable,
  ids: readonly string[],
  withDeleted: boolean,
): string[] {
  const out: string[] = [];
  for (let start = 0; start < ids.length; start += MAX_IN_CHUNK) {
    const chunk = ids.slice(start, start + MAX_IN_CHUNK);
    const size = bucket(chunk.length);
    const params = new Array<string | Buffer>(size);
    for (let i = 0; i < size; i++) params[i] = pkKey(chunk[Math.min(i, chunk.length - 1)]!);
    const st = statement(
      table,
      `byId:${size}:${withDeleted}`,
      () =>
        `SELECT data FROM ${table.docs} WHERE pk IN (${new Array(size).fill('?').join(',')})` +
        (withDeleted ? '' : ' AND deleted = 0'),
    ).pluck();
    for (const json of st.all(...params) as string[]) out.push(json);
  }
  return out;
}
