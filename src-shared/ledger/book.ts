import type { LedgerEntry } from './entry';
import { assertTime } from './errors';
import { assertAnchorDay, cycleFor } from './cycles';
import { ledgerPayloadKey } from '../db/ledger-doc';
import { addVariant, compareEntries, pickWinner, recordedBefore, type LedgerConflict } from './order';
import { ReplayState } from './replay';
import { sortIntoReplayOrder } from './replay-order';
import type { Balance } from './balance';
import { summarize } from './summary';

export interface LedgerBookOptions {
  /** The subscription's anchor day (1–31): snapshots are taken at each cycle start. */
  anchorDay: number;
}

export interface AddResult {
  /** Entries with an id the book did not hold. */
  added: number;
  /** Copies of ids already held (identical or not). */
  duplicates: number;
  /** Copies whose payload differs from every copy held before: conflicts to report. */
  conflicting: number;
}

/** Late entries per add() placed by binary insertion; beyond that one sort at the next query is cheaper. */
const MAX_SPLICES_PER_ADD = 64;

/** The replay state after every entry before `boundary` (a cycle start), and where to resume. */
interface Snapshot {
  boundary: number;
  index: number;
  state: ReplayState;
}

/**
 * A ledger held in memory with balance snapshots at every cycle start, for services that ask for
 * the balance again and again while entries keep arriving (main's ledger service, the server).
 *
 * Snapshots equal a full replay by construction: an entry that lands before a snapshot's boundary
 * (late sync, an import, a new reversal of an old usage, a conflicting copy that wins) drops that
 * snapshot and every later one. A query then replays only from the latest valid snapshot — in
 * steady state, the current cycle — and takes snapshots of the boundaries it crosses.
 */
export class LedgerBook {
  readonly anchorDay: number;
  private sorted: LedgerEntry[] = [];
  private needsSort = false;
  private readonly byId = new Map<string, LedgerEntry>();
  /** Distinct payloads of ids that arrived with more than one. */
  private readonly variants = new Map<string, Map<string, LedgerEntry>>();
  /** For ids with one payload: a copy recorded earlier than the one held, if such a copy arrived. */
  private readonly earliestCopy = new Map<string, LedgerEntry>();
  private conflictReport: LedgerConflict[] | null = null;
  private splicesLeft = 0;
  private duplicateCount = 0;
  private readonly reversalTargets = new Set<string>();
  private snapshots: Snapshot[] = [];

  constructor(options: LedgerBookOptions) {
    this.anchorDay = assertAnchorDay(options.anchorDay);
  }

  /** Distinct entry ids held. */
  get size(): number {
    return this.byId.size;
  }

  /**
   * Adds entries (any order, duplicates allowed); entries are trusted to match ledgerEntrySchema.
   * Cheap for entries newer than every snapshot boundary: that is the steady state.
   */
  add(entries: Iterable<LedgerEntry>): AddResult {
    const result: AddResult = { added: 0, duplicates: 0, conflicting: 0 };
    this.splicesLeft = MAX_SPLICES_PER_ADD;
    for (const entry of entries) {
      const held = this.byId.get(entry.id);
      if (held === undefined) {
        this.byId.set(entry.id, entry);
        this.insert(entry);
        result.added++;
        continue;
      }
      result.duplicates++;
      this.duplicateCount++;
      if (held === entry) continue;
      let variants = this.variants.get(entry.id);
      if (variants === undefined) {
        // The common duplicate is the same fact again (a local write echoed by the change stream):
        // remember only its earliest-recorded copy, which is what a conflict report would show.
        const earliest = this.earliestCopy.get(entry.id) ?? held;
        if (ledgerPayloadKey(held) === ledgerPayloadKey(entry)) {
          if (recordedBefore(entry, earliest)) this.earliestCopy.set(entry.id, entry);
          continue;
        }
        variants = new Map();
        addVariant(variants, earliest);
        this.variants.set(entry.id, variants);
        this.earliestCopy.delete(entry.id);
      }
      this.conflictReport = null;
      if (!addVariant(variants, entry)) continue;
      result.conflicting++;
      const { kept } = pickWinner(variants);
      if (ledgerPayloadKey(kept) !== ledgerPayloadKey(held)) this.replace(held, kept);
    }
    return result;
  }

  /**
   * Holds `entry` instead of the copy held under its id, when both state the same fact and the id
   * has no conflicting variants: sync replaced this machine's copy with the team's (other
   * provenance). Balances and snapshots are untouched. Returns false when a swap does not apply
   * (unknown id, a different fact, a conflicted id); the caller then rebuilds from storage.
   */
  swapCopy(entry: LedgerEntry): boolean {
    const held = this.byId.get(entry.id);
    if (held === undefined || this.variants.has(entry.id)) return false;
    if (held === entry) return true;
    if (ledgerPayloadKey(held) !== ledgerPayloadKey(entry)) return false;
    // Same fact, so the same (occurredAt, id) and the same place in replay order. Every synced local
    // entry comes back once with the endpoint's provenance stamp, so this is found by bisection.
    const at = this.positionOf(held);
    if (at < 0) return false;
    this.sorted[at] = entry;
    this.byId.set(entry.id, entry);
    const earliest = this.earliestCopy.get(entry.id) ?? held;
    if (recordedBefore(earliest, entry)) this.earliestCopy.set(entry.id, earliest);
    else this.earliestCopy.delete(entry.id);
    return true;
  }

  /**
   * The balance at `at` (inclusive); equal to computeBalance over every entry added, with this
   * book's anchor day.
   * @throws LedgerError for an `at` that is not epoch milliseconds.
   */
  balanceAt(at: number): Balance {
    assertTime(at, 'at');
    const entries = this.entries();
    const snapshots = this.snapshots;
    const lo = this.snapshotsUpTo(at);
    const from = snapshots[lo - 1];
    const state = from ? from.state.clone() : new ReplayState(this.reversalTargets);
    let index = from ? from.index : 0;
    // Snapshots cover consecutive cycles, so new ones are only taken past the last one, and only
    // up to the newest entry: later ones would skip nothing (and a far-future `at` would take millions).
    if (lo === snapshots.length && entries.length > 0) {
      const newest = entries[entries.length - 1]!.occurredAt;
      let boundary = cycleFor(this.anchorDay, from ? from.boundary : entries[0]!.occurredAt).end;
      while (boundary <= at && boundary <= newest) {
        index = state.advance(entries, index, boundary);
        state.expireUntil(boundary);
        snapshots.push({ boundary, index, state: state.clone() });
        boundary = cycleFor(this.anchorDay, boundary).end;
      }
    }
    state.advance(entries, index, at + 1);
    state.expireUntil(at);
    return summarize(state, at, cycleFor(this.anchorDay, at), this.duplicateCount, this.conflicts());
  }

  /**
   * The replay state after every entry with occurredAt < `cut`, expired up to `cut`: what a balance
   * checkpoint persists (see checkpoint.ts). Resumes from the latest snapshot at or before `cut`, so
   * after a balance query it replays at most one cycle. A copy: the caller may keep it.
   * @throws LedgerError for a `cut` that is not epoch milliseconds.
   */
  stateBefore(cut: number): ReplayState {
    assertTime(cut, 'cut');
    const entries = this.entries();
    const snapshots = this.snapshots;
    const lo = this.snapshotsUpTo(cut);
    const from = snapshots[lo - 1];
    const state = from ? from.state.clone() : new ReplayState(this.reversalTargets);
    state.advance(entries, from ? from.index : 0, cut);
    state.expireUntil(cut);
    return state;
  }

  /** One entry per id, in replay order. The array is the book's own: do not modify it. */
  entries(): readonly LedgerEntry[] {
    if (this.needsSort) {
      this.sorted = sortIntoReplayOrder(this.sorted);
      this.needsSort = false;
    }
    return this.sorted;
  }

  /** Ids held with more than one payload, ordered by id then payload. */
  conflicts(): LedgerConflict[] {
    if (this.conflictReport === null) {
      const report: LedgerConflict[] = [];
      for (const id of [...this.variants.keys()].sort())
        report.push(...pickWinner(this.variants.get(id)!).conflicts);
      this.conflictReport = report;
    }
    return this.conflictReport.slice();
  }

  /** Cycle starts that currently have a snapshot (for diagnostics and tests). */
  snapshotBoundaries(): number[] {
    return this.snapshots.map((s) => s.boundary);
  }

  /** Index of a held entry in replay order (ids are unique there), or -1. */
  private positionOf(held: LedgerEntry): number {
    const sorted = this.entries();
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(sorted[mid]!, held) < 0) lo = mid + 1;
      else hi = mid;
    }
    return sorted[lo] === held ? lo : sorted.indexOf(held);
  }

  private insert(entry: LedgerEntry): void {
    const sorted = this.sorted;
    const last = sorted[sorted.length - 1];
    if (last === undefined || compareEntries(last, entry) <= 0) {
      sorted.push(entry);
    } else if (!this.needsSort && this.splicesLeft > 0) {
      // A few late entries (sync from a machine that was offline) are placed directly; a memmove
      // is far cheaper than re-sorting a whole ledger at the next query.
      this.splicesLeft--;
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareEntries(sorted[mid]!, entry) <= 0) lo = mid + 1;
        else hi = mid;
      }
      sorted.splice(lo, 0, entry);
    } else {
      sorted.push(entry);
      this.needsSort = true;
    }
    this.invalidateAfter(entry.occurredAt);
    if (entry.kind === 'reversal') {
      this.reversalTargets.add(entry.usageId);
      // Snapshots past the usage did not record what it consumed, which the reversal now needs.
      const usage = this.byId.get(entry.usageId);
      if (usage !== undefined) this.invalidateAfter(usage.occurredAt);
    }
  }

  private replace(held: LedgerEntry, kept: LedgerEntry): void {
    const at = this.sorted.indexOf(held);
    if (at >= 0) this.sorted.splice(at, 1);
    this.byId.set(kept.id, kept);
    this.invalidateAfter(held.occurredAt);
    this.insert(kept);
  }

  /** Drops the snapshots whose boundary is after `t`: they did not see an entry at `t`. */
  private invalidateAfter(t: number): void {
    const snapshots = this.snapshots;
    if (snapshots.length === 0 || snapshots[snapshots.length - 1]!.boundary <= t) return;
    snapshots.length = this.snapshotsUpTo(t);
  }

  /** How many snapshots have a boundary at or before `t` (they are in boundary order). */
  private snapshotsUpTo(t: number): number {
    const snapshots = this.snapshots;
    let lo = 0;
    let hi = snapshots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (snapshots[mid]!.boundary <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
