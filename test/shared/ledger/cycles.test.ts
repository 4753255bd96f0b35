import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cycleFor,
  cyclesBetween,
  isoDate,
  LedgerError,
  nextCycle,
  previousCycle,
  utcDayStart,
} from '../../../src-shared/ledger';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT } from '../helpers/runs';

const utc = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);
const iso = (c: { start: number; end: number }) => [isoDate(c.start), isoDate(c.end)];

describe('cycleFor', () => {
  it('starts on the anchor day at 00:00 UTC, end exclusive', () => {
    expect(iso(cycleFor(15, utc(2025, 3, 20)))).toEqual(['2025-03-15', '2025-04-15']);
    expect(iso(cycleFor(15, utc(2025, 3, 10)))).toEqual(['2025-02-15', '2025-03-15']);
    const c = cycleFor(15, utc(2025, 3, 15));
    expect(c.start).toBe(utc(2025, 3, 15));
    expect(cycleFor(15, c.end - 1)).toEqual(c);
    expect(cycleFor(15, c.end).start).toBe(c.end);
  });

  it('clamps an anchor of the 31st to the last day of short months', () => {
    expect(iso(cycleFor(31, utc(2025, 4, 30)))).toEqual(['2025-04-30', '2025-05-31']);
    expect(iso(cycleFor(31, utc(2025, 4, 29)))).toEqual(['2025-03-31', '2025-04-30']);
    expect(iso(cycleFor(31, utc(2025, 2, 28)))).toEqual(['2025-02-28', '2025-03-31']);
    expect(iso(cycleFor(31, utc(2025, 2, 27)))).toEqual(['2025-01-31', '2025-02-28']);
  });

  it('uses 29 February in leap years', () => {
    expect(iso(cycleFor(31, utc(2024, 2, 29)))).toEqual(['2024-02-29', '2024-03-31']);
    expect(iso(cycleFor(30, utc(2024, 2, 28)))).toEqual(['2024-01-30', '2024-02-29']);
    expect(iso(cycleFor(29, utc(2023, 3, 1)))).toEqual(['2023-02-28', '2023-03-29']);
    expect(iso(cycleFor(29, utc(2000, 2, 29, 12)))).toEqual(['2000-02-29', '2000-03-29']);
    expect(iso(cycleFor(29, utc(2100, 2, 28, 12)))).toEqual(['2100-02-28', '2100-03-29']);
  });

  it('crosses year ends', () => {
    expect(iso(cycleFor(20, utc(2025, 1, 5)))).toEqual(['2024-12-20', '2025-01-20']);
    expect(iso(cycleFor(1, utc(2025, 12, 31, 23)))).toEqual(['2025-12-01', '2026-01-01']);
  });

  it('steps to the next and previous cycle', () => {
    const c = cycleFor(31, utc(2025, 1, 31));
    expect(iso(nextCycle(31, c))).toEqual(['2025-02-28', '2025-03-31']);
    expect(previousCycle(31, nextCycle(31, c))).toEqual(c);
  });

  it('rejects bad anchors and times with a typed error', () => {
    for (const anchor of [0, 32, 1.5, Number.NaN]) expect(() => cycleFor(anchor, 0)).toThrow(LedgerError);
    expect(() => cycleFor(1, -1)).toThrow(/^at:/);
    expect(() => cycleFor(1, 1.5)).toThrow(LedgerError);
  });
});

describe('cyclesBetween', () => {
  it('lists the cycles overlapping a range', () => {
    const list = cyclesBetween(31, utc(2024, 1, 15), utc(2024, 4, 1));
    expect(list.map(iso)).toEqual([
      ['2023-12-31', '2024-01-31'],
      ['2024-01-31', '2024-02-29'],
      ['2024-02-29', '2024-03-31'],
      ['2024-03-31', '2024-04-30'],
    ]);
    expect(cyclesBetween(1, 10, 10)).toEqual([]);
    expect(() => cyclesBetween(1, 0, Date.UTC(3100, 0, 1))).toThrow(LedgerError);
  });
});

describe('cycles: properties', () => {
  const time = fc.integer({ min: utc(1970, 2, 1), max: utc(2400, 1, 1) });
  const anchor = fc.integer({ min: 1, max: 31 });

  it(
    'contain the time, start at 00:00 UTC on the clamped anchor day, and last 28–31 days',
    () => {
      fc.assert(
        fc.property(anchor, time, (day, at) => {
          const c = cycleFor(day, at);
          expect(c.start).toBeLessThanOrEqual(at);
          expect(at).toBeLessThan(c.end);
          expect(utcDayStart(c.start)).toBe(c.start);
          const start = new Date(c.start);
          const lastDay = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate();
          expect(start.getUTCDate()).toBe(Math.min(day, lastDay));
          const days = (c.end - c.start) / 86_400_000;
          expect(days).toBeGreaterThanOrEqual(28);
          expect(days).toBeLessThanOrEqual(31);
        }),
        { numRuns: PROPERTY_RUNS * 5 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'tile time: consecutive cycles meet exactly, across years and leap years',
    () => {
      fc.assert(
        fc.property(anchor, time, fc.integer({ min: 1, max: 60 }), (day, from, months) => {
          const to = from + months * 31 * 86_400_000;
          const list = cyclesBetween(day, from, to);
          expect(list[0]!.start).toBeLessThanOrEqual(from);
          expect(list[list.length - 1]!.end).toBeGreaterThanOrEqual(to);
          for (let i = 1; i < list.length; i++) {
            expect(list[i]!.start).toBe(list[i - 1]!.end);
            expect(cycleFor(day, list[i]!.start)).toEqual(list[i]);
            expect(cycleFor(day, list[i]!.start - 1)).toEqual(list[i - 1]);
          }
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
