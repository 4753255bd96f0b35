import type { ActionKind } from '../pricing/actions';
import type { Bucket, EntryKind, LedgerEntry } from './entry';

/**
 * Entries in replay order, read by position. A whole ledger in memory is held as columns (see
 * entry-columns.ts), so the hot loops (replay, analytics, search filters) read single fields without
 * an object per entry; `at` builds a full entry for the few that are shown or passed on.
 */
export interface EntryList {
  readonly length: number;
  timeAt(i: number): number;
  amountAt(i: number): number;
  kindAt(i: number): EntryKind;
  idAt(i: number): string;
  machineAt(i: number): string;
  /** A usage's action kind; '' for other kinds. */
  actionKindAt(i: number): ActionKind | '';
  /** A grant's bucket; '' for other kinds. */
  bucketAt(i: number): Bucket | '';
  /** The usage a reversal gives back; '' for other kinds. */
  usageIdAt(i: number): string;
  /** The whole entry (may be built on each call: do not modify it, compare by id, not identity). */
  at(i: number): LedgerEntry;
}

/** An EntryList over entries already in replay order and one per id (a live view of the array). */
export function arrayList(entries: readonly LedgerEntry[]): EntryList {
  return {
    get length() {
      return entries.length;
    },
    timeAt: (i) => entries[i]!.occurredAt,
    amountAt: (i) => entries[i]!.amount,
    kindAt: (i) => entries[i]!.kind,
    idAt: (i) => entries[i]!.id,
    machineAt: (i) => entries[i]!.machineId,
    actionKindAt: (i) => {
      const e = entries[i]!;
      return e.kind === 'usage' ? e.actionKind : '';
    },
    bucketAt: (i) => {
      const e = entries[i]!;
      return e.kind === 'grant' ? e.bucket : '';
    },
    usageIdAt: (i) => {
      const e = entries[i]!;
      return e.kind === 'reversal' ? e.usageId : '';
    },
    at: (i) => entries[i]!,
  };
}

/** Every entry of a list, as objects (for tests and small lists). */
export function listEntries(list: EntryList): LedgerEntry[] {
  const out = new Array<LedgerEntry>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = list.at(i);
  return out;
}
