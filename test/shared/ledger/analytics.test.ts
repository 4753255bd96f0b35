import { describe, expect, it } from 'vitest';
import {
  compareCycles,
  consumptionByBucket,
  consumptionByCycle,
  cycleFor,
  LedgerBook,
  LedgerError,
  perMille,
  usageByCycle,
  usageByDay,
  type LedgerEntry,
  type UsageEntry,
} from '../../../src-shared/ledger';
import { bundle, DAY, monthly, reversal, usage } from '../helpers/entries';

const ANCHOR = 1;
const c1 = cycleFor(ANCHOR, Date.UTC(2025, 0, 1));
const c2 = cycleFor(ANCHOR, c1.end);

function labelUsage(amount: number, at: number, id: string): UsageEntry {
  return {
    ...usage(amount, at, id),
    action: { kind: 'ai_label', labelCount: 10 },
    actionKind: 'ai_label',
    ruleId: 'ai_label:base',
  };
}

const u1 = usage(3_000, c1.start + 2 * DAY + 5, 'a');
const entries: LedgerEntry[] = [
  monthly(10_000, c1.start, c1.end),
  monthly(10_000, c2.start, c2.end),
  bundle(20_000, c1.start),
  u1,
  labelUsage(1_000, c1.start + 2 * DAY + 9, 'b'),
  usage(4_000, c1.start + 3 * DAY, 'c'),
  reversal(u1, c1.start + 4 * DAY, 1_000),
  usage(12_000, c2.start + DAY, 'd'),
];

describe('usageByDay', () => {
  it('sums net usage per UTC day and kind, with empty days present', () => {
    const days = usageByDay(entries, { from: c1.start + DAY, to: c1.start + 5 * DAY });
    expect(days.map((d) => d.day)).toEqual(['2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05']);
    expect(days[1]).toEqual({
      day: '2025-01-03',
      start: c1.start + 2 * DAY,
      total: 3_000,
      count: 2,
      byKind: { kb_article: 2_000, ai_label: 1_000 },
    });
    expect(days[2]!.total).toBe(4_000);
    expect(days[3]!.total).toBe(0);
  });

  it('accepts a LedgerBook and rejects bad ranges', () => {
    const book = new LedgerBook({ anchorDay: ANCHOR });
    book.add(entries);
    expect(usageByDay(book, { from: c1.start, to: c1.end })).toEqual(
      usageByDay(entries, { from: c1.start, to: c1.end }),
    );
    expect(() => usageByDay(entries, { from: 10, to: 5 })).toThrow(LedgerError);
    expect(() => usageByDay(entries, { from: 0, to: Date.UTC(2040, 0, 1) })).toThrow(/days/);
  });
});

describe('usageByCycle and compareCycles', () => {
  it('groups net usage by billing cycle and compares two cycles in integers', () => {
    const cycles = usageByCycle(entries, ANCHOR, { from: c1.start, to: c2.end });
    expect(cycles).toEqual([
      {
        start: c1.start,
        end: c1.end,
        total: 7_000,
        count: 3,
        byKind: { kb_article: 6_000, ai_label: 1_000 },
      },
      { start: c2.start, end: c2.end, total: 12_000, count: 1, byKind: { kb_article: 12_000 } },
    ]);
    expect(compareCycles(cycles[1]!, cycles[0]!)).toEqual({
      difference: 5_000,
      changePerMille: 714,
      byKind: { kb_article: 6_000, ai_label: -1_000 },
    });
    const empty = { start: 0, end: 1, total: 0, count: 0, byKind: {} };
    expect(compareCycles(cycles[0]!, empty).changePerMille).toBeNull();
  });

  it('rounds per-mille half away from zero', () => {
    expect(perMille(1, 2000)).toBe(1);
    expect(perMille(-1, 2000)).toBe(-1);
    expect(perMille(1, 3)).toBe(333);
    expect(perMille(2, 3)).toBe(667);
  });
});

describe('consumption by bucket', () => {
  it('says which buckets paid, per range and per cycle', () => {
    // Cycle 1: 7,000 net from monthly. Cycle 2: 10,000 monthly + 2,000 bundle.
    expect(consumptionByBucket(entries, { from: c2.start, to: c2.end })).toEqual({
      monthly: 10_000,
      bundle: 2_000,
      referral: 0,
      manual: 0,
      overdraft: 0,
    });
    expect(consumptionByCycle(entries, ANCHOR, { from: c1.start, to: c2.end })).toEqual([
      {
        start: c1.start,
        end: c1.end,
        byBucket: { monthly: 7_000, bundle: 0, referral: 0, manual: 0, overdraft: 0 },
      },
      {
        start: c2.start,
        end: c2.end,
        byBucket: { monthly: 10_000, bundle: 2_000, referral: 0, manual: 0, overdraft: 0 },
      },
    ]);
    const book = new LedgerBook({ anchorDay: ANCHOR });
    book.add(entries);
    expect(consumptionByCycle(book, ANCHOR, { from: c1.start, to: c2.end })).toEqual(
      consumptionByCycle(entries, ANCHOR, { from: c1.start, to: c2.end }),
    );
  });

  it('an empty range consumed nothing', () => {
    expect(consumptionByBucket(entries, { from: c2.start, to: c2.start })).toEqual({
      monthly: 0,
      bundle: 0,
      referral: 0,
      manual: 0,
      overdraft: 0,
    });
  });
});
