/**
 * A bulk load into a collection that holds little so far (a new machine's bootstrap): its secondary
 * indexes are dropped for the load and built at its end, because one sort per index is far cheaper
 * than a random B-tree insert per document and index, and the page cache is raised meanwhile so the
 * primary key's B-tree (kept: it detects existing ids) stays in memory.
 *
 * Queries stay correct without the indexes (a scan instead of a range); test/storage/bulk-load.test.ts
 * checks that. A load killed halfway leaves the indexes missing: openCollectionTable creates any missing
 * index, and a resumed load ends by creating them.
 */
import { createIndexes, type CollectionTable } from './collection-table';
import { CACHE_KIB } from './connection';

/** Page cache (KiB) while a bulk load runs. */
const LOAD_CACHE_KIB = 256 * 1024;

export interface BulkLoad {
  /** Whether the secondary indexes were dropped for this load. */
  readonly deferred: boolean;
  /** Builds the indexes (if dropped) and restores the page cache. Idempotent. */
  finish(): void;
}

function storedRows(table: CollectionTable): number {
  return table.conn.db.prepare(`SELECT count(*) FROM ${table.docs}`).pluck().get() as number;
}

/**
 * Starts a load of about `incoming` documents. The indexes are deferred only while the table holds
 * fewer documents than are coming (an empty machine, or one resuming its own killed load), so a
 * machine with a ledger of its own keeps fast queries during a catch-up. The indexes in `keep`
 * (their fields, as RxDB lists them) stay: the ones the app reads while the load runs.
 */
export function beginBulkLoad(
  table: CollectionTable,
  incoming: number,
  keep: readonly (readonly string[])[] = [],
): BulkLoad {
  const db = table.conn.db;
  const deferred = incoming > 0 && storedRows(table) < incoming;
  const kept = new Set(keep.map((fields) => fields.join(',')));
  if (table.conn.bulkLoads++ === 0) db.pragma(`cache_size = -${LOAD_CACHE_KIB}`);
  if (deferred) {
    db.transaction(() => {
      for (const column of table.indexes)
        if (!kept.has(column.key)) db.exec(`DROP INDEX IF EXISTS ${table.docs}_${column.column}`);
    })();
  }
  let finished = false;
  return {
    deferred,
    finish() {
      if (finished || !db.open) return;
      finished = true;
      try {
        if (!table.removed) db.transaction(() => createIndexes(db, table.docs, table.indexes.length))();
      } finally {
        if (--table.conn.bulkLoads === 0) db.pragma(`cache_size = -${CACHE_KIB}`);
      }
    },
  };
}
