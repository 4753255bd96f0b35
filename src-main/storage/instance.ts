/**
 * RxStorageInstance for one collection (at one schema version) in a database file. better-sqlite3 is
 * synchronous, so reads and most writes complete before their promise is even returned; only writes that
 * carry attachment Blobs wait (to read the bytes), and a write queue keeps all writes in call order.
 */
import type Database from 'better-sqlite3';
import type {
  BulkWriteRow,
  EventBulk,
  PreparedQuery,
  RxDocumentData,
  RxJsonSchema,
  RxStorageBulkWriteResponse,
  RxStorageChangeEvent,
  RxStorageCountResult,
  RxStorageDefaultCheckpoint,
  RxStorageInstance,
  RxStorageQueryResult,
} from 'rxdb';
import { Subject, type Observable } from 'rxjs';
import { readAttachment } from './attachments';
import {
  applyBulkWrite,
  readAttachmentBlobs,
  rowsCarryBlobs,
  type BlobBytes,
  type WriteOutcome,
} from './bulk-write';
import { applyBulkInsert, type NewDocument } from './bulk-insert';
import { beginBulkLoad, type BulkLoad } from './bulk-load';
import { emitChanges, instanceChanges } from './change-stream';
import { purgeTombstones } from './cleanup';
import { dropTables, forgetCollectionTable, statement, type CollectionTable } from './collection-table';
import { releaseConnection } from './connection';
import { SqliteStorageError, toStorageError } from './errors';
import { REGISTRY_TABLE } from './file-format';
import { selectJsonByIds } from './find-by-id';
import { explainQuery, runCount, runQuery, scanQuery } from './query-sql';
import {
  asAnyQuery,
  asAnySchema,
  asChangeStream,
  asDocs,
  asStoredRows,
  asStoredVisitor,
  asWriteResponse,
} from './rxdb-types';

export interface SqliteStorageInternals {
  /** Absolute path of the database file. */
  readonly file: string;
  /** The shared connection; for diagnostics and tests (EXPLAIN QUERY PLAN, PRAGMA integrity_check). */
  readonly connection: Database.Database;
  readonly documentTable: string;
  readonly indexColumns: readonly { fields: readonly string[]; column: string }[];
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- RxDB passes per-collection options; none are needed.
export type SqliteInstanceOptions = {};

type Doc<T> = RxDocumentData<T>;

export class RxStorageInstanceSqlite<RxDocType> implements RxStorageInstance<
  RxDocType,
  SqliteStorageInternals,
  SqliteInstanceOptions,
  RxStorageDefaultCheckpoint
> {
  readonly internals: SqliteStorageInternals;
  private closed = false;
  private readonly closed$ = new Subject<void>();

  constructor(
    readonly databaseName: string,
    readonly collectionName: string,
    readonly schema: Readonly<RxJsonSchema<RxDocumentData<RxDocType>>>,
    readonly options: Readonly<SqliteInstanceOptions>,
    private readonly table: CollectionTable,
  ) {
    this.internals = {
      file: table.conn.file,
      connection: table.conn.db,
      documentTable: table.docs,
      indexColumns: table.indexes.map((c) => ({ fields: c.fields, column: c.column })),
    };
  }

  private ensureUsable(): void {
    if (this.closed) {
      throw new SqliteStorageError(
        'CLOSED',
        `The storage instance for "${this.databaseName}/${this.collectionName}" is closed; open the database again to use it.`,
      );
    }
    if (this.table.removed) {
      throw new SqliteStorageError(
        'REMOVED',
        `Collection "${this.collectionName}" of "${this.databaseName}" has been removed; create it again to store documents.`,
      );
    }
  }

  /** Runs a synchronous storage step, turning SQLite failures into errors that say what to do. */
  private guard<T>(doing: string, fn: () => T): T {
    this.ensureUsable();
    try {
      return fn();
    } catch (err) {
      throw toStorageError(err, doing, this.table.conn.file);
    }
  }

  private writeNow(rows: BulkWriteRow<RxDocType>[], context: string, blobs: BlobBytes | undefined) {
    const outcome: WriteOutcome = this.guard('writing to', () =>
      applyBulkWrite(this.table, this, asStoredRows(rows), context, blobs),
    );
    emitChanges(this.table, outcome.bulk);
    return asWriteResponse<RxDocType>(outcome.errors);
  }

  bulkWrite(
    rows: BulkWriteRow<RxDocType>[],
    context: string,
  ): Promise<RxStorageBulkWriteResponse<RxDocType>> {
    try {
      this.ensureUsable();
      if (rows.length === 0) return Promise.resolve({ error: [] });
      const needsBlobs = !!this.table.atts && rowsCarryBlobs(asStoredRows(rows));
      if (!needsBlobs && this.table.queued === 0)
        return Promise.resolve(this.writeNow(rows, context, undefined));
    } catch (err) {
      return Promise.reject(err);
    }
    const table = this.table;
    table.queued++;
    const blobs = readAttachmentBlobs(asStoredRows(rows));
    const run = table.queue.then(async () => this.writeNow(rows, context, await blobs));
    table.queue = run.then(
      () => void table.queued--,
      () => void table.queued--,
    );
    return run;
  }

  /**
   * bulkWrite for documents expected to be new (rows without `previous`), without RxDB's
   * categorisation: same stored rows, events and 409s (bulk-insert.ts). `json`, when given, must be
   * exactly JSON.stringify(document). A schema with attachments takes the ordinary path.
   */
  bulkInsert(docs: NewDocument[], context: string): Promise<RxStorageBulkWriteResponse<RxDocType>> {
    if (this.table.atts || this.table.queued > 0)
      return this.bulkWrite(docs.map((d) => ({ document: d.document })) as never, context);
    try {
      this.ensureUsable();
      if (docs.length === 0) return Promise.resolve({ error: [] });
      const outcome: WriteOutcome = this.guard('writing to', () =>
        applyBulkInsert(this.table, docs, context),
      );
      emitChanges(this.table, outcome.bulk);
      return Promise.resolve(asWriteResponse<RxDocType>(outcome.errors));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * Starts a bulk load of about `incoming` documents (bulk-load.ts), keeping the indexes in `keep`;
   * call finish() when it ends.
   */
  beginBulkLoad(incoming: number, keep?: readonly (readonly string[])[]): BulkLoad {
    return this.guard('preparing a bulk load into', () => {
      const load = beginBulkLoad(this.table, incoming, keep);
      return { deferred: load.deferred, finish: () => this.guard('indexing', () => load.finish()) };
    });
  }

  findDocumentsById(ids: string[], withDeleted: boolean): Promise<Doc<RxDocType>[]> {
    try {
      const found = this.guard('reading', () => {
        const byId = new Map<string, Doc<RxDocType>>();
        const pk = this.table.primaryPath;
        for (const json of selectJsonByIds(this.table, ids, withDeleted)) {
          const doc = JSON.parse(json) as Doc<RxDocType>;
          byId.set((doc as Record<string, unknown>)[pk] as string, doc);
        }
        const out: Doc<RxDocType>[] = [];
        for (const id of ids) {
          const doc = byId.get(id);
          if (doc) out.push(doc);
        }
        return out;
      });
      return Promise.resolve(found);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  query(prepared: PreparedQuery<RxDocType>): Promise<RxStorageQueryResult<RxDocType>> {
    try {
      const documents = this.guard('querying', () =>
        runQuery(this.table, asAnySchema(this.schema), asAnyQuery(prepared)),
      );
      return Promise.resolve({ documents: asDocs<RxDocType>(documents) });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * query(), with each document handed to `visit` as it is read instead of collected into an
   * array (bulk loads; see scanQuery). Synchronous, like every read of this storage.
   */
  scan(prepared: PreparedQuery<RxDocType>, visit: (doc: Doc<RxDocType>) => void): number {
    return this.guard('scanning', () =>
      scanQuery(this.table, asAnySchema(this.schema), asAnyQuery(prepared), asStoredVisitor(visit)),
    );
  }

  count(prepared: PreparedQuery<RxDocType>): Promise<RxStorageCountResult> {
    try {
      const count = this.guard('counting in', () =>
        runCount(this.table, asAnySchema(this.schema), asAnyQuery(prepared)),
      );
      return Promise.resolve({ count, mode: 'fast' });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The SQLite plan of the statement query() or count() would run (diagnostics and tests). */
  explain(prepared: PreparedQuery<RxDocType>, op: 'query' | 'count' = 'query'): string[] {
    return this.guard('explaining a query on', () => explainQuery(this.table, asAnyQuery(prepared), op));
  }

  getAttachmentData(documentId: string, attachmentId: string, digest: string): Promise<Blob> {
    try {
      return Promise.resolve(
        this.guard('reading an attachment from', () =>
          readAttachment(this.table, documentId, attachmentId, digest),
        ),
      );
    } catch (err) {
      return Promise.reject(err);
    }
  }

  getChangedDocumentsSince(
    limit: number,
    checkpoint?: RxStorageDefaultCheckpoint,
  ): Promise<{ documents: Doc<RxDocType>[]; checkpoint: RxStorageDefaultCheckpoint }> {
    try {
      const result = this.guard('reading changes from', () => {
        const t = this.table;
        const ix = t.changedSinceIndex;
        const rows = checkpoint
          ? (statement(
              t,
              'since:after',
              () => `SELECT data FROM ${t.docs} WHERE ${ix.column} > ? ORDER BY ${ix.column} LIMIT ?`,
            )
              .pluck()
              .all(ix.encoder.lowerBound([checkpoint.lwt, checkpoint.id]), limit) as string[])
          : (statement(t, 'since:start', () => `SELECT data FROM ${t.docs} ORDER BY ${ix.column} LIMIT ?`)
              .pluck()
              .all(limit) as string[]);
        const documents = rows.map((json) => JSON.parse(json) as Doc<RxDocType>);
        const last = documents[documents.length - 1] as Record<string, unknown> | undefined;
        const next: RxStorageDefaultCheckpoint = last
          ? { id: last[t.primaryPath] as string, lwt: (last._meta as { lwt: number }).lwt }
          : (checkpoint ?? { id: '', lwt: 0 });
        return { documents, checkpoint: next };
      });
      return Promise.resolve(result);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  changeStream(): Observable<EventBulk<RxStorageChangeEvent<Doc<RxDocType>>, RxStorageDefaultCheckpoint>> {
    this.ensureUsable();
    return asChangeStream<RxDocType>(instanceChanges(this.table, this.closed$));
  }

  cleanup(minimumDeletedTime: number): Promise<boolean> {
    try {
      return Promise.resolve(
        this.guard('cleaning up', () => purgeTombstones(this.table, minimumDeletedTime)),
      );
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.table.queue;
    if (this.closed) return;
    this.closed = true;
    this.closed$.next();
    this.closed$.complete();
    const table = this.table;
    table.refs--;
    if (table.refs === 0) forgetCollectionTable(table);
    releaseConnection(table.conn);
  }

  async remove(): Promise<void> {
    this.ensureUsable();
    await this.table.queue;
    this.guard('removing a collection from', () => {
      const db = this.table.conn.db;
      const id = Number(this.table.docs.slice('rxs_docs_'.length));
      db.transaction(() => {
        dropTables(db, id);
        db.prepare(`DELETE FROM ${REGISTRY_TABLE} WHERE table_id = ?`).run(id);
      })();
    });
    this.table.removed = true;
    forgetCollectionTable(this.table);
    await this.close();
  }
}
