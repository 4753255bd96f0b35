import type { ActionKind } from '../pricing/actions';
import { BUCKETS, type Bucket } from './entry';
import { assertTime, LedgerError } from './errors';
import { cyclesBetween, DAY_MS, isoDate, utcDayStart } from './cycles';
import { LedgerBook } from './book';
import { computeBalance, type Balance } from './balance';
import { forEachNetUsage, uniqueEntries, type LedgerSource } from './source';

/**
 * Usage analytics. Amounts are net of reversals and attributed to the usage's own day and kind,
 * so a refund corrects the day it refunds rather than showing up as negative usage later.
 */

export interface TimeRange {
  from: number;
  /** Exclusive. */
  to: number;
}

export interface DayUsage {
  /** "YYYY-MM-DD", UTC. */
  day: string;
  start: number;
  total: number;
  /** Usage entries that occurred that day (reversed or not). */
  count: number;
  byKind: Partial<Record<ActionKind, number>>;
}

export interface CycleUsage {
  start: number;
  end: number;
  total: number;
  count: number;
  byKind: Partial<Record<ActionKind, number>>;
}

export interface CycleComparison {
  /** current − previous, millicredits. */
  difference: number;
  /** Change relative to the previous cycle in per-mille (+250 = 25 % more); null when it had no usage. */
  changePerMille: number | null;
  byKind: Partial<Record<ActionKind, number>>;
}

const MAX_DAYS = 3700;

function checkRange(range: TimeRange): void {
  assertTime(range.from, 'from');
  assertTime(range.to, 'to');
  if (range.to < range.from) throw new LedgerError('to', 'the range ends before it starts');
}

/**
 * Net usage per UTC day and action kind over [from, to), every day present (zero days included)
 * so charts get a continuous axis.
 * @throws LedgerError for a reversed range or one longer than about ten years.
 */
export function usageByDay(source: LedgerSource, range: TimeRange): DayUsage[] {
  checkRange(range);
  const first = utcDayStart(range.from);
  const dayCount = Math.ceil((range.to - first) / DAY_MS);
  if (dayCount > MAX_DAYS) throw new LedgerError('to', `the range spans more than ${MAX_DAYS} days`);
  const days: DayUsage[] = [];
  for (let d = 0; d < dayCount; d++) {
    const start = first + d * DAY_MS;
    days.push({ day: isoDate(start), start, total: 0, count: 0, byKind: {} });
  }
  const entries = uniqueEntries(source);
  forEachNetUsage(entries, range.from, range.to, Infinity, (i, net) => {
    const day = days[Math.floor((entries.timeAt(i) - first) / DAY_MS)]!;
    const kind = entries.actionKindAt(i) as ActionKind;
    day.total += net;
    day.count++;
    day.byKind[kind] = (day.byKind[kind] ?? 0) + net;
  });
  return days;
}

/** Net usage per billing cycle overlapping [from, to), with its kinds. */
export function usageByCycle(source: LedgerSource, anchorDay: number, range: TimeRange): CycleUsage[] {
  checkRange(range);
  const cycles: CycleUsage[] = cyclesBetween(anchorDay, range.from, range.to).map((c) => ({
    start: c.start,
    end: c.end,
    total: 0,
    count: 0,
    byKind: {},
  }));
  if (cycles.length === 0) return cycles;
  let k = 0;
  const entries = uniqueEntries(source);
  forEachNetUsage(entries, cycles[0]!.start, cycles[cycles.length - 1]!.end, Infinity, (i, net) => {
    while (entries.timeAt(i) >= cycles[k]!.end) k++;
    const cycle = cycles[k]!;
    const kind = entries.actionKindAt(i) as ActionKind;
    cycle.total += net;
    cycle.count++;
    cycle.byKind[kind] = (cycle.byKind[kind] ?? 0) + net;
  });
  return cycles;
}

/** How `current` differs from `previous`, in integers. */
export function compareCycles(current: CycleUsage, previous: CycleUsage): CycleComparison {
  const difference = current.total - previous.total;
  const byKind: Partial<Record<ActionKind, number>> = {};
  const kinds = new Set([...Object.keys(current.byKind), ...Object.keys(previous.byKind)] as ActionKind[]);
  for (const kind of kinds) byKind[kind] = (current.byKind[kind] ?? 0) - (previous.byKind[kind] ?? 0);
  return {
    difference,
    changePerMille: previous.total === 0 ? null : perMille(difference, previous.total),
    byKind,
  };
}

/** part / whole in per-mille, rounded half away from zero, computed in BigInt so nothing rounds early. */
export function perMille(part: number, whole: number): number {
  const p = BigInt(part) * 1000n;
  const w = BigInt(whole);
  const negative = p < 0n !== w < 0n;
  const absP = p < 0n ? -p : p;
  const absW = w < 0n ? -w : w;
  const rounded = (absP * 2n + absW) / (absW * 2n);
  return Number(negative ? -rounded : rounded);
}

export interface BucketConsumption {
  start: number;
  end: number;
  byBucket: Record<Bucket | 'overdraft', number>;
}

function diff(later: Balance['consumedByBucket'], earlier: Balance['consumedByBucket']) {
  const out = { overdraft: later.overdraft - earlier.overdraft } as Record<Bucket | 'overdraft', number>;
  for (const bucket of BUCKETS) out[bucket] = later[bucket] - earlier[bucket];
  return out;
}

/**
 * Which buckets paid for the consumption of [from, to): the change in consumedByBucket across the
 * range. `overdraft` is the change in unpaid debt (negative when new credits repaid some).
 */
export function consumptionByBucket(
  source: LedgerSource,
  range: TimeRange,
): Record<Bucket | 'overdraft', number> {
  checkRange(range);
  const zero = { monthly: 0, bundle: 0, referral: 0, manual: 0, overdraft: 0 };
  if (range.to === range.from) return zero;
  const balanceAt = (t: number) =>
    source instanceof LedgerBook ? source.balanceAt(t) : computeBalance(source, t);
  const before = range.from === 0 ? zero : balanceAt(range.from - 1).consumedByBucket;
  return diff(balanceAt(range.to - 1).consumedByBucket, before);
}

/** consumptionByBucket for each billing cycle overlapping [from, to), in one pass over the ledger. */
export function consumptionByCycle(
  source: LedgerSource,
  anchorDay: number,
  range: TimeRange,
): BucketConsumption[] {
  checkRange(range);
  const cycles = cyclesBetween(anchorDay, range.from, range.to);
  let book: LedgerBook;
  if (source instanceof LedgerBook && source.anchorDay === anchorDay) {
    book = source;
  } else {
    book = source instanceof LedgerBook ? source.withAnchorDay(anchorDay) : new LedgerBook({ anchorDay });
    if (!(source instanceof LedgerBook)) book.add(source);
  }
  const out: BucketConsumption[] = [];
  let previous =
    cycles.length > 0 && cycles[0]!.start > 0 ? book.balanceAt(cycles[0]!.start - 1).consumedByBucket : null;
  for (const cycle of cycles) {
    const now = book.balanceAt(cycle.end - 1).consumedByBucket;
    const zero = { monthly: 0, bundle: 0, referral: 0, manual: 0, overdraft: 0 };
    out.push({ start: cycle.start, end: cycle.end, byBucket: diff(now, previous ?? zero) });
    previous = now;
  }
  return out;
}
