/**
 * bulkWrite: RxDB's own categorizeBulkWriteRows decides, against the stored documents, which rows are
 * inserts, updates or 409 conflicts and which change events and attachment operations follow, so the
 * conflict semantics are RxDB's by construction. This file then applies the result in one SQLite
 * transaction: either every accepted row of the call is on disk or none is.
 */
import { statement, type CollectionTable } from './collection-table';
import { pkKey, selectJsonByIds } from './find-by-id';
import {
  categorizeRows,
  type Categorized,
  type ChangeBulk,
  type StoredDoc as Doc,
  type StoredRow as Row,
  type WriteError,
} from './rxdb-types';

export interface WriteOutcome {
  errors: WriteError[];
  bulk: ChangeBulk | undefined;
}

/** Attachment bytes read from the rows' Blobs before the (synchronous) transaction starts. */
export type BlobBytes = Map<Blob, { bytes: Buffer; type: string }>;

export async function readAttachmentBlobs(rows: readonly Row[]): Promise<BlobBytes> {
  const out: BlobBytes = new Map();
  const reads: Promise<void>[] = [];
  for (const row of rows) {
    const atts = (row.document._attachments ?? {}) as Record<string, { data?: Blob }>;
    for (const att of Object.values(atts)) {
      const blob = att.data;
      if (blob && !out.has(blob)) {
        out.set(blob, { bytes: Buffer.alloc(0), type: blob.type });
        reads.push(
          blob.arrayBuffer().then((ab) => {
            out.set(blob, { bytes: Buffer.from(ab), type: blob.type });
          }),
        );
      }
    }
  }
  await Promise.all(reads);
  return out;
}

export function rowsCarryBlobs(rows: readonly Row[]): boolean {
  for (const row of rows) {
    const atts = row.document._attachments as Record<string, { data?: unknown }> | undefined;
    if (atts) for (const key in atts) if (atts[key]!.data) return true;
  }
  return false;
}

/**
 * Splits rows so no id repeats inside a part: categorizeBulkWriteRows judges every row against the state
 * before the call, so a repeated id must see the earlier row's result to get a proper conflict.
 */
function partsWithUniqueIds(rows: readonly Row[], primaryPath: string): Row[][] {
  const parts: Row[][] = [];
  let current: Row[] = [];
  let ids = new Set<string>();
  for (const row of rows) {
    const id = row.document[primaryPath] as string;
    if (ids.has(id)) {
      parts.push(current);
      current = [];
      ids = new Set();
    }
    ids.add(id);
    current.push(row);
  }
  parts.push(current);
  return parts;
}

export function applyBulkWrite(
  table: CollectionTable,
  storageInstance: { schema: unknown },
  rows: readonly Row[],
  context: string,
  blobs: BlobBytes | undefined,
): WriteOutcome {
  const { primaryPath } = table;
  const db = table.conn.db;
  const n = table.indexes.length;
  const cols = table.indexes.map((c) => `, ${c.column}`).join('');
  const insert = statement(
    table,
    'insert',
    () => `INSERT INTO ${table.docs} (pk, deleted, lwt, data${cols}) VALUES (?, ?, ?, ?${', ?'.repeat(n)})`,
  );
  const update = statement(
    table,
    'update',
    () =>
      `UPDATE ${table.docs} SET deleted = ?, lwt = ?, data = ?` +
      table.indexes.map((c) => `, ${c.column} = ?`).join('') +
      ' WHERE pk = ?',
  );
  const params = new Array<unknown>(n + 4);
  const indexKeys = (doc: Doc, offset: number) => table.rowKeys.write(doc, params, offset);

  return db.transaction((): WriteOutcome => {
    const errors: WriteOutcome['errors'] = [];
    let bulk: ChangeBulk | undefined;
    for (const part of partsWithUniqueIds(rows, primaryPath)) {
      const inDb = new Map<string, Doc>();
      const ids = part.map((r) => r.document[primaryPath] as string);
      for (const json of selectJsonByIds(table, ids, true)) {
        const doc = JSON.parse(json) as Doc;
        inDb.set(doc[primaryPath] as string, doc);
      }
      const c = categorizeRows(storageInstance, primaryPath, inDb, part, context);
      for (const e of c.errors) errors.push(e);

      for (const row of c.bulkInsertDocs) {
        const doc = row.document;
        params[0] = pkKey(doc[primaryPath] as string);
        params[1] = doc._deleted ? 1 : 0;
        params[2] = doc._meta.lwt;
        params[3] = JSON.stringify(doc);
        indexKeys(doc, 4);
        insert.run(params);
      }
      for (const row of c.bulkUpdateDocs) {
        const doc = row.document;
        params[0] = doc._deleted ? 1 : 0;
        params[1] = doc._meta.lwt;
        params[2] = JSON.stringify(doc);
        indexKeys(doc, 3);
        params[3 + n] = pkKey(doc[primaryPath] as string);
        update.run(params);
      }
      if (table.atts) applyAttachments(table, c, blobs);

      // categorizeBulkWriteRows also lists an event for an insert it rejected over attachment data (510).
      const failed = new Set(c.errors.map((e) => e.documentId));
      const events = failed.size
        ? c.eventBulk.events.filter((e) => !failed.has(e.documentId))
        : c.eventBulk.events;
      c.eventBulk.events = events;
      if (events.length > 0 && c.newestRow) {
        const newest = c.newestRow.document;
        const checkpoint = { id: newest[primaryPath] as string, lwt: newest._meta.lwt };
        if (!bulk) {
          bulk = c.eventBulk;
          bulk.checkpoint = checkpoint;
        } else {
          for (const e of events) bulk.events.push(e);
          bulk.checkpoint = checkpoint;
        }
      }
    }
    return { errors, bulk };
  })();
}

function applyAttachments(table: CollectionTable, c: Categorized, blobs: BlobBytes | undefined): void {
  const put = statement(
    table,
    'att:put',
    () => `INSERT OR REPLACE INTO ${table.atts} (pk, att_id, digest, type, data) VALUES (?, ?, ?, ?, ?)`,
  );
  const del = statement(table, 'att:del', () => `DELETE FROM ${table.atts} WHERE pk = ? AND att_id = ?`);
  for (const a of [...c.attachmentsAdd, ...c.attachmentsUpdate]) {
    const read = blobs?.get(a.attachmentData.data);
    if (!read)
      throw new Error(`Attachment "${a.attachmentId}" of "${a.documentId}" has no readable data (SNH).`);
    put.run(pkKey(a.documentId), pkKey(a.attachmentId), a.digest, read.type, read.bytes);
  }
  for (const a of c.attachmentsRemove) del.run(pkKey(a.documentId), pkKey(a.attachmentId));
}
