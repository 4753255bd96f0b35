import type { LedgerEntry } from './entry';
import { assertTime } from './errors';
import { cycleFor, DAY_MS } from './cycles';
import { ledgerPayloadKey } from '../db/ledger-doc';
import { compareEntries } from './order';
import type { AddResult } from './book';
import type { Balance } from './balance';
import { forecastFromRates, type Forecast, type ForecastOptions } from './forecast';
import { assertSameAnchor, restoreState, type BalanceCheckpoint } from './checkpoint';
import type { ReplayState } from './replay';
import { sortIntoReplayOrder } from './replay-order';
import { summarize } from './summary';
import { roundDiv } from '../units';
import { UsageWindow } from './usage-window';

/**
 * Balances from a checkpoint plus the entries since its cut (the tail), for the time before the
 * whole ledger is loaded. Every answer equals computeBalance over the ledger the checkpoint came
 * from plus the tail — or there is no answer (null) and the caller must use a full replay.
 *
 * The caller vouches for one thing the view cannot see: that the checkpoint's entries are still
 * exactly those before the cut in its store (same count, none changed; see checkpoint.ts), and
 * that no tail entry reuses the id of an entry before the cut — true of anything read from a
 * store keyed by id. Everything else it checks itself, and stops answering for good when:
 * - an entry before the cut arrives (late sync, an import of past usage);
 * - two different facts arrive under one id (which one counts needs the whole ledger);
 * and for as long as a reversal in the tail refers to a usage that is neither in the tail nor
 * known to the checkpoint: that usage may lie before the cut, where the state kept no record of
 * what it consumed.
 */
export class CheckpointView {
  readonly anchorDay: number;
  readonly cut: number;
  private readonly entriesBefore: number;
  private readonly base: ReplayState;
  private readonly window: UsageWindow;
  private readonly known: ReadonlySet<string>;
  /** Usages whose consumption a replay must record: the checkpoint's targets and the tail's. */
  private readonly targets: Set<string>;
  private readonly byId = new Map<string, LedgerEntry>();
  private tail: LedgerEntry[] = [];
  private needsSort = false;
  /** Tail reversal targets that are neither known to the checkpoint nor (yet) in the tail. */
  private readonly unresolved = new Set<string>();
  private duplicateCount = 0;
  private staleReason: string | null = null;

  /**
   * @param checkpoint a parsed checkpoint (parseCheckpoint), not yet checked against the settings.
   * @throws CheckpointError when it was written for another anchor day or its usage window is bad.
   */
  constructor(checkpoint: BalanceCheckpoint, anchorDay: number) {
    assertSameAnchor(checkpoint, anchorDay);
    this.anchorDay = anchorDay;
    this.cut = checkpoint.cut;
    this.entriesBefore = checkpoint.entriesBefore;
    this.known = new Set(checkpoint.targets);
    this.targets = new Set(checkpoint.targets);
    this.base = restoreState(checkpoint.state, this.targets);
    this.window = UsageWindow.decode(checkpoint.window, checkpoint.cut, this.known);
  }

  /** Distinct entries: those before the cut plus the tail. */
  get size(): number {
    return this.entriesBefore + this.byId.size;
  }

  /** Why the view stopped answering for good, or null while it can. */
  get stale(): string | null {
    return this.staleReason;
  }

  /** Adds tail entries (any order, duplicates allowed), with the checks described on the class. */
  add(entries: Iterable<LedgerEntry>): AddResult {
    const result: AddResult = { added: 0, duplicates: 0, conflicting: 0 };
    for (const entry of entries) {
      if (this.staleReason !== null) break;
      if (entry.occurredAt < this.cut) {
        this.staleReason = `entry ${entry.id} occurred before the checkpoint's cut`;
        break;
      }
      const held = this.byId.get(entry.id);
      if (held !== undefined) {
        result.duplicates++;
        this.duplicateCount++;
        if (held !== entry && ledgerPayloadKey(held) !== ledgerPayloadKey(entry)) {
          result.conflicting++;
          this.staleReason = `two different facts under id ${entry.id}`;
        }
        continue;
      }
      this.byId.set(entry.id, entry);
      result.added++;
      const tail = this.tail;
      if (tail.length > 0 && compareEntries(tail[tail.length - 1]!, entry) > 0) this.needsSort = true;
      tail.push(entry);
      this.unresolved.delete(entry.id);
      if (entry.kind === 'reversal') {
        this.targets.add(entry.usageId);
        if (!this.known.has(entry.usageId) && !this.byId.has(entry.usageId))
          this.unresolved.add(entry.usageId);
      }
    }
    return result;
  }

  /** Stops the view for good: its owner learnt of a change it cannot see (a stored fact replaced). */
  invalidate(reason: string): void {
    this.staleReason ??= reason;
  }

  /** Null when balanceAt(at) can answer; otherwise why not. */
  whyNot(at: number): string | null {
    if (this.staleReason !== null) return this.staleReason;
    if (at < this.cut) return 'the time is before the checkpoint';
    if (this.unresolved.size > 0)
      return `a reversal refers to ${this.unresolved.values().next().value as string}, which may predate the checkpoint`;
    return null;
  }

  /**
   * The balance at `at` (inclusive), equal to computeBalance over the checkpoint's ledger plus
   * the tail with this anchor day; null when the view cannot know it (see whyNot).
   * @throws LedgerError for an `at` that is not epoch milliseconds.
   */
  balanceAt(at: number): Balance | null {
    assertTime(at, 'at');
    if (this.whyNot(at) !== null) return null;
    const tail = this.entries();
    const state = this.base.clone();
    state.advance(tail, 0, at + 1);
    state.expireUntil(at);
    return summarize(state, at, cycleFor(this.anchorDay, at), this.duplicateCount, []);
  }

  /** The forecast from `balance` (one this view gave), equal to forecast() over the whole ledger; or null. */
  forecast(balance: Balance, options: ForecastOptions): Forecast | null {
    const at = balance.at;
    if (this.whyNot(at) !== null) return null;
    const tail = this.entries();
    return forecastFromRates(balance, options, (days) =>
      roundDiv(this.window.netUsage(Math.max(0, at - days * DAY_MS + 1), at, tail), days),
    );
  }

  /** The tail in replay order. The array is the view's own: do not modify it. */
  entries(): readonly LedgerEntry[] {
    if (this.needsSort) {
      this.tail = sortIntoReplayOrder(this.tail);
      this.needsSort = false;
    }
    return this.tail;
  }
}
