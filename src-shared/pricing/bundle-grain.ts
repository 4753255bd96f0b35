/**
 * The arithmetic that lets the bundle optimiser stay exact for any need (see bundles.ts). It lives
 * apart so the rate-card schema can refuse a price list the optimiser could not handle.
 */

export interface BundleSize {
  millicredits: number;
  priceMinor: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Largest amount that divides every bundle size: the optimiser counts in these units. */
export function bundleGrain(items: readonly BundleSize[]): number {
  let g = 0;
  for (const item of items) g = gcd(item.millicredits, g);
  return g;
}

/** Index of the bundle with the lowest price per credit (the largest on ties). */
export function cheapestPerCredit(items: readonly BundleSize[]): number {
  let best = 0;
  for (let i = 1; i < items.length; i++) {
    const a = items[i]!;
    const b = items[best]!;
    // a.price/a.size < b.price/b.size without division; BigInt because the products exceed 2^53.
    const lhs = BigInt(a.priceMinor) * BigInt(b.millicredits);
    const rhs = BigInt(b.priceMinor) * BigInt(a.millicredits);
    if (lhs < rhs || (lhs === rhs && a.millicredits > b.millicredits)) best = i;
  }
  return best;
}

/**
 * How many grain units the optimiser's table must span. An optimal purchase never holds as many
 * as S* (the cheapest-per-credit bundle's size in units) bundles of other kinds: among that many,
 * some non-empty subset sums to a multiple of S* (prefix sums modulo S* repeat) and would be
 * cheaper as copies of the cheapest bundle. So the other bundles cover at most (S* − 1) × the
 * largest size, and any need beyond that window is met by whole copies of the cheapest bundle.
 */
export function optimiserWindowUnits(items: readonly BundleSize[]): number {
  const grain = bundleGrain(items);
  if (grain === 0) return 0;
  const star = items[cheapestPerCredit(items)]!.millicredits / grain;
  let largest = 0;
  for (const item of items) largest = Math.max(largest, item.millicredits / grain);
  return (star - 1) * largest + star;
}

/** Above this the table would cost too much memory and time; the schema rejects such lists. */
export const MAX_OPTIMISER_WINDOW_UNITS = 2_000_000;
