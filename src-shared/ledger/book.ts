import type { LedgerEntry } from './entry';
import { assertTime } from './errors';
import { assertAnchorDay, cycleFor } from './cycles';
import { ledgerPayloadKey } from '../db/ledger-doc';
import { addVariant, pickWinner, recordedBefore, type LedgerConflict } from './order';
import { ReplayState } from './replay';
import { replayPermutation } from './replay-order';
import type { Balance } from './balance';
import { summarize } from './summary';
import { ColumnsImageError, EntryColumns, KIND_CODES, REVERSAL, type ColumnsImage } from './entry-columns';
import type { EntryList } from './entry-list';

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

/** A book's entries as plain parts: its columns and their replay order (see LedgerBook.image). */
export interface BookImage {
  columns: ColumnsImage;
  /** Rows in replay order. */
  order: Int32Array<ArrayBuffer>;
}

/** The replay state after every entry before `boundary` (a cycle start), and where to resume. */
interface Snapshot {
  boundary: number;
  index: number;
  state: ReplayState;
}

/**
 * A ledger held in memory with balance snapshots at every cycle start, for services that ask for
 * the balance again and again while entries keep arriving (main's ledger service, the server).
 * Entries are held as columns (entry-columns.ts) with a permutation into replay order, so a
 * million of them fit in about 100 MB; `entries()` reads them by position.
 *
 * Snapshots equal a full replay by construction: an entry that lands before a snapshot's boundary
 * (late sync, an import, a new reversal of an old usage, a conflicting copy that wins, a stored
 * fact replaced by sync) drops that snapshot and every later one. A query then replays only from
 * the latest valid snapshot — in steady state, the current cycle — and takes snapshots of the
 * boundaries it crosses.
 */
export class LedgerBook {
  readonly anchorDay: number;
  private rows = new EntryColumns();
  /** Rows in replay order: order[0‥size). */
  private order = new Int32Array(0);
  private needsSort = false;
  /** Distinct payloads of ids that arrived with more than one. */
  private readonly variants = new Map<string, Map<string, LedgerEntry>>();
  /** For ids with one payload: a copy recorded earlier than the one held, if such a copy arrived. */
  private readonly earliestCopy = new Map<string, LedgerEntry>();
  private conflictReport: LedgerConflict[] | null = null;
  private splicesLeft = 0;
  private duplicateCount = 0;
  private readonly reversalTargets = new Set<string>();
  private snapshots: Snapshot[] = [];
  /** The list handed out by entries(); replaced whenever the book changes. */
  private list: EntryList | null = null;

  constructor(options: LedgerBookOptions) {
    this.anchorDay = assertAnchorDay(options.anchorDay);
  }

  /**
   * The entries as plain parts, for a file a later start reads instead of scanning storage; null
   * while ids have conflicting copies (what counts then depends on more than one copy per id, which
   * is all storage, and so an image, holds). Views of the live book: encode them before it changes.
   */
  image(): BookImage | null {
    if (this.variants.size > 0) return null;
    this.sort();
    return { columns: this.rows.image(), order: this.order.subarray(0, this.rows.size) };
  }

  /**
   * A book holding exactly the image's entries, as if each had been added once. Checks that the
   * order is a permutation in replay order (besides EntryColumns' checks) and throws
   * ColumnsImageError otherwise: an image is a cache, never trusted on its own word.
   */
  static fromImage(options: LedgerBookOptions, image: BookImage): LedgerBook {
    const book = new LedgerBook(options);
    const rows = EntryColumns.fromImage(image.columns);
    const order = image.order;
    const n = rows.size;
    if (order.length !== n) throw new ColumnsImageError('the replay order does not cover every row');
    const seen = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const row = order[i]!;
      if (row < 0 || row >= n || seen[row] === 1)
        throw new ColumnsImageError('the replay order is not a permutation');
      seen[row] = 1;
    }
    book.rows = rows;
    book.order = order;
    for (let i = 1; i < n; i++)
      if (book.compareRows(order[i - 1]!, order[i]!) >= 0)
        throw new ColumnsImageError('the replay order is not sorted');
    for (let row = 0; row < n; row++) book.noteReversal(row);
    return book;
  }

  /** Distinct entry ids held. */
  get size(): number {
    return this.rows.size;
  }

  /** Whether an entry with this id is held. */
  has(id: string): boolean {
    return this.rows.find(id) >= 0;
  }

  /** Room for `count` entries, so a load that knows the ledger's size grows nothing as it goes. */
  reserve(count: number): void {
    this.rows.reserve(count);
    if (count > this.order.length) this.growOrder(count);
  }

  /**
   * Adds entries (any order, duplicates allowed); entries are trusted to match ledgerEntrySchema.
   * A usage entry is copied into columns; other kinds (and the copies a conflict report needs) are
   * kept as passed, so callers pass clean entries, not storage documents. Cheap for entries newer than every snapshot boundary: the steady state.
   */
  add(entries: Iterable<LedgerEntry>): AddResult {
    const result: AddResult = { added: 0, duplicates: 0, conflicting: 0 };
    this.splicesLeft = MAX_SPLICES_PER_ADD;
    const rows = this.rows;
    for (const entry of entries) {
      const row = rows.find(entry.id);
      if (row < 0) {
        this.insert(rows.append(entry));
        result.added++;
        continue;
      }
      result.duplicates++;
      this.duplicateCount++;
      const held = rows.entry(row);
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
      if (ledgerPayloadKey(kept) !== ledgerPayloadKey(held)) this.rewrite(row, kept);
    }
    if (result.added > 0 || result.conflicting > 0) this.list = null;
    return result;
  }

  /**
   * Holds `entry` instead of the copy held under its id, when both state the same fact and the id
   * has no conflicting variants: sync replaced this machine's copy with the team's (other
   * provenance). Balances and snapshots are untouched. Returns false when a swap does not apply
   * (unknown id, a different fact, a conflicted id); see replaceFact for a different fact.
   */
  swapCopy(entry: LedgerEntry): boolean {
    const row = this.rows.find(entry.id);
    if (row < 0 || this.variants.has(entry.id)) return false;
    const held = this.rows.entry(row);
    if (held === entry) return true;
    if (ledgerPayloadKey(held) !== ledgerPayloadKey(entry)) return false;
    // Same fact, so the same (occurredAt, id) and the same place in replay order.
    this.rows.write(row, entry);
    const earliest = this.earliestCopy.get(entry.id) ?? held;
    if (recordedBefore(earliest, entry)) this.earliestCopy.set(entry.id, earliest);
    else this.earliestCopy.delete(entry.id);
    this.list = null;
    return true;
  }

  /**
   * Holds `entry` as the one fact under its id: storage replaced the stored entry (sync resolved a
   * conflict in favour of the team's copy). Only the snapshots from the earlier of the old and new
   * times on are dropped, so the next balance replays from the snapshot before it. An id the book
   * does not hold is added. Returns false, changing nothing, for an id held with conflicting
   * variants: which copy counts then depends on more than storage holds, so the caller rebuilds.
   */
  replaceFact(entry: LedgerEntry): boolean {
    const row = this.rows.find(entry.id);
    if (row < 0) {
      this.add([entry]);
      return true;
    }
    if (this.variants.has(entry.id)) return false;
    const held = this.rows.entry(row);
    this.earliestCopy.delete(entry.id);
    if (ledgerPayloadKey(held) === ledgerPayloadKey(entry)) return this.swapCopy(entry);
    this.rewrite(row, entry);
    this.list = null;
    return true;
  }

  /**
   * The balance at `at` (inclusive); equal to computeBalance over every entry added, with this
   * book's anchor day.
   * @throws LedgerError for an `at` that is not epoch milliseconds.
   */
  balanceAt(at: number): Balance {
    assertTime(at, 'at');
    this.sort();
    const n = this.rows.size;
    const time = this.rows.time;
    const order = this.order;
    const snapshots = this.snapshots;
    const lo = this.snapshotsUpTo(at);
    const from = snapshots[lo - 1];
    const state = from ? from.state.clone() : new ReplayState(this.reversalTargets);
    let index = from ? from.index : 0;
    // Snapshots cover consecutive cycles, so new ones are only taken past the last one, and only
    // up to the newest entry: later ones would skip nothing (and a far-future `at` would take millions).
    if (lo === snapshots.length && n > 0) {
      const newest = time[order[n - 1]!]!;
      let boundary = cycleFor(this.anchorDay, from ? from.boundary : time[order[0]!]!).end;
      while (boundary <= at && boundary <= newest) {
        index = this.advance(state, index, boundary);
        state.expireUntil(boundary);
        snapshots.push({ boundary, index, state: state.clone() });
        boundary = cycleFor(this.anchorDay, boundary).end;
      }
    }
    this.advance(state, index, at + 1);
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
    this.sort();
    const snapshots = this.snapshots;
    const lo = this.snapshotsUpTo(cut);
    const from = snapshots[lo - 1];
    const state = from ? from.state.clone() : new ReplayState(this.reversalTargets);
    this.advance(state, from ? from.index : 0, cut);
    state.expireUntil(cut);
    return state;
  }

  /** One entry per id, in replay order, read by position; valid until the book changes. */
  entries(): EntryList {
    this.sort();
    if (this.list === null) {
      const rows = this.rows;
      const order = this.order;
      this.list = {
        length: rows.size,
        timeAt: (i) => rows.time[order[i]!]!,
        amountAt: (i) => rows.amount[order[i]!]!,
        kindAt: (i) => KIND_CODES[rows.kindCode(order[i]!)]!,
        idAt: (i) => rows.ids[order[i]!]!,
        machineAt: (i) => rows.machineAt(order[i]!),
        actionKindAt: (i) => rows.actionKindAt(order[i]!),
        bucketAt: (i) => rows.bucketAt(order[i]!),
        usageIdAt: (i) => rows.usageIdAt(order[i]!),
        at: (i) => rows.entry(order[i]!),
      };
    }
    return this.list;
  }

  /**
   * A book of the same entries under another anchor day (which re-tiles every snapshot), one copy
   * per id. Without conflicting copies the columns are copied as they are (no entry object is
   * built); otherwise the winning entries go across one at a time.
   */
  withAnchorDay(anchorDay: number): LedgerBook {
    if (this.variants.size === 0) {
      const next = new LedgerBook({ anchorDay });
      this.sort();
      next.rows = this.rows.copy();
      next.order = this.order.slice(0, this.rows.size);
      for (const id of this.reversalTargets) next.reversalTargets.add(id);
      return next;
    }
    const next = new LedgerBook({ anchorDay });
    const list = this.entries();
    next.reserve(list.length);
    next.add(
      (function* () {
        for (let i = 0; i < list.length; i++) yield list.at(i);
      })(),
    );
    return next;
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
  /** False when no reversal of `usageId` was ever added: callers can skip looking its refunds up. */
  mayHaveReversals(usageId: string): boolean {
    return this.reversalTargets.has(usageId);
  }

  snapshotBoundaries(): number[] {
    return this.snapshots.map((s) => s.boundary);
  }

  /** Applies order[start..] while occurredAt < endExclusive; returns the position it stopped at. */
  private advance(state: ReplayState, start: number, endExclusive: number): number {
    const rows = this.rows;
    const { time, amount, ids } = rows;
    const order = this.order;
    const n = this.rows.size;
    const targets = this.reversalTargets;
    const lookup = targets.size > 0;
    let i = start;
    for (; i < n; i++) {
      const row = order[i]!;
      const t = time[row]!;
      if (t >= endExclusive) break;
      const entry = rows.heldEntry(row);
      if (entry === undefined) {
        const id = ids[row]!;
        state.applyUsage(id, amount[row]!, t, lookup && targets.has(id));
      } else {
        state.apply(entry, t, lookup && entry.kind === 'usage' && targets.has(entry.id));
      }
    }
    return i;
  }

  /** Replay order between two rows: (occurredAt, id). */
  private compareRows(a: number, b: number): number {
    const time = this.rows.time;
    if (time[a] !== time[b]) return time[a]! < time[b]! ? -1 : 1;
    const x = this.rows.ids[a]!;
    const y = this.rows.ids[b]!;
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** First position in `order` whose row does not sort before `row` (order must be sorted). */
  private lowerBound(row: number): number {
    const order = this.order;
    let lo = 0;
    let hi = this.rows.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareRows(order[mid]!, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Places a new row (rows.size already counts it) in replay order. */
  private insert(row: number): void {
    const n = this.rows.size;
    if (n > this.order.length) this.growOrder(Math.max(1024, Math.ceil(n * 1.5)));
    const order = this.order;
    const count = n - 1;
    if (count === 0 || this.needsSort || this.compareRows(order[count - 1]!, row) <= 0) {
      order[count] = row;
    } else if (this.splicesLeft > 0) {
      // A few late entries (sync from a machine that was offline) are placed directly; a memmove
      // is far cheaper than re-sorting a whole ledger at the next query.
      this.splicesLeft--;
      let lo = 0;
      let hi = count;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.compareRows(order[mid]!, row) <= 0) lo = mid + 1;
        else hi = mid;
      }
      order.copyWithin(lo + 1, lo, count);
      order[lo] = row;
    } else {
      order[count] = row;
      this.needsSort = true;
    }
    this.invalidateAfter(this.rows.time[row]!);
    this.noteReversal(row);
  }

  /** A reversal needs what its usage consumed, which snapshots past the usage did not record. */
  private noteReversal(row: number): void {
    if (this.rows.kindCode(row) !== REVERSAL) return;
    const usageId = this.rows.usageIdAt(row);
    this.reversalTargets.add(usageId);
    const usage = this.rows.find(usageId);
    if (usage >= 0) this.invalidateAfter(this.rows.time[usage]!);
  }

  /** Holds `kept` in `row` (same id, another fact) and moves the row to its place in replay order. */
  private rewrite(row: number, kept: LedgerEntry): void {
    const before = this.rows.time[row]!;
    const n = this.rows.size;
    if (!this.needsSort) {
      this.sort();
      const at = this.lowerBound(row);
      this.order.copyWithin(at, at + 1, n);
    }
    this.rows.write(row, kept);
    this.invalidateAfter(Math.min(before, kept.occurredAt));
    if (this.needsSort) {
      this.noteReversal(row);
      return;
    }
    // The row is out of order[0‥n−1); put it back in by binary insertion.
    const order = this.order;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareRows(order[mid]!, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    order.copyWithin(lo + 1, lo, n - 1);
    order[lo] = row;
    this.noteReversal(row);
  }

  private sort(): void {
    if (!this.needsSort) return;
    const rows = this.rows;
    const permutation = replayPermutation(
      rows.size,
      (i) => rows.time[i]!,
      (i) => rows.ids[i]!,
    );
    this.order.set(permutation);
    this.needsSort = false;
  }

  private growOrder(capacity: number): void {
    const order = new Int32Array(capacity);
    order.set(this.order.subarray(0, Math.min(this.order.length, this.rows.size)));
    this.order = order;
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
