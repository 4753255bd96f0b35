/**
 * Queries on indexed fields run as SQL range scans on the index RxDB's query planner picked: SQLite's
 * EXPLAIN QUERY PLAN must show a SEARCH on that index and never a full-table SCAN or a temporary sort.
 * Results are still compared with storage-memory.
 */
import type { MangoQuery } from 'rxdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DifferentialPair } from './helpers/differential';
import { insertRow } from './helpers/docs';
import { filledLedgerSchema } from './helpers/schemas';
import { tempFolder } from './helpers/temp';

const folder = tempFolder('plan');
let pair: DifferentialPair;

const kinds = ['grant', 'usage', 'reversal', 'adjustment'];
const buckets = ['', 'monthly', 'bundle', 'referral', 'manual'];

beforeAll(async () => {
  pair = await DifferentialPair.open({
    directory: folder.dir,
    schema: filledLedgerSchema as never,
    collectionName: 'ledger',
  });
  const rows = Array.from({ length: 3000 }, (_, i) =>
    insertRow(
      {
        id: `usage:evt-${i}`,
        kind: kinds[i % 4],
        bucket: buckets[i % 5],
        actionKind: i % 4 === 1 ? ['ai_reply', 'ai_label', 'chatbot_message'][i % 3] : '',
        amount: i % 4 === 1 ? -5000 : 1000,
        occurredAt: 1_700_000_000_000 + i * 60_000,
        recordedAt: 1_700_000_000_000 + i * 60_000,
        machineId: `m${i % 3}`,
      },
      pair.token,
    ),
  );
  expect(await pair.write(rows)).toEqual([]);
});

afterAll(async () => {
  await pair.dispose();
  folder.remove();
});

const t0 = 1_700_000_000_000;
const queries: [string, MangoQuery<Record<string, unknown>>][] = [
  [
    'kind + time range',
    { selector: { _deleted: false, kind: 'usage', occurredAt: { $gte: t0 + 6e6, $lt: t0 + 12e6 } } },
  ],
  [
    'time range only',
    { selector: { _deleted: false, occurredAt: { $gt: t0 + 1e8 } }, sort: [{ occurredAt: 'asc' }] },
  ],
  ['machine', { selector: { _deleted: false, machineId: 'm1' }, limit: 10, skip: 5 }],
  ['bucket + range', { selector: { _deleted: false, bucket: 'bundle', occurredAt: { $lte: t0 + 5e7 } } }],
  [
    'action in list (range then JS filter)',
    { selector: { _deleted: false, actionKind: { $in: ['ai_label', 'ai_reply'] } } },
  ],
  [
    'descending sort (JS sort of the range)',
    { selector: { _deleted: false, kind: 'grant' }, sort: [{ occurredAt: 'desc' }] },
  ],
  [
    'changes since (RxDB replication)',
    { selector: { '_meta.lwt': { $gte: 0 } }, sort: [{ '_meta.lwt': 'asc' }, { id: 'asc' }], limit: 50 },
  ],
];

describe('EXPLAIN QUERY PLAN', () => {
  for (const [label, query] of queries) {
    it(`${label}: SEARCH on the planned index, no table scan`, async () => {
      const prepared = pair.prepare(query);
      const column = pair.sqlite.internals.indexColumns.find(
        (c) => c.fields.join(',') === (prepared.queryPlan.index as string[]).join(','),
      )!.column;
      for (const op of ['query', 'count'] as const) {
        const plan = pair.sqlite.explain(prepared as never, op).join('\n');
        expect(plan).toMatch(
          new RegExp(
            `SEARCH ${pair.sqlite.internals.documentTable} USING (COVERING )?INDEX \\S+_${column} \\(${column}>\\??`,
          ),
        );
        expect(plan).not.toMatch(/\bSCAN\b/);
        expect(plan).not.toMatch(/TEMP B-TREE/);
      }
      const docs = await pair.query(query);
      expect(docs.length).toBeGreaterThan(0);
      // storage-memory's count ignores skip/limit (ours honours them), so compare counts without them.
      const { limit: _limit, skip: _skip, ...unlimited } = query;
      await pair.count(unlimited);
    });
  }

  it('scan hands over the same documents as query, in the same order, for every plan', async () => {
    for (const [label, query] of queries) {
      const prepared = pair.prepare(query);
      const { documents } = await pair.sqlite.query(prepared as never);
      const seen: unknown[] = [];
      const n = pair.sqlite.scan(prepared as never, (doc) => seen.push(doc));
      expect(n, label).toBe(documents.length);
      expect(seen, label).toEqual(documents);
    }
  });

  it('the planned range is narrow: a kind + time query covers only its slice of the index', async () => {
    const prepared = pair.prepare(queries[0]![1]);
    const plan = pair.sqlite.explain(prepared as never, 'count').join('\n');
    expect(plan).toMatch(/>\? AND \S+<\?/);
    const count = await pair.count(queries[0]![1]);
    expect(count).toBe(25);
  });
});
