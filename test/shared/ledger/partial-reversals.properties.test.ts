import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CheckpointView,
  computeBalance,
  createCheckpoint,
  LedgerBook,
  parseCheckpoint,
  type LedgerEntry,
  type UsageEntry,
} from '../../../src-shared/ledger';
import { batchProblems, DEFAULT_MAX_ENTRY_MILLICREDITS } from '../../../src-shared/ledger/entry-rules';
import { entryIds } from '../../../src-shared/ledger/ids';
import { refundState } from '../../../src-shared/ledger/refunds';
import { DEFAULT_RATE_CARD } from '../../../src-shared/pricing';
import { recopy } from '../helpers/arbitraries';
import { DAY, manual, monthly, partialReversal, reversal, usage } from '../helpers/entries';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT } from '../helpers/runs';

/**
 * Partial reversals (issue #14) over random usages and random partial/full refunds written on 2–3
 * machines, each from its own (possibly stale) copy, retried and copied across machines, and
 * synced in random orders through an endpoint that checks every push with the shared rules.
 */

const START = Date.UTC(2026, 11, 1);
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

interface Refund {
  m: number;
  usage: number;
  /** null: reverse all the machine sees as still refundable. */
  amount: number | null;
  /** A retry of an earlier refund (by index), re-sent to the same machine with the same request id. */
  retryOf: number | null;
  at: number;
}

const refundArb: fc.Arbitrary<Refund> = fc.record({
  m: fc.integer({ min: 0, max: 2 }),
  usage: fc.nat({ max: 4 }),
  amount: fc.option(fc.integer({ min: 1, max: 3_000_000 }), { freq: 3 }),
  retryOf: fc.option(fc.nat({ max: 11 }), { freq: 3 }),
  at: fc.integer({ min: 1, max: 20 * DAY }),
});

const scenarioArb = fc.record({
  machines: fc.integer({ min: 2, max: 3 }),
  usages: fc.array(
    fc.record({ amount: fc.integer({ min: 1, max: 3_000_000 }), at: fc.integer({ min: 0, max: 10 * DAY }) }),
    { minLength: 1, maxLength: 5 },
  ),
  grants: fc.array(fc.integer({ min: 1, max: 4_000_000 }), { maxLength: 3 }),
  refunds: fc.array(refundArb, { maxLength: 12 }),
  /** Which machine syncs with the endpoint after each refund (-1: none). */
  syncs: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 12, maxLength: 12 }),
  seed: fc.nat(),
});

const rulesFor = (held: Map<string, LedgerEntry>) => ({
  scope: 'admin' as const,
  maxEntryMillicredits: DEFAULT_MAX_ENTRY_MILLICREDITS,
  card: (v: string) => (v === DEFAULT_RATE_CARD.version ? DEFAULT_RATE_CARD : undefined),
  monthly: () => null,
  stored: (id: string) => held.get(id),
  storedReversals: (usageId: string) =>
    [...held.values()].filter((e) => e.kind === 'reversal' && e.usageId === usageId),
});

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Runs the scenario; returns what the endpoint holds and every copy any machine wrote. */
function simulate(scenario: {
  machines: number;
  usages: { amount: number; at: number }[];
  grants: number[];
  refunds: Refund[];
  syncs: number[];
  seed: number;
}) {
  const usages: UsageEntry[] = scenario.usages.map((u, i) => usage(u.amount, START + u.at, `u${i}`));
  const base: LedgerEntry[] = [
    monthly(2_000_000, START, START + 31 * DAY),
    ...scenario.grants.map((g, i) => manual(g, START + i * DAY, `g${i}`)),
    ...usages,
  ];
  const server = new Map<string, LedgerEntry>(base.map((e) => [e.id, e]));
  const machines = Array.from({ length: scenario.machines }, () => new Map(server));
  const written: LedgerEntry[] = [];
  const sync = (m: number) => {
    const local = machines[m]!;
    const push = shuffle(
      [...local.values()].filter((e) => !server.has(e.id)),
      scenario.seed + m,
    );
    // The endpoint refuses the refused entries (the client sets them aside); the rest are stored.
    const refused = new Set(batchProblems(push, rulesFor(server)).map((p) => p.id));
    for (const e of push) if (!refused.has(e.id)) server.set(e.id, e);
    for (const id of refused) local.delete(id);
    for (const [id, e] of server) if (!local.has(id)) local.set(id, e);
  };
  // What each refund request asked for, so a retry re-sends exactly that (the API's requestId).
  const asked: (Refund & { requestId: string })[] = [];
  scenario.refunds.forEach((action, step) => {
    const earlier = action.retryOf === null ? undefined : asked[action.retryOf];
    const r = earlier ?? { ...action, requestId: uuid(step) };
    asked.push(r);
    const m = r.m % scenario.machines;
    const local = machines[m]!;
    const of = usages[r.usage % usages.length]!;
    // Mirrors LedgerCommands.reverse: all of an untouched usage is `reversal:<usageId>` for its
    // whole amount (the same document wherever it is written); anything else is a partial id.
    const byId =
      local.get(entryIds.reversal(of.id)) ?? local.get(entryIds.partialReversal(of.id, r.requestId));
    const mine = [...local.values()].filter((e) => e.kind === 'reversal' && e.usageId === of.id);
    const left = refundState(of, mine).refundable;
    const untouched = r.amount === null && mine.length === 0;
    const entry = untouched
      ? reversal(of, of.occurredAt + DAY)
      : partialReversal(
          of,
          of.occurredAt + r.at,
          r.amount ?? left,
          r.requestId,
          `refund ${r.amount ?? 'rest'}`,
        );
    const existing = local.get(entry.id) ?? (r.amount === null ? undefined : byId);
    if (existing && existing.id === entry.id) {
      // A retry of an id this machine holds returns that document; it writes nothing new.
    } else if (entry.amount > 0 && entry.amount <= left) {
      // The desktop's own check, against this machine's copy only.
      expect(batchProblems([entry], rulesFor(local))).toEqual([]);
      const copy = recopy(entry, `m${m}`);
      local.set(copy.id, copy);
      written.push(copy);
    } else if (entry.amount > 0) {
      expect(batchProblems([entry], rulesFor(local))[0]?.reason).toMatch(/still refundable/);
    } // else: nothing left to reverse; the command refuses before writing.
    const s = scenario.syncs[step]!;
    if (s >= 0) sync(s % scenario.machines);
  });
  for (let m = 0; m < scenario.machines; m++) sync(m);
  for (let m = 0; m < scenario.machines; m++) sync(m);
  return { usages, base, server, written };
}

const at = (entries: readonly LedgerEntry[]) => Math.max(...entries.map((e) => e.occurredAt)) + DAY;

describe('partial reversals', () => {
  it(
    'the endpoint never holds more refunds of a usage than it took, and its ledger replays without anomalies',
    () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { usages, server } = simulate(scenario);
          const held = [...server.values()];
          for (const u of usages) {
            const given = held
              .filter((e) => e.kind === 'reversal' && e.usageId === u.id)
              .reduce((sum, e) => sum + e.amount, 0);
            expect(given).toBeLessThanOrEqual(-u.amount);
          }
          expect(computeBalance(held, at(held)).anomalies).toEqual([]);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'any mix of copies replays the same in any order; excess over a usage is reported, never lost',
    () => {
      fc.assert(
        fc.property(scenarioArb, fc.nat(), (scenario, order) => {
          const { usages, base, written } = simulate(scenario);
          // Every copy any machine wrote, even those the endpoint refused (two machines offline).
          // Plus the same facts recorded again on another machine (copies meeting through sync).
          const all = [
            ...base,
            ...written,
            ...written.filter((_, i) => (order >> (i % 30)) & 1).map((e) => recopy(e, 'm9')),
          ];
          const t = at(all);
          const full = computeBalance(all, t, { anchorDay: 1 });
          expect(computeBalance(shuffle(all, order), t, { anchorDay: 1 })).toEqual(full);
          const distinct = new Map(all.map((e) => [e.id, e]));
          for (const u of usages) {
            const given = [...distinct.values()]
              .filter((e) => e.kind === 'reversal' && e.usageId === u.id)
              .reduce((sum, e) => sum + e.amount, 0);
            const excess = full.anomalies
              .filter((a) => a.kind === 'reversal_exceeds_usage' && a.usageId === u.id)
              .reduce((sum, a) => sum + a.millicredits, 0);
            expect(excess).toBe(Math.max(0, given + u.amount));
          }
          // The book with snapshots, fed in random chunks and asked in between, equals a full replay.
          const book = new LedgerBook({ anchorDay: 1 });
          const shuffled = shuffle(all, order + 1);
          const half = shuffled.length >> 1;
          book.add(shuffled.slice(0, half));
          book.balanceAt(t);
          book.balanceAt(START + 15 * DAY);
          book.add(shuffled.slice(half));
          expect(book.balanceAt(t)).toEqual(full);
          // A checkpoint cut between partial refunds (file round trip) keeps what is left of each
          // usage's record, so the refunds after the cut replay to the same balance.
          const cuts = all.filter((e) => e.kind === 'reversal').map((e) => e.occurredAt);
          const cut = cuts.length > 0 ? cuts[order % cuts.length]! : t;
          const cp = parseCheckpoint(JSON.parse(JSON.stringify(createCheckpoint(book, cut))));
          const view = new CheckpointView(cp, 1);
          view.add(all.filter((e) => e.occurredAt >= cut));
          expect(view.whyNot(t)).toBeNull();
          // Copies dropped before the cut are the checkpoint's, not the view's, to count.
          expect({ ...view.balanceAt(t)!, duplicates: 0 }).toEqual({ ...full, duplicates: 0 });
          expect(book.balanceAt(START + 15 * DAY)).toEqual(
            computeBalance(all, START + 15 * DAY, { anchorDay: 1 }),
          );
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('a full reversal after partial ones gives back only the remainder', () => {
    const u = usage(1_000, START + DAY, 'x');
    const parts = [
      partialReversal(u, START + 2 * DAY, 300, uuid(0)),
      partialReversal(u, START + 3 * DAY, 200, uuid(1)),
    ];
    const grants = [manual(5_000, START, 'g')];
    const held = new Map([...grants, u, ...parts].map((e) => [e.id, e]));
    const tooMuch = reversal(u, START + 4 * DAY, 600);
    expect(batchProblems([tooMuch], rulesFor(held))[0]?.reason).toMatch(
      /500 millicredits still refundable of "usage:x" \(it took 1000 millicredits, 500 millicredits already given back\)/,
    );
    const rest = reversal(u, START + 4 * DAY, 500);
    expect(rest.id).toBe(entryIds.reversal(u.id));
    expect(batchProblems([rest], rulesFor(held))).toEqual([]);
    const b = computeBalance([...held.values(), rest], START + 5 * DAY);
    expect(b.total).toBe(5_000);
    expect(b.anomalies).toEqual([]);
    // The same partial refund pushed twice in one batch counts once.
    expect(
      batchProblems([parts[0]!, parts[0]!, rest], rulesFor(new Map([...grants, u].map((e) => [e.id, e])))),
    ).toEqual([]);
  });

  it('two partial refunds in one push that together exceed the usage: the second is refused', () => {
    const u = usage(1_000, START + DAY, 'y');
    const held = new Map<string, LedgerEntry>([[u.id, u]]);
    const a = partialReversal(u, START + 2 * DAY, 700, uuid(0));
    const b = partialReversal(u, START + 2 * DAY, 400, uuid(1));
    expect(batchProblems([a, b], rulesFor(held))).toEqual([
      expect.objectContaining({
        id: b.id,
        reason: expect.stringMatching(/300 millicredits still refundable/),
      }),
    ]);
    expect(batchProblems([b], rulesFor(held))).toEqual([]);
    // A partial id must end in a uuid, and a partial refund gives back something.
    expect(
      batchProblems([{ ...a, id: `${entryIds.reversal(u.id)}:part:x` }], rulesFor(held))[0]?.reason,
    ).toMatch(/reversal id must be/);
    expect(batchProblems([{ ...a, amount: 0 }], rulesFor(held))[0]?.reason).toMatch(/more than 0/);
  });
});
