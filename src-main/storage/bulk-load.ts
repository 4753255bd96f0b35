/**
 * A bulk load into a collection that holds little so far (a new machine's bootstrap): its secondary
 * indexes are dropped for the load and built at its end, because one sort per index is far cheaper
 * than a random B-tree insert per document and index, and the page cache and the write-ahead log are
 * raised meanwhile so the primary key's B-tree (kept: it detects existing ids) stays in memory and is
 * copied into the file a few times rather than after every batch.
 *
 * Queries stay correct without the indexes (a scan instead of a range); test/storage/bulk-load.test.ts
 * checks that. A load killed halfway leaves the indexes missing: openCollectionTable creates any missing
 * index, and a resumed load ends by creating them.
 */
import { createIndexes, type CollectionTable } from './collection-table';
import { CACHE_KIB, WAL_AUTOCHECKPOINT_PAGES } from './connection';

/** Page cache (KiB) while a bulk load runs. */
const LOAD_CACHE_KIB = 256 * 1024;
/**
 * Write-ahead log size (pages, 256 MiB) before SQLite copies it into the file, while a load runs.
 * Every batch dirties most of the primary key's B-tree; copied after each batch (SQLite's default
 * of 1,000 pages), the same pages were written to the file and synced fifty times for a million
 * documents.
 */
const LOAD_WAL_PAGES = 65_536;

export interface BulkLoad {
  /** Whether the secondary indexes were dropped for this load. */
  readonly deferred: boolean;
  /** Builds the indexes (if dropped), restores the page cache and the log size. Idempotent. */
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
  if (table.conn.bulkLoads++ === 0) {
    db.pragma(`cache_size = -${LOAD_CACHE_KIB}`);
    db.pragma(`wal_autocheckpoint = ${LOAD_WAL_PAGES}`);
  }
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
        if (--table.conn.bulkLoads === 0) {
          db.pragma(`cache_size = -${CACHE_KIB}`);
          db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
          // Gives the disk back: the log grew up to LOAD_WAL_PAGES and would keep that size.
          db.pragma('wal_checkpoint(TRUNCATE)');
        }
      }
    },
  };
}
