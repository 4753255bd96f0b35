/**
 * Randomized operation sequences (fast-check) run on the SQLite storage and on storage-memory; every
 * step's result must match. FUZZ_RUNS sets the number of sequences (default keeps the suite fast);
 * e.g. FUZZ_RUNS=2000 npx vitest run test/storage/fuzz.test.ts for a deep run.
 */
import fc from 'fast-check';
import type { BulkWriteRow, MangoQuery, RxDocumentData } from 'rxdb';
import { createRevision, now } from 'rxdb';
import { afterAll, expect, it } from 'vitest';
import { DifferentialPair } from './helpers/differential';
import { itemSchema } from './helpers/schemas';
import { tempFolder } from './helpers/temp';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const folder = tempFolder('fuzz');
afterAll(() => folder.remove());

type AnyDoc = Record<string, unknown>;
type Doc = RxDocumentData<AnyDoc>;

/*
 * Ids avoid control characters: for ids that differ only by a control character, RxDB's fallback
 * getChangedDocumentsSince (which storage-memory uses) filters by JS order but pages in padded index
 * order, so it can skip or repeat documents; ours pages consistently in index order.
 */
const ID_POOL = [
  'a',
  'b',
  'B',
  'a b',
  'ab',
  '\u00e9',
  '\u{1F600}',
  '\uFF01',
  '\uE000x',
  'id-1',
  'id-10',
  'id-2',
];
const chars = fc.constantFrom(
  'a',
  'b',
  'B',
  ' ',
  '\t',
  '\u0000',
  '\u00e9',
  '\u{1F600}',
  '\uFF01',
  '\uE000',
  'z',
  '1',
);
const str = (max: number) =>
  fc
    .array(chars, { maxLength: max })
    .map((a) => a.join(''))
    .filter((s) => s.length <= max);

const itemFields = {
  name: str(12),
  tag: str(6),
  age: fc.integer({ min: 0, max: 150 }),
  score: fc.integer({ min: -100_000, max: 100_000 }).map((n) => n / 100),
  active: fc.boolean(),
  nested: fc.record({ zip: str(8), n: fc.integer({ min: -3, max: 3 }) }, { requiredKeys: ['zip'] }),
  list: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }),
  note: str(6),
  count: fc.integer({ min: -2, max: 5 }),
};
const item = fc.record(itemFields, { requiredKeys: ['name', 'tag', 'age', 'score', 'active', 'nested'] });
const changes = fc.record(itemFields, { requiredKeys: [] });

const stringField = fc.constantFrom('name', 'tag', 'nested.zip', 'note');
const numberField = fc.constantFrom('age', 'score', 'count', 'nested.n');
const num = fc.oneof(
  fc.integer({ min: -5, max: 160 }),
  fc.integer({ min: -1100, max: 1100 }).map((n) => n / 10),
);
const cmp = fc.constantFrom('$eq', '$ne', '$gt', '$gte', '$lt', '$lte');

const condition = fc.oneof(
  fc.tuple(stringField, cmp, str(4)).map(([f, op, v]) => ({ [f]: { [op]: v } })),
  fc.tuple(stringField, str(3), str(3)).map(([f, lo, hi]) => ({ [f]: { $gte: lo, $lt: hi } })),
  fc.tuple(stringField, fc.array(str(3), { maxLength: 3 }), fc.boolean()).map(([f, v, not]) => ({
    [f]: { [not ? '$nin' : '$in']: v },
  })),
  fc
    .tuple(stringField, fc.constantFrom('a', 'b', '^b', ' ', '\u{1F600}'))
    .map(([f, r]) => ({ [f]: { $regex: r } })),
  fc
    .tuple(fc.constantFrom('note', 'count', 'list', 'nested.n'), fc.boolean())
    .map(([f, e]) => ({ [f]: { $exists: e } })),
  fc.tuple(numberField, cmp, num).map(([f, op, v]) => ({ [f]: { [op]: v } })),
  fc.tuple(numberField, num, num).map(([f, lo, hi]) => ({ [f]: { $gt: lo, $lte: hi } })),
  fc.tuple(numberField, fc.array(num, { maxLength: 3 })).map(([f, v]) => ({ [f]: { $in: v } })),
  fc.tuple(fc.constantFrom('$eq', '$ne'), fc.boolean()).map(([op, v]) => ({ active: { [op]: v } })),
  fc.integer({ min: 0, max: 3 }).map((n) => ({ list: { $size: n } })),
  fc.constantFrom('a', 'b').map((v) => ({ list: { $elemMatch: { $eq: v } } })),
);
const plainSelector = fc.array(condition, { maxLength: 3 }).map((cs) => Object.assign({}, ...cs) as AnyDoc);
const selector = fc.oneof(
  { arbitrary: plainSelector, weight: 6 },
  { arbitrary: fc.tuple(plainSelector, plainSelector).map(([a, b]) => ({ $or: [a, b] })), weight: 1 },
  { arbitrary: fc.tuple(plainSelector, plainSelector).map(([a, b]) => ({ $and: [a, b] })), weight: 1 },
);
const sortField = fc.constantFrom(
  'name',
  'tag',
  'age',
  'score',
  'active',
  'nested.zip',
  'note',
  'count',
  'id',
);
const sort = fc.array(fc.tuple(sortField, fc.constantFrom('asc', 'desc')), { maxLength: 2 }).map((parts) => {
  const seen = new Set<string>();
  return parts.filter(([f]) => !seen.has(f) && seen.add(f)).map(([f, d]) => ({ [f]: d }));
});
/** All descending and ending in the primary key (the ledger's newest-first order); rare in `sort`. */
const descendingSort = fc
  .uniqueArray(
    sortField.filter((f) => f !== 'id'),
    { maxLength: 2 },
  )
  .map((fields) => [...fields.map((f) => ({ [f]: 'desc' })), { id: 'desc' }]);
const query = fc
  .record(
    {
      selector,
      sort: fc.oneof(sort, descendingSort),
      skip: fc.integer({ min: 0, max: 6 }),
      limit: fc.integer({ min: 0, max: 12 }),
      liveOnly: fc.boolean(),
      index: fc.constantFrom(...(itemSchema.indexes as string[][])),
    },
    { requiredKeys: ['selector', 'liveOnly'] },
  )
  .map(({ selector: s, sort: so, liveOnly, ...rest }) => {
    const q: MangoQuery<AnyDoc> = { selector: liveOnly ? { ...s, _deleted: { $eq: false } } : s, ...rest };
    if (so && so.length) q.sort = so as never;
    return q;
  });

const id = fc.constantFrom(...ID_POOL);
type Op =
  | { t: 'insert'; docs: [string, AnyDoc][] }
  | { t: 'update'; id: string; changes: AnyDoc; stale: boolean }
  | { t: 'delete'; id: string; stale: boolean }
  | { t: 'revive'; id: string; changes: AnyDoc }
  | { t: 'query'; q: MangoQuery<AnyDoc> }
  | { t: 'count'; q: MangoQuery<AnyDoc> }
  | { t: 'find'; ids: string[]; withDeleted: boolean }
  | { t: 'changes'; pageSize: number }
  | { t: 'cleanup'; all: boolean }
  | { t: 'reopen' };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc
      .uniqueArray(fc.tuple(id, item), { selector: ([i]) => i, minLength: 1, maxLength: 5 })
      .map((docs) => ({ t: 'insert' as const, docs })),
    weight: 4,
  },
  {
    arbitrary: fc.record({ t: fc.constant('update' as const), id, changes, stale: fc.boolean() }),
    weight: 3,
  },
  { arbitrary: fc.record({ t: fc.constant('delete' as const), id, stale: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('revive' as const), id, changes }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('query' as const), q: query }), weight: 5 },
  { arbitrary: fc.record({ t: fc.constant('count' as const), q: query }), weight: 2 },
  {
    arbitrary: fc.record({
      t: fc.constant('find' as const),
      ids: fc.array(id, { maxLength: 4 }),
      withDeleted: fc.boolean(),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ t: fc.constant('changes' as const), pageSize: fc.integer({ min: 1, max: 5 }) }),
    weight: 1,
  },
  { arbitrary: fc.record({ t: fc.constant('cleanup' as const), all: fc.boolean() }), weight: 1 },
  { arbitrary: fc.constant({ t: 'reopen' as const }), weight: 1 },
);

async function current(pair: DifferentialPair, docId: string): Promise<Doc | undefined> {
  return ((await pair.findById([docId], true)) as Doc[])[0];
}

async function apply(pair: DifferentialPair, o: Op): Promise<void> {
  // RxDB gives every document of one bulkWrite the same lwt; doing the same exercises checkpoint ties.
  const lwt = now();
  const next = (prev: Doc | undefined, patch: AnyDoc): Doc =>
    ({ ...prev, ...patch, _rev: createRevision(pair.token, prev), _meta: { lwt }, _attachments: {} }) as Doc;
  switch (o.t) {
    case 'insert': {
      const rows: BulkWriteRow<AnyDoc>[] = o.docs.map(([docId, data]) => ({
        document: next(undefined, { ...data, id: docId, _deleted: false }) as never,
      }));
      await pair.write(rows);
      return;
    }
    case 'update':
    case 'delete':
    case 'revive': {
      const prev = await current(pair, o.id);
      if (!prev || (o.t === 'revive') !== prev._deleted) return;
      const previous =
        o.t !== 'revive' && o.stale
          ? { ...prev, _rev: `${Number(prev._rev.split('-')[0]) + 5}-stale` }
          : prev;
      const patch =
        o.t === 'delete'
          ? { _deleted: true }
          : o.t === 'revive'
            ? { ...o.changes, _deleted: false }
            : o.changes;
      await pair.write([{ previous, document: next(prev, patch) as never }]);
      return;
    }
    case 'query':
      await pair.query(o.q);
      return;
    case 'count': {
      // storage-memory's count ignores skip/limit; compare the unlimited count.
      const { skip: _s, limit: _l, ...rest } = o.q;
      await pair.count(rest);
      return;
    }
    case 'find':
      await pair.findById(o.ids, o.withDeleted);
      return;
    case 'changes':
      await pair.allChanges(o.pageSize);
      return;
    case 'cleanup':
      await pair.cleanup(o.all ? 0 : 60_000);
      return;
    case 'reopen':
      await pair.reopen();
      return;
  }
}

it(`random operation sequences give the same results as storage-memory (${RUNS} runs)`, async () => {
  let steps = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
      const pair = await DifferentialPair.open({ directory: folder.dir, schema: itemSchema as never });
      try {
        for (const o of ops) {
          await apply(pair, o);
          steps++;
        }
        await pair.findById(ID_POOL, true);
        await pair.allChanges(3);
      } finally {
        await pair.dispose();
      }
    }),
    { numRuns: RUNS },
  );
  expect(steps).toBeGreaterThan(RUNS);
}, 600_000);
