/**
 * bulkInsert: the write path for documents the caller expects to be new (a bootstrap loading a snapshot).
 * It skips RxDB's categorisation, which reads every id back and builds rows and events it then throws
 * away, and stores the caller's JSON text when it has it (the snapshot line, spliced) instead of
 * serialising each document again. The result is the one bulkWrite gives for the same rows without
 * `previous`: the same stored rows and index keys, the same INSERT events and checkpoint, and a 409
 * carrying the stored document for any id that turns out to exist already (tombstones included).
 */
import { randomUUID } from 'node:crypto';
import type { WriteOutcome } from './bulk-write';
import { statement, type CollectionTable } from './collection-table';
import { pkKey, selectJsonByIds } from './find-by-id';
import type { ChangeBulk, StoredDoc as Doc, WriteError } from './rxdb-types';

export interface NewDocument {
  document: Doc;
  /**
   * The document's JSON text, exactly as JSON.stringify(document) would write it, when the caller has
   * it; the storage then stores it as is.
   */
  json?: string;
}

// Event bulk ids: unique in this process, like RxDB's own counter-based ones.
const BULK_ID_PREFIX = `bulk-insert-${randomUUID().slice(0, 8)}-`;
let bulkCounter = 0;

export function applyBulkInsert(
  table: CollectionTable,
  docs: readonly NewDocument[],
  context: string,
): WriteOutcome {
  const { primaryPath } = table;
  const n = table.indexes.length;
  const cols = table.indexes.map((c) => `, ${c.column}`).join('');
  // DO NOTHING rather than an abort: one existing id must not undo the others, it gets its 409.
  const insert = statement(
    table,
    'insert-new',
    () =>
      `INSERT INTO ${table.docs} (pk, deleted, lwt, data${cols}) VALUES (?, ?, ?, ?${', ?'.repeat(n)}) ` +
      'ON CONFLICT (pk) DO NOTHING',
  );
  const rowKeys = table.rowKeys;
  const params = new Array<unknown>(n + 4);

  return table.conn.db.transaction((): WriteOutcome => {
    const events: ChangeBulk['events'] = [];
    const existing: NewDocument[] = [];
    let newest: Doc | undefined;
    for (const row of docs) {
      const doc = row.document;
      const id = doc[primaryPath] as string;
      params[0] = pkKey(id);
      params[1] = doc._deleted ? 1 : 0;
      params[2] = doc._meta.lwt;
      params[3] = row.json ?? JSON.stringify(doc);
      rowKeys.write(doc, params, 4);
      if (insert.run(params).changes === 0) {
        existing.push(row);
        continue;
      }
      newest = doc;
      // RxDB lists no event for a document inserted already deleted.
      if (!doc._deleted)
        events.push({
          documentId: id,
          operation: 'INSERT',
          documentData: doc,
          previousDocumentData: undefined,
        });
    }
    const errors = existing.length > 0 ? conflicts(table, existing, context) : [];
    const bulk: ChangeBulk | undefined =
      events.length > 0 && newest
        ? {
            id: `${BULK_ID_PREFIX}${++bulkCounter}`,
            events,
            checkpoint: { id: newest[primaryPath] as string, lwt: newest._meta.lwt },
            context,
          }
        : undefined;
    return { errors, bulk };
  })();
}

/** The 409 bulkWrite gives an insert (a row without `previous`) of an id that is stored. */
function conflicts(table: CollectionTable, rows: readonly NewDocument[], context: string): WriteError[] {
  const { primaryPath } = table;
  const stored = new Map<string, Doc>();
  for (const json of selectJsonByIds(
    table,
    rows.map((r) => r.document[primaryPath] as string),
    true,
  )) {
    const doc = JSON.parse(json) as Doc;
    stored.set(doc[primaryPath] as string, doc);
  }
  return rows.map((row): WriteError => ({
    isError: true,
    status: 409,
    documentId: row.document[primaryPath] as string,
    writeRow: { document: row.document },
    documentInDb: stored.get(row.document[primaryPath] as string)!,
    context,
  }));
}
