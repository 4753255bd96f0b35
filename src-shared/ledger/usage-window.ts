import type { LedgerEntry } from './entry';
import { CheckpointError } from './errors';
import type { EntryList } from './entry-list';
import { firstAtOrAfter, firstAtOrAfterIn } from './source';

/**
 * The usage a balance checkpoint keeps from the days before its cut, so that a forecast (trailing
 * burn rates, see forecast.ts) can be answered from the checkpoint plus the entries since the cut,
 * without the whole history. Only what forEachNetUsage reads is kept: each usage's time and gross
 * amount, the ids of the usages some reversal refers to, and the reversals themselves.
 */
export interface UsageWindowData {
  /** Covers entries with from ≤ occurredAt < the checkpoint's cut. */
  from: number;
  /** Usage times, ascending, delta-encoded: the first relative to `from`, each next to the previous. */
  times: number[];
  /** Gross millicredits of each usage (its amount negated), aligned with `times`. */
  amounts: number[];
  /** [position, id] of the usages some reversal referred to when the checkpoint was written. */
  ids: [number, string][];
  /** [occurredAt, amount, usageId] of each reversal in the window, in replay order. */
  reversals: [number, number, string][];
}

/**
 * Digest of entries[from‥end) (replay order, one per id, every one before the cut). `targets` are
 * the usage ids some reversal refers to: only their ids are needed to net reversals later.
 */
export function encodeUsageWindow(
  entries: EntryList,
  from: number,
  end: number,
  targets: ReadonlySet<string>,
): UsageWindowData {
  const data: UsageWindowData = { from, times: [], amounts: [], ids: [], reversals: [] };
  let previous = from;
  for (let i = firstAtOrAfterIn(entries, from); i < end; i++) {
    const kind = entries.kindAt(i);
    if (kind === 'usage') {
      const t = entries.timeAt(i);
      if (targets.size > 0) {
        const id = entries.idAt(i);
        if (targets.has(id)) data.ids.push([data.times.length, id]);
      }
      data.times.push(t - previous);
      data.amounts.push(-entries.amountAt(i));
      previous = t;
    } else if (kind === 'reversal') {
      data.reversals.push([entries.timeAt(i), entries.amountAt(i), entries.usageIdAt(i)]);
    }
  }
  return data;
}

/** A decoded usage window; `netUsage` mirrors forEachNetUsage over the window plus a tail. */
export class UsageWindow {
  private constructor(
    readonly from: number,
    /** Exclusive end: the checkpoint's cut. */
    readonly to: number,
    private readonly times: Float64Array,
    private readonly amounts: Float64Array,
    private readonly ids: ReadonlyMap<number, string>,
    private readonly reversals: readonly [number, number, string][],
  ) {}

  /**
   * Decodes and checks a window (times inside [from, to), ascending); throws a CheckpointError
   * naming the first inconsistency. `targets` must hold every id the window names.
   */
  static decode(data: UsageWindowData, to: number, targets: ReadonlySet<string>): UsageWindow {
    const n = data.times.length;
    if (data.amounts.length !== n)
      throw new CheckpointError('usage window: times and amounts differ in length');
    const times = new Float64Array(n);
    const amounts = new Float64Array(n);
    let t = data.from;
    for (let i = 0; i < n; i++) {
      t += data.times[i]!;
      times[i] = t;
      amounts[i] = data.amounts[i]!;
    }
    if (n > 0 && times[n - 1]! >= to) throw new CheckpointError('usage window: a usage at or after the cut');
    const ids = new Map<number, string>();
    for (const [position, id] of data.ids) {
      if (position >= n || ids.has(position) || !targets.has(id))
        throw new CheckpointError(`usage window: bad id entry for position ${position}`);
      ids.set(position, id);
    }
    let last = data.from;
    for (const [at, , usageId] of data.reversals) {
      if (at < last || at >= to) throw new CheckpointError('usage window: reversals out of order or range');
      if (!targets.has(usageId))
        throw new CheckpointError('usage window: a reversal whose target is not listed');
      last = at;
    }
    return new UsageWindow(data.from, to, times, amounts, ids, data.reversals);
  }

  /**
   * Net usage of the usages with from ≤ occurredAt ≤ at, each less what reversals with
   * from ≤ occurredAt ≤ at gave back for it (never below zero) — forEachNetUsage(all, from, at + 1, at)
   * summed — where "all" is this window followed by `tail` (replay order, every entry ≥ `to`).
   * Exact only when every reversal in the tail refers to a usage named in the window's ids or in
   * the tail (CheckpointView checks that).
   * @throws RangeError when [from, at] is not covered: from < this.from or at < this.to.
   */
  netUsage(from: number, at: number, tail: readonly LedgerEntry[]): number {
    if (from < this.from || at < this.to) throw new RangeError('usage window: the range is not covered');
    let reversed: Map<string, number> | null = null;
    const add = (usageId: string, amount: number) => {
      reversed ??= new Map();
      reversed.set(usageId, (reversed.get(usageId) ?? 0) + amount);
    };
    for (const [t, amount, usageId] of this.reversals) if (t >= from) add(usageId, amount);
    // A short window (7 days) may start after the cut, inside the tail.
    const tailStart = firstAtOrAfter(tail, from);
    for (let i = tailStart; i < tail.length; i++) {
      const entry = tail[i]!;
      if (entry.occurredAt > at) break;
      if (entry.kind === 'reversal') add(entry.usageId, entry.amount);
    }
    const back = (id: string | undefined): number =>
      reversed === null || id === undefined ? 0 : (reversed.get(id) ?? 0);

    let total = 0;
    const times = this.times;
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < times.length; k++) {
      const gross = this.amounts[k]!;
      const given = this.ids.size > 0 ? back(this.ids.get(k)) : 0;
      total += given >= gross ? 0 : gross - given;
    }
    for (let i = tailStart; i < tail.length; i++) {
      const entry = tail[i]!;
      if (entry.occurredAt > at) break;
      if (entry.kind !== 'usage') continue;
      const gross = -entry.amount;
      const given = back(entry.id);
      total += given >= gross ? 0 : gross - given;
    }
    return total;
  }
}
