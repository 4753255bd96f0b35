import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type ServerHandle } from '../../src-server';
import { startSync, type SyncHandle, type SyncStatus, type ReportedConflict } from '../../src-main/core/sync';
import { createClientDb, dumpCollection, type ClientDb } from './harness/client-db';
import { FaultProxy } from './harness/fault-proxy';
import { canonicalJson } from '../../src-shared/db/ledger-doc';
import { adjustment, referral, settings } from './harness/docs';

let server: ServerHandle;
let dir: string;
const open: { db: ClientDb; sync: SyncHandle | null }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'creditdesk-client-test-'));
  server = await startServer({
    port: 0,
    data: dir,
    limits: { requestsPerMinute: 1_000_000, streamHeartbeatMs: 200, streamAuthRecheckMs: 200 },
  });
});
afterEach(async () => {
  for (const { db, sync } of open.splice(0)) {
    await sync?.stop();
    await db.db.close();
  }
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
async function machine(endpoint: string, getToken: () => string | null, options: { start?: boolean } = {}) {
  const db = await createClientDb(`client${process.pid}x${++counter}`, 'memory');
  const entry: (typeof open)[number] = { db, sync: null };
  open.push(entry);
  const start = () =>
    (entry.sync = startSync({
      collections: db.collections,
      endpoint,
      getToken,
      backoff: { initialMs: 50, maxMs: 300 },
      streamIdleTimeoutMs: 1000,
    }));
  if (options.start !== false) start();
  return {
    db,
    start,
    get sync() {
      return entry.sync!;
    },
  };
}

const until = (sync: SyncHandle, predicate: (s: SyncStatus) => boolean, ms = 10_000) =>
  firstValueFrom(sync.status$.pipe(filter(predicate), timeout(ms)));

async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function teamToken() {
  const team = await server.admin.createTeam('client tests');
  return (await server.admin.createToken(team.id)).token;
}

describe('sync client', () => {
  test('status: connecting, then online and streaming, with last sync time', async () => {
    const token = await teamToken();
    const a = await machine(server.url, () => token);
    expect(['connecting', 'online']).toContain(a.sync.status.state);
    const online = await until(a.sync, (s) => s.online && s.streaming && s.lastSyncAt !== null);
    expect(online.state).toBe('online');
    expect(online.lastSyncAt).toBeGreaterThan(0);
    expect(online.pendingPush).toBe(0);
    expect(online.lastError).toBeNull();
  });

  test('offline: writes wait to push and are counted, then go out when the endpoint is back', async () => {
    const token = await teamToken();
    const proxy = new FaultProxy(server.port);
    await proxy.listen();
    try {
      const a = await machine(`http://127.0.0.1:${proxy.port}`, () => token);
      await until(a.sync, (s) => s.online && s.streaming);
      proxy.setOffline(true);
      await until(a.sync, (s) => !s.online);
      for (let i = 0; i < 3; i++) await a.db.collections.ledger.insert(adjustment(`off-${i}`, 1000, 'A'));
      const waiting = await until(a.sync, (s) => s.pendingPush === 3);
      expect(waiting.state).toBe('offline');
      expect(waiting.lastError?.message).toMatch(
        /^(Fetching|Sending|Live updates of) (ledger entries|referrals|workspace settings|rate cards|alerts)\b.*: the sync endpoint is unreachable/,
      );
      expect(waiting.lastError?.message).not.toMatch(/\b(pull|push) \w+:|change stream/);
      expect(waiting.lastError?.status).toBe(0);
      proxy.setOffline(false);
      const back = await until(a.sync, (s) => s.online && s.pendingPush === 0 && s.streaming);
      expect(back.state).toBe('online');
      const b = await machine(server.url, () => token);
      await eventually(async () => (await b.db.collections.ledger.count().exec()) === 3);
    } finally {
      await proxy.close();
    }
  });

  test('documents written before sync started are counted as waiting and pushed', async () => {
    const token = await teamToken();
    const a = await machine('http://127.0.0.1:9', () => token, { start: false });
    for (let i = 0; i < 4; i++) await a.db.collections.ledger.insert(adjustment(`early-${i}`, 1000, 'A'));
    a.start();
    const waiting = await until(a.sync, (s) => s.pendingPush === 4);
    expect(waiting.online).toBe(false);
  });

  test('a bad token is an error the status shows; a new token from the provider is used without restarting', async () => {
    let token: string | null = null;
    const good = await teamToken();
    const a = await machine(server.url, () => token);
    const missing = await until(a.sync, (s) => s.lastError !== null);
    expect(missing.lastError?.message).toMatch(/no sync token is set/);
    token = 'cdk_000000000000_' + 'x'.repeat(43);
    const refused = await until(a.sync, (s) => /HTTP 401/.test(s.lastError?.message ?? ''));
    expect(refused.online).toBe(true);
    expect(refused.lastError?.message).toMatch(/HTTP 401: the bearer token is unknown or has been revoked/);
    token = good;
    await until(
      a.sync,
      (s) =>
        s.streaming &&
        s.lastSyncAt !== null &&
        s.lastError?.at !== undefined &&
        Date.now() - s.lastSyncAt < 2000,
    );
    await a.db.collections.ledger.insert(adjustment('with-good-token', 1000, 'A'));
    const b = await machine(server.url, () => good);
    await eventually(async () => (await b.db.collections.ledger.count().exec()) === 1);
  });

  test('immutable entries keep the server version and report a real conflict, not a provenance difference', async () => {
    const token = await teamToken();
    const a = await machine(server.url, () => token);
    // Two different facts under one id. Adjustments, not monthly grants: an adjustment's amount is the admin's
    // (within the per-entry limit), so both copies pass the entry rules and only the id clash is tested.
    await a.db.collections.ledger.insert(adjustment('fact', 1_000_000, 'A'));
    await a.db.collections.ledger.insert(adjustment('same', 500, 'A'));
    await until(a.sync, (s) => s.pendingPush === 0 && s.online);
    await a.sync.awaitInSync();

    // B records that fact with another amount and the same adjustment from another machine, offline.
    const b = await machine(server.url, () => token, { start: false });
    await b.db.collections.ledger.insert(adjustment('fact', 2_000_000, 'B'));
    await b.db.collections.ledger.insert({ ...adjustment('same', 500, 'B'), recordedAt: 1 });
    b.start();
    const reported: ReportedConflict[] = [];
    b.sync.conflicts$.subscribe((c) => reported.push(c));
    await eventually(
      async () =>
        canonicalJson(await dumpCollection(b.db.collections.ledger)) ===
        canonicalJson(await dumpCollection(a.db.collections.ledger)),
    );
    const ledger = await dumpCollection(b.db.collections.ledger);
    expect(ledger.find((d) => d.id === 'adjustment:fact')).toMatchObject({
      amount: 1_000_000,
      machineId: 'A',
    });
    expect(ledger.find((d) => d.id === 'adjustment:same')).toMatchObject({ machineId: 'A' });
    expect(reported.map((c) => c.id)).toEqual(['adjustment:fact']);
    expect(reported[0]).toMatchObject({
      collection: 'ledger',
      local: { amount: 2_000_000 },
      server: { amount: 1_000_000 },
    });
    expect(b.sync.status.conflicts).toBe(1);
  });

  test("an entry pushed takes the endpoint's stamp from the push answer, with no pull to bring it", async () => {
    const token = await teamToken();
    // Pulls answer nothing new and the live stream is refused: only the push answer can carry the stamp.
    const noPulls = async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      if (url.includes('/stream')) return new Response('not here', { status: 404 });
      if (url.includes('/pull')) {
        const checkpoint = new URL(url).searchParams.get('checkpoint');
        return Response.json({ documents: [], checkpoint: checkpoint ? { seq: Number(checkpoint) } : null });
      }
      return fetch(input, init);
    };
    const db = await createClientDb(`client${process.pid}x${++counter}`, 'memory');
    const sync = startSync({
      collections: db.collections,
      endpoint: server.url,
      getToken: () => token,
      fetch: noPulls,
      backoff: { initialMs: 50, maxMs: 300 },
    });
    open.push({ db, sync });
    await db.collections.ledger.insert(adjustment('stamped', 900, 'A'));
    await eventually(async () => {
      const doc = await db.collections.ledger.findOne('adjustment:stamped').exec();
      return typeof doc?.get('tokenId') === 'string';
    });
    const doc = (await db.collections.ledger.findOne('adjustment:stamped').exec())!;
    expect(typeof doc.get('tokenLabel')).toBe('string');
    expect(sync.status.conflicts).toBe(0);
  });

  test('referrals merge monotonically and settings per field, whichever machine syncs first', async () => {
    const token = await teamToken();
    const a = await machine(server.url, () => token, { start: false });
    const b = await machine(server.url, () => token, { start: false });
    // Offline on both machines: A marks the referral paid early, B marks it signed up later.
    await a.db.collections.referrals.insert(referral('r1', 'paid', 100, 'A'));
    await b.db.collections.referrals.insert(referral('r1', 'signed_up', 200, 'B'));
    // Settings: A changes the label count last, B changes the chatbot model last.
    const base = settings('A', 10);
    await a.db.collections.settings.insert({
      ...base,
      labelCount: 300,
      fieldClock: { ...base.fieldClock, labelCount: { at: 50, by: 'A' } },
    });
    const other = settings('B', 20);
    await b.db.collections.settings.insert({
      ...other,
      chatbotModel: 'gpt-4.1-mini',
      fieldClock: { ...other.fieldClock, chatbotModel: { at: 60, by: 'B' } },
    });
    b.start();
    await b.sync.awaitInSync();
    a.start();
    const same = async () =>
      canonicalJson([
        await dumpCollection(a.db.collections.referrals),
        await dumpCollection(a.db.collections.settings),
      ]) ===
      canonicalJson([
        await dumpCollection(b.db.collections.referrals),
        await dumpCollection(b.db.collections.settings),
      ]);
    await eventually(same);
    const [ref] = await dumpCollection(a.db.collections.referrals);
    expect(ref).toMatchObject({ status: 'paid', signedUpAt: 100, paidAt: 100, updatedAt: 200 });
    const [merged] = await dumpCollection(a.db.collections.settings);
    expect(merged).toMatchObject({ labelCount: 300, chatbotModel: 'gpt-4.1-mini', tierId: 'pro' });
  });

  test('a dropped stream reconnects; a revoked token ends it with 401 and the status says so', async () => {
    const token = await teamToken();
    const proxy = new FaultProxy(server.port);
    await proxy.listen();
    try {
      const a = await machine(`http://127.0.0.1:${proxy.port}`, () => token);
      await until(a.sync, (s) => s.streaming);
      proxy.dropStreams();
      await until(a.sync, (s) => !s.streaming);
      await until(a.sync, (s) => s.streaming);
      await server.admin.revokeToken(token);
      const revoked = await until(a.sync, (s) => s.lastError?.status === 401 && !s.streaming);
      expect(revoked.lastError?.message).toMatch(/revoked/);
      expect(revoked.lastError?.message).not.toMatch(/\b(pull|push) \w+|change stream/);
    } finally {
      await proxy.close();
    }
  });

  test('stop() ends replication and reports stopped; rejects unknown collections', async () => {
    const token = await teamToken();
    const a = await machine(server.url, () => token);
    await until(a.sync, (s) => s.online);
    const last = a.sync.status$.pipe(filter((s) => s.state === 'stopped'));
    const stopped = firstValueFrom(last);
    await a.sync.stop();
    expect((await stopped).state).toBe('stopped');
    expect(() =>
      startSync({
        collections: { invoices: a.db.collections.ledger } as never,
        endpoint: server.url,
        getToken: () => token,
      }),
    ).toThrow(/"invoices" is not a synced collection/);
  });
});
