/**
 * The bootstrap's load path in the SQLite storage: bulkInsert (documents expected to be new) must leave
 * exactly what bulkWrite leaves for the same rows — stored rows, index keys, change events, and the
 * 409s of ids that exist — and a bulk load that defers the secondary indexes must answer queries the
 * same with and without them, and never leave a table without them once it is opened again.
 */
import type { EventBulk, MangoQuery, RxDocumentData } from 'rxdb';
import { normalizeMangoQuery, prepareQuery, randomToken } from 'rxdb';
import { afterAll, describe, expect, it } from 'vitest';
import { getRxStorageSqlite } from '../../src-main/storage/index';
import type { RxStorageInstanceSqlite } from '../../src-main/storage/instance';
import { deleteRow, stored } from './helpers/docs';
import { filledLedgerSchema } from './helpers/schemas';
import { tempFolder, uniqueName } from './helpers/temp';

type Doc = RxDocumentData<Record<string, unknown>>;
type Instance = RxStorageInstanceSqlite<Record<string, unknown>>;

const folder = tempFolder('bulk-load');
afterAll(() => folder.remove());
const storage = getRxStorageSqlite({ directory: folder.dir, synchronous: 'NORMAL' });

async function open(databaseName = uniqueName('load')): Promise<Instance> {
  return (await storage.createStorageInstance({
    databaseInstanceToken: randomToken(10),
    databaseName,
    collectionName: 'ledger',
    schema: filledLedgerSchema as never,
    options: {},
    multiInstance: false,
    devMode: false,
  })) as unknown as Instance;
}

const kinds = ['grant', 'usage', 'reversal', 'adjustment'];
const buckets = ['', 'monthly', 'bundle', 'referral', 'manual'];
const T0 = 1_700_000_000_000;

function entry(i: number, token: string, lwt?: number): Doc {
  const doc = stored(
    {
      id: `entry:${(i * 7919) % 10007}:${i}`,
      kind: kinds[i % 4],
      bucket: buckets[i % 5],
      actionKind: i % 4 === 1 ? ['ai_reply', 'ai_label', 'chatbot_message'][i % 3] : '',
      amount: i % 4 === 1 ? -5000 : 1000 + i,
      // Not in id order: a snapshot arrives in commit order, not sorted.
      occurredAt: T0 + ((i * 31) % 997) * 60_000,
      recordedAt: T0 + i,
      machineId: `m${i % 3} ${i % 2 ? 'é' : '𝄞'}`,
    },
    token,
  ) as Doc;
  if (lwt !== undefined) doc._meta = { lwt };
  return doc;
}

function rowsOf(instance: Instance): unknown[] {
  const { connection, documentTable, indexColumns } = instance.internals;
  const ix = indexColumns.map((c) => `, ${c.column}`).join('');
  return connection.prepare(`SELECT pk, deleted, lwt, data${ix} FROM ${documentTable} ORDER BY pk`).all();
}

function indexNames(instance: Instance): string[] {
  const { connection, documentTable } = instance.internals;
  return connection
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
    .pluck()
    .all(documentTable)
    .sort() as string[];
}

function collect(instance: Instance): EventBulk<unknown, unknown>[] {
  const bulks: EventBulk<unknown, unknown>[] = [];
  instance.changeStream().subscribe((b) => bulks.push(b as never));
  return bulks;
}

const shape = (bulks: EventBulk<unknown, unknown>[]) =>
  bulks.map((b) => ({ context: b.context, checkpoint: b.checkpoint, events: b.events }));
const errorShape = (errors: { status: number; documentId: string; documentInDb?: unknown }[]) =>
  errors
    .map((e) => ({ status: e.status, documentId: e.documentId, documentInDb: e.documentInDb }))
    .sort((a, b) => (a.documentId < b.documentId ? -1 : 1));

const copy = <T>(value: T): T => structuredClone(value);

describe('bulkInsert', () => {
  it('stores the same rows and index keys and emits the same events as bulkWrite', async () => {
    const [plain, fast] = [await open(), await open()];
    const [plainEvents, fastEvents] = [collect(plain), collect(fast)];
    const token = randomToken(10);
    const docs = Array.from({ length: 3000 }, (_, i) => entry(i, token, T0 + Math.floor(i / 500)));
    // One already deleted: stored, no event (RxDB's rule).
    docs[17] = { ...docs[17]!, _deleted: true };

    const expected = await plain.bulkWrite(
      docs.map((d) => ({ document: copy(d) })),
      'ctx-load',
    );
    // Half with the caller's JSON text, half serialised by the storage.
    const got = await fast.bulkInsert(
      docs.map((d, i) => (i % 2 ? { document: copy(d) } : { document: copy(d), json: JSON.stringify(d) })),
      'ctx-load',
    );
    expect(got.error).toEqual([]);
    expect(expected.error).toEqual([]);
    expect(rowsOf(fast)).toEqual(rowsOf(plain));
    expect(rowsOf(fast)).toHaveLength(3000);
    expect(shape(fastEvents)).toEqual(shape(plainEvents));
    expect(fastEvents[0]!.events).toHaveLength(2999);
    expect(fastEvents[0]!.id).not.toEqual(plainEvents[0]!.id);
    await Promise.all([plain.close(), fast.close()]);
  });

  it('answers ids that exist (tombstones, repeats within the call) with the 409s bulkWrite gives', async () => {
    const [plain, fast] = [await open(), await open()];
    const token = randomToken(10);
    const first = Array.from({ length: 50 }, (_, i) => entry(i, token));
    const deletion = deleteRow(copy(first[3]!), token);
    for (const instance of [plain, fast]) {
      await instance.bulkWrite(
        first.map((d) => ({ document: copy(d) })),
        'first',
      );
      await instance.bulkWrite([copy(deletion)], 'delete');
    }
    const [plainEvents, fastEvents] = [collect(plain), collect(fast)];
    const changed: Doc = { ...entry(7, token), amount: 42 };
    const next = [
      entry(100, token),
      changed,
      copy(first[3]!),
      entry(101, token),
      { ...entry(101, token), amount: 7 } as Doc,
      entry(102, token),
    ];
    const expected = await plain.bulkWrite(
      next.map((d) => ({ document: copy(d) })),
      'second',
    );
    const got = await fast.bulkInsert(
      next.map((d) => ({ document: copy(d), json: JSON.stringify(d) })),
      'second',
    );
    expect(errorShape(got.error)).toEqual(errorShape(expected.error));
    expect(got.error.map((e) => e.documentId).sort()).toEqual(
      [changed.id, first[3]!.id, next[4]!.id].map(String).sort(),
    );
    expect(got.error.every((e) => e.status === 409 && e.documentInDb)).toBe(true);
    expect(rowsOf(fast)).toEqual(rowsOf(plain));
    expect(shape(fastEvents)).toEqual(shape(plainEvents));
    await Promise.all([plain.close(), fast.close()]);
  });

  it('stores the JSON text it is given as the document', async () => {
    const fast = await open();
    const doc = entry(1, randomToken(10));
    const json = JSON.stringify(doc);
    await fast.bulkInsert([{ document: doc, json }], 'ctx');
    const { connection, documentTable } = fast.internals;
    expect(connection.prepare(`SELECT data FROM ${documentTable}`).pluck().get()).toBe(json);
    await fast.close();
  });
});

const queries: MangoQuery<Record<string, unknown>>[] = [
  { selector: { _deleted: false, kind: 'usage', occurredAt: { $gte: T0 + 6e6, $lt: T0 + 3e7 } } },
  { selector: { _deleted: false, occurredAt: { $gt: T0 + 1e7 } }, sort: [{ occurredAt: 'asc' }] },
  { selector: { _deleted: false, machineId: 'm1 é' }, limit: 10, skip: 5 },
  { selector: { _deleted: false, bucket: 'bundle', occurredAt: { $lte: T0 + 5e7 } } },
  { selector: { _deleted: false, actionKind: { $in: ['ai_label', 'ai_reply'] } } },
  { selector: { _deleted: false, kind: 'grant' }, sort: [{ occurredAt: 'desc' }], limit: 25 },
  { selector: { '_meta.lwt': { $gte: 0 } }, sort: [{ '_meta.lwt': 'asc' }, { id: 'asc' }], limit: 50 },
];

function prepared(query: MangoQuery<Record<string, unknown>>) {
  return prepareQuery(filledLedgerSchema as never, normalizeMangoQuery(filledLedgerSchema as never, query));
}

async function answers(instance: Instance) {
  const out: unknown[] = [];
  for (const query of queries) {
    out.push((await instance.query(prepared(query) as never)).documents.map((d) => d.id));
    out.push((await instance.count(prepared(query) as never)).count);
  }
  out.push(await instance.getChangedDocumentsSince(100, { id: '', lwt: T0 + 2 }));
  return out;
}

describe('bulk load with deferred indexes', () => {
  it('drops the secondary indexes of an empty table, answers queries the same without them, and rebuilds them', async () => {
    const instance = await open();
    const withIndexes = indexNames(instance);
    expect(withIndexes.length).toBeGreaterThanOrEqual(instance.internals.indexColumns.length);
    const pragma = (name: string) => instance.internals.connection.pragma(name, { simple: true });
    const normal = [pragma('cache_size'), pragma('wal_autocheckpoint')];
    const load = instance.beginBulkLoad(2000);
    expect(load.deferred).toBe(true);
    // A larger page cache and write-ahead log while the load runs, given back at its end.
    expect([pragma('cache_size'), pragma('wal_autocheckpoint')]).toEqual([-256 * 1024, 65_536]);
    // Only the tombstone index is left (the primary key's UNIQUE is not a named SQL index).
    expect(indexNames(instance)).toEqual(withIndexes.filter((n) => n.endsWith('_tombstones')));
    const token = randomToken(10);
    await instance.bulkInsert(
      Array.from({ length: 2000 }, (_, i) => ({ document: entry(i, token, T0 + (i % 7)) })),
      'load',
    );
    const plan = instance.explain(prepared(queries[0]!) as never).join(' ');
    expect(plan).not.toMatch(/USING INDEX .*_ix/);
    const without = await answers(instance);
    load.finish();
    load.finish();
    expect(indexNames(instance)).toEqual(withIndexes);
    expect([pragma('cache_size'), pragma('wal_autocheckpoint')]).toEqual(normal);
    expect(normal).toEqual([-32 * 1024, 1000]);
    expect(instance.explain(prepared(queries[0]!) as never).join(' ')).toMatch(/USING INDEX .*_ix/);
    expect(await answers(instance)).toEqual(without);
    expect((without[0] as string[]).length).toBeGreaterThan(0);
    await instance.close();
  });

  it('keeps the indexes it is asked to keep', async () => {
    const instance = await open();
    const all = indexNames(instance);
    const time = instance.internals.indexColumns.find(
      (c) => c.fields.join(',') === '_deleted,occurredAt,id',
    )!;
    const load = instance.beginBulkLoad(10, [time.fields]);
    expect(load.deferred).toBe(true);
    expect(indexNames(instance)).toEqual(
      all.filter((n) => n.endsWith('_tombstones') || n.endsWith(`_${time.column}`)),
    );
    load.finish();
    expect(indexNames(instance)).toEqual(all);
    await instance.close();
  });

  it('keeps the indexes of a table that holds more than is coming', async () => {
    const instance = await open();
    const token = randomToken(10);
    await instance.bulkWrite(
      Array.from({ length: 30 }, (_, i) => ({ document: entry(i, token) })),
      'own',
    );
    const before = indexNames(instance);
    const load = instance.beginBulkLoad(20);
    expect(load.deferred).toBe(false);
    expect(indexNames(instance)).toEqual(before);
    load.finish();
    await instance.close();
  });

  it('a load that never finished (the app was killed) leaves no table without indexes once opened again', async () => {
    const name = uniqueName('killed');
    const first = await open(name);
    const all = indexNames(first);
    first.beginBulkLoad(100);
    await first.bulkInsert(
      Array.from({ length: 100 }, (_, i) => ({ document: entry(i, randomToken(10)) })),
      'load',
    );
    expect(indexNames(first)).not.toEqual(all);
    // Closing the last instance closes the file: what the next start finds after a kill.
    await first.close();
    const again = await open(name);
    expect(indexNames(again)).toEqual(all);
    expect(rowsOf(again)).toHaveLength(100);
    await again.close();
  });
});
