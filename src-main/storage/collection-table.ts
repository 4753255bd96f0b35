/**
 * The SQL table behind one RxDB collection at one schema version, and its indexes.
 *
 * Columns: `pk` (the primary key, TEXT or BLOB, see pkKey; BLOB affinity stores either unchanged), `deleted` and `lwt` (for cleanup), `data` (the document as JSON),
 * and one BLOB column per RxDB index holding the index key from index-encoding.ts, each with a SQL index.
 * RxDB's own internal index ['_meta.lwt', primaryKey] is always among them, since it orders
 * getChangedDocumentsSince().
 */
import type Database from 'better-sqlite3';
import { Subject } from 'rxjs';
import type { FileConnection } from './connection';
import { SqliteStorageError } from './errors';
import { REGISTRY_TABLE, type RegistryRow } from './file-format';
import { createIndexEncoder, KeyWriter, RowKeyWriter, type IndexEncoder } from './index-encoding';
import { fieldSchema, primaryPathOf, type AnySchema } from './rxdb-types';

export interface IndexColumn {
  readonly fields: readonly string[];
  /** fields.join(','), the form RxDB's query plan names an index by. */
  readonly key: string;
  readonly column: string;
  readonly encoder: IndexEncoder;
}

export interface CollectionTable {
  readonly conn: FileConnection;
  readonly collectionName: string;
  readonly schemaVersion: number;
  readonly layout: string;
  readonly primaryPath: string;
  readonly docs: string;
  /** Attachment table, when the schema allows attachments. */
  readonly atts: string | undefined;
  readonly indexes: readonly IndexColumn[];
  readonly byKey: ReadonlyMap<string, IndexColumn>;
  readonly changedSinceIndex: IndexColumn;
  /** Every index key of a row, for writes (the columns' order). */
  readonly rowKeys: RowKeyWriter;
  readonly changes: Subject<unknown>;
  /** Writes queued behind one that is still reading attachment Blobs; keeps writes in call order. */
  queue: Promise<void>;
  queued: number;
  refs: number;
  removed: boolean;
  readonly statements: Map<string, Database.Statement>;
}

export function statement(table: CollectionTable, key: string, sql: () => string): Database.Statement {
  let st = table.statements.get(key);
  if (!st) {
    st = table.conn.db.prepare(sql());
    table.statements.set(key, st);
  }
  return st;
}

function indexList(schema: AnySchema, primaryPath: string): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  const add = (fields: string[]) => {
    const key = fields.join(',');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(fields);
    }
  };
  for (const index of schema.indexes ?? [])
    add(Array.isArray(index) ? [...(index as string[])] : [index as string]);
  add(['_meta.lwt', primaryPath]);
  return out;
}

/**
 * Everything a stored index key depends on. Two schemas with the same layout can share a table; any
 * difference means the stored keys would sort wrongly and the table must be rebuilt.
 */
function layoutOf(schema: AnySchema, primaryPath: string, indexes: string[][]): string {
  const fields = [...new Set(indexes.flat())].sort();
  const types = fields.map((f) => {
    const p = fieldSchema(schema, f);
    return [
      f,
      p.type ?? null,
      p.maxLength ?? null,
      p.minimum ?? null,
      p.maximum ?? null,
      p.multipleOf ?? null,
    ];
  });
  return JSON.stringify({ primaryPath, indexes, types, attachments: !!schema.attachments });
}

function createTables(db: Database.Database, id: number, indexes: string[][], attachments: boolean): void {
  const docs = `rxs_docs_${id}`;
  const ixCols = indexes.map((_, i) => `, ix${i} BLOB NOT NULL`).join('');
  db.exec(
    `CREATE TABLE ${docs} (pk BLOB NOT NULL UNIQUE, deleted INTEGER NOT NULL, lwt REAL NOT NULL, data TEXT NOT NULL${ixCols})`,
  );
  createIndexes(db, docs, indexes.length);
  if (attachments) {
    db.exec(
      `CREATE TABLE rxs_atts_${id} (pk BLOB NOT NULL, att_id BLOB NOT NULL, digest TEXT NOT NULL, ` +
        `type TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (pk, att_id)) WITHOUT ROWID`,
    );
  }
}

/**
 * Creates the table's SQL indexes that are missing. A bulk load drops them and builds them at its end
 * (bulk-load.ts); a load killed halfway leaves them missing, so every open of the table runs this.
 */
export function createIndexes(db: Database.Database, docs: string, count: number): void {
  for (let i = 0; i < count; i++) db.exec(`CREATE INDEX IF NOT EXISTS ${docs}_ix${i} ON ${docs} (ix${i})`);
  // Tombstones are few; a partial index finds the old ones for cleanup() without touching live rows.
  db.exec(`CREATE INDEX IF NOT EXISTS ${docs}_tombstones ON ${docs} (lwt) WHERE deleted = 1`);
}

export function dropTables(db: Database.Database, id: number): void {
  db.exec(`DROP TABLE IF EXISTS rxs_docs_${id}; DROP TABLE IF EXISTS rxs_atts_${id};`);
}

/**
 * Finds or creates the table for (collection, schema version). When the stored layout differs from the
 * schema's (same primary key, different indexes or index field types), the documents are copied into a
 * table with the new layout in the same transaction, so a failure leaves the old table untouched.
 */
export function openCollectionTable(
  conn: FileConnection,
  collectionName: string,
  schema: AnySchema,
): CollectionTable {
  const primaryPath = primaryPathOf(schema);
  const indexes = indexList(schema, primaryPath);
  const layout = layoutOf(schema, primaryPath, indexes);
  const stateKey = `${collectionName}\u0000${schema.version}`;
  const shared = conn.collections.get(stateKey) as CollectionTable | undefined;
  if (shared && !shared.removed) {
    if (shared.layout !== layout) {
      throw new SqliteStorageError(
        'SCHEMA_CONFLICT',
        `Collection "${collectionName}" (schema version ${schema.version}) is already open in this process with ` +
          'different indexes. Close the other instance first, or give the changed schema a new version number.',
        { path: conn.file },
      );
    }
    shared.refs++;
    return shared;
  }

  const encoders = indexes.map((fields) => createIndexEncoder(schema, fields));
  const db = conn.db;
  const tableId = db
    .transaction((): number => {
      const row = db
        .prepare(`SELECT * FROM ${REGISTRY_TABLE} WHERE collection = ? AND schema_version = ?`)
        .get(collectionName, schema.version) as RegistryRow | undefined;
      if (row && row.layout === layout) {
        createIndexes(db, `rxs_docs_${row.table_id}`, indexes.length);
        return row.table_id;
      }
      if (row && (JSON.parse(row.layout) as { primaryPath: string }).primaryPath !== primaryPath) {
        throw new SqliteStorageError(
          'SCHEMA_CONFLICT',
          `Collection "${collectionName}" (schema version ${schema.version}) in ${conn.file} uses primary key ` +
            `"${(JSON.parse(row.layout) as { primaryPath: string }).primaryPath}", but the schema now says ` +
            `"${primaryPath}". A primary key change needs a new schema version with a migration strategy.`,
          { path: conn.file },
        );
      }
      const nextId =
        ((db.prepare(`SELECT max(table_id) FROM ${REGISTRY_TABLE}`).pluck().get() as number | null) ?? 0) + 1;
      createTables(db, nextId, indexes, !!schema.attachments);
      if (row) {
        copyDocuments(db, row.table_id, nextId, indexes, encoders, !!schema.attachments);
        dropTables(db, row.table_id);
        db.prepare(
          `UPDATE ${REGISTRY_TABLE} SET table_id = ?, layout = ?, schema_json = ? WHERE collection = ? AND schema_version = ?`,
        ).run(nextId, layout, JSON.stringify(schema), collectionName, schema.version);
      } else {
        db.prepare(
          `INSERT INTO ${REGISTRY_TABLE} (collection, schema_version, table_id, layout, schema_json, created_at) ` +
            `VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(collectionName, schema.version, nextId, layout, JSON.stringify(schema), Date.now());
      }
      return nextId;
    })
    .immediate();

  const columns: IndexColumn[] = indexes.map((fields, i) => ({
    fields,
    key: fields.join(','),
    column: `ix${i}`,
    encoder: encoders[i]!,
  }));
  const table: CollectionTable = {
    conn,
    collectionName,
    schemaVersion: schema.version,
    layout,
    primaryPath,
    docs: `rxs_docs_${tableId}`,
    atts: schema.attachments ? `rxs_atts_${tableId}` : undefined,
    indexes: columns,
    byKey: new Map(columns.map((c) => [c.key, c])),
    changedSinceIndex: columns.find((c) => c.key === `_meta.lwt,${primaryPath}`)!,
    rowKeys: new RowKeyWriter(schema, indexes),
    changes: new Subject(),
    queue: Promise.resolve(),
    queued: 0,
    refs: 1,
    removed: false,
    statements: new Map(),
  };
  conn.collections.set(stateKey, table);
  return table;
}

export function forgetCollectionTable(table: CollectionTable): void {
  const key = `${table.collectionName}\u0000${table.schemaVersion}`;
  if (table.conn.collections.get(key) === table) table.conn.collections.delete(key);
}

function copyDocuments(
  db: Database.Database,
  fromId: number,
  toId: number,
  indexes: string[][],
  encoders: IndexEncoder[],
  attachments: boolean,
): void {
  const cols = indexes.map((_, i) => `, ix${i}`).join('');
  const marks = indexes.map(() => ', ?').join('');
  const insert = db.prepare(
    `INSERT INTO rxs_docs_${toId} (pk, deleted, lwt, data${cols}) VALUES (?, ?, ?, ?${marks})`,
  );
  const w = new KeyWriter();
  const rows = db.prepare(`SELECT pk, deleted, lwt, data FROM rxs_docs_${fromId}`).raw().all() as [
    Buffer,
    number,
    number,
    string,
  ][];
  for (const [pk, deleted, lwt, data] of rows) {
    const doc: unknown = JSON.parse(data);
    w.pos = 0;
    const ends = encoders.map((e) => {
      e.write(doc, w);
      return w.pos;
    });
    insert.run(
      pk,
      deleted,
      lwt,
      data,
      ...ends.map((end, i) => w.buf.subarray(i === 0 ? 0 : ends[i - 1], end)),
    );
  }
  const hadAttachments = db
    .prepare(`SELECT count(*) FROM sqlite_schema WHERE name = ?`)
    .pluck()
    .get(`rxs_atts_${fromId}`) as number;
  if (attachments && hadAttachments) {
    db.exec(`INSERT INTO rxs_atts_${toId} SELECT * FROM rxs_atts_${fromId}`);
  }
}
