import type { Bucket, LedgerEntry, MonthlyGrant, ReversalEntry } from './entry';
import { entryIds } from './ids';

/**
 * The burn-down engine. A lot is one credit grant (or a positive adjustment, or a refund that
 * could not go back where it came from); usage takes from lots in burn order and, when all are
 * empty, runs into overdraft. The state is plain mutable data so it can be cloned into snapshots.
 *
 * Burn order (docs/decisions.md, "Ledger"): lots that expire come first, soonest expiry first
 * (normally this cycle's monthly credits); among lots that never expire, referral, then manual,
 * then bundle, each oldest first. Paid bundle credits go last because they are the only ones a
 * customer paid for and the only ones that never lapse.
 */

export const BURN_RANK: Readonly<Record<Bucket, number>> = { monthly: 0, referral: 1, manual: 2, bundle: 3 };

export type LotSource = 'grant' | 'adjustment' | 'refund';

export interface Lot {
  /** Position in creation order; usage records refer to lots by it, so clones stay consistent. */
  index: number;
  /** The entry that created the lot. */
  id: string;
  bucket: Bucket;
  source: LotSource;
  rank: number;
  grantedAt: number;
  /** Infinity when the credits never expire. */
  expiresAt: number;
  granted: number;
  remaining: number;
  expired: number;
  /** Expiry processed: nothing can be burnt from it again; refunds to it lapse at once. */
  closed: boolean;
  /** The cycle a monthly lot belongs to; -1 for other buckets. */
  cycleStart: number;
  /**
   * Part of a monthly grant above what its cycle was already credited: never spendable, counted
   * in `expired` (see grantMonthly). 0 for other lots.
   */
  capped: number;
  /** What left the lot, by why: usage (net of reversals), corrections, and repaying an overdraft. */
  used: number;
  corrected: number;
  repaid: number;
}

/** Why credits leave a lot (see Lot.used/corrected/repaid). */
const USAGE = 0;
const CORRECTION = 1;
const REPAYMENT = 2;
type Purpose = typeof USAGE | typeof CORRECTION | typeof REPAYMENT;

/** What one cycle's monthly grants have credited so far. */
interface MonthlyGroup {
  credited: number;
  /** When the cycle's credits end: its first grant's expiry. */
  end: number;
  /** Opened after a later cycle had (out of replay order): credits nothing. */
  stray: boolean;
  /** The amount of the cycle's base grant `grant:monthly:<cycleStart>`, 0 until it is seen. */
  base: number;
}

/**
 * A top-up written by versions before the plan timeline: `grant:monthly:<cycleStart>:<tierId>`,
 * holding the difference to the base grant rather than the tier's whole allowance.
 */
const LEGACY_TOP_UP = /^grant:monthly:\d+:[^:]+$/;

/** Something in the ledger that is suspicious but still counted, so the total stays the sum. */
export interface LedgerAnomaly {
  kind: 'orphan_reversal' | 'reversal_exceeds_usage';
  entryId: string;
  usageId: string;
  occurredAt: number;
  /** The part of the reversal that could not go back to what the usage consumed. */
  millicredits: number;
}

/** Burn order between two open lots (a strict total order: lot ids are entry ids, one lot per entry). */
export function burnsBefore(a: Lot, b: Lot): boolean {
  if (a.expiresAt !== b.expiresAt) return a.expiresAt < b.expiresAt;
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.grantedAt !== b.grantedAt) return a.grantedAt < b.grantedAt;
  return a.id < b.id;
}

export class ReplayState {
  /** Every lot ever created, in creation order. */
  lots: Lot[] = [];
  /** Open lots in burn order. Lots before `cursor` are known to be empty. */
  order: Lot[] = [];
  cursor = 0;
  nextExpiry = Infinity;
  overdraft = 0;
  /** Usage minus reversals. */
  used = 0;
  /** Net of adjustments, signed. */
  adjusted = 0;
  applied = 0;
  /**
   * What each reversed usage consumed and no reversal has given back yet:
   * [overdraftPart, lotIndex, amount, lotIndex, amount, ...].
   * Kept only for usages in `reversalTargets`, so the common case allocates nothing per entry.
   */
  records = new Map<string, number[]>();
  anomalies: LedgerAnomaly[] = [];
  /** Monthly grants per cycle start; derived from `lots` (see rebuildMonthly). */
  monthly = new Map<number, MonthlyGroup>();
  /** Credits ever taken to repay an overdraft, and by corrections (for analytics; not checkpointed). */
  repaidTotal = 0;
  correctedTotal = 0;
  /** The latest cycle start any monthly grant opened. */
  latestMonthlyStart = -Infinity;

  constructor(readonly reversalTargets: ReadonlySet<string>) {}

  clone(): ReplayState {
    const copy = new ReplayState(this.reversalTargets);
    copy.lots = this.lots.map((lot) => ({ ...lot }));
    copy.order = this.order.map((lot) => copy.lots[lot.index]!);
    copy.cursor = this.cursor;
    copy.nextExpiry = this.nextExpiry;
    copy.overdraft = this.overdraft;
    copy.used = this.used;
    copy.adjusted = this.adjusted;
    copy.applied = this.applied;
    // Records are replaced, never mutated in place, so the map can share them.
    copy.records = new Map(this.records);
    copy.anomalies = this.anomalies.slice();
    copy.monthly = new Map([...this.monthly].map(([start, group]) => [start, { ...group }]));
    copy.latestMonthlyStart = this.latestMonthlyStart;
    copy.repaidTotal = this.repaidTotal;
    copy.correctedTotal = this.correctedTotal;
    return copy;
  }

  /**
   * Applies entries[start..] while occurredAt < endExclusive; returns the index it stopped at.
   * Entries must be in replay order and de-duplicated (see prepareEntries).
   */
  advance(
    entries: readonly LedgerEntry[],
    start: number,
    endExclusive: number,
    recordFlags: Uint8Array | null = null,
  ): number {
    const lookup = recordFlags === null && this.reversalTargets.size > 0;
    let i = start;
    for (; i < entries.length; i++) {
      const entry = entries[i]!;
      const t = entry.occurredAt;
      if (t >= endExclusive) break;
      const record =
        recordFlags !== null
          ? recordFlags[i] === 1
          : lookup && entry.kind === 'usage' && this.reversalTargets.has(entry.id);
      this.apply(entry, t, record);
    }
    return i;
  }

  /** Applies one entry occurring at `t`; `record` keeps what a usage consumed, for a reversal to come. */
  apply(entry: LedgerEntry, t: number, record: boolean): void {
    if (t >= this.nextExpiry) this.expireUntil(t);
    this.applied++;
    switch (entry.kind) {
      case 'usage':
        this.burnUsage(entry.id, entry.amount, record);
        return;
      case 'grant':
        if (entry.bucket === 'monthly') this.grantMonthly(entry, t);
        else this.addLot(entry.id, entry.bucket, 'grant', t, entry.expiresAt ?? Infinity, entry.amount);
        return;
      case 'adjustment':
        this.adjusted += entry.amount;
        // A positive correction is support-given credit: it lands like a manual grant that never expires.
        if (entry.amount > 0) this.addLot(entry.id, 'manual', 'adjustment', t, Infinity, entry.amount);
        else if (entry.bucket !== undefined)
          this.burn(this.takeFromBucket(entry.bucket, -entry.amount), null, CORRECTION);
        else this.burn(-entry.amount, null, CORRECTION);
        return;
      case 'reversal':
        this.reverse(entry);
        return;
    }
  }

  /**
   * Applies one usage (id, signed amount) occurring at `t`: the same as apply() on the entry, for
   * callers that hold usage as columns rather than objects.
   */
  applyUsage(id: string, amount: number, t: number, record: boolean): void {
    if (t >= this.nextExpiry) this.expireUntil(t);
    this.applied++;
    this.burnUsage(id, amount, record);
  }

  private burnUsage(id: string, signedAmount: number, record: boolean): void {
    const amount = -signedAmount;
    this.used += amount;
    if (record) {
      const taken = [0];
      this.burn(amount, taken, USAGE);
      this.records.set(id, taken);
    } else {
      this.burn(amount, null, USAGE);
    }
  }

  /** Closes every lot whose expiry is at or before `t`; what was left in it is expired. */
  expireUntil(t: number): void {
    if (t < this.nextExpiry) return;
    let next = Infinity;
    let closedAny = false;
    for (const lot of this.order) {
      if (lot.expiresAt <= t) {
        lot.expired += lot.remaining;
        lot.remaining = 0;
        lot.closed = true;
        closedAny = true;
      } else if (lot.expiresAt < next) {
        next = lot.expiresAt;
      }
    }
    if (closedAny) {
      this.order = this.order.filter((lot) => !lot.closed);
      this.cursor = 0;
    }
    this.nextExpiry = next;
  }

  /**
   * Monthly grants raise their cycle's allowance to a target; they do not add to each other
   * (docs/decisions.md, "Plan timeline"). A cycle is credited the largest target among its grants
   * — the base grant, upgrades, and any copy another machine wrote — whatever their number and
   * order; the excess of each grant is capped (never spendable). A legacy top-up's target is the
   * base grant plus its difference. All of a cycle's credits end when its first grant says (the
   * base grant, which sorts first). A grant for a later cycle start ends what is left of every
   * earlier cycle's monthly credits at that instant, so at most one cycle's monthly credits are live
   * at once: that is what repairs the overlapping cycles old versions granted for each anchor day
   * tried. A grant for a cycle earlier than one already opened is capped whole.
   */
  private grantMonthly(entry: MonthlyGrant, t: number): void {
    const start = entry.cycleStart;
    let group = this.monthly.get(start);
    if (group === undefined) {
      group = { credited: 0, base: 0, end: entry.expiresAt, stray: start < this.latestMonthlyStart };
      this.monthly.set(start, group);
      if (start > this.latestMonthlyStart) {
        this.latestMonthlyStart = start;
        this.closeMonthlyBefore(start);
      }
    }
    if (entry.id === entryIds.monthlyGrant(start)) group.base = entry.amount;
    const target = LEGACY_TOP_UP.test(entry.id) ? group.base + entry.amount : entry.amount;
    const credit = group.stray ? 0 : Math.max(0, Math.min(entry.amount, target - group.credited));
    group.credited += credit;
    const expiresAt = Math.min(entry.expiresAt, group.end);
    this.addLot(entry.id, 'monthly', 'grant', t, expiresAt, entry.amount, entry.amount - credit, start);
  }

  /** Ends the open monthly lots of cycles that started before `start`: what is left expires. */
  private closeMonthlyBefore(start: number): void {
    let closedAny = false;
    for (const lot of this.order) {
      if (lot.bucket === 'monthly' && lot.cycleStart >= 0 && lot.cycleStart < start) {
        lot.expired += lot.remaining;
        lot.remaining = 0;
        lot.closed = true;
        closedAny = true;
      }
    }
    if (!closedAny) return;
    this.order = this.order.filter((lot) => !lot.closed);
    this.cursor = 0;
    this.nextExpiry = this.order.reduce((next, lot) => Math.min(next, lot.expiresAt), Infinity);
  }

  private account(lot: Lot, purpose: Purpose, amount: number): void {
    if (purpose === USAGE) {
      lot.used += amount;
    } else if (purpose === CORRECTION) {
      lot.corrected += amount;
      this.correctedTotal += amount;
    } else {
      lot.repaid += amount;
      this.repaidTotal += amount;
    }
  }

  /** Derives the monthly groups from the lots (a state restored from a checkpoint). */
  rebuildMonthly(): void {
    this.monthly.clear();
    this.latestMonthlyStart = -Infinity;
    for (const lot of this.lots) {
      if (lot.bucket !== 'monthly' || lot.cycleStart < 0) continue;
      const group = this.monthly.get(lot.cycleStart) ?? {
        credited: 0,
        base: 0,
        end: lot.expiresAt,
        stray: true,
      };
      group.credited += lot.granted - lot.capped;
      group.stray = group.credited === 0;
      group.end = Math.min(group.end, lot.expiresAt);
      if (lot.id === entryIds.monthlyGrant(lot.cycleStart)) group.base = lot.granted;
      this.monthly.set(lot.cycleStart, group);
      if (lot.cycleStart > this.latestMonthlyStart) this.latestMonthlyStart = lot.cycleStart;
    }
  }

  private addLot(
    id: string,
    bucket: Bucket,
    source: LotSource,
    t: number,
    expiresAt: number,
    amount: number,
    capped = 0,
    cycleStart = -1,
  ): void {
    const lot: Lot = {
      index: this.lots.length,
      id,
      bucket,
      source,
      rank: BURN_RANK[bucket],
      grantedAt: t,
      expiresAt,
      granted: amount,
      remaining: amount - capped,
      expired: capped,
      closed: false,
      cycleStart,
      capped,
      used: 0,
      corrected: 0,
      repaid: 0,
    };
    this.lots.push(lot);
    if (expiresAt <= t || lot.remaining === 0) {
      lot.expired = amount;
      lot.remaining = 0;
      lot.closed = true;
      return;
    }
    const order = this.order;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (burnsBefore(order[mid]!, lot)) lo = mid + 1;
      else hi = mid;
    }
    order.splice(lo, 0, lot);
    if (lo < this.cursor) this.cursor = lo;
    if (expiresAt < this.nextExpiry) this.nextExpiry = expiresAt;
    this.settleOverdraft();
  }

  /**
   * Takes up to `amount` from the open lots of one bucket, in burn order (a correction aimed at a
   * bucket); returns the rest. Lots before the cursor are empty, so skipping none of them is safe.
   */
  private takeFromBucket(bucket: Bucket, amount: number): number {
    let left = amount;
    for (const lot of this.order) {
      if (left === 0) break;
      if (lot.bucket !== bucket || lot.remaining === 0) continue;
      const take = Math.min(left, lot.remaining);
      lot.remaining -= take;
      this.account(lot, CORRECTION, take);
      left -= take;
    }
    return left;
  }

  /** Takes up to `amount` from open lots in burn order; returns what could not be covered. */
  private take(amount: number, record: number[] | null, purpose: Purpose): number {
    let left = amount;
    const order = this.order;
    let i = this.cursor;
    while (left > 0 && i < order.length) {
      const lot = order[i]!;
      const remaining = lot.remaining;
      if (remaining > left) {
        lot.remaining = remaining - left;
        this.account(lot, purpose, left);
        if (record !== null) record.push(lot.index, left);
        left = 0;
        break;
      }
      if (remaining > 0) {
        lot.remaining = 0;
        this.account(lot, purpose, remaining);
        left -= remaining;
        if (record !== null) record.push(lot.index, remaining);
      }
      i++;
    }
    this.cursor = i;
    return left;
  }

  private burn(amount: number, record: number[] | null, purpose: Purpose): void {
    if (amount === 0) return;
    const short = this.take(amount, record, purpose);
    if (short > 0) {
      this.overdraft += short;
      if (record !== null) record[0]! += short;
    }
  }

  /**
   * New credits pay an outstanding overdraft first, so a negative balance is a debt rather than
   * free usage, and a balance never shows credits and a debt at once.
   */
  private settleOverdraft(): void {
    if (this.overdraft === 0) return;
    this.overdraft = this.take(this.overdraft, null, REPAYMENT);
  }

  /**
   * Gives a reversal's credits back the way the usage took them, last taken first: its overdraft
   * part reduces the overdraft, then each lot gets back what was taken from it (a lot that has
   * expired since takes it back as expired). What cannot go back — a debt part already repaid
   * from later credits, more than the usage consumed, or a usage that is not in the ledger —
   * lands as a never-expiring manual lot and, when the data is suspicious, is reported.
   */
  private reverse(entry: ReversalEntry): void {
    const amount = entry.amount;
    this.used -= amount;
    const record = this.records.get(entry.usageId);
    if (record === undefined) {
      this.anomalies.push({
        kind: 'orphan_reversal',
        entryId: entry.id,
        usageId: entry.usageId,
        occurredAt: entry.occurredAt,
        millicredits: amount,
      });
      if (amount > 0) this.addLot(entry.id, 'manual', 'refund', entry.occurredAt, Infinity, amount);
      return;
    }
    // Partial reversals consume the record one after another, so what several give back never
    // exceeds what the usage took; the emptied record stays, so a later one counts as excess.
    const rest = record.slice();
    this.records.set(entry.usageId, rest);
    let left = amount;
    const debtPart = Math.min(left, rest[0]!);
    rest[0]! -= debtPart;
    left -= debtPart;
    const fromDebt = Math.min(debtPart, this.overdraft);
    this.overdraft -= fromDebt;
    let refund = debtPart - fromDebt;
    let refilled = false;
    for (let j = rest.length - 2; j >= 1 && left > 0; j -= 2) {
      const lot = this.lots[rest[j]!]!;
      const give = Math.min(left, rest[j + 1]!);
      rest[j + 1]! -= give;
      left -= give;
      lot.used -= give;
      if (lot.closed) {
        lot.expired += give;
      } else {
        lot.remaining += give;
        refilled = true;
      }
    }
    if (left > 0) {
      this.anomalies.push({
        kind: 'reversal_exceeds_usage',
        entryId: entry.id,
        usageId: entry.usageId,
        occurredAt: entry.occurredAt,
        millicredits: left,
      });
      refund += left;
    }
    if (refilled) {
      this.cursor = 0;
      this.settleOverdraft();
    }
    if (refund > 0) this.addLot(entry.id, 'manual', 'refund', entry.occurredAt, Infinity, refund);
  }
}
