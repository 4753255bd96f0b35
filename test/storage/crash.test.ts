/**
 * Crash safety: a child process writes through RxDB on this storage (synchronous=FULL) and reports each
 * write once RxDB resolved it; it is killed with SIGKILL at a random moment. After every kill the
 * database is reopened through RxDB: every reported write must be there, and SQLite's integrity check
 * must pass. CRASH_ROUNDS sets the number of rounds (default 20).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { addRxPlugin, createRxDatabase } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { afterAll, expect, it } from 'vitest';
import { getRxStorageSqlite } from '../../src-main/storage/index';
import { crashCollections } from '../fixtures/storage/crash-collections';
import { exited, lines, spawnTs } from './helpers/os';
import { tempFolder } from './helpers/temp';

// The ledger schema is past version 0, so opening it needs the migration plugin, as the app has.
addRxPlugin(RxDBMigrationSchemaPlugin);

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const folder = tempFolder('crash');
afterAll(() => folder.remove());

interface Reported {
  inserted: Set<string>;
  deleted: Set<string>;
  maybeDeleted: Set<string>;
  counter: number;
}

async function runRound(round: number, reported: Reported): Promise<number> {
  const child = spawnTs('test/fixtures/storage/crash-writer.ts', [folder.dir, 'crashdb', String(round)]);
  let writes = 0;
  let resolveFirst: () => void = () => {};
  const firstWrite = new Promise<void>((r) => (resolveFirst = r));
  lines(child, (line) => {
    const [tag, rest = ''] = [line.slice(0, 1), line.slice(2)];
    if (tag === 'I') for (const id of rest.split(',')) reported.inserted.add(id);
    else if (tag === 'd') reported.maybeDeleted.add(rest);
    else if (tag === 'D') {
      reported.deleted.add(rest);
      reported.maybeDeleted.delete(rest);
    } else if (tag === 'C') reported.counter = Math.max(reported.counter, Number(rest));
    writes++;
    resolveFirst();
  });
  await Promise.race([
    firstWrite,
    exited(child).then(() => Promise.reject(new Error('writer exited before writing'))),
  ]);
  // Kill somewhere between a few and a few hundred writes in.
  await new Promise((r) => setTimeout(r, 5 + Math.random() * 400));
  child.kill('SIGKILL');
  await exited(child);
  expect(child.signalCode).toBe('SIGKILL');
  return writes;
}

async function verify(reported: Reported): Promise<void> {
  const db = await createRxDatabase({
    name: 'crashdb',
    storage: getRxStorageSqlite({ directory: folder.dir }),
    multiInstance: false,
  });
  try {
    const cols = await db.addCollections(crashCollections);
    const mustExist = [...reported.inserted].filter(
      (id) => !reported.deleted.has(id) && !reported.maybeDeleted.has(id),
    );
    const found = await cols.ledger.findByIds(mustExist).exec();
    const missing = mustExist.filter((id) => !found.has(id));
    expect(missing, 'reported inserts missing after the crash').toEqual([]);
    const deleted = await cols.ledger.findByIds([...reported.deleted]).exec();
    expect([...deleted.keys()], 'reported deletes undone by the crash').toEqual([]);
    const counter = await cols.counters.findOne('c').exec();
    expect(counter ? (counter.toJSON().value as number) : 0).toBeGreaterThanOrEqual(reported.counter);
  } finally {
    await db.close();
  }
  const raw = new Database(join(folder.dir, 'crashdb.sqlite'), { readonly: true });
  try {
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    raw.close();
  }
}

it(`keeps every reported write across ${ROUNDS} SIGKILLs`, async () => {
  const reported: Reported = { inserted: new Set(), deleted: new Set(), maybeDeleted: new Set(), counter: 0 };
  let writes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    writes += await runRound(round, reported);
    await verify(reported);
  }
  console.log(
    `crash test: ${ROUNDS} SIGKILL rounds, ${writes} reported writes, ${reported.inserted.size} ledger ids, ` +
      `${reported.deleted.size} deletes, counter ${reported.counter}`,
  );
  expect(reported.inserted.size).toBeGreaterThan(ROUNDS);
}, 600_000);
