import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PostgresStore, startServer, createTeam, createToken } from '../../src-server';
import { postgresForThisFile } from './helpers/postgres';
import { api } from './helpers/endpoint';
import { referral, wire } from '../sync/harness/docs';
import { prng } from '../sync/harness/fault-proxy';

/**
 * Scenario 6, the checkpoint-hole hunter: pushes that commit slowly and out of order while a puller
 * loops on the checkpoint. The union of everything pulled must equal the table. The same property
 * is run against the naive scheme (a plain sequence, no per-team lock) and must fail there. It pushes
 * referrals: one team's ledger pushes are queued one at a time in the endpoint process (entry rules read
 * what is stored), so they never commit concurrently there; the counter is shared by every collection.
 */

const pg = postgresForThisFile();

interface Workload {
  pushers: number;
  pushesEach: number;
  maxDelayMs: number;
  seed: number;
}

const workload = fc.record({
  pushers: fc.integer({ min: 4, max: 10 }),
  pushesEach: fc.integer({ min: 5, max: 15 }),
  maxDelayMs: fc.integer({ min: 5, max: 30 }),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function hunt(
  naive: boolean,
  w: Workload,
): Promise<{ table: number; pulled: number; missing: string[] }> {
  const random = prng(w.seed);
  const store = await PostgresStore.open({
    connectionString: await pg.createDatabase(),
    poolSize: w.pushers + 4,
    unsafeNaiveSequence: naive,
    // Commits that take a while after their seq numbers were taken: the window late commits need.
    beforeCommit: async () => {
      await sleep(random() * w.maxDelayMs);
    },
  });
  const server = await startServer({ port: 0, store, limits: { requestsPerMinute: 1_000_000 } });
  try {
    const team = await createTeam(store, 'hunt');
    const client = api(server.url, (await createToken(store, team.id)).token);
    const pulled = new Set<string>();
    let done = false;
    const puller = (async () => {
      let checkpoint: number | null = null;
      let emptyAfterDone = 0;
      while (emptyAfterDone < 3) {
        const query: string = checkpoint === null ? '?limit=20' : `?limit=20&checkpoint=${checkpoint}`;
        const body = (await client.get(`/v1/collections/referrals/pull${query}`)).body as {
          documents: { id: string }[];
          checkpoint: { seq: number } | null;
        };
        for (const doc of body.documents) pulled.add(doc.id);
        if (body.checkpoint) checkpoint = body.checkpoint.seq;
        if (body.documents.length === 0) {
          if (done) emptyAfterDone++;
          await sleep(1);
        }
      }
    })();
    await Promise.all(
      Array.from({ length: w.pushers }, async (_, p) => {
        for (let i = 0; i < w.pushesEach; i++) {
          const rows = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, k) => ({
            newDocumentState: wire(referral(`p${p}-${i}-${k}`, 'invited', 1_700_000_000_000, `m${p}`)),
          }));
          const response = await client.post('/v1/collections/referrals/push', rows);
          if (response.status !== 200) throw new Error(`push failed: ${response.text}`);
        }
      }),
    );
    done = true;
    await puller;
    const table = new Set<string>();
    for (let after = 0; ;) {
      const body = (await client.get(`/v1/collections/referrals/pull?limit=5000&checkpoint=${after}`))
        .body as {
        documents: { id: string }[];
        checkpoint: { seq: number };
      };
      for (const doc of body.documents) table.add(doc.id);
      if (body.documents.length < 5000) break;
      after = body.checkpoint.seq;
    }
    return { table: table.size, pulled: pulled.size, missing: [...table].filter((id) => !pulled.has(id)) };
  } finally {
    await server.close();
    await store.close();
  }
}

const seed = process.env.SYNC_SEED ? Number(process.env.SYNC_SEED) : Math.floor(Math.random() * 2 ** 31);
const runs = Math.max(
  2,
  Math.round(4 * Number(process.env.SYNC_RUNS_SCALE ?? (process.env.SYNC_DEEP === '1' ? 5 : 1))),
);

describe('checkpoint-hole hunter on PostgreSQL', () => {
  const noHoles = (naive: boolean, log: string[]) =>
    fc.asyncProperty(workload, async (w) => {
      const result = await hunt(naive, w);
      log.push(
        `${naive ? 'naive' : 'locked'} ${JSON.stringify(w)}: table ${result.table}, pulled ${result.pulled}, missed ${result.missing.length}`,
      );
      if (result.missing.length > 0)
        throw new Error(
          `the puller never saw ${result.missing.length} committed documents, e.g. ${result.missing[0]}`,
        );
    });

  test(`the per-team counter lock leaves no hole (${runs} runs)`, async () => {
    const log: string[] = [];
    const details = await fc.check(noHoles(false, log), { numRuns: runs, seed });
    console.log(`[hole hunter, ours] seed ${seed}\n  ${log.join('\n  ')}`);
    expect(details.failed, details.failed ? (fc.defaultReportMessage(details) ?? '') : '').toBe(false);
  }, 300_000);

  test('the same hunter catches holes in a naive sequence', async () => {
    const log: string[] = [];
    const details = await fc.check(noHoles(true, log), { numRuns: runs, seed, endOnFailure: true });
    console.log(`[hole hunter, naive] seed ${seed}\n  ${log.join('\n  ')}`);
    expect(details.failed).toBe(true);
    expect(String((details.errorInstance as Error).message)).toMatch(/never saw \d+ committed documents/);
  }, 300_000);
});
