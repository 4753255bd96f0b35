import { roundDiv } from '../units';
import { assertAnchorDay, cycleFor, DAY_MS } from './cycles';
import { assertTime, LedgerError } from './errors';
import type { Balance } from './balance';
import type { EntryList } from './entry-list';
import { forEachNetUsage, uniqueEntries, type LedgerSource } from './source';

/** How long credits last at one burn rate. Times are epoch ms; null means "not before the horizon". */
export interface Runway {
  /** Net usage per day over the trailing window, integer millicredits (rounded half up). */
  ratePerDay: number;
  /**
   * When this cycle's monthly credits reach zero at this rate: `at` itself when they already
   * have, null when they last until the cycle resets.
   */
  monthlyRunsOutAt: number | null;
  /**
   * When every credit is gone, counting future cycles' monthly credits and their expiry: `at`
   * itself when the balance is already at or below zero, null when the monthly grant covers the
   * rate (nothing ever runs out) or not within 100 years.
   */
  allRunsOutAt: number | null;
}

export interface Forecast {
  at: number;
  trailing7d: Runway;
  trailing30d: Runway;
}

export interface ForecastOptions {
  anchorDay: number;
  /** Monthly credits each future cycle grants (the tier's); defaults to the current cycle's grant. */
  monthlyMillicredits?: number;
}

/**
 * Average net usage per day over the `days` days ending at `at` (the window is (at − days, at]).
 * @throws LedgerError for a non-positive or fractional window.
 */
export function burnRate(source: LedgerSource, at: number, days: number): number {
  assertTime(at, 'at');
  if (!Number.isSafeInteger(days) || days < 1) {
    throw new LedgerError('days', `expected a whole number of days ≥ 1, got ${String(days)}`);
  }
  return rateOver(uniqueEntries(source), at, days);
}

function rateOver(entries: EntryList, at: number, days: number): number {
  let total = 0;
  forEachNetUsage(entries, Math.max(0, at - days * DAY_MS + 1), at + 1, at, (_usage, net) => {
    total += net;
  });
  return roundDiv(total, days);
}

/** Horizon of the simulation: past it a run-out is reported as null. */
const MAX_CYCLES = 1200;
const DAY = BigInt(DAY_MS);

/**
 * Projects `balance` forward at a constant `ratePerDay`. Usage burns this cycle's monthly credits
 * first; at each reset the leftover monthly credits lapse and the next cycle's grant arrives.
 * The simulation is exact: amounts are scaled by the day length (millicredit·ms) in BigInt, so
 * no division happens before the final rounding up to the millisecond.
 * Simplification: expiring referral or manual credits are treated as never expiring.
 */
export function runway(balance: Balance, ratePerDay: number, options: ForecastOptions): Runway {
  assertAnchorDay(options.anchorDay);
  if (!Number.isSafeInteger(ratePerDay)) {
    throw new LedgerError('ratePerDay', `expected integer millicredits per day, got ${String(ratePerDay)}`);
  }
  const monthlyGrant = options.monthlyMillicredits ?? balance.currentMonthly.granted;
  if (!Number.isSafeInteger(monthlyGrant) || monthlyGrant < 0) {
    throw new LedgerError(
      'monthlyMillicredits',
      `expected non-negative integer millicredits, got ${String(monthlyGrant)}`,
    );
  }
  const at = balance.at;
  const none: Runway = { ratePerDay, monthlyRunsOutAt: null, allRunsOutAt: null };
  if (ratePerDay <= 0) return { ...none, allRunsOutAt: balance.total <= 0 ? at : null };

  const rate = BigInt(ratePerDay);
  const msUntil = (scaledAmount: bigint) => Number((scaledAmount + rate - 1n) / rate);
  let cycle = cycleFor(options.anchorDay, at);

  const monthlyLeft = BigInt(balance.currentMonthly.remaining) * DAY;
  const monthlyEnd = at + msUntil(monthlyLeft);
  const monthlyRunsOutAt = monthlyEnd < cycle.end ? monthlyEnd : null;

  if (balance.total <= 0) return { ratePerDay, monthlyRunsOutAt, allRunsOutAt: at };
  let monthly = monthlyLeft;
  let rest = BigInt(balance.total - balance.currentMonthly.remaining) * DAY;
  let t = at;
  const nextGrant = BigInt(monthlyGrant) * DAY;
  for (let i = 0; i < MAX_CYCLES; i++) {
    const use = rate * BigInt(cycle.end - t);
    if (use >= monthly + rest)
      return { ratePerDay, monthlyRunsOutAt, allRunsOutAt: t + msUntil(monthly + rest) };
    if (use > monthly) rest -= use - monthly;
    // A grant covering the longest (31-day) cycle's usage means the rest never shrinks again.
    if (nextGrant >= rate * 31n * DAY) return { ratePerDay, monthlyRunsOutAt, allRunsOutAt: null };
    t = cycle.end;
    cycle = cycleFor(options.anchorDay, t);
    monthly = nextGrant;
  }
  return { ratePerDay, monthlyRunsOutAt, allRunsOutAt: null };
}

/** The trailing windows a forecast looks at, in days; the longest bounds what history it needs. */
export const FORECAST_WINDOW_DAYS = [7, 30] as const;

/**
 * A forecast from a burn-rate function (`rateFor(days)`: net usage per day over (at − days, at],
 * rounded as burnRate does), for callers that hold the usage in another form than entries.
 */
export function forecastFromRates(
  balance: Balance,
  options: ForecastOptions,
  rateFor: (days: number) => number,
): Forecast {
  return {
    at: balance.at,
    trailing7d: runway(balance, rateFor(FORECAST_WINDOW_DAYS[0]), options),
    trailing30d: runway(balance, rateFor(FORECAST_WINDOW_DAYS[1]), options),
  };
}

/** Trailing 7- and 30-day burn rates and the runway each gives, from the balance at its `at`. */
export function forecast(source: LedgerSource, balance: Balance, options: ForecastOptions): Forecast {
  const entries = uniqueEntries(source);
  return forecastFromRates(balance, options, (days) => rateOver(entries, balance.at, days));
}
