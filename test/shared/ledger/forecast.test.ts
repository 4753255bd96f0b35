import { describe, expect, it } from 'vitest';
import {
  burnRate,
  computeBalance,
  cycleFor,
  forecast,
  LedgerBook,
  LedgerError,
  runway,
  type LedgerEntry,
} from '../../../src-shared/ledger';
import { bundle, DAY, monthly, reversal, usage } from '../helpers/entries';

const ANCHOR = 1;
const cycle = cycleFor(ANCHOR, Date.UTC(2025, 0, 1));
const at = Date.UTC(2025, 0, 11);

/** 2,000 millicredits a day for the ten days before `at`. */
function steadyUsage(perDay = 2_000): LedgerEntry[] {
  return Array.from({ length: 10 }, (_, d) => usage(perDay, cycle.start + d * DAY + DAY / 2, `d${d}`));
}

describe('burnRate', () => {
  it('averages net usage over the trailing window, in integers', () => {
    const entries = steadyUsage();
    expect(burnRate(entries, at, 7)).toBe(2_000);
    expect(burnRate(entries, at, 30)).toBe(Math.round((10 * 2_000) / 30));
    expect(burnRate(entries, at, 3)).toBe(2_000);
  });

  it('counts a window of (at − days, at]', () => {
    const entries = [
      usage(7_000, at - 7 * DAY, 'edge'),
      usage(700, at - 7 * DAY + 1, 'inside'),
      usage(70, at + 1, 'later'),
    ];
    expect(burnRate(entries, at, 7)).toBe(100);
  });

  it('subtracts refunds known by `at`, not later ones', () => {
    const u = usage(7_000, at - DAY, 'u');
    expect(burnRate([u, reversal(u, at - 1)], at, 7)).toBe(0);
    expect(burnRate([u, reversal(u, at + 1)], at, 7)).toBe(1_000);
  });

  it('rejects a bad window', () => {
    expect(() => burnRate([], at, 0)).toThrow(LedgerError);
    expect(() => burnRate([], at, 1.5)).toThrow(/days/);
  });
});

describe('runway', () => {
  const entries = [monthly(31_000, cycle.start, cycle.end), ...steadyUsage()];

  it('dates when this cycle’s monthly credits run out, or null when they last until the reset', () => {
    const b = computeBalance(entries, at);
    expect(b.currentMonthly.remaining).toBe(11_000);
    expect(runway(b, 2_000, { anchorDay: ANCHOR }).monthlyRunsOutAt).toBe(at + 5.5 * DAY);
    expect(runway(b, 500, { anchorDay: ANCHOR }).monthlyRunsOutAt).toBeNull();
    expect(runway(b, 0, { anchorDay: ANCHOR })).toEqual({
      ratePerDay: 0,
      monthlyRunsOutAt: null,
      allRunsOutAt: null,
    });
  });

  it('dates when all credits run out inside this cycle', () => {
    const b = computeBalance([...entries, bundle(5_000, cycle.start)], at);
    expect(runway(b, 2_000, { anchorDay: ANCHOR }).allRunsOutAt).toBe(at + 8 * DAY);
  });

  it('carries the rest across resets, with each cycle’s grant burnt first and its leftover lapsing', () => {
    const b = computeBalance([...entries, bundle(100_000, cycle.start)], at);
    const r = runway(b, 2_000, { anchorDay: ANCHOR, monthlyMillicredits: 31_000 });
    expect(r.allRunsOutAt).toBe(Date.UTC(2025, 3, 23));
    expect(runway(b, 2_000, { anchorDay: ANCHOR, monthlyMillicredits: 62_000 }).allRunsOutAt).toBeNull();
  });

  it('is `at` when the balance is already gone', () => {
    const b = computeBalance([usage(1_000, at - 1)], at);
    expect(runway(b, 500, { anchorDay: ANCHOR })).toEqual({
      ratePerDay: 500,
      monthlyRunsOutAt: at,
      allRunsOutAt: at,
    });
  });

  it('rejects non-integer rates and grants', () => {
    const b = computeBalance(entries, at);
    expect(() => runway(b, 1.5, { anchorDay: ANCHOR })).toThrow(LedgerError);
    expect(() => runway(b, 1, { anchorDay: ANCHOR, monthlyMillicredits: -1 })).toThrow(/monthlyMillicredits/);
  });
});

describe('forecast', () => {
  it('gives both trailing windows from a list or a LedgerBook', () => {
    const entries = [monthly(31_000, cycle.start, cycle.end), ...steadyUsage()];
    const b = computeBalance(entries, at);
    const result = forecast(entries, b, { anchorDay: ANCHOR });
    expect(result.at).toBe(at);
    expect(result.trailing7d.ratePerDay).toBe(2_000);
    expect(result.trailing30d.ratePerDay).toBe(667);
    // 11 credits left at 0.667 a day: gone after 16.49 days, rounded up to the millisecond.
    expect(result.trailing30d.monthlyRunsOutAt).toBe(at + Number((11_000n * 86_400_000n + 666n) / 667n));
    const book = new LedgerBook({ anchorDay: ANCHOR });
    book.add(entries);
    expect(forecast(book, book.balanceAt(at), { anchorDay: ANCHOR })).toEqual(result);
  });
});
