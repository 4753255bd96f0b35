import { BUCKETS, type Bucket } from './entry';
import type { Cycle } from './cycles';
import type { LedgerConflict } from './order';
import type { ReplayState } from './replay';
import type { Balance, BucketBalance, LotBalance } from './balance-types';

function emptyBucket(): BucketBalance {
  return { remaining: 0, granted: 0, consumed: 0, expired: 0, nextExpiresAt: null, expiringMillicredits: 0 };
}

/** Builds the public balance from a replayed state. The state must already be expired up to `at`. */
export function summarize(
  state: ReplayState,
  at: number,
  cycle: Cycle | null,
  duplicates: number,
  conflicts: LedgerConflict[],
): Balance {
  const buckets = Object.fromEntries(BUCKETS.map((b) => [b, emptyBucket()])) as Record<Bucket, BucketBalance>;
  const currentMonthly = {
    remaining: 0,
    granted: 0,
    expiresAt: null as number | null,
    used: 0,
    repaid: 0,
    corrected: 0,
  };
  const lots: LotBalance[] = [];
  let remaining = 0;
  let granted = 0;
  let expired = 0;
  let capped = 0;
  for (const lot of state.lots) {
    const consumed = lot.granted - lot.remaining - lot.expired;
    // Capped credits were never credited: they count neither as granted nor as expired.
    const credited = lot.granted - lot.capped;
    const lapsed = lot.expired - lot.capped;
    const expiresAt = lot.expiresAt === Infinity ? null : lot.expiresAt;
    lots.push({
      id: lot.id,
      bucket: lot.bucket,
      source: lot.source,
      grantedAt: lot.grantedAt,
      expiresAt,
      granted: lot.granted,
      remaining: lot.remaining,
      consumed,
      expired: lapsed,
      capped: lot.capped,
    });
    const b = buckets[lot.bucket];
    b.remaining += lot.remaining;
    b.granted += credited;
    b.consumed += consumed;
    b.expired += lapsed;
    remaining += lot.remaining;
    granted += credited;
    expired += lapsed;
    capped += lot.capped;
    if (!lot.closed && expiresAt !== null) {
      if (b.nextExpiresAt === null || expiresAt < b.nextExpiresAt) {
        b.nextExpiresAt = expiresAt;
        b.expiringMillicredits = lot.remaining;
      } else if (expiresAt === b.nextExpiresAt) {
        b.expiringMillicredits += lot.remaining;
      }
    }
    if (!lot.closed && lot.bucket === 'monthly') {
      currentMonthly.remaining += lot.remaining;
      currentMonthly.granted += lot.granted - lot.capped;
      currentMonthly.used += lot.used;
      currentMonthly.repaid += lot.repaid;
      currentMonthly.corrected += lot.corrected;
      if (currentMonthly.expiresAt === null || (expiresAt !== null && expiresAt < currentMonthly.expiresAt)) {
        currentMonthly.expiresAt = expiresAt;
      }
    }
  }
  const consumedByBucket = {
    monthly: buckets.monthly.consumed,
    bundle: buckets.bundle.consumed,
    referral: buckets.referral.consumed,
    manual: buckets.manual.consumed,
    overdraft: state.overdraft,
  };
  return {
    at,
    total: remaining - state.overdraft,
    remaining,
    overdraft: state.overdraft,
    granted,
    consumed: granted - remaining - expired + state.overdraft,
    expired,
    capped,
    used: state.used,
    adjusted: state.adjusted,
    buckets,
    consumedByBucket,
    currentMonthly,
    lots,
    cycle,
    entries: state.applied,
    duplicates,
    conflicts,
    anomalies: state.anomalies.slice(),
  };
}
