import type { LedgerEntry } from './entry';

/**
 * Sorting a whole ledger into replay order, (occurredAt, id). A comparison sort over a million
 * entry objects is dominated by property loads on objects of many shapes scattered in memory
 * (seconds, not milliseconds); here each time is read once into a typed array, the positions are
 * radix-sorted on it (stable, no comparator), and only runs of equal times compare ids.
 */

const RADIX_BITS = 16;
const BUCKETS = 1 << RADIX_BITS;
const TWO_32 = 4_294_967_296;

/** One stable counting pass of positions `from` → `to` on a 16-bit digit of `keys`. */
function pass(
  keys: Uint32Array,
  shift: number,
  from: Uint32Array,
  to: Uint32Array,
  counts: Uint32Array,
): boolean {
  counts.fill(0);
  for (let i = 0; i < from.length; i++) counts[(keys[from[i]!]! >>> shift) & (BUCKETS - 1)]!++;
  // A digit every key shares does not reorder anything: skip the scatter.
  for (let d = 0; d < BUCKETS; d++) if (counts[d] === from.length) return false;
  let sum = 0;
  for (let d = 0; d < BUCKETS; d++) {
    const c = counts[d]!;
    counts[d] = sum;
    sum += c;
  }
  for (let i = 0; i < from.length; i++) {
    const p = from[i]!;
    to[counts[(keys[p]! >>> shift) & (BUCKETS - 1)]!++] = p;
  }
  return true;
}

/** The entries in (occurredAt, id) order; entries equal in both keep their input order. */
export function sortIntoReplayOrder(entries: readonly LedgerEntry[]): LedgerEntry[] {
  const n = entries.length;
  const order = replayPermutation(
    n,
    (i) => entries[i]!.occurredAt,
    (i) => entries[i]!.id,
  );
  const out = new Array<LedgerEntry>(n);
  for (let i = 0; i < n; i++) out[i] = entries[order[i]!]!;
  return out;
}

/**
 * Positions 0‥n−1 in (time, id) order, stable: what sortIntoReplayOrder does, for data held as
 * columns (a time and an id per position).
 */
export function replayPermutation(
  n: number,
  timeOf: (i: number) => number,
  idOf: (i: number) => string,
): Uint32Array {
  const times = new Float64Array(n);
  const low = new Uint32Array(n);
  const high = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const t = timeOf(i);
    times[i] = t;
    // Times are non-negative integers below 2^53: split into exact 32-bit halves.
    const hi = Math.floor(t / TWO_32);
    high[i] = hi;
    low[i] = t - hi * TWO_32;
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Uint32Array(n);
  const counts = new Uint32Array(BUCKETS);
  for (const [keys, shift] of [
    [low, 0],
    [low, 16],
    [high, 0],
    [high, 16],
  ] as const) {
    if (pass(keys, shift, order, spare, counts)) [order, spare] = [spare, order];
  }

  // Equal times: order by id (stable, so identical keys keep input order).
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && times[order[end]!] === times[order[start]!]) end++;
    if (end - start > 1) {
      const run = Array.from(order.subarray(start, end)).sort((a, b) => {
        const x = idOf(a);
        const y = idOf(b);
        return x < y ? -1 : x > y ? 1 : a - b;
      });
      order.set(run, start);
    }
    start = end;
  }
  return order;
}
