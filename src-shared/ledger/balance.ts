import type { LedgerEntry } from './entry';
import { assertTime } from './errors';
import { cycleFor } from './cycles';
import { prepareEntries } from './order';
import { ReplayState } from './replay';
import { summarize } from './summary';
import type { Balance } from './balance-types';

export type { Balance, BucketBalance, LotBalance } from './balance-types';

export interface ComputeBalanceOptions {
  /** The subscription's anchor day (1–31); fills `cycle` and lets `authorize` name the reset date. */
  anchorDay?: number;
}

/**
 * The balance at `at` (inclusive) by a full replay of `entries` in (occurredAt, id) order.
 *
 * Entries may arrive in any order and with repeated ids: the result depends only on the set of
 * entries (see prepareEntries for which copy of an id counts). Entries are trusted to match
 * ledgerEntrySchema — validate at the edges, not here, because this runs over whole ledgers.
 * Cost: O(n), plus a radix sort when the input is out of order; for repeated queries over a
 * growing ledger use LedgerBook, which keeps per-cycle snapshots.
 *
 * @throws LedgerError for an `at` that is not epoch milliseconds or an anchor day outside 1–31.
 */
export function computeBalance(
  entries: readonly LedgerEntry[],
  at: number,
  options: ComputeBalanceOptions = {},
): Balance {
  assertTime(at, 'at');
  const cycle = options.anchorDay === undefined ? null : cycleFor(options.anchorDay, at);
  const prepared = prepareEntries(entries);
  const state = new ReplayState(prepared.reversalTargets);
  state.advance(prepared.entries, 0, at + 1, prepared.recordFlags);
  state.expireUntil(at);
  return summarize(state, at, cycle, prepared.duplicates, prepared.conflicts);
}
