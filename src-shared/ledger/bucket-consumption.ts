import { BUCKETS, type Bucket, type LedgerEntry } from './entry';
import { assertTime, LedgerError } from './errors';
import { prepareEntries } from './order';
import { ReplayState } from './replay';
import { arrayList, type EntryList } from './entry-list';

/**
 * "Consumption by bucket": which credits paid for the usage of a range, taken from the replay's own
 * allocations (the lots each usage burnt). Usage is attributed to its own time, net of its
 * reversals whenever they happened (as the other analytics are), so a month shows the same figures
 * in every range that contains it. Corrections, overdraft repayments and expiry are not usage and
 * never appear here. What no credit covered is its own non-negative `overdraft` ("not covered").
 */
export interface BucketConsumptionResult {
  /** Net usage in the range: equals the sum of `byBucket`. */
  usage: number;
  byBucket: Record<Bucket | 'overdraft', number>;
  /** Shares of `usage` in hundredths of a percent, summing to exactly 10,000 (all 0 without usage). */
  sharesBasisPoints: Record<Bucket | 'overdraft', number>;
  /** Not usage, shown apart: credits that repaid an overdraft, and credits taken by corrections, in the range. */
  repaid: number;
  corrected: number;
}

const KEYS = [...BUCKETS, 'overdraft'] as const;

/** @throws LedgerError for a range that ends before it starts or a bad time. */
export function bucketConsumption(
  source: readonly LedgerEntry[] | EntryList,
  from: number,
  to: number,
): BucketConsumptionResult {
  assertTime(from, 'from');
  assertTime(to, 'to');
  if (to < from) throw new LedgerError('to', 'the range ends before it starts');
  // A list is already one entry per id in replay order (a LedgerBook's); an array is prepared here.
  const entries = Array.isArray(source) ? arrayList(prepareEntries(source).entries) : (source as EntryList);
  const reversed = new Map<string, number>();
  const targets = new Set<string>();
  const inRange = new Set<string>();
  for (let i = 0; i < entries.length; i++) {
    const kind = entries.kindAt(i);
    if (kind === 'reversal') {
      const usageId = entries.usageIdAt(i);
      targets.add(usageId);
      reversed.set(usageId, (reversed.get(usageId) ?? 0) + entries.amountAt(i));
    } else if (kind === 'usage') {
      const t = entries.timeAt(i);
      if (t >= from && t < to) inRange.add(entries.idAt(i));
    }
  }
  const byBucket = Object.fromEntries(KEYS.map((k) => [k, 0])) as Record<Bucket | 'overdraft', number>;
  const state = new ReplayState(new Set([...targets, ...inRange]));
  let repaidBefore: number | null = null;
  let correctedBefore = 0;
  for (let i = 0; i < entries.length; i++) {
    const t = entries.timeAt(i);
    if (t >= to) break;
    if (repaidBefore === null && t >= from) {
      repaidBefore = state.repaidTotal;
      correctedBefore = state.correctedTotal;
    }
    if (entries.kindAt(i) !== 'usage') {
      state.apply(entries.at(i), t, false);
      continue;
    }
    const id = entries.idAt(i);
    // A record is consumed by the usage's reversal, so this usage's is copied before any can run.
    state.applyUsage(id, entries.amountAt(i), t, state.reversalTargets.has(id));
    if (!inRange.has(id)) continue;
    const taken = state.records.get(id)!.slice();
    // Reversals give back the overdraft part first, then the lots last taken first (replay.ts).
    let back = reversed.get(id) ?? 0;
    const debt = Math.min(back, taken[0]!);
    taken[0]! -= debt;
    back -= debt;
    for (let j = taken.length - 2; j >= 1 && back > 0; j -= 2) {
      const give = Math.min(back, taken[j + 1]!);
      taken[j + 1]! -= give;
      back -= give;
    }
    byBucket.overdraft += taken[0]!;
    for (let j = 1; j < taken.length; j += 2) byBucket[state.lots[taken[j]!]!.bucket] += taken[j + 1]!;
  }
  const usage = KEYS.reduce((sum, k) => sum + byBucket[k], 0);
  return {
    usage,
    byBucket,
    sharesBasisPoints: shares(byBucket, usage),
    repaid: repaidBefore === null ? 0 : state.repaidTotal - repaidBefore,
    corrected: repaidBefore === null ? 0 : state.correctedTotal - correctedBefore,
  };
}

/** Largest-remainder rounding, so the shown percentages add up to exactly 100 %. */
function shares(
  byBucket: Record<Bucket | 'overdraft', number>,
  usage: number,
): Record<Bucket | 'overdraft', number> {
  const out = Object.fromEntries(KEYS.map((k) => [k, 0])) as Record<Bucket | 'overdraft', number>;
  if (usage === 0) return out;
  const whole = BigInt(usage);
  const rests: [Bucket | 'overdraft', bigint][] = [];
  let given = 0;
  for (const k of KEYS) {
    const scaled = BigInt(byBucket[k]) * 10_000n;
    out[k] = Number(scaled / whole);
    given += out[k];
    rests.push([k, scaled % whole]);
  }
  rests.sort((a, b) => (a[1] === b[1] ? 0 : a[1] > b[1] ? -1 : 1));
  for (let i = 0; given < 10_000; i++, given++) out[rests[i]![0]] += 1;
  return out;
}
