import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { getLastCheckpointDoc } from 'rxdb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createTeam,
  createToken,
  PostgresTeamDatabase,
  SqliteTeamDatabase,
  startServer,
  type ServerHandle,
  type TeamDatabase,
} from '../../src-server';
import { SQLITE_FILE } from '../../src-server/store/sqlite';
import { startSync, type SyncHandle } from '../../src-main/core/sync';
import { startPostgres, type TestPostgres } from '../server/helpers/postgres';
import { api, type Api } from '../server/helpers/endpoint';
import { createClientDb, dumpCollection, type ClientDb } from './harness/client-db';
import { adjustment, referral, wire } from './harness/docs';

/**
 * Checkpoint epochs: the endpoint's store is backed up, written to, restored from the backup (its epoch
 * renewed, as the restore procedure says), and written to again, so seq numbers the clients already
 * passed are reused for other documents. Every client must end with every document, and the endpoint
 * must get back what the restore lost, on SQLite and on PostgreSQL (a real server).
 */
let cluster: TestPostgres;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

interface Backend {
  open(): Promise<TeamDatabase>;
  backup(): Promise<void>;
  restore(): Promise<void>;
  cleanup(): Promise<void>;
}

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-epoch-'));
  const backupFile = join(dir, 'backup.sqlite');
  const data = join(dir, 'data');
  return {
    open: async () => new SqliteTeamDatabase(data),
    // Cold copies of a closed store: closing checkpoints the WAL into the main file.
    backup: async () => copyFileSync(join(data, SQLITE_FILE), backupFile),
    restore: async () => {
      for (const suffix of ['-wal', '-shm']) rmSync(join(data, SQLITE_FILE + suffix), { force: true });
      copyFileSync(backupFile, join(data, SQLITE_FILE));
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresBackend(): Promise<Backend> {
  const url = await cluster.createDatabase();
  const name = new URL(url).pathname.slice(1);
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    open: () => PostgresTeamDatabase.open({ connectionString: url, poolSize: 4 }),
    // A whole-database copy taken while no instance is connected, and restored the same way.
    backup: () => admin(`CREATE DATABASE ${name}_bk TEMPLATE ${name}`),
    restore: async () => {
      await admin(`DROP DATABASE ${name}`);
      await admin(`CREATE DATABASE ${name} TEMPLATE ${name}_bk`);
    },
    cleanup: () => admin(`DROP DATABASE IF EXISTS ${name}_bk`),
  };
}

/** Connections kept alive from before the endpoint's restart fail once each; the sync client retries too. */
function retrying(inner: Api): Api {
  const again =
    <A extends unknown[]>(fn: (...args: A) => ReturnType<Api['get']>) =>
    async (...args: A) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await fn(...args);
        } catch (error) {
          if (attempt === 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
  return { get: again(inner.get), post: again(inner.post) };
}

describe.each(['sqlite', 'postgres'] as const)('store epoch on %s', (kind) => {
  test('back up, write, restore, write again: every client converges and the endpoint lacks nothing', async () => {
    const backend = kind === 'sqlite' ? sqliteBackend() : await postgresBackend();
    let store = await backend.open();
    let server: ServerHandle = await startServer({
      port: 0,
      store,
      limits: { requestsPerMinute: 1_000_000, streamHeartbeatMs: 200 },
    });
    const port = server.port;
    const team = await createTeam(store, 'epoch');
    const { token } = await createToken(store, team.id);
    const clients: { db: ClientDb; sync: SyncHandle }[] = [];
    const epochs: string[] = [];
    const identifiers: Record<string, string> = {};
    const pushedRows: Record<string, number> = {};
    const start = (name: string, db: ClientDb) => {
      const sync = startSync({
        collections: db.collections,
        endpoint: server.url,
        getToken: () => token,
        backoff: { initialMs: 50, maxMs: 300 },
        streamIdleTimeoutMs: 2000,
        replicationIdentifier: identifiers[name],
        onReplicationIdentifier: (identifier) => (identifiers[name] = identifier),
        fetch: (input, init) => {
          if (input.includes('/push'))
            pushedRows[name] = (pushedRows[name] ?? 0) + (JSON.parse(String(init!.body)) as []).length;
          return fetch(input, init);
        },
      });
      sync.epochChanged$.subscribe((epoch) => epochs.push(`${name}:${epoch}`));
      return sync;
    };
    const client = async (name: string) => {
      const db = await createClientDb(`epoch${kind}${name}${process.pid}`, 'memory');
      const sync = start(name, db);
      clients.push({ db, sync });
      return { db, sync };
    };
    const restart = async (between: () => Promise<void>) => {
      await server.close();
      await store.close();
      await between();
      store = await backend.open();
      server = await startServer({
        port,
        store,
        limits: { requestsPerMinute: 1_000_000, streamHeartbeatMs: 200 },
      });
    };
    const ledgerIds = async (db: ClientDb) => (await dumpCollection(db.collections.ledger)).map((d) => d.id);

    try {
      const a = await client('A');
      const b = await client('B');
      for (let i = 0; i < 4; i++) await a.db.collections.ledger.insert(adjustment(`before-${i}`, 1000, 'A'));
      await a.db.collections.referrals.insert(referral('r1', 'invited', 100, 'A'));
      await a.sync.awaitInSync();
      await expect.poll(() => ledgerIds(b.db), { timeout: 15_000 }).toHaveLength(4);

      await restart(() => backend.backup());
      const epochBefore = (await store.position(team.id)).epoch;

      // Written after the backup: the restore loses these on the endpoint.
      for (let i = 0; i < 3; i++) await a.db.collections.ledger.insert(adjustment(`lost-a-${i}`, 1000, 'A'));
      for (let i = 0; i < 3; i++) await b.db.collections.ledger.insert(adjustment(`lost-b-${i}`, 1000, 'B'));
      const r1 = await a.db.collections.referrals.findOne('r1').exec();
      await r1!.incrementalPatch({ status: 'paid', signedUpAt: 200, paidAt: 200, updatedAt: 200 });
      await expect.poll(() => ledgerIds(b.db), { timeout: 15_000 }).toHaveLength(10);
      await expect.poll(() => ledgerIds(a.db), { timeout: 15_000 }).toHaveLength(10);

      // The restore procedure: stop, put the backup back, renew the epoch, start.
      await restart(async () => {
        await backend.restore();
        const restored = await backend.open();
        await restored.renewEpoch();
        await restored.close();
      });
      expect((await store.position(team.id)).epoch).not.toBe(epochBefore);

      // A machine that was never synced before writes right away: its documents take seq numbers A and B
      // have already passed under the old epoch.
      const teamApi = retrying(api(server.url, token));
      const reused = [0, 1, 2].map((i) => ({
        newDocumentState: wire(adjustment(`after-c-${i}`, 1000, 'C')),
      }));
      expect((await teamApi.post('/v1/collections/ledger/push', reused)).status).toBe(200);

      const all = [
        ...[0, 1, 2, 3].map((i) => `adjustment:before-${i}`),
        ...[0, 1, 2].flatMap((i) => [`adjustment:lost-a-${i}`, `adjustment:lost-b-${i}`]),
        ...[0, 1, 2].map((i) => `adjustment:after-c-${i}`),
      ].sort();
      const endpointIds = async () => {
        const body = (await teamApi.get('/v1/collections/ledger/pull?limit=5000')).body as {
          documents: { id: string }[];
        };
        return body.documents.map((d) => d.id).sort();
      };
      await expect.poll(endpointIds, { timeout: 30_000 }).toEqual(all);
      await expect.poll(() => ledgerIds(a.db), { timeout: 30_000 }).toEqual(all);
      await expect.poll(() => ledgerIds(b.db), { timeout: 30_000 }).toEqual(all);
      // A client that first syncs after the restore gets the same (B makes room: RxDB allows 13 collections).
      await b.sync.stop();
      await b.db.db.close();
      clients.splice(clients.indexOf(b), 1);
      const c = await client('C');
      await expect.poll(() => ledgerIds(c.db), { timeout: 30_000 }).toEqual(all);

      // The referral went back to "invited" in the backup; A's "paid" is pushed again and merged forward.
      for (const { db } of [a, c]) {
        await expect
          .poll(async () => (await dumpCollection(db.collections.referrals))[0]?.status, { timeout: 30_000 })
          .toBe('paid');
      }
      const remote = (await teamApi.get('/v1/collections/referrals/pull')).body as {
        documents: { status: string }[];
      };
      expect(remote.documents.map((d) => d.status)).toEqual(['paid']);
      // Both old clients started over once, under the new epoch, each under an identifier of its own.
      const epochNow = (await store.position(team.id)).epoch;
      expect(epochs.sort()).toEqual([`A:${epochNow}`, `B:${epochNow}`]);
      expect(identifiers.A).toMatch(new RegExp(`^creditdesk-sync:${server.url}#${epochNow}#`));
      expect(identifiers.B).not.toBe(identifiers.A);

      // A restarts with the identifier it kept: no second start-over, and no full push again.
      await a.sync.stop();
      pushedRows.A = 0;
      const aAgain = start('A', a.db);
      clients[clients.indexOf(a)] = { db: a.db, sync: aAgain };
      await a.db.collections.ledger.insert(adjustment('after-restart', 1000, 'A'));
      await expect
        .poll(endpointIds, { timeout: 30_000 })
        .toEqual([...all, 'adjustment:after-restart'].sort());
      await aAgain.awaitInSync();
      expect(epochs).toHaveLength(2);
      expect(pushedRows.A).toBe(1);
    } finally {
      for (const { db, sync } of clients) {
        await sync.stop();
        await db.db.close();
      }
      await server.close();
      await store.close();
      await backend.cleanup();
    }
  }, 120_000);
});

describe.each(['sqlite', 'postgres'] as const)('a restore without renewing the epoch on %s', (kind) => {
  test('is still caught while no client has written past the restored head: the lost documents come back', async () => {
    const backend = kind === 'sqlite' ? sqliteBackend() : await postgresBackend();
    let store = await backend.open();
    const limits = { requestsPerMinute: 1_000_000, streamHeartbeatMs: 200 };
    let server = await startServer({ port: 0, store, limits });
    const port = server.port;
    const team = await createTeam(store, 'no renew');
    const { token } = await createToken(store, team.id);
    const db = await createClientDb(`norenew${kind}${process.pid}`, 'memory');
    const sync = startSync({
      collections: db.collections,
      endpoint: server.url,
      getToken: () => token,
      backoff: { initialMs: 50, maxMs: 300 },
      streamIdleTimeoutMs: 2000,
    });
    const restarted: string[] = [];
    sync.epochChanged$.subscribe((epoch) => restarted.push(epoch));

    const restart = async (between: () => Promise<void>) => {
      await server.close();
      await store.close();
      await between();
      store = await backend.open();
      server = await startServer({ port, store, limits });
    };
    try {
      await db.collections.ledger.insert(adjustment('kept', 1000, 'A'));
      await sync.awaitInSync();
      await restart(() => backend.backup());
      for (let i = 0; i < 3; i++) await db.collections.ledger.insert(adjustment(`lost-${i}`, 1000, 'A'));
      await sync.awaitInSync();
      // The client's pull checkpoint passes the backup's head once its own documents come back to it.
      const pulledUpTo = async () => {
        const state = sync.replications.ledger!.internalReplicationState!;
        return ((await getLastCheckpointDoc(state, 'down')) as { seq?: number } | undefined)?.seq ?? 0;
      };
      await expect.poll(pulledUpTo, { timeout: 15_000 }).toBe(4);
      await restart(() => backend.restore());
      const http = retrying(api(server.url, token));
      const ids = async () =>
        ((await http.get('/v1/collections/ledger/pull')).body as { documents: { id: string }[] }).documents
          .map((d) => d.id)
          .sort();
      await expect
        .poll(ids, { timeout: 30_000 })
        .toEqual(['adjustment:kept', 'adjustment:lost-0', 'adjustment:lost-1', 'adjustment:lost-2']);
      expect(restarted).toHaveLength(1);
    } finally {
      await sync.stop();
      await db.db.close();
      await server.close();
      await store.close();
      await backend.cleanup();
    }
  }, 120_000);
});

describe('the pull checkpoint check', () => {
  let dir: string;
  let server: ServerHandle;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'creditdesk-epoch-http-'));
    server = await startServer({ port: 0, data: dir, limits: { requestsPerMinute: 1_000_000 } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('answers 409 epoch_changed for another epoch or a seq past the head; checkpoints without an epoch keep working', async () => {
    const team = await server.admin.createTeam('epoch http');
    const { token } = await server.admin.createToken(team.id);
    const http = api(server.url, token);
    await http.post('/v1/collections/ledger/push', [{ newDocumentState: wire(adjustment('e1', 1000, 'm')) }]);
    const first = (await http.get('/v1/collections/ledger/pull')).body as {
      checkpoint: { seq: number; epoch: string };
    };
    expect(first.checkpoint).toEqual({ seq: 1, epoch: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const { epoch } = first.checkpoint;

    const same = await http.get(`/v1/collections/ledger/pull?checkpoint=1&epoch=${epoch}`);
    expect(same.status).toBe(200);
    const other = await http.get('/v1/collections/ledger/pull?checkpoint=1&epoch=not-this-one');
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'epoch_changed', epoch });
    expect((other.body as { message: string }).message).toMatch(/pull again from the start/);
    const ahead = await http.get(`/v1/collections/ledger/pull?checkpoint=7&epoch=${epoch}`);
    expect(ahead.status).toBe(409);
    // A stock RxDB client sends the checkpoint back JSON-encoded, epoch included: checked the same way.
    const json = (cp: object) =>
      `/v1/collections/ledger/pull?checkpoint=${encodeURIComponent(JSON.stringify(cp))}`;
    expect((await http.get(json({ seq: 1, epoch }))).status).toBe(200);
    expect((await http.get(json({ seq: 1, epoch: 'old' }))).body).toMatchObject({ code: 'epoch_changed' });
    // An older client sends no epoch: unchanged behaviour.
    expect((await http.get('/v1/collections/ledger/pull?checkpoint=7')).status).toBe(200);

    const renewed = await server.store.renewEpoch();
    expect(renewed).not.toBe(epoch);
    const stale = await http.get(`/v1/collections/ledger/pull?checkpoint=1&epoch=${epoch}`);
    expect(stale.body).toMatchObject({ statusCode: 409, code: 'epoch_changed', epoch: renewed });
  });
});
