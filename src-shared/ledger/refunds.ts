import type { LedgerEntry, UsageEntry } from './entry';

/** What a usage took, what its reversals gave back (capped at what it took) and what is left. */
export interface RefundState {
  took: number;
  given: number;
  refundable: number;
}

/** Reversals of `usage` (any order, de-duplicated by id) summed into what may still be refunded. */
export function refundState(usage: UsageEntry, reversals: readonly LedgerEntry[]): RefundState {
  const took = -usage.amount;
  const byId = new Map<string, number>();
  for (const r of reversals) if (r.kind === 'reversal' && r.usageId === usage.id) byId.set(r.id, r.amount);
  let sum = 0;
  for (const amount of byId.values()) sum += amount;
  const given = Math.min(sum, took);
  return { took, given, refundable: took - given };
}
