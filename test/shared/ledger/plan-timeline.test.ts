import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkMonthlyGrant,
  cycleFor,
  isoDate,
  planTimeline,
  type PlanFact,
  type TimelineCycle,
} from '../../../src-shared/ledger';
import { DEFAULT_RATE_CARD } from '../../../src-shared/pricing';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT } from '../helpers/runs';

const utc = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);
const iso = (c: { start: number; end: number }) => [isoDate(c.start), isoDate(c.end)];
const card = DEFAULT_RATE_CARD;
const STARTER = { tierId: 'starter', anchorDay: 1 };
let n = 0;
const fact = (decidedAt: number, change: { tierId?: string; anchorDay?: number }): PlanFact => ({
  id: `plan:${decidedAt}:${n++}`,
  decidedAt,
  tierId: change.tierId ?? null,
  anchorDay: change.anchorDay ?? null,
});

describe('plan timeline', () => {
  it('without facts follows the fallback plan', () => {
    const t = planTimeline([], STARTER, card);
    const c = t.cycleAt(utc(2026, 12, 7));
    expect(iso(c)).toEqual(['2026-12-01', '2027-01-01']);
    expect(c).toMatchObject({ tierId: 'starter', allowance: 1_000_000, transition: false, raises: [] });
  });

  it('anchor changes inside one cycle: the last one wins at the cycle end, so 2,3,4,5,6,1 change nothing', () => {
    const facts = [2, 3, 4, 5, 6, 1].map((day, i) => fact(utc(2026, 12, 7, i), { anchorDay: day }));
    const t = planTimeline(facts, STARTER, card);
    const cycles = t.cyclesBetween(utc(2026, 11, 1), utc(2027, 3, 1));
    expect(cycles.map(iso)).toEqual(
      [0, 1, 2, 3].map((i) => iso(cycleFor(1, utc(2026, 11 + i, 1) + (i > 1 ? 0 : 0)))),
    );
    expect(cycles.every((c) => c.allowance === 1_000_000)).toBe(true);
  });

  it('an anchor change ends the current cycle at its own end, then a prorated transition cycle', () => {
    const t = planTimeline([fact(utc(2026, 12, 10), { anchorDay: 15 })], STARTER, card);
    const [current, transition, next] = t.cyclesBetween(utc(2026, 12, 7), utc(2027, 1, 20));
    expect(iso(current!)).toEqual(['2026-12-01', '2027-01-01']);
    expect(current!.allowance).toBe(1_000_000);
    expect(iso(transition!)).toEqual(['2027-01-01', '2027-01-15']);
    expect(transition!.transition).toBe(true);
    // 14 of the 31 days of the 15 Dec – 15 Jan cycle it is cut from, rounded down.
    expect(transition!.allowance).toBe(Math.floor((1_000_000 * 14) / 31));
    expect(iso(next!)).toEqual(['2027-01-15', '2027-02-15']);
    expect(next!.allowance).toBe(1_000_000);
    expect(t.grantsFor(transition!)).toEqual([
      {
        id: `grant:monthly:${utc(2027, 1, 1)}`,
        tierId: 'starter',
        amount: 451_612,
        cycleStart: utc(2027, 1, 1),
        expiresAt: utc(2027, 1, 15),
      },
    ]);
  });

  it('upgrades raise the current cycle to the highest tier; a downgrade waits for the next cycle', () => {
    const facts = ['plus', 'pro', 'enterprise', 'starter'].map((tierId, i) =>
      fact(utc(2026, 12, 7, i), { tierId }),
    );
    const t = planTimeline(facts, STARTER, card);
    const now = t.cycleAt(utc(2026, 12, 8));
    expect(now.allowance).toBe(50_000_000);
    expect(now.raises.map((r) => r.tierId)).toEqual(['plus', 'pro', 'enterprise']);
    expect(t.grantsFor(now).map((g) => [g.id.split(':').slice(3).join(':'), g.amount])).toEqual([
      ['', 1_000_000],
      ['to:plus', 5_000_000],
      ['to:pro', 15_000_000],
      ['to:enterprise', 50_000_000],
    ]);
    const next = t.cycleAt(utc(2027, 1, 2));
    expect(next).toMatchObject({ tierId: 'starter', allowance: 1_000_000, raises: [] });
    expect(t.current(utc(2026, 12, 8))).toEqual({ tierId: 'starter', anchorDay: 1 });
  });

  it('checks monthly grant entries against the timeline', () => {
    const t = planTimeline([fact(utc(2026, 12, 7), { tierId: 'plus' })], STARTER, card);
    const cycle = t.cycleAt(utc(2026, 12, 7));
    for (const g of t.grantsFor(cycle)) expect(checkMonthlyGrant(t, g)).toEqual({ allowed: true });
    const base = t.grantsFor(cycle)[0]!;
    expect(checkMonthlyGrant(t, { ...base, amount: base.amount + 1 })).toMatchObject({ allowed: false });
    expect(checkMonthlyGrant(t, { ...base, cycleStart: utc(2026, 12, 2) })).toMatchObject({ allowed: false });
    expect(checkMonthlyGrant(t, { ...base, expiresAt: utc(2027, 1, 2) })).toMatchObject({ allowed: false });
    expect(checkMonthlyGrant(t, { ...base, id: `${base.id}:plus` })).toMatchObject({ allowed: false });
    expect(checkMonthlyGrant(t, { ...base, tierId: 'pro' })).toMatchObject({ allowed: false });
  });

  it('rejects a bad anchor day with a clear error', () => {
    expect(() => planTimeline([fact(1, { anchorDay: 32 })], STARTER, card)).toThrow(/anchorDay/);
  });

  const factsArb = fc.array(
    fc.record({
      day: fc.integer({ min: 0, max: 400 }),
      tierId: fc.option(fc.constantFrom('starter', 'plus', 'pro', 'enterprise', 'gone'), { nil: undefined }),
      anchorDay: fc.option(fc.integer({ min: 1, max: 31 }), { nil: undefined }),
    }),
    { maxLength: 12 },
  );
  const toFacts = (raw: { day: number; tierId?: string; anchorDay?: number }[]) =>
    raw
      .filter((r) => r.tierId !== undefined || r.anchorDay !== undefined)
      .map((r, i) => ({
        id: `plan:${i}`,
        decidedAt: utc(2026, 1, 1) + r.day * 86_400_000 + i,
        tierId: r.tierId ?? null,
        anchorDay: r.anchorDay ?? null,
      }));
  const summary = (cycles: TimelineCycle[]) => cycles.map((c) => [c.start, c.end, c.allowance, c.tierId]);

  it(
    'cycles tile time, allowances never exceed the largest tier prorated, in any fact order',
    () => {
      fc.assert(
        fc.property(factsArb, fc.integer(), (raw, seed) => {
          const facts = toFacts(raw);
          const shuffled = [...facts].sort(
            (a, b) => ((a.decidedAt * 31 + seed) % 7) - ((b.decidedAt * 31 + seed) % 7),
          );
          const a = planTimeline(facts, STARTER, card);
          const b = planTimeline([...shuffled, ...facts.slice(0, 2)], STARTER, card);
          const cycles = a.cyclesBetween(utc(2025, 12, 1), utc(2027, 6, 1));
          expect(summary(b.cyclesBetween(utc(2025, 12, 1), utc(2027, 6, 1)))).toEqual(summary(cycles));
          for (let i = 1; i < cycles.length; i++) expect(cycles[i]!.start).toBe(cycles[i - 1]!.end);
          for (const c of cycles) {
            const days = (c.end - c.start) / 86_400_000;
            expect(Number.isInteger(days) && days >= 1 && days <= 31).toBe(true);
            // A cycle never gives more than the biggest tier's month, pro rata for its length.
            expect(c.allowance * 28).toBeLessThanOrEqual(50_000_000 * Math.max(28, days));
            const grants = a.grantsFor(c);
            expect(Math.max(0, ...grants.map((g) => g.amount))).toBe(c.allowance);
            for (const g of grants) expect(checkMonthlyGrant(a, g)).toEqual({ allowed: true });
          }
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
