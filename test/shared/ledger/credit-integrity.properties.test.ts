import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bucketConsumption,
  computeBalance,
  LedgerBook,
  planTimeline,
  type Balance,
  type Bucket,
  type LedgerEntry,
  type PlanTimeline,
} from '../../../src-shared/ledger';
import { mergePlan, type PlanChange } from '../../../src-shared/db/plan';
import { DEFAULT_RATE_CARD } from '../../../src-shared/pricing';
import { monthlyGrantsDue } from '../../../src-main/core/grants/monthly-grants';
import { DAY, monthly } from '../helpers/entries';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT } from '../helpers/runs';

/**
 * Issue #11's invariants over random sequences of admin actions on 2–3 machines that sync in random
 * orders: usage, reversals, adjustments (with or without a bucket), bundle purchases, referrals,
 * tier and anchor-day changes, and time passing across cycles. Each machine writes the monthly
 * grants its own plan timeline gives, as the desktop's GrantService does.
 */

const card = DEFAULT_RATE_CARD;
const START = Date.UTC(2026, 11, 3, 9);
const FALLBACK = { tierId: 'starter', anchorDay: 1 };
const TIERS = ['starter', 'plus', 'pro', 'enterprise'] as const;
const WORKSPACES = ['domain:acme.com', 'domain:globex.com', 'email:jo@gmail.com'] as const;

type Action =
  | { kind: 'usage'; m: number; amount: number }
  | { kind: 'reverse'; m: number; pick: number }
  | { kind: 'adjust'; m: number; amount: number; bucket: Bucket | null }
  | { kind: 'bundle'; m: number; amount: number }
  | { kind: 'referral'; m: number; workspace: number }
  | { kind: 'tier'; m: number; tier: number }
  | { kind: 'anchor'; m: number; day: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'sync'; a: number; b: number };

const machineIndex = fc.integer({ min: 0, max: 2 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('usage' as const),
      m: machineIndex,
      amount: fc.integer({ min: 0, max: 4_000_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('reverse' as const), m: machineIndex, pick: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      m: machineIndex,
      amount: fc.integer({ min: -3_000_000, max: 3_000_000 }).filter((n) => n !== 0),
      bucket: fc.constantFrom<Bucket | null>(null, 'monthly', 'bundle', 'referral', 'manual'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bundle' as const),
      m: machineIndex,
      amount: fc.integer({ min: 1, max: 10_000_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('referral' as const),
      m: machineIndex,
      workspace: fc.integer({ min: 0, max: 2 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('tier' as const),
      m: machineIndex,
      tier: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('anchor' as const),
      m: machineIndex,
      day: fc.integer({ min: 1, max: 31 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 1, max: 40 * DAY }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('sync' as const), a: machineIndex, b: machineIndex }),
  },
);

class Machine {
  entries = new Map<string, LedgerEntry>();
  plan: PlanChange[] = [];
  private seq = 0;
  constructor(readonly id: string) {}

  timeline(): PlanTimeline {
    return planTimeline(this.plan, FALLBACK, card);
  }

  write(entry: LedgerEntry): void {
    if (!this.entries.has(entry.id)) this.entries.set(entry.id, entry);
  }

  /** What GrantService does: the grants this machine's timeline gives, up to now. */
  ensureGrants(now: number): void {
    const first = Math.min(now, ...[...this.entries.values()].map((e) => e.occurredAt));
    for (const grant of monthlyGrantsDue(
      this.timeline(),
      first,
      now,
      (id) => this.entries.get(id),
      this.id,
    )) {
      this.write(grant);
    }
  }

  decide(now: number, change: { tierId?: string; anchorDay?: number }): void {
    const facts: PlanChange[] = [];
    if (this.plan.length === 0)
      facts.push({ id: 'plan:baseline', decidedAt: 0, ...FALLBACK, machineId: this.id });
    facts.push({
      id: `plan:${now}:${this.id}:${String(this.seq++).padStart(6, '0')}`,
      decidedAt: now,
      tierId: change.tierId ?? null,
      anchorDay: change.anchorDay ?? null,
      machineId: this.id,
    });
    this.plan = mergePlan(this.plan, facts);
  }
}

function syncPair(a: Machine, b: Machine): void {
  for (const e of a.entries.values()) b.write(e);
  for (const e of b.entries.values()) a.write(e);
  const plan = mergePlan(a.plan, b.plan);
  a.plan = plan;
  b.plan = plan;
}

function apply(machines: Machine[], action: Action, clock: { now: number }, counter: { n: number }): void {
  const now = clock.now;
  const stamp = (m: Machine) => ({ occurredAt: now, recordedAt: now, machineId: m.id });
  switch (action.kind) {
    case 'advance':
      // Scope of the proof: every machine hears a plan change before the cycle it takes effect in
      // (changes wait at least until the current cycle ends). See docs/decisions.md for a machine
      // offline across that moment.
      for (const m of machines)
        m.plan = machines.reduce((plan, other) => mergePlan(plan, other.plan), m.plan);
      clock.now += action.ms;
      for (const m of machines) m.ensureGrants(clock.now);
      return;
    case 'sync': {
      const a = machines[action.a]!;
      const b = machines[action.b]!;
      syncPair(a, b);
      a.ensureGrants(now);
      b.ensureGrants(now);
      return;
    }
  }
  const m = machines[action.m]!;
  switch (action.kind) {
    case 'usage':
      m.write({
        id: `usage:${m.id}:${counter.n++}`,
        kind: 'usage',
        amount: -action.amount,
        action: { kind: 'ai_label' },
        actionKind: 'ai_label',
        ruleId: 'ai_label',
        rateCardVersion: card.version,
        explanation: '',
        sourceEventId: `${m.id}:${counter.n}`,
        source: 'app',
        ...stamp(m),
      } as LedgerEntry);
      break;
    case 'reverse': {
      const usages = [...m.entries.values()].filter(
        (e) => e.kind === 'usage' && e.amount < 0 && !m.entries.has(`reversal:${e.id}`),
      );
      const usage = usages[action.pick % Math.max(1, usages.length)];
      if (usage)
        m.write({
          id: `reversal:${usage.id}`,
          kind: 'reversal',
          amount: -usage.amount,
          usageId: usage.id,
          reason: 'refund',
          ...stamp(m),
        });
      break;
    }
    case 'adjust':
      m.write({
        id: `adjustment:${m.id}:${counter.n++}`,
        kind: 'adjustment',
        amount: action.amount,
        reason: 'correction',
        ...(action.bucket !== null && action.amount < 0 ? { bucket: action.bucket } : {}),
        ...stamp(m),
      });
      break;
    case 'bundle':
      m.write({
        id: `grant:bundle:${m.id}:${counter.n++}`,
        kind: 'grant',
        bucket: 'bundle',
        amount: action.amount,
        bundleId: 'b',
        purchaseId: `${m.id}:${counter.n}`,
        priceMinor: 100,
        currency: 'USD',
        quantity: 1,
        expiresAt: null,
        ...stamp(m),
      });
      break;
    case 'referral': {
      // Referral ids come from the workspace key, so every machine writes the same award id.
      const referralId = `ref:${WORKSPACES[action.workspace]!}`;
      m.write({
        id: `grant:referral:${referralId}`,
        kind: 'grant',
        bucket: 'referral',
        amount: card.referral.millicredits,
        referralId,
        expiresAt: null,
        ...stamp(m),
        // The paid moment is the referral's own (the earliest any machine saw, after merging).
        occurredAt: START,
      });
      break;
    }
    case 'tier':
      m.decide(now, { tierId: TIERS[action.tier]! });
      break;
    case 'anchor':
      m.decide(now, { anchorDay: action.day });
      break;
  }
  m.ensureGrants(now);
}

function sumAmounts(entries: Iterable<LedgerEntry>, at: number): number {
  let sum = 0;
  for (const e of entries) if (e.occurredAt <= at) sum += e.amount;
  return sum;
}

/** Monthly millicredits credited per cycle start (grants net of their capped parts). */
function creditedByCycle(machine: Machine, balance: Balance): Map<number, number> {
  const credited = new Map<number, number>();
  for (const lot of balance.lots) {
    if (lot.bucket !== 'monthly') continue;
    const entry = machine.entries.get(lot.id);
    if (entry?.kind !== 'grant' || entry.bucket !== 'monthly') continue;
    credited.set(entry.cycleStart, (credited.get(entry.cycleStart) ?? 0) + lot.granted - lot.capped);
  }
  return credited;
}

function checkMachine(machine: Machine, at: number): Balance {
  const entries = [...machine.entries.values()];
  const b = computeBalance(entries, at);
  // Balance = sum of entries − expired (− the capped parts of monthly grants, which were never credited).
  expect(b.total).toBe(sumAmounts(entries, at) - b.expired - b.capped);
  expect(b.granted - b.consumed - b.expired).toBe(b.total);
  // At most one cycle's monthly credits are live at once, and never more than the largest tier.
  const open = new Set(
    b.lots
      .filter((l) => l.bucket === 'monthly' && l.remaining > 0)
      .map((l) => (machine.entries.get(l.id) as { cycleStart: number }).cycleStart),
  );
  expect(open.size).toBeLessThanOrEqual(1);
  expect(b.currentMonthly.granted).toBeLessThanOrEqual(50_000_000);
  // A referred workspace is awarded at most once.
  const awards = entries.filter((e) => e.kind === 'grant' && e.bucket === 'referral');
  expect(new Set(awards.map((e) => (e as { referralId: string }).referralId)).size).toBe(awards.length);
  expect(awards.length).toBeLessThanOrEqual(WORKSPACES.length);
  // Bucket consumption over a range sums to the usage in it (net of reversals), with no negative bar.
  const from = at - 45 * DAY;
  const consumption = bucketConsumption(entries, from, at + 1);
  const reversedBy = new Map<string, number>();
  for (const e of entries)
    if (e.kind === 'reversal') reversedBy.set(e.usageId, (reversedBy.get(e.usageId) ?? 0) + e.amount);
  // Usage in the range, net of its reversals (attributed to the usage's own time, as analytics do).
  const usage = entries
    .filter((e) => e.kind === 'usage' && e.occurredAt >= from && e.occurredAt <= at)
    .reduce((s, e) => s + Math.max(0, -e.amount - (reversedBy.get(e.id) ?? 0)), 0);
  expect(consumption.usage).toBe(usage);
  const shares = Object.values(consumption.sharesBasisPoints).reduce((s, n) => s + n, 0);
  expect(shares).toBe(usage === 0 ? 0 : 10_000);
  const total = Object.values(consumption.byBucket).reduce((s, n) => s + n, 0);
  expect(total).toBe(consumption.usage);
  for (const value of Object.values(consumption.byBucket)) expect(value).toBeGreaterThanOrEqual(0);
  return b;
}

describe('credit integrity across machines', () => {
  it(
    'any sequence of admin actions on 2–3 machines, synced in any order, keeps every rule',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 2, max: 3 }),
          fc.array(actionArb, { minLength: 1, maxLength: 30 }),
          fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
          (count, actions, syncOrder) => {
            const machines = Array.from({ length: count }, (_v, i) => new Machine(`m${i}`));
            const clock = { now: START };
            const counter = { n: 0 };
            for (const m of machines) m.ensureGrants(clock.now);
            for (const raw of actions) {
              const action = { ...raw } as Action;
              if ('m' in action) action.m %= count;
              if (action.kind === 'sync') {
                action.a %= count;
                action.b %= count;
              }
              apply(machines, action, clock, counter);
              for (const m of machines) checkMachine(m, clock.now);
            }

            // Converge: pairs in a random order until everyone has everything, then grants, again.
            for (let round = 0; round < 2; round++) {
              for (const [x, y] of syncOrder) syncPair(machines[x % count]!, machines[y % count]!);
              for (let i = 1; i < count; i++) syncPair(machines[0]!, machines[i]!);
              for (let i = 1; i < count; i++) syncPair(machines[0]!, machines[i]!);
              for (const m of machines) m.ensureGrants(clock.now);
            }
            const balances = machines.map((m) => checkMachine(m, clock.now));
            const reference = machines[0]!;
            const timeline = reference.timeline();
            for (const [i, m] of machines.entries()) {
              expect(m.entries.size).toBe(reference.entries.size);
              const b = balances[i]!;
              expect(b.total).toBe(balances[0]!.total);
              expect(b.consumedByBucket).toEqual(balances[0]!.consumedByBucket);
              expect(bucketConsumption([...m.entries.values()], START - 40 * DAY, clock.now + 1)).toEqual(
                bucketConsumption([...reference.entries.values()], START - 40 * DAY, clock.now + 1),
              );
            }
            // Per cycle of the converged timeline, the monthly credits equal its allowance.
            const credited = creditedByCycle(reference, balances[0]!);
            for (const cycle of timeline.cyclesBetween(START, clock.now + 1)) {
              expect(credited.get(cycle.start) ?? 0).toBe(cycle.allowance);
            }
            // The in-memory book (snapshots) equals the full replay, whatever order entries arrive in.
            const book = new LedgerBook({ anchorDay: 1 });
            const all = [...reference.entries.values()];
            book.add(all.slice().reverse());
            book.balanceAt(clock.now - 20 * DAY > 0 ? clock.now - 20 * DAY : clock.now);
            expect(book.balanceAt(clock.now)).toEqual(computeBalance(all, clock.now, { anchorDay: 1 }));
          },
        ),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT * 3,
  );

  it('ledgers written by earlier versions (stacked grants and top-ups) replay to one allowance at a time', () => {
    const dec = Date.UTC(2026, 11, 1);
    const jan = Date.UTC(2027, 0, 1);
    const at = Date.UTC(2026, 11, 7, 12);
    // Observation 1 as the old code stored it: a grant per cycle of every anchor day tried, back in time.
    const anchors: LedgerEntry[] = [monthly(1_000_000, dec, jan)];
    for (const day of [2, 3, 4, 5, 6]) {
      for (const month of [10, 11]) {
        anchors.push(monthly(1_000_000, Date.UTC(2026, month, day), Date.UTC(2026, month + 1, day)));
      }
    }
    for (let t = Date.UTC(2026, 10, 1); t < jan + 10 * DAY; t += DAY / 2) {
      const b = computeBalance(anchors, t);
      expect(b.total).toBeLessThanOrEqual(1_000_000);
      expect(b.total).toBe(sumAmounts(anchors, t) - b.expired - b.capped);
    }
    expect(computeBalance(anchors, at).total).toBe(1_000_000);
    // The next cycle the timeline gives takes over at its start, whatever the stray grants said.
    const withJanuary = [...anchors, monthly(1_000_000, jan, Date.UTC(2027, 1, 1))];
    expect(computeBalance(withJanuary, jan + 3 * DAY).total).toBe(1_000_000);
    expect(computeBalance(withJanuary, jan + 20 * DAY).total).toBe(1_000_000);

    // Observation 2: top-ups holding differences to the base, 68,000 credits in all.
    const tiers: LedgerEntry[] = [monthly(1_000_000, dec, jan)];
    for (const [tier, diff] of [
      ['plus', 4_000_000],
      ['pro', 14_000_000],
      ['enterprise', 49_000_000],
    ] as const) {
      tiers.push(monthly(diff, dec, jan, `grant:monthly:${dec}:${tier}`));
    }
    const b = computeBalance(tiers, at);
    expect(b.total).toBe(50_000_000);
    expect(b.currentMonthly.granted).toBe(50_000_000);
    expect(b.total).toBe(sumAmounts(tiers, at) - b.expired - b.capped);
    expect(computeBalance(tiers, jan).total).toBe(0);
  });
});
