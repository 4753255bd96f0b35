import type { Balance } from '../../../src-shared/ledger';

/**
 * Whether two balances state the same money. Duplicate counts and conflict reports are left out:
 * they describe the copies one process happened to receive (a local write echoed by the change
 * stream counts once more), not the ledger's set of facts.
 */
export function sameBalance(a: Balance, b: Balance): boolean {
  const facts = (x: Balance) => JSON.stringify({ ...x, duplicates: 0, conflicts: [] });
  return facts(a) === facts(b);
}
