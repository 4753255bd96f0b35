import { ledgerPayloadKey } from '../db/ledger-doc';
import type { LedgerEntry, ReversalEntry } from './entry';
import { IdIndex } from './id-index';
import { sortIntoReplayOrder } from './replay-order';

/**
 * Replay order and de-duplication. Every machine must compute the same balance from the same set
 * of entries, so both are defined by the entries alone, never by the order they arrived in.
 */

/** Replay order: (occurredAt, id), ids compared by UTF-16 code units. */
export function compareEntries(a: LedgerEntry, b: LedgerEntry): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Two entries with one id and different facts. Never merged: the kept one counts, both are reported. */
export interface LedgerConflict {
  id: string;
  kept: LedgerEntry;
  dropped: LedgerEntry;
}

export interface PreparedEntries {
  /** One entry per id, in replay order. */
  entries: LedgerEntry[];
  /** Entries dropped because their id was already present (identical copies and conflicts). */
  duplicates: number;
  /** One per distinct losing payload, ordered by id then payload. */
  conflicts: LedgerConflict[];
  /** Usage ids that some reversal refers to: only these usages need their burn recorded. */
  reversalTargets: Set<string>;
  /**
   * The same as flags aligned with `entries` (1 = record this usage), when cheap to build; lets the
   * replay skip a hash lookup per usage. Null means "ask reversalTargets".
   */
  recordFlags: Uint8Array | null;
}

/** Between two copies of one fact, the one whose provenance sorts first (earliest recording). */
export function recordedBefore(a: LedgerEntry, b: LedgerEntry): boolean {
  if (a.recordedAt !== b.recordedAt) return a.recordedAt < b.recordedAt;
  return a.machineId < b.machineId;
}

/**
 * Adds a copy to the distinct facts (payloads) seen under one id; returns true when its payload is
 * new. Each payload keeps its earliest-recorded copy, so the map does not depend on arrival order.
 */
export function addVariant(variants: Map<string, LedgerEntry>, entry: LedgerEntry): boolean {
  const key = ledgerPayloadKey(entry);
  const known = variants.get(key);
  if (known === undefined) {
    variants.set(key, entry);
    return true;
  }
  if (recordedBefore(entry, known)) variants.set(key, entry);
  return false;
}

/**
 * Between two monthly grants stating different facts under one id (a machine wrote a cycle's grant
 * before it heard of a plan change), the one with the earlier expiry, then the smaller amount: a
 * machine that missed a change never gives more than the timeline does (docs/decisions.md).
 */
function monthlyPreference(a: LedgerEntry, b: LedgerEntry): number {
  if (a.kind !== 'grant' || b.kind !== 'grant' || a.bucket !== 'monthly' || b.bucket !== 'monthly') return 0;
  if (a.expiresAt !== b.expiresAt) return a.expiresAt - b.expiresAt;
  return a.amount - b.amount;
}

/**
 * Of several facts under one id, the one that counts: the earliest in replay order, then (monthly
 * grants) the earlier expiry and smaller amount, then the smallest canonical payload, so every
 * machine picks the same one.
 */
export function pickWinner(variants: Map<string, LedgerEntry>): {
  kept: LedgerEntry;
  conflicts: LedgerConflict[];
} {
  let keptKey = '';
  let kept: LedgerEntry | undefined;
  for (const [key, entry] of variants) {
    const preference = kept === undefined ? 0 : monthlyPreference(entry, kept);
    if (
      kept === undefined ||
      entry.occurredAt < kept.occurredAt ||
      (entry.occurredAt === kept.occurredAt && (preference < 0 || (preference === 0 && key < keptKey)))
    ) {
      kept = entry;
      keptKey = key;
    }
  }
  const conflicts = [...variants.keys()]
    .filter((key) => key !== keptKey)
    .sort()
    .map((key) => ({ id: kept!.id, kept: kept!, dropped: variants.get(key)! }));
  return { kept: kept!, conflicts };
}

interface Scan {
  index: IdIndex;
  reversals: number[];
  /** Positions of every copy, per id seen more than once (positions: a copy may be the same object). */
  copiesById: Map<string, number[]> | null;
}

/**
 * One pass that indexes ids and, when `checkOrder` is set, gives up (returns null) at the first
 * entry out of replay order. Fusing the two saves a pass over the ledger in the common, sorted case.
 */
function scan(entries: readonly LedgerEntry[], checkOrder: boolean): Scan | null {
  const index = new IdIndex(entries);
  const reversals: number[] = [];
  let copiesById: Map<string, number[]> | null = null;
  let prevTime = -Infinity;
  let prevId = '';
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const id = entry.id;
    if (checkOrder) {
      const t = entry.occurredAt;
      if (t < prevTime || (t === prevTime && id < prevId)) return null;
      prevTime = t;
      prevId = id;
    }
    const first = index.insert(i, id);
    if (first < 0) {
      if (entry.kind === 'reversal') reversals.push(i);
      continue;
    }
    copiesById ??= new Map();
    const copies = copiesById.get(id);
    if (copies) copies.push(i);
    else copiesById.set(id, [first, i]);
  }
  return { index, reversals, copiesById };
}

/**
 * Sorts (only when needed: data read through the occurredAt index is already in order) and
 * de-duplicates entries. O(n) for sorted input without duplicates.
 */
export function prepareEntries(input: readonly LedgerEntry[]): PreparedEntries {
  let sorted = input;
  let result = scan(input, true);
  if (result === null) {
    sorted = sortIntoReplayOrder(input);
    result = scan(sorted, false)!;
  }
  const { index, reversals, copiesById } = result;
  const reversalTargets = new Set<string>();
  for (const r of reversals) reversalTargets.add((sorted[r] as ReversalEntry).usageId);
  if (copiesById === null) {
    // Positions are final, so the index can mark which usages a reversal will need to undo.
    let recordFlags: Uint8Array | null = null;
    if (reversals.length > 0) {
      recordFlags = new Uint8Array(sorted.length);
      for (const r of reversals) {
        const target = index.find((sorted[r] as ReversalEntry).usageId);
        if (target >= 0) recordFlags[target] = 1;
      }
    }
    return { entries: sorted as LedgerEntry[], duplicates: 0, conflicts: [], reversalTargets, recordFlags };
  }

  const dropped = new Set<number>();
  const conflicts: LedgerConflict[] = [];
  let duplicates = 0;
  for (const id of [...copiesById.keys()].sort()) {
    const copies = copiesById.get(id)!;
    const variants = new Map<string, LedgerEntry>();
    for (const position of copies) addVariant(variants, sorted[position]!);
    const winner = pickWinner(variants);
    const keep = copies.find((position) => sorted[position] === winner.kept)!;
    for (const position of copies) if (position !== keep) dropped.add(position);
    duplicates += copies.length - 1;
    conflicts.push(...winner.conflicts);
    // The first copy may have lost to a same-time variant; the reversal target follows the winner.
    if (winner.kept.kind === 'reversal') reversalTargets.add(winner.kept.usageId);
  }
  return {
    entries: sorted.filter((_entry, position) => !dropped.has(position)),
    duplicates,
    conflicts,
    reversalTargets,
    recordFlags: null,
  };
}
