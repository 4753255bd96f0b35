/**
 * Property-test sizing: quick by default so the whole test/shared folder stays well under a minute;
 * PROPERTY_RUNS=1000 (or more) for a deeper search.
 */
const fromEnv = Number(process.env.PROPERTY_RUNS);
export const PROPERTY_RUNS = Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : 100;

/** Runs for properties whose single case is expensive (big ledgers, brute force). */
export const heavyRuns = (divisor = 4): number => Math.max(10, Math.floor(PROPERTY_RUNS / divisor));

/** Per-test timeout for property tests, growing with the run count so deep runs are not cut off. */
export const PROPERTY_TIMEOUT = Math.max(30_000, PROPERTY_RUNS * 300);
