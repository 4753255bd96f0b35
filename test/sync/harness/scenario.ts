import fc from 'fast-check';
import { canonicalJson } from '../../../src-shared/db/ledger-doc';
import { statusRank, type Referral } from '../../../src-shared/db/referral';
import { SYNCED_COLLECTIONS, type SyncedCollectionName } from '../../../src-shared/db/collections';
import type { ClientRemote } from './client-remote';
import type { FieldWrite } from './client-process';
import type { ClientStorage } from './client-db';
import type { FaultProxy } from './fault-proxy';
import { adjustment, alert } from './docs';
import type { Scope } from '../../../src-shared/ledger/entry-rules';

/** The endpoint's provenance stamp: not what a client wrote, so set aside when comparing with it. */
const STAMP = ['tokenId', 'tokenLabel'];
function unstamped(doc: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...doc };
  for (const field of STAMP) delete copy[field];
  return copy;
}
import { balanceOf, diffDumps, serverDump, type Dump } from './oracle';
import { checkJoin, joinByBootstrap, type JoinPlan, type JoinReport } from './joiner';

/** One endpoint instance the clients' proxies can point at. */
export interface EndpointSlot {
  port: number;
  alive: boolean;
  /** SIGKILL (when the slot is a child process). */
  kill?: () => Promise<void>;
  /** Start again on the same port and data (scenario 5). */
  restart?: () => Promise<void>;
}

export interface Harness {
  clients: ClientRemote[];
  proxies: FaultProxy[];
  helpdeskProxy: FaultProxy;
  slots: EndpointSlot[];
  storage: ClientStorage;
  newTeam(): Promise<{
    teamId: string;
    token(label: string, scope?: Scope): Promise<string>;
    /** Writes this many ledger entries straight into the store, stamped as pushed through a token. */
    seedLedger(n: number): Promise<void>;
  }>;
  log(line: string): void;
}

export type Op =
  | { kind: 'ledger-unique'; client: number; amount: number }
  | { kind: 'ledger-shared'; client: number; cycle: number; variant: 0 | 1 }
  | { kind: 'referral'; client: number; ref: number; status: Referral['status'] }
  | { kind: 'settings'; client: number; field: 'labelCount' | 'autoDraftAll' | 'chatbotModel'; value: number }
  | { kind: 'alert'; client: number; cycle: number; threshold: 50 | 80 | 100 }
  | { kind: 'helpdesk'; event: number }
  | { kind: 'offline'; client: number; on: boolean }
  | { kind: 'cut'; client: number; rate: number }
  | { kind: 'drop-streams'; client: number }
  | { kind: 'pause'; ms: number }
  | { kind: 'kill-restart'; downMs: number; jitterMs: number }
  | { kind: 'kill-failover' }
  | JoinPlan;

export interface Scenario {
  /** Machines there from the start; a joiner (a `join` op) comes on top. */
  clients: number;
  seed: number;
  ops: Op[];
  /** Ledger entries the team holds before the run starts (so a joiner's snapshot has several batches). */
  ledgerSeed?: number;
}

export interface ScenarioShape {
  minClients: number;
  maxClients: number;
  maxOps: number;
  faults: boolean;
  killRestart?: boolean;
  killFailover?: boolean;
  /** A machine joins by bootstrap in the first half of the run, after this many seeded entries. */
  join?: { ledgerSeed: { min: number; max: number } };
}

const T0 = Date.UTC(2025, 0, 1);
const CYCLE = 30 * 86_400_000;
const CHATBOT_MODELS = ['gpt-4o-mini', 'gpt-4.1-mini'];

export function scenarioArb(shape: ScenarioShape): fc.Arbitrary<Scenario> {
  return fc.integer({ min: shape.minClients, max: shape.maxClients }).chain((n) => {
    const client = fc.integer({ min: 0, max: n - 1 });
    const writes: fc.WeightedArbitrary<Op>[] = [
      {
        weight: 6,
        arbitrary: fc.record({
          kind: fc.constant('ledger-unique' as const),
          client,
          amount: fc.integer({ min: -50_000, max: 50_000 }),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('ledger-shared' as const),
          client,
          cycle: fc.integer({ min: 0, max: 2 }),
          variant: fc.constantFrom(0 as const, 1 as const),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('referral' as const),
          client,
          ref: fc.integer({ min: 0, max: 2 }),
          status: fc.constantFrom('invited' as const, 'signed_up' as const, 'paid' as const),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('settings' as const),
          client,
          field: fc.constantFrom('labelCount' as const, 'autoDraftAll' as const, 'chatbotModel' as const),
          value: fc.integer({ min: 0, max: 500 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('alert' as const),
          client,
          cycle: fc.integer({ min: 0, max: 2 }),
          threshold: fc.constantFrom(50 as const, 80 as const, 100 as const),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('helpdesk' as const),
          event: fc.integer({ min: 0, max: 9 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 150 }) }),
      },
    ];
    const faults: fc.WeightedArbitrary<Op>[] = shape.faults
      ? [
          {
            weight: 2,
            arbitrary: fc.record({ kind: fc.constant('offline' as const), client, on: fc.boolean() }),
          },
          {
            weight: 2,
            arbitrary: fc.record({
              kind: fc.constant('cut' as const),
              client,
              rate: fc.constantFrom(0, 0.3, 0.7),
            }),
          },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop-streams' as const), client }) },
        ]
      : [];
    const body = fc.array(fc.oneof(...writes, ...faults), { minLength: 5, maxLength: shape.maxOps });
    const kill = fc.record({
      kind: fc.constant('kill-restart' as const),
      downMs: fc.integer({ min: 0, max: 400 }),
      jitterMs: fc.integer({ min: 0, max: 40 }),
    });
    const joinPlan: fc.Arbitrary<JoinPlan> = fc.record({
      kind: fc.constant('join' as const),
      bootstrapBatchSize: fc.integer({ min: 4, max: 25 }),
      // Most joins (4 in 5) are killed halfway, once or twice.
      killsAtPercent: fc.oneof(
        { weight: 4, arbitrary: fc.array(fc.integer({ min: 15, max: 60 }), { minLength: 1, maxLength: 2 }) },
        { weight: 1, arbitrary: fc.constant<number[]>([]) },
      ),
    });
    // Kills are placed explicitly so every run has them: one or two restarts, or one failover.
    const placed: fc.Arbitrary<Op[]> = shape.killRestart
      ? fc.array(kill, { minLength: 1, maxLength: 2 })
      : shape.killFailover
        ? fc.constant([{ kind: 'kill-failover' as const }])
        : shape.join
          ? joinPlan.map((plan) => [plan])
          : fc.constant([]);
    const ops = fc
      .tuple(body, placed, fc.array(fc.nat(), { minLength: 2, maxLength: 2 }))
      .map(([list, extra, at]) => {
        const copy = [...list];
        extra.forEach((op, i) => {
          // A join lands in the first half, so the others keep writing while it bootstraps.
          const room = op.kind === 'join' ? Math.ceil(copy.length / 2) : copy.length;
          copy.splice(at[i]! % (room + 1), 0, op);
        });
        return copy;
      });
    return fc.record({
      clients: fc.constant(n),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      ops,
      ledgerSeed: shape.join ? fc.integer(shape.join.ledgerSeed) : fc.constant(0),
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let runCounter = 0;

interface Expectations {
  /** Ledger/alert docs each client wrote and saw acknowledged locally: collection/id → bodies written. */
  written: Map<string, Set<string>>;
  referralMax: Map<string, number>;
  fieldWrites: FieldWrite[];
  helpdeskAcked: Set<string>;
  helpdeskTried: Set<string>;
}

async function postUsage(h: Harness, token: string, event: number, expect: Expectations): Promise<void> {
  const eventId = `hd-${event}`;
  expect.helpdeskTried.add(eventId);
  const body = JSON.stringify({
    events: [{ eventId, occurredAt: T0 + event, action: { kind: 'ai_prioritize' } }],
  });
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${h.helpdeskProxy.port}/v1/usage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      if (response.ok) {
        const result = JSON.parse(text) as { results: { status: string }[] };
        if (result.results[0]?.status === 'conflict') throw new Error(`helpdesk event ${eventId} conflicted`);
        expect.helpdeskAcked.add(eventId);
        return;
      }
    } catch (error) {
      if ((error as Error).message.includes('conflicted')) throw error;
    }
    await sleep(40);
  }
}

/** Totals of injected faults since the last call, for the run summary. */
export function faultSummary(h: Harness): string {
  const total = { connections: 0, cuts: 0, refused: 0, droppedStreams: 0 };
  for (const proxy of [...h.proxies, h.helpdeskProxy]) {
    for (const key of Object.keys(total) as (keyof typeof total)[]) {
      total[key] += proxy.stats[key];
      proxy.stats[key] = 0;
    }
  }
  return `${total.connections} connections, ${total.cuts} responses cut after commit, ${total.refused} connections refused while offline, ${total.droppedStreams} streams dropped`;
}

/** Polls until every client holds exactly the server's documents; resyncs now and then as a guard. */
export async function awaitConvergence(
  h: Harness,
  n: number,
  direct: string,
  oracleToken: string,
  timeoutMs = 60_000,
): Promise<{ server: Awaited<ReturnType<typeof serverDump>>; dumps: Dump[] }> {
  const deadline = Date.now() + timeoutMs;
  let lastResync = Date.now();
  for (;;) {
    const server = await serverDump(direct, oracleToken);
    const dumps = await Promise.all(
      Array.from({ length: n }, (_, i) => h.clients[i]!.call<Dump>({ op: 'dump' })),
    );
    const problem =
      dumps
        .map((d, i) => diffDumps(server.dump, d) && `client ${i}: ${diffDumps(server.dump, d)}`)
        .find(Boolean) ?? null;
    if (!problem) return { server, dumps };
    if (Date.now() > deadline) {
      const statuses = await Promise.all(
        Array.from({ length: n }, (_, i) => h.clients[i]!.call({ op: 'status' })),
      );
      throw new Error(
        `no convergence after ${timeoutMs / 1000} s: ${problem}\nstatuses: ${JSON.stringify(statuses)}`,
      );
    }
    // The live path should get there alone; a periodic resync only guards against a stuck wait here.
    if (Date.now() - lastResync > 10_000) {
      lastResync = Date.now();
      for (let i = 0; i < n; i++) await h.clients[i]!.call({ op: 'resync' });
    }
    await sleep(200);
  }
}

function liveSlot(h: Harness, preferred: number): EndpointSlot {
  return h.slots[preferred]!.alive ? h.slots[preferred]! : h.slots.find((s) => s.alive)!;
}

/**
 * Runs one scenario against the harness and checks the oracle: every client holds exactly
 * the server's documents, nothing is duplicated, balances agree, and everything that was
 * acknowledged (locally, by a 200 to a push, or to the helpdesk) is on the server.
 */
export interface Converged {
  teamId: string;
  tokens: string[];
  oracleToken: string;
  direct: string;
  server: Dump;
  clients: Dump[];
}

export async function runScenario(
  h: Harness,
  scenario: Scenario,
  afterConverged?: (state: Converged) => Promise<void>,
): Promise<void> {
  const run = ++runCounter;
  const n = scenario.clients;
  const team = await h.newTeam();
  const tokens = await Promise.all(Array.from({ length: n }, (_, i) => team.token(`client ${i}`)));
  // Scopes on: machines are admins, the help desk can only meter, the oracle can only read.
  const helpdeskToken = await team.token('helpdesk', 'metering');
  const oracleToken = await team.token('oracle', 'viewer');
  const expect: Expectations = {
    written: new Map(),
    referralMax: new Map(),
    fieldWrites: [],
    helpdeskAcked: new Set(),
    helpdeskTried: new Set(),
  };
  const restarts: Promise<void>[] = [];
  const joinsTeam = scenario.ops.some((op) => op.kind === 'join');
  const joinerToken = joinsTeam ? await team.token('joiner') : '';
  if (scenario.ledgerSeed) await team.seedLedger(scenario.ledgerSeed);
  let joining: Promise<{ report?: JoinReport; error?: unknown }> | null = null;
  h.helpdeskProxy.heal();
  h.helpdeskProxy.seed(scenario.seed);
  h.helpdeskProxy.setCutRate(0.3);
  h.helpdeskProxy.retarget(liveSlot(h, 0).port);
  const opened: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const proxy = h.proxies[i]!;
      proxy.heal();
      proxy.seed(scenario.seed + i);
      proxy.retarget(liveSlot(h, i % h.slots.length).port);
      await h.clients[i]!.call({
        op: 'open',
        name: `run${run}c${i}p${process.pid}`,
        storage: h.storage,
        dir: `/tmp/creditdesk-conv-${process.pid}-${run}-${i}`,
        endpoint: `http://127.0.0.1:${proxy.port}`,
        token: tokens[i]!,
        machineId: `m${i}`,
        streamIdleTimeoutMs: 5000,
      });
      opened.push(i);
    }

    const remember = (collection: SyncedCollectionName, doc: Record<string, unknown>) => {
      const key = `${collection}/${String(doc.id)}`;
      if (!expect.written.has(key)) expect.written.set(key, new Set());
      expect.written.get(key)!.add(canonicalJson(doc));
    };
    let unique = 0;
    let opsWhileJoining = 0;
    for (const [index, op] of scenario.ops.entries()) {
      const at = T0 + index * 10;
      if (joining) opsWhileJoining++;
      switch (op.kind) {
        case 'ledger-unique': {
          const doc = adjustment(`c${op.client}-${unique++}`, op.amount, `m${op.client}`, at);
          await h.clients[op.client]!.call({ op: 'insert', collection: 'ledger', doc });
          remember('ledger', doc);
          break;
        }
        case 'ledger-shared': {
          // One id, two different facts (an adjustment, so both pass the entry rules): a conflict.
          const doc = adjustment(
            `shared-${op.cycle}`,
            op.variant === 0 ? 1_000_000 : 2_000_000,
            `m${op.client}`,
            T0 + op.cycle * CYCLE,
          );
          const result = await h.clients[op.client]!.call({ op: 'insert', collection: 'ledger', doc });
          if (result === 'written') remember('ledger', doc);
          break;
        }
        case 'alert': {
          const doc = alert(T0 + op.cycle * CYCLE, op.threshold, `m${op.client}`);
          const result = await h.clients[op.client]!.call({ op: 'insert', collection: 'alerts', doc });
          if (result === 'written') remember('alerts', doc);
          break;
        }
        case 'referral': {
          const id = `ref-${op.ref}`;
          const result = await h.clients[op.client]!.call({ op: 'referral', id, status: op.status, at });
          if (result === 'written')
            expect.referralMax.set(id, Math.max(expect.referralMax.get(id) ?? 0, statusRank(op.status)));
          else if (!expect.referralMax.has(id)) expect.referralMax.set(id, 0);
          break;
        }
        case 'settings': {
          const value =
            op.field === 'labelCount'
              ? op.value
              : op.field === 'autoDraftAll'
                ? op.value % 2 === 0
                : CHATBOT_MODELS[op.value % 2];
          const writes = await h.clients[op.client]!.call<FieldWrite[]>({
            op: 'settings',
            field: op.field,
            value,
            at: at + op.client,
          });
          expect.fieldWrites.push(...writes);
          break;
        }
        case 'helpdesk':
          await postUsage(h, helpdeskToken, op.event, expect);
          break;
        case 'offline':
          h.proxies[op.client]!.setOffline(op.on);
          break;
        case 'cut':
          h.proxies[op.client]!.setCutRate(op.rate);
          break;
        case 'drop-streams':
          h.proxies[op.client]!.dropStreams();
          break;
        case 'pause':
          await sleep(op.ms);
          break;
        case 'kill-restart': {
          const slot = h.slots[0]!;
          if (!slot.alive || !slot.kill || !slot.restart) break;
          // A burst of writes on every machine first, so the kill lands while pushes are in flight.
          for (let c = 0; c < n; c++) {
            for (let k = 0; k < 3; k++) {
              const doc = adjustment(`c${c}-${unique++}`, 100 + k, `m${c}`, at);
              await h.clients[c]!.call({ op: 'insert', collection: 'ledger', doc });
              remember('ledger', doc);
            }
          }
          await sleep(op.jitterMs);
          await slot.kill();
          slot.alive = false;
          h.log(`run ${run}: endpoint killed with SIGKILL at op ${index}, restart in ${op.downMs} ms`);
          // Clients keep working offline while the endpoint is down.
          restarts.push(
            sleep(op.downMs).then(async () => {
              await slot.restart!();
              slot.alive = true;
            }),
          );
          break;
        }
        case 'kill-failover': {
          const victim = h.slots.findIndex((s, i) => i > 0 && s.alive && s.kill);
          if (victim < 0) break;
          const slot = h.slots[victim]!;
          await slot.kill!();
          slot.alive = false;
          h.log(`run ${run}: instance ${victim} killed; its clients fail over`);
          for (let i = 0; i < n; i++) {
            if (i % h.slots.length === victim) {
              h.proxies[i]!.retarget(liveSlot(h, 0).port);
              h.proxies[i]!.resetAll();
            }
          }
          h.helpdeskProxy.retarget(liveSlot(h, 0).port);
          break;
        }
        case 'join': {
          if (joining) break;
          const proxy = h.proxies[n]!;
          proxy.heal();
          proxy.retarget(liveSlot(h, 0).port);
          h.log(`run ${run}: a machine joins by bootstrap at op ${index} (${JSON.stringify(op)})`);
          opened.push(n);
          // In the background: the others keep writing while it bootstraps, is killed and restarts.
          joining = joinByBootstrap(h.clients, op, {
            index: n,
            run,
            endpoint: `http://127.0.0.1:${proxy.port}`,
            token: joinerToken,
            ledgerOnServer: async () =>
              (await serverDump(`http://127.0.0.1:${liveSlot(h, 0).port}`, oracleToken)).dump.ledger.length,
            remember: (doc) => remember('ledger', doc),
            log: (line) => h.log(`run ${run}: ${line}`),
          }).then(
            (report) => ({ report }),
            (error: unknown) => ({ error }),
          );
          void joining.then(() =>
            h.log(`run ${run}: joiner started for good; ${opsWhileJoining} ops ran meanwhile`),
          );
          break;
        }
      }
    }
    const joined = joining ? await joining : null;
    if (joined?.error) throw joined.error;
    // Every machine from here on, the joiner included.
    const all = joined ? n + 1 : n;

    // Heal: every fault lifted, then wait until all machines and the server agree.
    await Promise.all(restarts);
    for (let i = 0; i < all; i++) h.proxies[i]!.heal();
    for (let i = 0; i < all; i++) await h.clients[i]!.call({ op: 'resync' });
    const direct = `http://127.0.0.1:${liveSlot(h, 0).port}`;
    const { server, dumps } = await awaitConvergence(h, all, direct, oracleToken);
    if (joined?.report) checkJoin(joined.report, server.dump);

    // (1) no duplicate ids, equal balances everywhere.
    if (server.duplicates.length > 0)
      throw new Error(`duplicate documents on the server: ${server.duplicates.join(', ')}`);
    const now = T0 + 100 * CYCLE;
    const serverBalance = balanceOf(server.dump.ledger, now);
    for (const [i, d] of dumps.entries()) {
      const balance = balanceOf(d.ledger, now);
      if (balance !== serverBalance)
        throw new Error(`client ${i} balance ${balance} ≠ server ${serverBalance}`);
    }
    // (2) every locally acknowledged immutable write reached the server, as one of the versions written.
    const serverBodies = new Map<string, string>();
    for (const name of Object.keys(server.dump) as SyncedCollectionName[]) {
      for (const doc of server.dump[name]) {
        serverBodies.set(`${name}/${String(doc.id)}`, canonicalJson(unstamped(doc)));
      }
    }
    // Provenance: every ledger entry on the server carries the token that stored it, never the oracle's.
    for (const doc of server.dump.ledger) {
      if (typeof doc.tokenId !== 'string' || typeof doc.tokenLabel !== 'string')
        throw new Error(`ledger/${String(doc.id)} has no provenance stamp`);
      if (doc.tokenLabel === 'oracle')
        throw new Error(`ledger/${String(doc.id)} was stored by a viewer token`);
    }
    for (const [key, bodies] of expect.written) {
      const body = serverBodies.get(key);
      if (!body) throw new Error(`${key} was acknowledged locally but never reached the server`);
      if (key.startsWith('ledger/adjustment:') && !bodies.has(body))
        throw new Error(`${key} changed on its way: ${body}`);
    }
    // (5) every push answered 200 is on the server; immutable ones exactly as pushed.
    for (let i = 0; i < all; i++) {
      const acked = await h.clients[i]!.call<[string, string][]>({ op: 'acked' });
      for (const [key, body] of acked) {
        const stored = serverBodies.get(key);
        if (!stored) throw new Error(`client ${i}: push of ${key} got 200 but the server does not have it`);
        const collection = key.split('/')[0] as SyncedCollectionName;
        const { _deleted: _, ...storedFields } = JSON.parse(stored) as Record<string, unknown>;
        if (SYNCED_COLLECTIONS[collection].merge === 'immutable' && canonicalJson(storedFields) !== body) {
          throw new Error(`client ${i}: ${key} was acknowledged as ${body} but the server holds ${stored}`);
        }
      }
    }
    // Referral status is monotonic: the team ends at the furthest status any machine recorded.
    for (const [id, rank] of expect.referralMax) {
      const doc = server.dump.referrals.find((r) => r.id === id);
      if (!doc) throw new Error(`referral ${id} never reached the server`);
      if (statusRank(doc.status as Referral['status']) !== rank) {
        throw new Error(`referral ${id} ended as ${String(doc.status)}, but rank ${rank} was recorded`);
      }
    }
    // Settings: each field holds the value of its latest write (clock, then machine id).
    const settingsDoc = server.dump.settings.find((s) => s.id === 'workspace');
    const latest = new Map<string, FieldWrite>();
    for (const w of expect.fieldWrites) {
      const best = latest.get(w.field);
      if (!best || w.at > best.at || (w.at === best.at && w.by > best.by)) latest.set(w.field, w);
    }
    for (const [field, w] of latest) {
      if (canonicalJson(settingsDoc?.[field]) !== canonicalJson(w.value)) {
        throw new Error(
          `settings.${field} is ${JSON.stringify(settingsDoc?.[field])}, latest write was ${JSON.stringify(w.value)}`,
        );
      }
    }
    // Metering: every acknowledged event is recorded once; nothing was recorded that was never sent.
    const helpdesk = server.dump.ledger
      .filter((d) => d.source === 'helpdesk')
      .map((d) => String(d.sourceEventId));
    for (const eventId of expect.helpdeskAcked) {
      if (!helpdesk.includes(eventId))
        throw new Error(`helpdesk event ${eventId} got 200 but is not in the ledger`);
    }
    for (const eventId of helpdesk) {
      if (!expect.helpdeskTried.has(eventId))
        throw new Error(`ledger holds helpdesk event ${eventId} nobody sent`);
    }
    await afterConverged?.({
      teamId: team.teamId,
      tokens,
      oracleToken,
      direct,
      server: server.dump,
      clients: dumps,
    });
  } finally {
    await joining;
    await Promise.all(restarts).catch(() => {});
    for (const i of opened) await h.clients[i]!.call({ op: 'close' }).catch(() => {});
  }
}
