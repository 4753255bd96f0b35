/**
 * Core cold start (issue #4): open a data folder holding a generated ledger (1M entries; quick: 100k)
 * and answer the first balance, next to the bare storage reopen (open the RxDB database on the same
 * file and count the ledger) measured in the same run. The first open of the folder has no balance
 * checkpoint and loads everything; it writes one on close, and the measured cold start is the next
 * open, whose whole-ledger load continues in the background (timed separately).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createCore, type Core } from '../src-main/core/app';
import { CHECKPOINT_FILE_NAME } from '../src-main/core/ledger/checkpoint-file';
import { openDatabase } from '../src-main/core/db/open-database';
import { createStorage } from '../src-main/core/db/storage';
import { fileSecretStore } from '../src-main/core/secrets';
import { toLedgerDoc } from '../src-shared/db/ledger-doc';
import { usageEntryFor } from '../src-shared/ledger/usage-entry';
import { cycleFor, entryIds, type LedgerEntry } from '../src-shared/ledger';
import { DEFAULT_RATE_CARD } from '../src-shared/pricing';
import type { UsageRequest } from '../src-shared/api/usage-request';
import { mb, printTable, sized, time } from './harness';

const REQUESTS: UsageRequest[] = [
  { kind: 'ai_reply', autoDraftAll: true, conversationMessages: 24 },
  { kind: 'ai_label', labelCount: 40 },
  { kind: 'chatbot_message', model: 'gpt-4o-mini' },
  { kind: 'conversation_embedding', count: 3 },
  { kind: 'ai_prioritize' },
];
const SETTINGS = { labelCount: 40, autoDraftAll: true, chatbotModel: 'gpt-4o-mini' };

/** n entries over the last ~two years: usage every few minutes plus each cycle's monthly grant. */
export function* generate(n: number, now: number): Generator<LedgerEntry[]> {
  const spacing = Math.floor((730 * 86_400_000) / n);
  const start = now - n * spacing;
  let batch: LedgerEntry[] = [];
  let lastCycle = -1;
  for (let i = 0; i < n; i++) {
    const at = start + i * spacing;
    const cycle = cycleFor(1, at);
    if (cycle.start !== lastCycle) {
      lastCycle = cycle.start;
      batch.push({
        id: entryIds.monthlyGrant(cycle.start),
        kind: 'grant',
        bucket: 'monthly',
        amount: 50_000_000,
        tierId: 'enterprise',
        cycleStart: cycle.start,
        expiresAt: cycle.end,
        occurredAt: cycle.start,
        recordedAt: at,
        machineId: 'bench',
      });
    }
    batch.push(
      usageEntryFor(
        {
          sourceEventId: `bench-${i}`,
          occurredAt: at,
          request: REQUESTS[i % REQUESTS.length]!,
          source: 'import',
        },
        SETTINGS,
        DEFAULT_RATE_CARD,
        { machineId: 'bench', recordedAt: at },
      ),
    );
    if (batch.length >= 10_000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

function memoryInFreshProcess(dataDir: string): {
  rss: number;
  settledRss: number;
  heapUsed: number;
  entries: number;
} {
  const child = resolve(import.meta.dirname, 'support/core-memory-child.ts');
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', child, dataDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ReturnType<typeof memoryInFreshProcess>;
}

/** Writes `n` generated entries into a fresh database under `dataDir` (RxDB's bulk insert), with progress. */
export async function seedLedger(dataDir: string, n: number, now: number): Promise<void> {
  const db = await openDatabase({ storage: createStorage(join(dataDir, 'db')) });
  let done = 0;
  for (const batch of generate(n, now)) {
    const result = await db.ledger.bulkInsert(batch.map(toLedgerDoc));
    if (result.error.length) throw new Error(`seeding failed: ${result.error[0]!.status}`);
    done += batch.length;
    if (done % 200_000 < 10_000)
      process.stdout.write(
        `\r  seeding ${done.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} entries`,
      );
  }
  process.stdout.write('\n');
  await db.close();
}

export default async function run(): Promise<void> {
  const n = sized(100_000, 1_000_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'creditdesk-core-bench-'));
  const now = Date.now();
  try {
    const seeding = await time(() => seedLedger(dataDir, n, now));

    const bare = await time(async () => {
      const db = await openDatabase({ storage: createStorage(join(dataDir, 'db')) });
      const count = await db.ledger.count().exec();
      await db.close();
      return count;
    });

    const open = () => createCore({ dataDir, mode: 'web', secretStore: fileSecretStore(dataDir) });
    const firstOverview = async (core: Core) => {
      const overview = await core.dispatch('getOverview', {}, { transport: 'test' });
      if (!overview.ok) throw new Error(overview.error.message);
    };

    // First start on this data folder: no checkpoint yet, so the whole ledger loads before answering.
    const noCheckpoint = await time(async () => {
      const core = await open();
      await firstOverview(core);
      return core;
    });
    const written = await time(() => noCheckpoint.value.close());
    const file = join(dataDir, CHECKPOINT_FILE_NAME);
    const checkpointBytes = existsSync(file) ? statSync(file).size : 0;

    // Every later start: balance and forecast from the checkpoint, the book loads in the background.
    const started = performance.now();
    const cold = await time(async () => {
      const core = await open();
      await firstOverview(core);
      return core;
    });
    const fastPath = cold.value.context.ledger.startup.from === 'checkpoint';
    const warm = await time(() => cold.value.dispatch('getOverview', {}, { transport: 'test' }));
    // Ledger pages asked for while the book still loads come from storage (see listLedger).
    const fromStorage = !cold.value.context.ledger.loaded;
    const pageAt = (sort: 'newest' | 'oldest', offset: number) =>
      time(async () => {
        const page = await cold.value.dispatch(
          'listLedger',
          { filter: {}, sort, offset, limit: 200 },
          { transport: 'test' },
        );
        if (!page.ok) throw new Error(page.error.message);
      });
    const middle = Math.floor(n / 2);
    const oldestMiddle = await pageAt('oldest', middle);
    const newestTop = await pageAt('newest', 0);
    const newestMiddle = await pageAt('newest', middle);
    const pagesFromStorage = fromStorage && !cold.value.context.ledger.loaded;
    await cold.value.context.ledger.fullSource();
    const background = performance.now() - started;
    await cold.value.close();

    // A late entry this cycle (a sync pull of another machine's usage) voids the latest cut: the
    // next start falls back to the cycle-start cut and reads the whole cycle from storage.
    const late = await openDatabase({ storage: createStorage(join(dataDir, 'db')) });
    const [lateEntry] = [...generate(1, now)][0]!.filter((e) => e.kind === 'usage');
    await late.ledger.insert(
      toLedgerDoc({
        ...lateEntry!,
        id: 'usage:late-sync',
        sourceEventId: 'late-sync',
        occurredAt: now - 2 * 86_400_000,
      } as LedgerEntry),
    );
    await late.close();
    const fallback = await time(async () => {
      const core = await open();
      await firstOverview(core);
      return core;
    });
    const fallbackStartup = fallback.value.context.ledger.startup;
    await fallback.value.close();

    const memory = memoryInFreshProcess(dataDir);

    printTable(`Core cold start, ${n.toLocaleString('en-US')} ledger entries`, [
      {
        name: 'bare storage reopen + count',
        value: bare.ms,
        unit: 'ms',
        note: `${bare.value.toLocaleString('en-US')} docs`,
      },
      {
        name: 'core open + first balance',
        value: cold.ms,
        unit: 'ms',
        baseline: 'bare storage reopen + count',
        goal: '< 1,500 ms at 1M',
        note: fastPath ? 'from the balance checkpoint (overview: balance + forecast)' : 'checkpoint NOT used',
      },
      {
        name: 'full ledger loaded (background)',
        value: background,
        unit: 'ms',
        baseline: 'bare storage reopen + count',
        note: 'from open until analytics/ledger pages can answer',
      },
      {
        name: 'open + first balance, late entry this cycle',
        value: fallback.ms,
        unit: 'ms',
        baseline: 'bare storage reopen + count',
        note:
          fallbackStartup.from === 'checkpoint'
            ? `from the cycle-start cut: the cycle's entries read from storage`
            : `checkpoint NOT used: ${fallbackStartup.reason}`,
      },
      {
        name: 'open + first balance, no checkpoint',
        value: noCheckpoint.ms,
        unit: 'ms',
        baseline: 'bare storage reopen + count',
        note: 'first start on a data folder: whole ledger loaded first',
      },
      { name: 'second overview (warm)', value: warm.ms, unit: 'ms', baseline: 'bare storage reopen + count' },
      {
        name: 'ledger page, oldest first, middle',
        value: oldestMiddle.ms,
        unit: 'ms',
        note: pagesFromStorage
          ? `200 rows at offset ${middle.toLocaleString('en-US')}, from storage while the book loads`
          : 'the book had loaded: pages came from memory',
      },
      {
        name: 'ledger page, newest first, top',
        value: newestTop.ms,
        unit: 'ms',
        baseline: 'ledger page, oldest first, middle',
        goal: '< 1,000 ms',
      },
      {
        name: 'ledger page, newest first, middle',
        value: newestMiddle.ms,
        unit: 'ms',
        baseline: 'ledger page, oldest first, middle',
        goal: '< 1,000 ms',
      },
      {
        name: 'close (writes the checkpoint)',
        value: written.ms,
        unit: 'ms',
        note: `${(checkpointBytes / 1024).toFixed(0)} KiB file`,
      },
      {
        name: 'memory with the whole ledger loaded: RSS',
        value: mb(memory.rss),
        unit: 'MB',
        note: `a fresh process; ${mb(memory.settledRss).toFixed(0)} MB after a GC`,
      },
      {
        name: 'memory with the whole ledger loaded: heap',
        value: mb(memory.heapUsed),
        unit: 'MB',
        note: `after a GC: ${Math.round(memory.heapUsed / memory.entries)} bytes per entry`,
      },
      { name: 'seeding (RxDB bulkInsert)', value: seeding.ms / 1000, unit: 's' },
      { name: 'load average (1 min) at the end', value: loadavg()[0]!, unit: '' },
    ]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
