import { describe, expect, it } from 'vitest';
import { computeBalance, cycleFor, LedgerError, type LedgerEntry } from '../../../src-shared/ledger';
import { adjustment, bundle, DAY, manual, monthly, referral, reversal, usage } from '../helpers/entries';

const T = Date.UTC(2025, 0, 15);
const END = Date.UTC(2025, 1, 15);
const remainingOf = (entries: LedgerEntry[], at: number) =>
  Object.fromEntries(computeBalance(entries, at).lots.map((l) => [l.id, l.remaining]));

describe('computeBalance: burn-down order', () => {
  it('burns monthly, then referral, then manual, then bundles oldest first', () => {
    const entries = [
      monthly(10_000, T, END),
      bundle(5_000, T + 1, 'old'),
      bundle(5_000, T + 2, 'new'),
      referral(5_000, T + 3, 'r1'),
      manual(5_000, T + 4, 'm1'),
      usage(22_000, T + DAY),
    ];
    expect(remainingOf(entries, T + 2 * DAY)).toEqual({
      [`grant:monthly:${T}`]: 0,
      'grant:referral:r1': 0,
      'grant:manual:m1': 0,
      'grant:bundle:old': 3_000,
      'grant:bundle:new': 5_000,
    });
    const b = computeBalance(entries, T + 2 * DAY);
    expect(b.total).toBe(8_000);
    expect(b.consumedByBucket).toEqual({
      monthly: 10_000,
      referral: 5_000,
      manual: 5_000,
      bundle: 2_000,
      overdraft: 0,
    });
  });

  it('burns credits that expire soonest first, whatever their bucket', () => {
    const entries = [
      monthly(10_000, T, END),
      referral(3_000, T, 'soon', T + 5 * DAY),
      manual(4_000, T, 'later', END + 10 * DAY),
      referral(6_000, T, 'never'),
      usage(15_000, T + DAY),
    ];
    expect(remainingOf(entries, T + DAY)).toEqual({
      'grant:referral:soon': 0,
      [`grant:monthly:${T}`]: 0,
      'grant:manual:later': 2_000,
      'grant:referral:never': 6_000,
    });
  });

  it('consumes a lot granted later in the same cycle only after earlier-expiring ones', () => {
    const entries = [monthly(1_000, T, END), usage(500, T + 1), bundle(1_000, T + 2), usage(1_000, T + 3)];
    expect(remainingOf(entries, T + 4)).toEqual({
      [`grant:monthly:${T}`]: 0,
      [`grant:bundle:p${T + 2}`]: 500,
    });
  });
});

describe('computeBalance: expiry', () => {
  it('monthly credits expire at cycle end and never roll over', () => {
    const next = Date.UTC(2025, 2, 15);
    const entries = [
      monthly(10_000, T, END),
      usage(4_000, T + DAY),
      monthly(10_000, END, next),
      bundle(1_000, T),
    ];
    const before = computeBalance(entries, END - 1);
    expect(before.total).toBe(7_000);
    expect(before.currentMonthly).toEqual({
      remaining: 6_000,
      granted: 10_000,
      expiresAt: END,
      used: 4_000,
      repaid: 0,
      corrected: 0,
    });
    expect(before.buckets.monthly.nextExpiresAt).toBe(END);
    expect(before.buckets.monthly.expiringMillicredits).toBe(6_000);
    const after = computeBalance(entries, END);
    expect(after.expired).toBe(6_000);
    expect(after.total).toBe(11_000);
    expect(after.currentMonthly).toEqual({
      remaining: 10_000,
      granted: 10_000,
      expiresAt: next,
      used: 0,
      repaid: 0,
      corrected: 0,
    });
    expect(after.buckets.monthly).toMatchObject({
      granted: 20_000,
      consumed: 4_000,
      expired: 6_000,
      remaining: 10_000,
    });
  });

  it('usage at the reset instant draws on the new cycle, not the expired one', () => {
    const next = Date.UTC(2025, 2, 15);
    const entries = [monthly(10_000, T, END), monthly(3_000, END, next), usage(1_000, END)];
    const b = computeBalance(entries, END);
    expect(b.expired).toBe(10_000);
    expect(b.currentMonthly.remaining).toBe(2_000);
  });

  it('bundle credits never expire', () => {
    const b = computeBalance([bundle(5_000, T)], Date.UTC(2040, 0, 1));
    expect(b.total).toBe(5_000);
    expect(b.buckets.bundle.nextExpiresAt).toBeNull();
  });

  it('a grant recorded after its expiry counts as expired at once', () => {
    const b = computeBalance([monthly(10_000, T, END, 'grant:monthly:late'), usage(1, END + 1)], END + 2);
    expect(b.expired).toBe(10_000);
    expect(b.total).toBe(-1);
  });

  it('ignores entries after `at` and includes the ones at `at`', () => {
    const entries = [bundle(5_000, T), usage(1_000, T + 10)];
    expect(computeBalance(entries, T + 9).total).toBe(5_000);
    expect(computeBalance(entries, T + 10).total).toBe(4_000);
    expect(computeBalance(entries, T + 10).entries).toBe(2);
    expect(computeBalance(entries, T - 1).entries).toBe(0);
  });
});

describe('computeBalance: overdraft', () => {
  it('goes negative instead of dropping usage', () => {
    const b = computeBalance([monthly(5_000, T, END), usage(8_000, T + 1)], T + 2);
    expect(b.total).toBe(-3_000);
    expect(b.overdraft).toBe(3_000);
    expect(b.remaining).toBe(0);
    expect(b.consumedByBucket).toEqual({
      monthly: 5_000,
      bundle: 0,
      referral: 0,
      manual: 0,
      overdraft: 3_000,
    });
  });

  it('new credits repay the overdraft first', () => {
    const entries = [monthly(5_000, T, END), usage(8_000, T + 1), bundle(10_000, T + 2)];
    const b = computeBalance(entries, T + 3);
    expect(b.total).toBe(7_000);
    expect(b.overdraft).toBe(0);
    expect(b.buckets.bundle.remaining).toBe(7_000);
    expect(b.consumedByBucket).toEqual({
      monthly: 5_000,
      bundle: 3_000,
      referral: 0,
      manual: 0,
      overdraft: 0,
    });
  });

  it('a zero-cost usage changes nothing', () => {
    const b = computeBalance([bundle(1_000, T), usage(0, T + 1)], T + 1);
    expect(b.total).toBe(1_000);
    expect(b.entries).toBe(2);
  });
});

describe('computeBalance: reversals', () => {
  it('give back to the buckets the usage consumed from, last taken first', () => {
    const u = usage(12_000, T + 1);
    const full = computeBalance([monthly(10_000, T, END), bundle(5_000, T), u, reversal(u, T + 2)], T + 3);
    expect(full.total).toBe(15_000);
    expect(full.buckets.monthly.remaining).toBe(10_000);
    expect(full.buckets.bundle.remaining).toBe(5_000);
    expect(full.used).toBe(0);

    const partial = computeBalance(
      [monthly(10_000, T, END), bundle(5_000, T), u, reversal(u, T + 2, 3_000)],
      T + 3,
    );
    expect(partial.buckets.bundle.remaining).toBe(5_000);
    expect(partial.buckets.monthly.remaining).toBe(1_000);
    expect(partial.anomalies).toEqual([]);
  });

  it('an overdraft part reduces the overdraft', () => {
    const u = usage(15_000, T + 1);
    const b = computeBalance([monthly(10_000, T, END), u, reversal(u, T + 2)], T + 3);
    expect(b.overdraft).toBe(0);
    expect(b.total).toBe(10_000);
    expect(b.buckets.monthly.remaining).toBe(10_000);
  });

  it('an overdraft part repaid since comes back as never-expiring manual credit', () => {
    const u = usage(15_000, T + 1);
    const b = computeBalance([monthly(10_000, T, END), u, bundle(10_000, T + 2), reversal(u, T + 3)], T + 4);
    expect(b.total).toBe(20_000);
    expect(b.buckets.bundle.remaining).toBe(5_000);
    expect(b.buckets.monthly.remaining).toBe(10_000);
    expect(b.lots.at(-1)).toMatchObject({
      id: `reversal:${u.id}`,
      bucket: 'manual',
      source: 'refund',
      remaining: 5_000,
    });
    expect(b.anomalies).toEqual([]);
  });

  it('credits given back to an expired monthly lot lapse with it', () => {
    const u = usage(4_000, T + 1);
    const b = computeBalance([monthly(10_000, T, END), u, reversal(u, END + 1)], END + 2);
    expect(b.total).toBe(0);
    expect(b.expired).toBe(10_000);
    expect(b.buckets.monthly.consumed).toBe(0);
  });

  it('reports a reversal without its usage and still counts it', () => {
    const u = usage(2_000, T + 5);
    const b = computeBalance([reversal(u, T + 6)], T + 7);
    expect(b.total).toBe(2_000);
    expect(b.anomalies).toEqual([
      {
        kind: 'orphan_reversal',
        entryId: `reversal:${u.id}`,
        usageId: u.id,
        occurredAt: T + 6,
        millicredits: 2_000,
      },
    ]);
  });

  it('reports a reversal larger than its usage', () => {
    const u = usage(2_000, T + 1);
    const b = computeBalance([bundle(5_000, T), u, reversal(u, T + 2, 3_000)], T + 3);
    expect(b.total).toBe(6_000);
    expect(b.anomalies[0]).toMatchObject({ kind: 'reversal_exceeds_usage', millicredits: 1_000 });
  });
});

describe('computeBalance: adjustments', () => {
  it('a negative adjustment burns like usage; a positive one lands as manual credit that never expires', () => {
    const entries = [
      monthly(5_000, T, END),
      bundle(5_000, T),
      adjustment(-6_000, T + 1),
      adjustment(2_000, T + 2),
    ];
    const b = computeBalance(entries, END + DAY);
    expect(b.buckets.bundle.remaining).toBe(4_000);
    expect(b.buckets.manual).toMatchObject({ remaining: 2_000, granted: 2_000, nextExpiresAt: null });
    expect(b.adjusted).toBe(-4_000);
    expect(b.total).toBe(6_000);
  });

  it('a positive adjustment repays an overdraft first', () => {
    const b = computeBalance([usage(3_000, T), adjustment(5_000, T + 1)], T + 2);
    expect(b.overdraft).toBe(0);
    expect(b.total).toBe(2_000);
  });
});

describe('computeBalance: duplicates and conflicts', () => {
  it('counts an id once however many copies arrive', () => {
    const g = bundle(5_000, T);
    const u = usage(1_000, T + 1);
    const b = computeBalance([g, u, { ...u, recordedAt: 99, machineId: 'other' }, g], T + 2);
    expect(b.total).toBe(4_000);
    expect(b.duplicates).toBe(2);
    expect(b.conflicts).toEqual([]);
  });

  it('reports the same id with a different payload and keeps the earliest', () => {
    const first = usage(1_000, T + 1, 'evt');
    const later = { ...usage(9_000, T + 5, 'evt') };
    const b = computeBalance([bundle(20_000, T), later, first], T + 10);
    expect(b.total).toBe(19_000);
    expect(b.conflicts).toEqual([{ id: 'usage:evt', kept: first, dropped: later }]);
  });

  it('picks the same winner for same-time conflicts whatever the arrival order', () => {
    const a = usage(1_000, T + 1, 'evt');
    const b = usage(2_000, T + 1, 'evt');
    const one = computeBalance([bundle(9_000, T), a, b], T + 2);
    const two = computeBalance([b, bundle(9_000, T), a], T + 2);
    expect(one).toEqual(two);
    expect(one.conflicts).toHaveLength(1);
  });
});

describe('computeBalance: shape', () => {
  it('fills the cycle when given an anchor day and validates `at`', () => {
    expect(computeBalance([], T, { anchorDay: 15 }).cycle).toEqual(cycleFor(15, T));
    expect(computeBalance([], T).cycle).toBeNull();
    expect(() => computeBalance([], -5)).toThrow(LedgerError);
    expect(() => computeBalance([], T, { anchorDay: 40 })).toThrow(/anchorDay/);
  });

  it('an empty ledger is all zeros', () => {
    const b = computeBalance([], T);
    expect(b).toMatchObject({
      total: 0,
      remaining: 0,
      overdraft: 0,
      granted: 0,
      consumed: 0,
      expired: 0,
      entries: 0,
    });
    expect(b.currentMonthly).toEqual({
      remaining: 0,
      granted: 0,
      expiresAt: null,
      used: 0,
      repaid: 0,
      corrected: 0,
    });
  });
});
