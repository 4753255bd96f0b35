import type { LedgerEntry } from './entry';
import { LedgerBook } from './book';
import { prepareEntries } from './order';

/** Where analytics read entries from: a raw list (sorted and de-duplicated here) or a LedgerBook. */
export type LedgerSource = readonly LedgerEntry[] | LedgerBook;

/** One entry per id in replay order. */
export function uniqueEntries(source: LedgerSource): readonly LedgerEntry[] {
  return source instanceof LedgerBook ? source.entries() : prepareEntries(source).entries;
}

/** Index of the first entry with occurredAt ≥ t in replay-ordered entries. */
export function firstAtOrAfter(entries: readonly LedgerEntry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.occurredAt < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Net usage of the usages that occurred in [from, to): each usage minus what reversals that
 * occurred in [from, knownUntil] gave back for it (never more than the usage itself: an excess
 * is not usage). A reversal precedes its usage only in broken data, so earlier ones are ignored.
 * Calls `visit` once per usage with its net amount, in replay order.
 */
export function forEachNetUsage(
  entries: readonly LedgerEntry[],
  from: number,
  to: number,
  knownUntil: number,
  visit: (usage: Extract<LedgerEntry, { kind: 'usage' }>, net: number) => void,
): void {
  const start = firstAtOrAfter(entries, from);
  const reversed = new Map<string, number>();
  for (let i = start; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.occurredAt > knownUntil) break;
    if (entry.kind === 'reversal')
      reversed.set(entry.usageId, (reversed.get(entry.usageId) ?? 0) + entry.amount);
  }
  for (let i = start; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.occurredAt >= to) break;
    if (entry.kind !== 'usage') continue;
    const gross = -entry.amount;
    const back = reversed.size > 0 ? (reversed.get(entry.id) ?? 0) : 0;
    visit(entry, back >= gross ? 0 : gross - back);
  }
}
