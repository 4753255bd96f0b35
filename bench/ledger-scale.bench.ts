/**
 * The whole ledger at scale (issue #15; 1,000,000 entries, quick: 100,000) in a real SQLite data
 * folder, each figure next to a baseline measured in the same run:
 * - memory: the book's bytes per entry against the entries' amounts, times and ids as typed arrays
 *   (8 + 8 + the id's UTF-8 bytes), and the RSS of a fresh process holding it, loaded from storage
 *   and from its image (a child process, so the seeding here does not count);
 * - the whole-ledger load in the background (from the ledger image, and with the image removed) and
 *   a first start with no checkpoint, against a bare scan of the same rows (every stored document
 *   read and parsed once, nothing kept);
 * - a synced entry that changes a stored fact against appending one entry, until listeners hear
 *   of it and the balance is answered.
 */
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import { createCore, type Core } from '../src-main/core/app';
import { openDatabase } from '../src-main/core/db/open-database';
import { createStorage } from '../src-main/core/db/storage';
import { fileSecretStore } from '../src-main/core/secrets';
import { LEDGER_IMAGE_FILE_NAME } from '../src-main/core/ledger/ledger-image-file';
import { toLedgerDoc } from '../src-shared/db/ledger-doc';
import type { LedgerEntry } from '../src-shared/ledger';
import { seedLedger } from './core.bench';
import { mb, printTable, sized, time } from './harness';

interface Memory {
  entries: number;
  held: number;
  rss: number;
  openedRss: number;
  settledRss: number;
}

/**
 * The child runs as plain JavaScript, as the app does: under tsx, its TypeScript loader alone adds
 * ~35 MB of RSS that no shipped build carries. Bundled once per run (packages stay external).
 */
async function compiledChild(): Promise<string> {
  const out = resolve(import.meta.dirname, '../node_modules/.cache/creditdesk-bench/ledger-memory-child.mjs');
  await build({
    entryPoints: [resolve(import.meta.dirname, 'support/ledger-memory-child.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return out;
}

function memoryInFreshProcess(child: string, dataDir: string, imagePath?: string): Memory {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', child, dataDir, ...(imagePath ? [imagePath] : [])],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as Memory;
}

/** Every live ledger row read and parsed once, straight from the SQLite file; returns the ids' bytes. */
async function bareScan(dataDir: string): Promise<{ rows: number; idBytes: number }> {
  const db = await openDatabase({ storage: createStorage(join(dataDir, 'db')) });
  try {
    const instance = (db.ledger.storageInstance as unknown as { originalStorageInstance: unknown })
      .originalStorageInstance as { internals: { connection: Database.Database; documentTable: string } };
    const { connection, documentTable } = instance.internals;
    const rows = connection.prepare(`SELECT data FROM ${documentTable} WHERE deleted = 0`).pluck();
    let n = 0;
    let idBytes = 0;
    for (const json of rows.iterate() as IterableIterator<string>) {
      const doc = JSON.parse(json) as { id: string };
      idBytes += Buffer.byteLength(doc.id);
      n++;
    }
    return { rows: n, idBytes };
  } finally {
    await db.close();
  }
}

/** Resolves when the ledger service next tells its listeners about a change. */
const nextChange = (core: Core) =>
  new Promise<void>((done) => {
    const off = core.context.ledger.onChange(() => {
      off();
      done();
    });
  });

export default async function run(): Promise<void> {
  const n = sized(100_000, 1_000_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'creditdesk-ledger-scale-'));
  const now = Date.now();
  try {
    const seeding = await time(() => seedLedger(dataDir, n, now));

    const scan = await time(() => bareScan(dataDir));
    const open = () => createCore({ dataDir, mode: 'web', secretStore: fileSecretStore(dataDir) });
    const overview = async (core: Core) => {
      const result = await core.dispatch('getOverview', {}, { transport: 'test' });
      if (!result.ok) throw new Error(result.error.message);
    };

    // First start on the folder: no checkpoint, so the whole ledger loads before the first answer.
    const first = await time(async () => {
      const core = await open();
      await overview(core);
      return core;
    });
    await first.value.close();

    // Later starts answer from the checkpoint; the whole ledger loads in the background.
    const started = performance.now();
    const core = await open();
    await core.context.ledger.fullSource();
    const background = performance.now() - started;
    const fromCheckpoint = core.context.ledger.startup.from === 'checkpoint';

    // One entry appended (a local write) against one stored fact changed (sync replaced it): each
    // until the listeners hear of it, then a balance.
    const template = (await core.context.db.ledger.findOne({ selector: { kind: 'usage' } }).exec())!;
    const runs = 5;
    let appendMs = Infinity;
    for (let i = 0; i < runs; i++) {
      const entry = {
        ...(template.toMutableJSON() as unknown as LedgerEntry),
        id: `usage:bench-append-${i}`,
        sourceEventId: `bench-append-${i}`,
        occurredAt: now + i,
      } as LedgerEntry;
      const t0 = performance.now();
      const heard = nextChange(core);
      await core.context.db.ledger.insert(toLedgerDoc(entry));
      await heard;
      core.context.ledger.balanceAt(now + runs);
      appendMs = Math.min(appendMs, performance.now() - t0);
    }
    // Facts from a year ago: every snapshot since then is replayed again.
    const old = await core.context.db.ledger
      .find({ selector: { kind: 'usage', occurredAt: { $lt: now - 365 * 86_400_000 } }, limit: runs })
      .exec();
    const book = core.context.ledger.source();
    let changeMs = Infinity;
    for (const doc of old) {
      const t0 = performance.now();
      const heard = nextChange(core);
      await doc.incrementalPatch({ amount: doc.amount - 500 });
      await heard;
      core.context.ledger.balanceAt(now + runs);
      changeMs = Math.min(changeMs, performance.now() - t0);
    }
    const rebuiltBook = core.context.ledger.source() !== book;
    const load = core.context.ledger.lastLoad;
    await core.close();

    // The same load without the image: every stored entry scanned (what a start does when the image
    // is missing or doubtful).
    rmSync(join(dataDir, LEDGER_IMAGE_FILE_NAME));
    const scanStarted = performance.now();
    const scanning = await open();
    await scanning.context.ledger.fullSource();
    const scanLoad = performance.now() - scanStarted;
    const scanned = scanning.context.ledger.lastLoad;
    await scanning.close();

    const child = await compiledChild();
    const memory = memoryInFreshProcess(child, dataDir);
    // The image the scanning core above left on close.
    const imageMemory = memoryInFreshProcess(child, dataDir, join(dataDir, LEDGER_IMAGE_FILE_NAME));
    const perEntry = memory.held / memory.entries;
    const typedPerEntry = (16 * scan.value.rows + scan.value.idBytes) / scan.value.rows;
    const rows = n.toLocaleString('en-US');
    printTable(`Whole ledger at scale, ${rows} entries`, [
      {
        name: 'entries as typed arrays',
        value: typedPerEntry,
        unit: 'B/entry',
        note: 'amount + time (Float64) + id (UTF-8)',
      },
      {
        name: 'ledger in memory',
        value: perEntry,
        unit: 'B/entry',
        baseline: 'entries as typed arrays',
        goal: '≤ 100 B/entry',
        note: `heap + array buffers it added, after a GC (${mb(memory.held).toFixed(0)} MB)`,
      },
      {
        name: 'RSS with the ledger loaded',
        value: mb(memory.rss),
        unit: 'MB',
        goal: '< 250 MB',
        note: `a fresh process, loaded from storage; ${mb(memory.openedRss).toFixed(0)} MB before, ${mb(memory.settledRss).toFixed(0)} MB after a GC`,
      },
      {
        name: 'RSS with the ledger loaded from its image',
        value: mb(imageMemory.rss),
        unit: 'MB',
        goal: '< 250 MB',
        note: `a fresh process; ${mb(imageMemory.openedRss).toFixed(0)} MB before, ${mb(imageMemory.held).toFixed(0)} MB held after a GC`,
      },
      {
        name: 'bare storage scan',
        value: scan.ms,
        unit: 'ms',
        note: `${scan.value.rows.toLocaleString('en-US')} rows read and parsed, nothing kept`,
      },
      {
        name: 'whole ledger load (background)',
        value: background,
        unit: 'ms',
        baseline: 'bare storage scan',
        goal: '≤ 3×, < 5,000 ms',
        note:
          `open until the book is in; ${fromCheckpoint ? '' : 'checkpoint NOT used, '}` +
          (load?.from === 'image'
            ? `from the ledger image + ${load.caughtUp} later writes`
            : `image NOT used`),
      },
      {
        name: 'whole ledger load (background), no image',
        value: scanLoad,
        unit: 'ms',
        baseline: 'bare storage scan',
        goal: '≤ 3×',
        note: `the image removed: ${scanned?.from === 'storage' ? 'every entry read from storage' : 'image used?!'}`,
      },
      {
        name: 'first start, no checkpoint',
        value: first.ms,
        unit: 'ms',
        baseline: 'bare storage scan',
        goal: '≤ 3×',
        note: 'open + first overview',
      },
      {
        name: 'append one entry',
        value: appendMs,
        unit: 'ms',
        note: `best of ${runs}: insert until listeners hear, then a balance`,
      },
      {
        name: 'synced change of a stored fact',
        value: changeMs,
        unit: 'ms',
        baseline: 'append one entry',
        goal: '< 100 ms',
        note: `best of ${old.length}, a year old; ${rebuiltBook ? 'book rebuilt' : 'no rebuild'}`,
      },
      { name: 'seeding (RxDB bulkInsert)', value: seeding.ms / 1000, unit: 's' },
      { name: 'load average (1 min) at the end', value: loadavg()[0]!, unit: '' },
    ]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
