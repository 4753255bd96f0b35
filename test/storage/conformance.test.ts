/**
 * Conformance of the SQLite storage to the RxStorage contract, as a differential test against RxDB's
 * storage-memory: every step runs on both and must give the same result (see helpers/differential.ts).
 * Some checks are SQLite-only (persistence across reopen from disk, large id lists) and say so.
 */
import type { MangoQuery, RxDocumentData } from 'rxdb';
import { createBlob, now, promiseWait } from 'rxdb';
import { afterAll, describe, expect, it } from 'vitest';
import { CLEANUP_BATCH } from '../../src-main/storage/cleanup';
import { DifferentialPair } from './helpers/differential';
import { deleteRow, insertRow, sampleItems, stored, updateRow } from './helpers/docs';
import { itemSchema, noteSchema, type Item } from './helpers/schemas';
import { tempFolder } from './helpers/temp';

type AnyDoc = Record<string, unknown>;
type Doc = RxDocumentData<AnyDoc>;

const folder = tempFolder('conformance');
let comparisons = 0;
afterAll(() => {
  folder.remove();
  console.log(`storage conformance: ${comparisons} differential comparisons against storage-memory`);
});

async function withPair(fn: (pair: DifferentialPair) => Promise<void>, schema = itemSchema): Promise<void> {
  const pair = await DifferentialPair.open({ directory: folder.dir, schema: schema as never });
  try {
    await fn(pair);
  } finally {
    comparisons += pair.comparisons;
    await pair.dispose();
  }
}

async function seeded(fn: (pair: DifferentialPair, docs: Doc[]) => Promise<void>): Promise<void> {
  await withPair(async (pair) => {
    const rows = sampleItems().map((item) => insertRow(item, pair.token));
    expect(await pair.write(rows)).toEqual([]);
    const ids = rows.map((r) => r.document.id as string);
    // Delete two so tombstones are in the index ranges the queries scan.
    const current = (await pair.findById([ids[4]!, ids[7]!], false)) as Doc[];
    await pair.write(current.map((d) => deleteRow(d, pair.token)));
    await fn(pair, (await pair.findById(ids, true)) as Doc[]);
  });
}

describe('bulkWrite and findDocumentsById', () => {
  it('inserts, reads back by id, and hides tombstones unless withDeleted', async () => {
    await withPair(async (pair) => {
      const rows = sampleItems().map((item) => insertRow(item, pair.token));
      expect(await pair.write(rows)).toEqual([]);
      const ids = rows.map((r) => r.document.id as string);
      const found = await pair.findById([...ids, 'missing', ids[0]!], false);
      expect(found).toHaveLength(ids.length + 1);
      const [doc] = (await pair.findById([ids[3]!], false)) as Doc[];
      await pair.write([deleteRow(doc!, pair.token)]);
      expect(await pair.findById([ids[3]!], false)).toEqual([]);
      const [tomb] = (await pair.findById([ids[3]!], true)) as Doc[];
      expect(tomb!._deleted).toBe(true);
    });
  });

  it('keeps ids apart that differ only in lone surrogates (which UTF-8 TEXT would merge)', async () => {
    await withPair(async (pair) => {
      const ids = ['\uD800', '\uD801', 'x\uDC00', 'x\uDC01', '\uFFFD', '\u{1F600}'];
      expect(
        await pair.write(ids.map((id, i) => insertRow({ ...sampleItems()[i]!, id }, pair.token))),
      ).toEqual([]);
      const found = (await pair.findById(ids, false)) as Doc[];
      expect(found.map((d) => d.id)).toEqual(ids);
      await pair.query({ selector: {}, sort: [{ id: 'desc' }] });
      await pair.allChanges(2);
    });
  });

  it('rejects an insert over an existing id with 409 and the stored document', async () => {
    await withPair(async (pair) => {
      await pair.write([insertRow({ ...sampleItems()[0]!, id: 'dup' }, pair.token)]);
      const errors = await pair.write([insertRow({ ...sampleItems()[1]!, id: 'dup' }, pair.token)]);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.status).toBe(409);
      expect((errors[0] as { documentInDb: Doc }).documentInDb.name).toBe(sampleItems()[0]!.name);
    });
  });

  it('accepts an update with the current revision and rejects a stale one', async () => {
    await withPair(async (pair) => {
      await pair.write([insertRow({ ...sampleItems()[0]!, id: 'u' }, pair.token)]);
      const [v1] = (await pair.findById(['u'], false)) as Doc[];
      expect(await pair.write([updateRow(v1!, { name: 'second' }, pair.token)])).toEqual([]);
      const stale = await pair.write([updateRow(v1!, { name: 'third' }, pair.token)]);
      expect(stale.map((e) => e.status)).toEqual([409]);
      const [now2] = (await pair.findById(['u'], false)) as Doc[];
      expect(now2!.name).toBe('second');
      expect(now2!._rev.startsWith('2-')).toBe(true);
    });
  });

  it('writes the good rows of a mixed batch and reports only the conflicting ones', async () => {
    await withPair(async (pair) => {
      const items = sampleItems();
      await pair.write([items[0]!, items[1]!, items[3]!].map((i) => insertRow(i, pair.token)));
      const [d0, d3] = (await pair.findById([items[0]!.id, items[3]!.id], false)) as Doc[];
      const errors = await pair.write([
        updateRow(d0!, { age: 77 }, pair.token),
        insertRow(items[1]!, pair.token),
        insertRow(items[2]!, pair.token),
        updateRow({ ...d3!, _rev: '9-other' }, { age: 5 }, pair.token),
      ]);
      expect(errors.map((e) => [e.documentId, e.status])).toEqual([
        [items[1]!.id, 409],
        [items[3]!.id, 409],
      ]);
      const after = (await pair.findById(
        items.slice(0, 4).map((i) => i.id),
        true,
      )) as Doc[];
      expect(after.map((d) => d.age)).toEqual([77, items[1]!.age, items[2]!.age, items[3]!.age]);
    });
  });

  it('treats an update of an unknown id as an insert, and revives tombstones only with previous', async () => {
    await withPair(async (pair) => {
      const ghost = stored({ ...sampleItems()[0]!, id: 'ghost' }, pair.token);
      expect(await pair.write([updateRow(ghost, { name: 'appears' }, pair.token)])).toEqual([]);
      const [g] = (await pair.findById(['ghost'], false)) as Doc[];
      await pair.write([deleteRow(g!, pair.token)]);
      const [tomb] = (await pair.findById(['ghost'], true)) as Doc[];
      // Without previous the storage must refuse (RxDB's collection layer then retries with it).
      const blind = await pair.write([insertRow({ ...sampleItems()[0]!, id: 'ghost' }, pair.token)]);
      expect(blind.map((e) => e.status)).toEqual([409]);
      expect(await pair.write([updateRow(tomb!, { _deleted: false, name: 'back' }, pair.token)])).toEqual([]);
      expect(((await pair.findById(['ghost'], false)) as Doc[])[0]!.name).toBe('back');
      // Inserting a document that is already deleted is allowed (replication does it) and emits nothing.
      const deleted = { ...stored({ ...sampleItems()[1]!, id: 'born-deleted' }, pair.token), _deleted: true };
      expect(await pair.write([{ document: deleted }])).toEqual([]);
      await pair.findById(['born-deleted'], true);
    });
  });

  it('handles the same id twice in one call like two calls in a row', async () => {
    await withPair(async (pair) => {
      const a = insertRow({ ...sampleItems()[0]!, id: 'twice' }, pair.token);
      const b = insertRow({ ...sampleItems()[1]!, id: 'twice' }, pair.token);
      const res = await pair.sqlite.bulkWrite([a, b] as never, 'twice');
      expect(res.error.map((e) => e.status)).toEqual([409]);
      const [doc] = await pair.sqlite.findDocumentsById(['twice'], false);
      expect(doc!.name).toBe(sampleItems()[0]!.name);
    });
  });
});

describe('change stream', () => {
  it('emits INSERT, UPDATE and DELETE bulks with previous data, context and checkpoint before resolving', async () => {
    await withPair(async (pair) => {
      const items = sampleItems();
      await pair.write(
        items.slice(0, 3).map((i) => insertRow(i, pair.token)),
        'ctx-insert',
      );
      const docs = (await pair.findById(
        items.slice(0, 3).map((i) => i.id),
        false,
      )) as Doc[];
      await pair.write(
        [updateRow(docs[0]!, { name: 'changed' }, pair.token), deleteRow(docs[1]!, pair.token)],
        'ctx-mix',
      );
      const [tomb] = (await pair.findById([items[1]!.id], true)) as Doc[];
      await pair.write([updateRow(tomb!, { _deleted: false }, pair.token)], 'ctx-revive');
      // A write that only conflicts emits nothing.
      await pair.write([insertRow(items[2]!, pair.token)], 'ctx-conflict');
    });
  });

  it('stops emitting to an instance once it is closed', async () => {
    await withPair(async (pair) => {
      const extra = await pair.sqlite.findDocumentsById([], false);
      expect(extra).toEqual([]);
      let completed = false;
      const seen: unknown[] = [];
      const sub = pair.sqlite
        .changeStream()
        .subscribe({ next: (b) => seen.push(b), complete: () => (completed = true) });
      await pair.write([insertRow(sampleItems()[0]!, pair.token)]);
      expect(seen).toHaveLength(1);
      await pair.reopen();
      expect(completed).toBe(true);
      sub.unsubscribe();
    });
  });
});

describe('getChangedDocumentsSince', () => {
  it('pages through every document once, in write order, continuing from each checkpoint', async () => {
    await seeded(async (pair, docs) => {
      for (const size of [1, 3, 7, 100]) {
        const all = await pair.allChanges(size);
        expect(all).toHaveLength(docs.length);
      }
      // An updated document moves to the end of the change order.
      const live = docs.filter((d) => !d._deleted);
      await pair.write([updateRow(live[0]!, { count: 1234 }, pair.token)]);
      const all = await pair.allChanges(4);
      expect(all[all.length - 1]!.id).toBe(live[0]!.id);
      const first = await pair.changedSince(5);
      const rest = await pair.changedSince(1000, first.checkpoint as never);
      expect(first.documents.length + rest.documents.length).toBe(docs.length);
      const end = await pair.changedSince(10, rest.checkpoint as never);
      expect(end.documents).toEqual([]);
      expect(end.checkpoint).toEqual(rest.checkpoint);
    });
  });
});

/** Selectors over every operator, on indexed (name, tag, age, score, active, nested.zip) and plain fields. */
const selectors: MangoQuery<AnyDoc>['selector'][] = [
  {},
  { name: 'bob' },
  { name: { $eq: '' } },
  { name: { $ne: 'bob' } },
  { name: { $gt: 'b' } },
  { name: { $gte: 'b ob' } },
  { name: { $lt: '\uFF5E' } },
  { name: { $gt: '\uE000' } },
  { name: { $gt: '\uFFFF' } },
  { name: { $lte: '\u{1F600}smile' } },
  { name: { $gt: 'a', $lt: 'c' } },
  { name: { $in: ['alice', 'zed', '\u{1F600}smile', 'nope'] } },
  { name: { $nin: ['alice', 'zed'] } },
  { name: { $regex: '^b' } },
  { name: { $regex: 'O', $options: 'i' } },
  { name: { $exists: true } },
  { tag: 'red' },
  { tag: 'red', age: { $gte: 18 } },
  { tag: { $in: ['red', 'blue'] }, age: { $lt: 100 } },
  { tag: { $gt: 'blue' }, age: { $gt: 0, $lte: 99 } },
  { age: { $gt: 17 } },
  { age: { $lte: 17 } },
  { age: { $eq: 150 } },
  { age: { $in: [0, 42, 150] } },
  { age: { $nin: [0, 42] } },
  { age: { $mod: [2, 0] } },
  { score: { $gt: 0 } },
  { score: { $gte: -0.5, $lt: 999.99 } },
  { score: { $lt: -2000 } },
  { score: { $gt: 5000 } },
  { score: { $type: 'number' } },
  { active: true },
  { active: { $ne: true } },
  { active: false, name: { $gt: 'a' } },
  { 'nested.zip': '10115' },
  { 'nested.zip': { $gt: '' } },
  { 'nested.n': { $exists: false } },
  { 'nested.n': { $gt: 3 } },
  { note: { $exists: true } },
  { note: { $regex: '\u{1F4DD}' } },
  { note: { $gt: 'note 1' } },
  { count: { $gte: 5 } },
  { count: { $in: [0, 1, 2] } },
  { list: { $size: 3 } },
  { list: { $elemMatch: { $eq: 'b' } } },
  { list: 'b' },
  { $or: [{ name: 'bob' }, { age: { $gt: 90 } }] },
  { $and: [{ age: { $gt: 1 } }, { age: { $lt: 99 } }] },
  { $nor: [{ active: true }, { tag: 'red' }] },
  { name: { $not: { $eq: 'bob' } } },
  { _deleted: false },
  { _deleted: false, tag: 'green' },
  { _deleted: true },
];

const sorts: MangoQuery<AnyDoc>['sort'][] = [
  undefined,
  [{ name: 'asc' }],
  [{ name: 'desc' }],
  [{ tag: 'asc' }, { age: 'asc' }],
  [{ tag: 'desc' }, { age: 'asc' }],
  [{ age: 'desc' }],
  [{ score: 'asc' }],
  [{ active: 'asc' }, { name: 'asc' }],
  [{ 'nested.zip': 'asc' }],
  [{ note: 'asc' }],
  [{ count: 'desc' }, { name: 'asc' }],
  [{ id: 'desc' }],
  // All descending, ending in the primary key (the ledger's newest-first order).
  [{ name: 'desc' }, { id: 'desc' }],
  [{ tag: 'desc' }, { age: 'desc' }, { id: 'desc' }],
  [{ active: 'desc' }, { name: 'desc' }, { id: 'desc' }],
  [{ 'nested.zip': 'desc' }, { id: 'desc' }],
];

describe('query and count', () => {
  it('gives the same documents for every operator on indexed and non-indexed fields', async () => {
    await seeded(async (pair) => {
      for (const selector of selectors) {
        await pair.query({ selector });
        await pair.count({ selector });
      }
    });
  });

  it('sorts the same on every field, ascending and descending', async () => {
    await seeded(async (pair) => {
      for (const sort of sorts) {
        for (const selector of [{}, { age: { $gt: 1 } }, { name: { $regex: 'b' } }]) {
          await pair.query({ selector, ...(sort ? { sort } : {}) });
        }
      }
    });
  });

  it('applies skip and limit, in SQL and after JS matching or sorting', async () => {
    await seeded(async (pair) => {
      for (const [skip, limit] of [
        [0, 1],
        [0, 0],
        [2, 3],
        [5, undefined],
        [100, 5],
        [17, 2],
      ] as const) {
        const cases: MangoQuery<AnyDoc>[] = [
          { selector: {}, sort: [{ name: 'asc' }] },
          { selector: { name: { $regex: 'o' } }, sort: [{ name: 'asc' }] },
          { selector: { age: { $gt: 0 } }, sort: [{ score: 'desc' }] },
          { selector: {}, sort: [{ name: 'desc' }, { id: 'desc' }] },
          {
            selector: { tag: 'green' },
            sort: [{ tag: 'desc' }, { age: 'desc' }, { id: 'desc' }],
          },
          { selector: { name: { $regex: 'o' } }, sort: [{ name: 'desc' }, { id: 'desc' }] },
          { selector: { _deleted: false }, sort: [{ note: 'asc' }] },
        ];
        for (const q of cases) {
          const docs = await pair.query({ ...q, skip, ...(limit === undefined ? {} : { limit }) });
          // The interface asks count() to honour skip/limit like query(); storage-memory ignores them.
          const c = await pair.sqlite.count(
            pair.prepare({ ...q, skip, ...(limit === undefined ? {} : { limit }) }) as never,
          );
          expect(c.count).toBe(docs.length);
        }
      }
    });
  });

  it('uses a query index hint and refuses one the schema does not have', async () => {
    await seeded(async (pair) => {
      await pair.query({ selector: { age: { $gt: 10 } }, index: ['_deleted', 'tag', 'age', 'id'] });
      await pair.query({ selector: { name: { $gt: 'a' } }, index: ['_deleted', 'active', 'name', 'id'] });
      const bad = pair.prepare({ selector: {} });
      (bad.queryPlan as { index: string[] }).index = ['note', 'id'];
      await expect(pair.sqlite.query(bad as never)).rejects.toMatchObject({ code: 'UNKNOWN_INDEX' });
    });
  });

  it('orders characters outside the BMP like JavaScript in range queries', async () => {
    await withPair(async (pair) => {
      const names = ['\uFF01', '\u{1F600}', '\uD7FF', '\uE000', 'z', '\u{10000}'];
      await pair.write(
        names.map((name, i) => insertRow({ ...sampleItems()[0]!, id: `nb${i}`, name }, pair.token)),
      );
      const gt = await pair.query({ selector: { name: { $gt: '\uD7FF' } }, sort: [{ name: 'asc' }] });
      const expected = names.filter((n) => n > '\uD7FF').sort();
      expect(gt.map((d) => d.name)).toEqual(expected);
      // In UTF-8 byte order U+1F600 would sort after U+FF01; in JS (and here) it sorts before.
      expect(expected.indexOf('\u{1F600}')).toBeLessThan(expected.indexOf('\uFF01'));
      const lt = await pair.query({ selector: { name: { $lt: '\uE000' } } });
      expect(lt.map((d) => d.name).sort()).toEqual(names.filter((n) => n < '\uE000').sort());
    });
  });
});

describe('attachments', () => {
  const att = (text: string, type = 'text/plain') => ({
    data: createBlob(text, type),
    digest: `md5-${text.length}-${text}`,
    length: new TextEncoder().encode(text).length,
    type,
  });

  it('stores, reads, replaces and removes attachment data', async () => {
    await withPair(async (pair) => {
      const doc = {
        ...stored({ id: 'n1', title: 'first' }, pair.token),
        _attachments: { a: att('hello'), b: att('ünï\u{1F600}') },
      };
      expect(await pair.write([{ document: doc as never }])).toEqual([]);
      expect(await pair.attachment('n1', 'a', doc._attachments.a.digest)).toBe('hello');
      expect(await pair.attachment('n1', 'b', doc._attachments.b.digest)).toBe('ünï\u{1F600}');
      // Wrong digest or unknown attachment: both storages refuse.
      expect(await pair.attachment('n1', 'a', 'md5-wrong')).toBe('');
      expect(await pair.attachment('n1', 'zzz', 'md5-x')).toBe('');

      const [v1] = (await pair.findById(['n1'], false)) as Doc[];
      expect(v1!._attachments).toEqual({
        a: { digest: doc._attachments.a.digest, length: 5, type: 'text/plain' },
        b: { digest: doc._attachments.b.digest, length: doc._attachments.b.length, type: 'text/plain' },
      });
      // Replace a, drop b, keep nothing else.
      const v2 = updateRow(v1!, { _attachments: { a: att('bye') } }, pair.token);
      expect(await pair.write([v2])).toEqual([]);
      expect(await pair.attachment('n1', 'a', att('bye').digest)).toBe('bye');
      expect(await pair.attachment('n1', 'b', doc._attachments.b.digest)).toBe('');
      // Sending the stored stub back keeps the data.
      const [v3] = (await pair.findById(['n1'], false)) as Doc[];
      expect(await pair.write([updateRow(v3!, { title: 'renamed' }, pair.token)])).toEqual([]);
      expect(await pair.attachment('n1', 'a', att('bye').digest)).toBe('bye');
      // Deleting the document drops its attachments.
      const [v4] = (await pair.findById(['n1'], false)) as Doc[];
      await pair.write([deleteRow(v4!, pair.token)]);
      expect(await pair.attachment('n1', 'a', att('bye').digest)).toBe('');
    }, noteSchema as never);
  });

  // SQLite only: storage-memory throws (ensureNotFalsy) on this input instead of reporting it.
  it('rejects a new attachment given as a stub without data (510) and writes the rest', async () => {
    await withPair(async (pair) => {
      const doc = {
        ...stored({ id: 'n2', title: 'stub' }, pair.token),
        _attachments: { a: { digest: 'md5-x', length: 1, type: 'text/plain' } },
      };
      const ok = stored({ id: 'n3', title: 'fine' }, pair.token);
      const seen: string[] = [];
      const sub = pair.sqlite
        .changeStream()
        .subscribe((b) => seen.push(...b.events.map((e) => e.documentId)));
      const res = await pair.sqlite.bulkWrite([{ document: doc }, { document: ok }] as never, 'stub');
      sub.unsubscribe();
      expect(res.error.map((e) => [e.documentId, e.status])).toEqual([['n2', 510]]);
      expect((await pair.sqlite.findDocumentsById(['n2', 'n3'], true)).map((d) => d.id)).toEqual(['n3']);
      expect(seen).toEqual(['n3']);
    }, noteSchema as never);
  });

  it('keeps writes with attachments in call order with writes without them', async () => {
    await withPair(async (pair) => {
      const a = { ...stored({ id: 'o1', title: 'with data' }, pair.token), _attachments: { f: att('x') } };
      const b = stored({ id: 'o2', title: 'plain' }, pair.token);
      const order: string[] = [];
      const sub = pair.sqlite
        .changeStream()
        .subscribe((bulk) => order.push(...bulk.events.map((e) => e.documentId)));
      const pa = pair.sqlite.bulkWrite([{ document: a } as never], 'a');
      const pb = pair.sqlite.bulkWrite([{ document: b } as never], 'b');
      await Promise.all([pa, pb]);
      sub.unsubscribe();
      expect(order).toEqual(['o1', 'o2']);
    }, noteSchema as never);
  });
});

describe('cleanup', () => {
  it('purges tombstones older than the minimum age and nothing else', async () => {
    await seeded(async (pair, docs) => {
      expect(await pair.cleanup(60_000)).toBe(true);
      expect(
        (
          await pair.findById(
            docs.map((d) => d.id as string),
            true,
          )
        ).length,
      ).toBe(docs.length);
      await promiseWait(5);
      expect(await pair.cleanup(0)).toBe(true);
      const left = (await pair.findById(
        docs.map((d) => d.id as string),
        true,
      )) as Doc[];
      expect(left.length).toBe(docs.filter((d) => !d._deleted).length);
      expect(left.every((d) => !d._deleted)).toBe(true);
      await pair.allChanges(5);
      // A purged id can be inserted afresh.
      const purged = docs.find((d) => d._deleted)!;
      expect(await pair.write([insertRow({ ...sampleItems()[0]!, id: purged.id }, pair.token)])).toEqual([]);
    });
  });
});

describe('cleanup in batches (SQLite only: storage-memory purges everything in one call)', () => {
  it('returns false while more than one batch of tombstones remains, then true', async () => {
    await withPair(async (pair) => {
      const base = sampleItems()[0]!;
      const n = CLEANUP_BATCH + 1500;
      const rows = Array.from({ length: n }, (_, i) => insertRow({ ...base, id: `t-${i}` }, pair.token));
      await pair.sqlite.bulkWrite(rows as never, 'fill');
      const docs = await pair.sqlite.findDocumentsById(
        rows.map((r) => r.document.id as string),
        false,
      );
      await pair.sqlite.bulkWrite(docs.map((d) => deleteRow(d, pair.token)) as never, 'delete');
      await promiseWait(2);
      expect(await pair.sqlite.cleanup(0)).toBe(false);
      expect(await pair.sqlite.cleanup(0)).toBe(true);
      expect(await pair.sqlite.findDocumentsById(['t-0', `t-${n - 1}`], true)).toEqual([]);
    });
  });
});

describe('close, reopen and remove', () => {
  it('keeps every document, tombstone and the change order across close and reopen', async () => {
    await seeded(async (pair, docs) => {
      await pair.reopen();
      await pair.findById(
        docs.map((d) => d.id as string),
        true,
      );
      await pair.allChanges(6);
      for (const selector of selectors.slice(0, 12)) await pair.query({ selector, sort: [{ name: 'desc' }] });
      // Reopened from disk, not from a cache: the file must hold it all.
      const file = pair.sqlite.internals.file;
      const rows = pair.sqlite.internals.connection
        .prepare(`SELECT count(*) FROM ${pair.sqlite.internals.documentTable}`)
        .pluck()
        .get();
      expect(rows).toBe(docs.length);
      expect(file.endsWith('.sqlite')).toBe(true);
    });
  });

  it('refuses calls after close and after remove, with errors that say so', async () => {
    await withPair(async (pair) => {
      const sq = pair.sqlite;
      await pair.reopen();
      await expect(sq.query(pair.prepare({ selector: {} }) as never)).rejects.toMatchObject({
        code: 'CLOSED',
      });
      await expect(sq.bulkWrite([], 'x')).rejects.toThrow(/closed; open the database again/);
    });
  });
});

describe('limits', () => {
  it('reads and writes more ids than SQLite binds per statement (32,766)', async () => {
    await withPair(async (pair) => {
      const n = 40_000;
      const base = sampleItems()[0]!;
      const rows = Array.from({ length: n }, (_, i) =>
        insertRow({ ...base, id: `many-${i}`, age: i % 151 }, pair.token),
      );
      const res = await pair.sqlite.bulkWrite(rows as never, 'many');
      expect(res.error).toEqual([]);
      const ids = rows.map((r) => r.document.id as string);
      const found = await pair.sqlite.findDocumentsById(ids, false);
      expect(found).toHaveLength(n);
      expect(found[n - 1]!.id).toBe(`many-${n - 1}`);
      const again = await pair.sqlite.bulkWrite(rows.slice(0, 33_000) as never, 'many-again');
      expect(again.error).toHaveLength(33_000);
      const count = await pair.sqlite.count(pair.prepare({ selector: { age: { $gte: 150 } } }) as never);
      expect(count.count).toBe(Math.floor(n / 151) + (n % 151 > 150 ? 1 : 0));
    });
  }, 60_000);
});

it('keeps lwt as written so checkpoints from RxDB stay comparable', async () => {
  await withPair(async (pair) => {
    const t = now();
    const doc = { ...stored(sampleItems()[0] as Item, pair.token), _meta: { lwt: t } };
    await pair.write([{ document: doc as never }]);
    const page = await pair.changedSince(10);
    expect(page.checkpoint).toEqual({ id: doc.id, lwt: t });
  });
});
