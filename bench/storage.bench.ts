/**
 * Storage benchmark (issue #3): the same ledger-shaped documents in
 *   (a) the SQLite RxStorage (src-main/storage),
 *   (b) RxDB's storage-memory,
 *   (c) raw better-sqlite3 statements in one transaction, on a hand-written table with the same indexes,
 * at 100k and 1M documents (BENCH_SCALE=quick: 10k and 50k): bulk insert, an indexed range query, a
 * count, and the time to reopen the file and answer the first query. Ratios are to (c).
 * Then RxDB's own performance harness (rxdb/plugins/test-utils) on (a) and (b).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RxDocumentData, RxStorage, RxStorageInstance } from 'rxdb';
import { fillWithDefaultSettings, normalizeMangoQuery, prepareQuery } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { runPerformanceTests } from 'rxdb/plugins/test-utils';
import { getRxStorageSqlite } from '../src-main/storage/index';
import { ledgerSchema } from '../src-shared/db/collections';
import { bestOf, mb, printTable, scale, sized, time, type Row } from './harness';

type Doc = RxDocumentData<Record<string, unknown>>;
type Instance = RxStorageInstance<Record<string, unknown>, unknown, unknown>;

const schema = fillWithDefaultSettings(ledgerSchema);
const BATCH = 10_000;
const T0 = 1_700_000_000_000;
const KINDS = ['usage', 'usage', 'usage', 'grant', 'reversal', 'adjustment'] as const;
const ACTIONS = ['ai_reply', 'ai_label', 'ai_prioritize', 'chatbot_message', 'kb_article', 'page_scrape'];

/** Deterministic ledger entries, one a minute, shaped like src-shared's ledger documents. */
function ledgerDocs(n: number): Doc[] {
  const docs = new Array<Doc>(n);
  for (let i = 0; i < n; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const usage = kind === 'usage';
    docs[i] = {
      id: usage ? `usage:evt_${(i * 2654435761) % 4294967296}_${i}` : `${kind}:${i}`,
      kind,
      bucket: kind === 'grant' ? (['monthly', 'bundle', 'referral'] as const)[i % 3] : '',
      actionKind: usage ? ACTIONS[i % ACTIONS.length]! : '',
      amount: usage ? -((i % 10) + 1) * 500 : 100_000,
      occurredAt: T0 + i * 60_000,
      recordedAt: T0 + i * 60_000 + 15,
      machineId: `machine-${i % 4}`,
      rateCardVersion: '2025-01',
      explanation: usage ? `AI reply in conversation ${i % 9973}, ${(i % 7) + 1} messages` : 'monthly grant',
      _deleted: false,
      _attachments: {},
      _rev: '1-bench',
      _meta: { lwt: T0 + i },
    };
  }
  return docs;
}

/** Half the entries are usage, one entry a minute: a 2000-minute window in mid-ledger holds 1000 usage rows. */
const rangeFrom = (n: number) => T0 + Math.floor(n / 2) * 60_000;
const RANGE = 2000 * 60_000;
const rangeSelector = (n: number) => ({
  _deleted: false,
  kind: 'usage',
  occurredAt: { $gte: rangeFrom(n), $lt: rangeFrom(n) + RANGE },
});
/** The usage entries of the first quarter of the ledger (an eighth of all rows). */
const countSelector = (n: number) => ({
  _deleted: false,
  kind: 'usage',
  occurredAt: { $gte: T0, $lt: T0 + Math.floor(n / 4) * 60_000 },
});

function prepared(selector: Record<string, unknown>, sort = true) {
  return prepareQuery(
    schema as never,
    normalizeMangoQuery(
      schema as never,
      { selector, ...(sort ? { sort: [{ occurredAt: 'asc' }] } : {}) } as never,
    ),
  ) as never;
}

async function createInstance(storage: RxStorage<unknown, unknown>, databaseName: string): Promise<Instance> {
  return (await storage.createStorageInstance({
    databaseInstanceToken: 'bench',
    databaseName,
    collectionName: 'ledger',
    schema: schema as never,
    options: {},
    multiInstance: false,
    devMode: false,
  })) as Instance;
}

async function insertBatches(instance: Instance, docs: Doc[]): Promise<void> {
  for (let i = 0; i < docs.length; i += BATCH) {
    const res = await instance.bulkWrite(
      docs.slice(i, i + BATCH).map((document) => ({ document })),
      'bench',
    );
    if (res.error.length) throw new Error(`bench insert failed: ${res.error.length} errors`);
  }
}

interface Figures {
  insert: number;
  query: number;
  count: number;
  reopen?: number;
  bytes?: number;
  rows: number;
  counted: number;
}

async function benchStorage(
  label: string,
  storage: RxStorage<unknown, unknown>,
  docs: Doc[],
  file?: string,
): Promise<Figures> {
  const n = docs.length;
  const name = `bench-${label}-${n}-${Date.now()}`;
  let instance = await createInstance(storage, name);
  const insert = (await time(() => insertBatches(instance, docs))).ms;
  // RxDB plans a query once and caches it, so planning stays outside the timed part.
  const rangeQuery = prepared(rangeSelector(n));
  const countQuery = prepared(countSelector(n), false);
  let rows = 0;
  const query = await bestOf(5, async () => {
    rows = (await instance.query(rangeQuery)).documents.length;
  });
  let counted = 0;
  const count = await bestOf(5, async () => {
    counted = (await instance.count(countQuery)).count;
  });
  const figures: Figures = { insert, query, count, rows, counted };
  if (file) {
    await instance.close();
    figures.bytes = statSync(join(file, `${name}.sqlite`)).size;
    figures.reopen = (
      await time(async () => {
        instance = await createInstance(storage, name);
        await instance.query(prepared(rangeSelector(n)));
      })
    ).ms;
  }
  await instance.remove();
  return figures;
}

function benchRaw(docs: Doc[], dir: string): Figures {
  const n = docs.length;
  const file = join(dir, `raw-${n}.sqlite`);
  // The same SQLite settings the storage uses, so the comparison is about the storage's own work.
  const open = () => {
    const db = new Database(file);
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('cache_size = -32768');
    db.pragma('temp_store = MEMORY');
    return db;
  };
  let db = open();
  db.exec(`
    CREATE TABLE ledger (id TEXT PRIMARY KEY, kind TEXT, bucket TEXT, actionKind TEXT, occurredAt INTEGER,
                         machineId TEXT, data TEXT);
    CREATE INDEX l_occ ON ledger (occurredAt);
    CREATE INDEX l_kind ON ledger (kind, occurredAt);
    CREATE INDEX l_action ON ledger (actionKind, occurredAt);
    CREATE INDEX l_bucket ON ledger (bucket, occurredAt);
    CREATE INDEX l_machine ON ledger (machineId, occurredAt);
  `);
  const ins = db.prepare(`INSERT INTO ledger VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const insert = performanceMs(() =>
    db.transaction(() => {
      for (const d of docs)
        ins.run(d.id, d.kind, d.bucket, d.actionKind, d.occurredAt, d.machineId, JSON.stringify(d));
    })(),
  );
  const rangeSql = `SELECT data FROM ledger WHERE kind = ? AND occurredAt >= ? AND occurredAt < ? ORDER BY occurredAt, id`;
  const runRange = (conn: Database.Database) =>
    (
      conn
        .prepare(rangeSql)
        .pluck()
        .all('usage', rangeFrom(n), rangeFrom(n) + RANGE) as string[]
    ).map((s) => JSON.parse(s) as Doc);
  const rangeStatement = db.prepare(rangeSql).pluck();
  let rows = 0;
  const query = bestOfSync(
    5,
    () =>
      (rows = (rangeStatement.all('usage', rangeFrom(n), rangeFrom(n) + RANGE) as string[]).map(
        (j) => JSON.parse(j) as Doc,
      ).length),
  );
  const countStatement = db
    .prepare(`SELECT count(*) FROM ledger WHERE kind = ? AND occurredAt >= ? AND occurredAt < ?`)
    .pluck();
  let counted = 0;
  const count = bestOfSync(5, () => {
    counted = countStatement.get('usage', T0, T0 + Math.floor(n / 4) * 60_000) as number;
  });
  db.close();
  const bytes = statSync(file).size;
  const reopen = performanceMs(() => {
    db = open();
    runRange(db);
  });
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  return { insert, query, count, reopen, bytes, rows, counted };
}

function performanceMs(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function bestOfSync(runs: number, fn: () => unknown): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, performanceMs(fn));
  return best;
}

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

async function benchSize(n: number, dir: string): Promise<void> {
  // One small untimed round first, so JIT warm-up is not charged to whichever contestant runs first.
  const warm = ledgerDocs(5_000);
  benchRaw(warm, dir);
  await benchStorage('warm', getRxStorageSqlite({ directory: dir }) as never, warm, dir);
  await benchStorage('warm', getRxStorageMemory() as never, warm);
  const docs = ledgerDocs(n);
  const raw = benchRaw(docs, dir);
  const sqlite = await benchStorage('sqlite', getRxStorageSqlite({ directory: dir }) as never, docs, dir);
  const memory = await benchStorage('memory', getRxStorageMemory() as never, docs);
  for (const f of [sqlite, memory]) {
    if (f.rows !== raw.rows || f.counted !== raw.counted) {
      throw new Error(
        `bench results disagree: rows ${f.rows}/${raw.rows}, count ${f.counted}/${raw.counted}`,
      );
    }
  }
  const L = label(n);
  const rows: Row[] = [];
  const add = (
    measure: string,
    key: 'insert' | 'query' | 'count' | 'reopen',
    goal?: string,
    note?: string,
  ) => {
    const base = `${measure} — (c) raw better-sqlite3`;
    rows.push({
      name: base,
      value: raw[key]!,
      unit: 'ms',
      note: key === 'insert' ? 'one transaction' : undefined,
    });
    rows.push({
      name: `${measure} — (a) sqlite storage`,
      value: sqlite[key]!,
      unit: 'ms',
      baseline: base,
      better: 'lower',
      goal,
      note,
    });
    // storage-memory keeps nothing across a restart, so it has no reopen figure.
    if (key !== 'reopen') {
      rows.push({
        name: `${measure} — (b) storage-memory`,
        value: memory[key],
        unit: 'ms',
        baseline: base,
        better: 'lower',
      });
    }
  };
  add(`insert ${L}`, 'insert', '≤ 3×', `bulkWrite batches of ${BATCH / 1000}k`);
  add(`range query (${raw.rows} docs)`, 'query', '≤ 3×', 'kind + occurredAt range, sorted, parsed');
  add(`count (${raw.counted} of ${L})`, 'count');
  add(`reopen + first query ${L}`, 'reopen', n >= 1_000_000 ? '< 1000 ms' : undefined, '(b) not persistent');
  rows.push({ name: `file size ${L} — (c) raw better-sqlite3`, value: mb(raw.bytes!), unit: 'MB' });
  rows.push({
    name: `file size ${L} — (a) sqlite storage`,
    value: mb(sqlite.bytes!),
    unit: 'MB',
    baseline: `file size ${L} — (c) raw better-sqlite3`,
    better: 'lower',
  });
  printTable(`storage: ${L} ledger documents`, rows);
}

async function rxdbHarness(dir: string): Promise<void> {
  const config = { runs: sized(3, 12), log: false, waitBetweenTests: sized(20, 100) };
  const sqlite = await runPerformanceTests(
    getRxStorageSqlite({ directory: join(dir, 'harness') }),
    'creditdesk sqlite',
    config,
  );
  const memory = await runPerformanceTests(getRxStorageMemory(), 'storage-memory', config);
  const rows: Row[] = [];
  for (const [key, value] of Object.entries(memory)) {
    if (typeof value !== 'number' || key === 'collectionsAmount' || key === 'docsAmount') continue;
    rows.push({ name: `${key} — storage-memory`, value, unit: 'ms' });
    rows.push({
      name: `${key} — sqlite storage`,
      value: (sqlite as Record<string, number>)[key]!,
      unit: 'ms',
      baseline: `${key} — storage-memory`,
      better: 'lower',
    });
  }
  printTable(
    `RxDB test-utils performance harness (${config.runs} runs, ${memory.docsAmount} docs, ${memory.collectionsAmount} collections)`,
    rows,
  );
}

export default async function storageBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-storage-bench-'));
  try {
    for (const n of [sized(10_000, 100_000), sized(50_000, 1_000_000)]) await benchSize(n, dir);
    await rxdbHarness(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (scale === 'quick')
    console.log('(quick scale: the issue goals are stated for BENCH_SCALE=full, 100k and 1M)');
}
