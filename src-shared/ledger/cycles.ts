import { assertTime, LedgerError } from './errors';

/** A billing cycle in epoch milliseconds, UTC. `end` is exclusive: the reset moment. */
export interface Cycle {
  start: number;
  end: number;
}

export const DAY_MS = 86_400_000;

/** @throws LedgerError unless the anchor is a day of the month (1–31). */
export function assertAnchorDay(anchorDay: number): number {
  if (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31) {
    throw new LedgerError('anchorDay', `expected a day of the month from 1 to 31, got ${String(anchorDay)}`);
  }
  return anchorDay;
}

/**
 * Midnight UTC of the anchor day in a month, clamped to the month's last day (an anchor of 31
 * starts the April cycle on the 30th and February's on the 28th or 29th). Month overflow is
 * allowed (month 12 is January of the next year), which Date.UTC resolves.
 */
function cycleStartIn(anchorDay: number, year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, anchorDay < lastDay ? anchorDay : lastDay);
}

/**
 * The billing cycle containing `at`: it starts at 00:00 UTC on the anchor day (clamped to the
 * month's end) and ends where the next one starts, so cycles tile time without gaps.
 * @throws LedgerError for an anchor outside 1–31 or a time that is not epoch milliseconds.
 */
export function cycleFor(anchorDay: number, at: number): Cycle {
  assertAnchorDay(anchorDay);
  assertTime(at, 'at');
  const date = new Date(at);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const start = cycleStartIn(anchorDay, year, month);
  const cycle =
    start <= at
      ? { start, end: cycleStartIn(anchorDay, year, month + 1) }
      : { start: cycleStartIn(anchorDay, year, month - 1), end: start };
  // Date.UTC gives NaN past the last representable date (year 275760).
  if (Number.isNaN(cycle.end))
    throw new LedgerError('at', 'no billing cycle ends within the representable dates');
  return cycle;
}

/** The cycle right after `cycle` (for the same anchor). */
export function nextCycle(anchorDay: number, cycle: Cycle): Cycle {
  return cycleFor(anchorDay, cycle.end);
}

/** The cycle right before `cycle` (for the same anchor). */
export function previousCycle(anchorDay: number, cycle: Cycle): Cycle {
  return cycleFor(anchorDay, cycle.start - 1);
}

/** Beyond this a caller almost certainly passed seconds for milliseconds or swapped arguments. */
const MAX_CYCLES = 12_000;

/**
 * Every cycle that overlaps [from, to), oldest first; empty when `to <= from`.
 * @throws LedgerError when the span covers more than 1,000 years of cycles.
 */
export function cyclesBetween(anchorDay: number, from: number, to: number): Cycle[] {
  assertTime(from, 'from');
  assertTime(to, 'to');
  const cycles: Cycle[] = [];
  if (to <= from) return cycles;
  let cycle = cycleFor(anchorDay, from);
  for (;;) {
    cycles.push(cycle);
    if (cycle.end >= to) return cycles;
    if (cycles.length >= MAX_CYCLES) {
      throw new LedgerError('to', `the span covers more than ${MAX_CYCLES} billing cycles`);
    }
    cycle = nextCycle(anchorDay, cycle);
  }
}

/** Midnight UTC of the day containing `at`. */
export function utcDayStart(at: number): number {
  return at - (((at % DAY_MS) + DAY_MS) % DAY_MS);
}

/** "YYYY-MM-DD" of `at` in UTC, for day keys and messages. */
export function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
