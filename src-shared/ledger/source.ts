import type { LedgerEntry } from './entry';
import { LedgerBook } from './book';
import { arrayList, type EntryList } from './entry-list';
import { prepareEntries } from './order';

/** Where analytics read entries from: a raw list (sorted and de-duplicated here) or a LedgerBook. */
export type LedgerSource = readonly LedgerEntry[] | LedgerBook;

/** One entry per id in replay order. */
export function uniqueEntries(source: LedgerSource): EntryList {
  return source instanceof LedgerBook ? source.entries() : arrayList(prepareEntries(source).entries);
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

/** firstAtOrAfter over a list read by position. */
export function firstAtOrAfterIn(entries: EntryList, t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries.timeAt(mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Net usage of the usages that occurred in [from, to): each usage minus what reversals that
 * occurred in [from, knownUntil] gave back for it (never more than the usage itself: an excess
 * is not usage). A reversal precedes its usage only in broken data, so earlier ones are ignored.
 * Calls `visit` once per usage with its position in `entries` and its net amount, in replay
 * order; `entries.at(position)` gives the whole usage when a caller needs more than its columns.
 */
export function forEachNetUsage(
  entries: EntryList,
  from: number,
  to: number,
  knownUntil: number,
  visit: (position: number, net: number) => void,
): void {
  const start = firstAtOrAfterIn(entries, from);
  const reversed = new Map<string, number>();
  for (let i = start; i < entries.length; i++) {
    if (entries.timeAt(i) > knownUntil) break;
    if (entries.kindAt(i) === 'reversal') {
      const usageId = entries.usageIdAt(i);
      reversed.set(usageId, (reversed.get(usageId) ?? 0) + entries.amountAt(i));
    }
  }
  for (let i = start; i < entries.length; i++) {
    if (entries.timeAt(i) >= to) break;
    if (entries.kindAt(i) !== 'usage') continue;
    const gross = -entries.amountAt(i);
    const back = reversed.size > 0 ? (reversed.get(entries.idAt(i)) ?? 0) : 0;
    visit(i, back >= gross ? 0 : gross - back);
  }
}
