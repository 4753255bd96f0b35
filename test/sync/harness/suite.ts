import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  startServer,
  SqliteTeamDatabase,
  PostgresTeamDatabase,
  createTeam,
  createToken,
  type TeamDatabase,
  type ServerHandle,
} from '../../../src-server';
import { startPostgres, freePort, type TestPostgres } from '../../server/helpers/postgres';
import { ClientRemote } from './client-remote';
import { startEndpointProcess, type EndpointRemote } from './endpoint-remote';
import { FaultProxy } from './fault-proxy';
import {
  awaitConvergence,
  faultSummary,
  runScenario,
  scenarioArb,
  type EndpointSlot,
  type Harness,
} from './scenario';
import { diffDumps, serverDump, type Dump } from './oracle';
import * as budget from './budget';
import type { ClientStorage } from './client-db';
import { seedLedger } from './seed';
import { adjustment, settings } from './docs';
import type { Scope } from '../../../src-shared/ledger/entry-rules';

export type StoreKind = 'sqlite' | 'postgres';

// Rate limits are tested in test/server/limits-and-auth.test.ts; here faults make clients retry hard.
const TEST_LIMITS = {
  requestsPerMinute: 1_000_000,
  streamOpensPerMinute: 1_000_000,
  failedAuthPerMinute: 1_000_000,
  streamHeartbeatMs: 1000,
  streamAuthRecheckMs: 300,
};

/** Creates teams and tokens straight in the store, the way the CLI does. */
async function teamMaker(store: TeamDatabase) {
  const team = await createTeam(store, 'convergence');
  return {
    teamId: team.id,
    token: async (label: string, scope?: Scope) => (await createToken(store, team.id, label, scope)).token,
    seedLedger: async (n: number) => {
      const { record } = await createToken(store, team.id, 'seed');
      await seedLedger(store, team.id, n, `seed-${team.id}`, {
        tokenId: record.id,
        tokenLabel: record.label,
      });
    },
  };
}

export interface SuiteContext {
  kind: StoreKind;
  /** A store location for one endpoint: a SQLite folder or a PostgreSQL URL. */
  newLocation(): Promise<{ data?: string; databaseUrl?: string }>;
  openTeamDatabase(location: { data?: string; databaseUrl?: string }): Promise<TeamDatabase>;
  harness(slots: EndpointSlot[], admin: TeamDatabase): Harness;
  clients: ClientRemote[];
}

/** Starts what every convergence test of a file shares: client processes, their proxies, the database. */
export function convergenceContext(kind: StoreKind): SuiteContext {
  const dirs: string[] = [];
  let pg: TestPostgres | null = null;
  const clients: ClientRemote[] = [];
  const proxies: FaultProxy[] = [];
  const helpdeskProxy = new FaultProxy(0);
  const storage: ClientStorage = (process.env.SYNC_CLIENT_STORAGE as ClientStorage) ?? 'sqlite';

  beforeAll(async () => {
    console.log(
      `[convergence ${kind}] seed=${budget.seed} (replay with SYNC_SEED=${budget.seed}); client storage ${storage}`,
    );
    const starting: Promise<unknown>[] = [];
    if (kind === 'postgres') starting.push(startPostgres().then((p) => (pg = p)));
    for (let i = 0; i < budget.maxClients; i++) {
      starting.push(ClientRemote.start(`client ${i}`).then((c) => (clients[i] = c)));
      const proxy = new FaultProxy(0);
      proxies.push(proxy);
      starting.push(proxy.listen());
    }
    starting.push(helpdeskProxy.listen());
    await Promise.all(starting);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.stop()));
    await Promise.all([...proxies, helpdeskProxy].map((p) => p.close()));
    await (pg as TestPostgres | null)?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  return {
    kind,
    clients,
    async newLocation() {
      if (kind === 'postgres') return { databaseUrl: await pg!.createDatabase() };
      const dir = mkdtempSync(join(tmpdir(), 'creditdesk-endpoint-'));
      dirs.push(dir);
      return { data: dir };
    },
    async openTeamDatabase(location) {
      return location.databaseUrl
        ? PostgresTeamDatabase.open({ connectionString: location.databaseUrl, poolSize: 4 })
        : new SqliteTeamDatabase(location.data!);
    },
    harness(slots, admin) {
      return {
        clients,
        proxies,
        helpdeskProxy,
        slots,
        storage,
        newTeam: () => teamMaker(admin),
        log: (line) => console.log(`[convergence ${kind}] ${line}`),
      };
    },
  };
}

/** Runs a property with the printed seed; a failure is shrunk by fast-check and reported with its path. */
async function assertProperty<T>(
  harness: Harness | null,
  label: string,
  arb: fc.Arbitrary<T>,
  numRuns: number,
  predicate: (s: T) => Promise<void>,
): Promise<void> {
  const started = Date.now();
  const details = await fc.check(fc.asyncProperty(arb, predicate), {
    numRuns,
    seed: budget.seed,
    endOnFailure: !budget.shrink,
  });
  const took = ((Date.now() - started) / 1000).toFixed(1);
  if (harness) console.log(`[${label}] faults: ${faultSummary(harness)}`);
  console.log(
    `[${label}] ${details.numRuns} runs in ${took} s, seed ${details.seed}${details.failed ? ' — FAILED' : ''}`,
  );
  if (details.failed) {
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${fc.defaultReportMessage(details) ?? `${label} failed`}\nCause: ${cause}`);
  }
}

/** Scenarios 1, 2, 3 and 7 (random operations, offline periods, cut push responses, dropped streams). */
export function randomOperationsTest(ctx: SuiteContext, numRuns: number) {
  test(`random operations with faults converge once healed (${numRuns} runs)`, async () => {
    const arb = scenarioArb({
      minClients: 3,
      maxClients: budget.maxClients,
      maxOps: budget.maxOps,
      faults: true,
    });
    await scenariosOnOneEndpoint(ctx, `random ${ctx.kind}`, arb, numRuns);
  }, 900_000);
}

/** Random scenarios against one in-process endpoint on a fresh store, which is closed afterwards. */
async function scenariosOnOneEndpoint(
  ctx: SuiteContext,
  label: string,
  arb: ReturnType<typeof scenarioArb>,
  numRuns: number,
): Promise<void> {
  const location = await ctx.newLocation();
  const store = await ctx.openTeamDatabase(location);
  const server: ServerHandle = await startServer({ port: 0, store, limits: TEST_LIMITS });
  try {
    const h = ctx.harness([{ port: server.port, alive: true }], store);
    await assertProperty(h, label, arb, numRuns, (s) => runScenario(h, s));
  } finally {
    await server.close();
    await store.close();
  }
}

/** Scenario 5: the endpoint is SIGKILLed mid-push and restarted on the same data. */
export function killRestartTest(ctx: SuiteContext, numRuns: number) {
  test(`endpoint killed with SIGKILL and restarted converges, nothing acknowledged lost (${numRuns} runs)`, async () => {
    const location = await ctx.newLocation();
    const store = await ctx.openTeamDatabase(location);
    const port = await freePort();
    let endpoint: EndpointRemote = await startEndpointProcess({ port, ...location, limits: TEST_LIMITS });
    const slot: EndpointSlot = {
      port,
      alive: true,
      kill: () => endpoint.kill(),
      restart: async () => {
        endpoint = await startEndpointProcess({ port, ...location, limits: TEST_LIMITS });
      },
    };
    try {
      const h = ctx.harness([slot], store);
      const arb = scenarioArb({
        minClients: 3,
        maxClients: budget.maxClients,
        maxOps: budget.maxOps,
        faults: false,
        killRestart: true,
      });
      await assertProperty(h, `kill-restart ${ctx.kind}`, arb, numRuns, (s) => runScenario(h, s));
    } finally {
      await endpoint.kill();
      await store.close();
    }
  }, 900_000);
}

/** Scenario 8: two stateless instances on one PostgreSQL, clients split, one instance killed. */
export function failoverTest(ctx: SuiteContext, numRuns: number) {
  test(`two instances on one PostgreSQL, one killed: clients fail over and converge (${numRuns} runs)`, async () => {
    const location = await ctx.newLocation();
    const store = await ctx.openTeamDatabase(location);
    const endpoints: EndpointRemote[] = [];
    try {
      const h = ctx.harness([], store);
      const arb = scenarioArb({
        minClients: 3,
        maxClients: budget.maxClients,
        maxOps: budget.maxOps,
        faults: true,
        killFailover: true,
      });
      await assertProperty(h, `failover ${ctx.kind}`, arb, numRuns, async (s) => {
        // Fresh instances per run: the previous run killed one of them.
        for (const e of endpoints.splice(0)) await e.kill();
        for (let i = 0; i < 2; i++)
          endpoints.push(await startEndpointProcess({ port: 0, ...location, limits: TEST_LIMITS }));
        h.slots.splice(
          0,
          h.slots.length,
          ...endpoints.map((e) => ({ port: e.port, alive: true, kill: () => e.kill() })),
        );
        await runScenario(h, s);
      });
    } finally {
      for (const e of endpoints) await e.kill();
      await store.close();
    }
  }, 900_000);
}

/**
 * Issue #15: a new machine joins by bootstrap (threshold 1, small batches) while the others write with
 * faults, in most runs SIGKILLed halfway once or twice; it ends with exactly the endpoint's documents
 * and balance, and pushes back nothing it received.
 */
export function bootstrapJoinTest(ctx: SuiteContext, numRuns: number) {
  test(`a machine joining by bootstrap mid-traffic, killed halfway and restarted, converges (${numRuns} runs)`, async () => {
    const arb = scenarioArb({
      minClients: 2,
      // One client process is kept for the joiner.
      maxClients: budget.maxClients - 1,
      maxOps: budget.maxOps,
      faults: true,
      join: { ledgerSeed: budget.joinLedgerSeed },
    });
    await scenariosOnOneEndpoint(ctx, `bootstrap join ${ctx.kind}`, arb, numRuns);
  }, 900_000);
}

export { describe, expect };

/** Scenario 4: replayed pushes, stale checkpoints and replayed stream events leave every copy as it was. */
export function replayTest(ctx: SuiteContext, numRuns: number) {
  test(`replayed pushes, stale checkpoints and replayed stream events change nothing (${numRuns} runs)`, async () => {
    const location = await ctx.newLocation();
    const store = await ctx.openTeamDatabase(location);
    const server = await startServer({ port: 0, store, limits: TEST_LIMITS });
    const totals = { pushes: 0, events: 0 };
    try {
      const h = ctx.harness([{ port: server.port, alive: true }], store);
      const arb = scenarioArb({ minClients: 3, maxClients: 3, maxOps: budget.maxOps, faults: false });
      await assertProperty(h, `replay ${ctx.kind}`, arb, numRuns, (s) =>
        runScenario(h, s, async (state) => {
          const n = state.clients.length;
          // Give every stream several versions of mutable documents, so a replay could hand back an old one.
          for (let k = 0; k < 3; k++) {
            const at = Date.UTC(2030, 0, 1) + k;
            await h.clients[0]!.call({ op: 'settings', field: 'labelCount', value: 1000 + k, at });
            await h.clients[1]!.call({
              op: 'referral',
              id: 'ref-replay',
              status: (['invited', 'signed_up', 'paid'] as const)[k]!,
              at,
            });
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
          const before = await awaitConvergence(h, n, state.direct, state.oracleToken);
          const head = await store.head(state.teamId);
          const unchanged = async (what: string) => {
            // Long enough for replayed events and stale pulls to be applied if they were going to be.
            await new Promise((resolve) => setTimeout(resolve, 800));
            for (let i = 0; i < n; i++) {
              const now = await h.clients[i]!.call<Dump>({ op: 'dump' });
              const changed = diffDumps(before.dumps[i]!, now);
              if (changed) throw new Error(`client ${i} changed after ${what}: ${changed}`);
            }
          };
          for (let i = 0; i < n; i++)
            totals.pushes += await h.clients[i]!.call<number>({ op: 'replayPushes' });
          await unchanged('replayed pushes');
          for (let i = 0; i < n; i++)
            totals.events += await h.clients[i]!.call<number>({ op: 'replayStream' });
          await unchanged('replayed stream events');
          for (let i = 0; i < n; i++) await h.clients[i]!.call({ op: 'stalePulls', count: 3 });
          await unchanged('pulls from stale checkpoints');
          const after = await serverDump(state.direct, state.oracleToken);
          const changed = diffDumps(before.server.dump, after.dump);
          if (changed) throw new Error(`server changed after replays: ${changed}`);
          const headAfter = await store.head(state.teamId);
          if (headAfter !== head)
            throw new Error(`replays moved the team's checkpoint from ${head} to ${headAfter}`);
        }),
      );
      console.log(`[replay ${ctx.kind}] replayed ${totals.pushes} pushes and ${totals.events} stream events`);
      expect(totals.pushes).toBeGreaterThan(0);
      expect(totals.events).toBeGreaterThan(0);
    } finally {
      await server.close();
      await store.close();
    }
  }, 900_000);
}

async function openSse(url: string, token: string, onEvent: (event: string, data: string) => void) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const done = (async () => {
    if (!response.ok || !response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = response.body.getReader();
      for (;;) {
        const { value, done: ended } = await reader.read();
        if (ended) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data !== undefined) onEvent(event, data);
        }
      }
    } catch {
      // aborted by the test
    }
  })();
  return { status: response.status, done, close: () => controller.abort() };
}

/** Scenario 9: teams never see, overwrite or hear about each other's documents; dead tokens get 401 everywhere. */
export function isolationTest(ctx: SuiteContext) {
  test('tenant isolation, and bad or revoked tokens get 401 on every route including an open stream', async () => {
    const location = await ctx.newLocation();
    const store = await ctx.openTeamDatabase(location);
    const server = await startServer({ port: 0, store, limits: TEST_LIMITS });
    const opened: number[] = [];
    try {
      const teamA = await teamMaker(store);
      const teamB = await teamMaker(store);
      const [a0, a1, aSpy] = [await teamA.token('a0'), await teamA.token('a1'), await teamA.token('spy')];
      const [b0, b1, bSpy] = [await teamB.token('b0'), await teamB.token('b1'), await teamB.token('spy')];
      const heardByB: string[] = [];
      const bStream = await openSse(`${server.url}/v1/collections/ledger/stream`, bSpy, (_e, data) =>
        heardByB.push(data),
      );
      const plan = [
        { token: a0, team: 'A' },
        { token: a1, team: 'A' },
        { token: b0, team: 'B' },
        { token: b1, team: 'B' },
      ];
      for (const [i, p] of plan.entries()) {
        await ctx.clients[i]!.call({
          op: 'open',
          name: `iso${i}p${process.pid}${Date.now()}`,
          storage: 'memory',
          dir: '',
          endpoint: server.url,
          token: p.token,
          machineId: `iso${i}`,
        });
        opened.push(i);
      }
      // The same ids in both teams: one team's writes must never touch the other's.
      await ctx.clients[0]!.call({
        op: 'insert',
        collection: 'ledger',
        doc: adjustment('same-id', 1000, 'iso0'),
      });
      await ctx.clients[2]!.call({
        op: 'insert',
        collection: 'ledger',
        doc: adjustment('same-id', -7000, 'iso2'),
      });
      await ctx.clients[0]!.call({
        op: 'insert',
        collection: 'ledger',
        doc: adjustment('only-a', 5000, 'iso0'),
      });
      await ctx.clients[3]!.call({
        op: 'insert',
        collection: 'settings',
        doc: settings('iso3', 5, { labelCount: 333 }),
      });
      await ctx.clients[1]!.call({
        op: 'insert',
        collection: 'settings',
        doc: settings('iso1', 9, { labelCount: 111 }),
      });
      const h = ctx.harness([{ port: server.port, alive: true }], store);
      const split = async (from: number, token: string) => {
        const n = 2;
        const view = { ...h, clients: h.clients.slice(from, from + n) };
        return awaitConvergence(view, n, server.url, token, 30_000);
      };
      const a = await split(0, aSpy);
      const b = await split(2, bSpy);
      expect(a.server.dump.ledger.map((d) => d.id)).toEqual(['adjustment:only-a', 'adjustment:same-id']);
      expect(a.server.dump.ledger.find((d) => d.id === 'adjustment:same-id')?.amount).toBe(1000);
      expect(b.server.dump.ledger.map((d) => d.id)).toEqual(['adjustment:same-id']);
      expect(b.server.dump.ledger[0]?.amount).toBe(-7000);
      expect(a.server.dump.settings[0]?.labelCount).toBe(111);
      expect(b.server.dump.settings[0]?.labelCount).toBe(333);
      expect(heardByB.join('\n')).not.toContain('only-a');
      expect(heardByB.join('\n')).not.toContain('"amount":1000');
      bStream.close();

      // Revocation through the store (as the CLI does) also ends an open stream, with a 401 event.
      const events: string[] = [];
      const aStream = await openSse(`${server.url}/v1/collections/ledger/stream`, aSpy, (event, data) =>
        events.push(`${event} ${data}`),
      );
      const aSpyId = (await store.listTokens()).find((t) => aSpy.startsWith(`cdk_${t.id}_`))!.id;
      await store.revokeToken(aSpyId, Date.now());
      await Promise.race([aStream.done, new Promise((resolve) => setTimeout(resolve, 5000))]);
      expect(events.some((e) => e.startsWith('error ') && e.includes('"statusCode":401'))).toBe(true);
      const routes: [string, string, unknown?][] = [
        ['GET', '/v1/collections/ledger/pull'],
        ['POST', '/v1/collections/ledger/push', []],
        ['GET', '/v1/collections/ledger/stream'],
        [
          'POST',
          '/v1/usage',
          { events: [{ eventId: 'x', occurredAt: 1, action: { kind: 'ai_prioritize' } }] },
        ],
        ['POST', '/v1/authorize', { action: { kind: 'ai_prioritize' } }],
      ];
      const garbage = 'cdk_000000000000_' + 'A'.repeat(43);
      for (const token of [aSpy, garbage, 'not-a-token']) {
        for (const [method, path, body] of routes) {
          const response = await fetch(`${server.url}${path}`, {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              ...(body ? { 'content-type': 'application/json' } : {}),
            },
            body: body ? JSON.stringify(body) : undefined,
          });
          expect({ path, status: response.status }).toEqual({ path, status: 401 });
          await response.body?.cancel();
        }
      }
    } finally {
      for (const i of opened) await ctx.clients[i]!.call({ op: 'close' }).catch(() => {});
      await server.close();
      await store.close();
    }
  }, 120_000);
}
