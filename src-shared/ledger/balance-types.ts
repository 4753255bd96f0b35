import type { Bucket } from './entry';
import type { Cycle } from './cycles';
import type { LedgerConflict } from './order';
import type { LedgerAnomaly, LotSource } from './replay';

/** All amounts below are integer millicredits. */
export interface BucketBalance {
  remaining: number;
  granted: number;
  /** Taken by usage and negative adjustments, net of reversals. */
  consumed: number;
  expired: number;
  /** Soonest expiry among the bucket's open lots; null when none of them expires. */
  nextExpiresAt: number | null;
  /** What is left in the lots expiring at `nextExpiresAt`. */
  expiringMillicredits: number;
}

/** One grant, positive adjustment or refund and what became of it. */
export interface LotBalance {
  id: string;
  bucket: Bucket;
  source: LotSource;
  grantedAt: number;
  expiresAt: number | null;
  granted: number;
  remaining: number;
  consumed: number;
  /** Credits that lapsed unused (`capped` not included). */
  expired: number;
  /** A monthly grant's part above what its cycle was already credited: never credited nor spendable. */
  capped: number;
}

/**
 * The derived balance at one instant. Identities that always hold:
 * `total = remaining − overdraft = granted − consumed − expired`, and `total` equals the sum of
 * the applied entries' amounts minus `expired` and `capped`. `remaining` and `overdraft` are never both > 0.
 */
export interface Balance {
  at: number;
  /** Signed: negative when overdrawn. */
  total: number;
  /** Credits left in all open lots. */
  remaining: number;
  /** Usage beyond all credits, owed until new credits arrive (they repay it first). */
  overdraft: number;
  /** Credited: monthly grants net of their capped parts. */
  granted: number;
  consumed: number;
  expired: number;
  /** Monthly grant amounts above their cycle's allowance (see Lot.capped); sum of entries − expired − capped = total. */
  capped: number;
  /** Usage minus reversals. */
  used: number;
  /** Net of adjustments, signed. */
  adjusted: number;
  buckets: Record<Bucket, BucketBalance>;
  /** Consumed per bucket, plus the unpaid part in `overdraft`; sums to `consumed`. */
  consumedByBucket: Record<Bucket | 'overdraft', number>;
  /** The monthly credits of the cycle containing `at` (open monthly lots; `granted` net of capped parts). */
  currentMonthly: {
    remaining: number;
    granted: number;
    expiresAt: number | null;
    /** Taken by usage (net of reversals): what "used this cycle" and the usage alerts count. */
    used: number;
    /** Taken to repay an earlier overdraft ("repaid from this cycle"). */
    repaid: number;
    /** Taken by negative corrections. */
    corrected: number;
  };
  /** Every lot in creation (replay) order. */
  lots: LotBalance[];
  /** The billing cycle containing `at`, when an anchor day was given. */
  cycle: Cycle | null;
  /** Entries replayed (occurredAt ≤ at, one per id). */
  entries: number;
  /** Copies dropped because their id was already present, over the whole input. */
  duplicates: number;
  conflicts: LedgerConflict[];
  anomalies: LedgerAnomaly[];
}
