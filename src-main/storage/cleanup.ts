/**
 * Purges tombstones (deleted documents) older than the caller's minimum age. Work is done in bounded
 * batches so a large purge never holds the write lock long; RxDB calls cleanup() again while it
 * returns false.
 */
import { now } from 'rxdb';
import { statement, type CollectionTable } from './collection-table';

export const CLEANUP_BATCH = 5000;

export function purgeTombstones(table: CollectionTable, minimumDeletedTime: number): boolean {
  const olderThan = now() - minimumDeletedTime;
  const db = table.conn.db;
  return db.transaction((): boolean => {
    const pks = statement(
      table,
      'cleanup:pick',
      () =>
        `SELECT pk FROM ${table.docs} WHERE deleted = 1 AND lwt <= ? ORDER BY lwt LIMIT ${CLEANUP_BATCH + 1}`,
    )
      .pluck()
      .all(olderThan) as Buffer[];
    const batch = pks.slice(0, CLEANUP_BATCH);
    const delDoc = statement(table, 'cleanup:doc', () => `DELETE FROM ${table.docs} WHERE pk = ?`);
    const delAtts = table.atts
      ? statement(table, 'cleanup:atts', () => `DELETE FROM ${table.atts} WHERE pk = ?`)
      : undefined;
    for (const pk of batch) {
      delDoc.run(pk);
      delAtts?.run(pk);
    }
    return pks.length <= CLEANUP_BATCH;
  })();
}
