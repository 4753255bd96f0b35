/**
 * The plan timeline: which tier and which billing cycles apply when, derived from the team's plan
 * changes (synced, immutable facts; src-shared/db/plan.ts), and from it every monthly grant.
 *
 * API (stable; used by the desktop's grant writer and by the endpoint's entry checks):
 *
 *   planTimelineOf(settings, card) → PlanTimeline
 *     the timeline of a synced workspace settings document (its `plan` list; a document without
 *     one is its `tierId`/`anchorDay` since ever). Same as:
 *   planTimeline(facts, fallback, card) → PlanTimeline
 *     facts: every plan change known (any order, duplicates allowed); fallback: the tier and anchor
 *     day in force before any fact sets them (a team that never recorded a change: its settings).
 *   timeline.cycleAt(at) → TimelineCycle
 *     the cycle containing `at`: boundaries [start, end), its tier, the upgrades inside it, and
 *     `allowance`, the monthly millicredits the cycle grants in total.
 *   timeline.cyclesBetween(from, to) → TimelineCycle[]   cycles overlapping [from, to), oldest first.
 *   timeline.grantsFor(cycle) → ExpectedMonthlyGrant[]   the monthly grant entries the cycle holds.
 *   timeline.current(at) → { tierId, anchorDay }         the plan as last decided at `at`.
 *   checkMonthlyGrant(timeline, entry) → { allowed: true } | { allowed: false, reason }
 *     whether a monthly-grant ledger entry (id, tierId, amount, cycleStart, expiresAt) is one the
 *     timeline gives.
 *
 * Rules (docs/decisions.md, "Plan timeline"):
 * - Facts apply in (decidedAt, id) order, so every machine holding the same set derives the same
 *   timeline whatever order they arrived in.
 * - An anchor-day change decided during cycle C takes effect at C's end: C keeps its own end, and
 *   the new schedule starts there. If that instant is not a boundary of the new anchor day, the
 *   first cycle is a transition cycle up to the next boundary, with a prorated allowance
 *   floor(allowance × its days / the days of the new-anchor cycle it is cut from), so changing the
 *   anchor can never add credits. Several anchor changes decided in one cycle: the last one wins.
 * - A tier change to a tier with more monthly credits than the cycle already allows is an upgrade:
 *   it raises the current cycle's allowance to the new tier's at once (a second grant for the same
 *   cycle, `grant:monthly:<cycleStart>:to:<tierId>`). Any other change (a downgrade) waits for the
 *   next cycle; the current cycle keeps what it was given. Later cycles use the last tier decided.
 * - Per cycle the monthly grants are the base grant `grant:monthly:<cycleStart>` (the tier at the
 *   cycle start) and one grant per upgrade; each grant's amount is the full (prorated) allowance of
 *   its tier, and the replay credits a cycle the largest of them, not their sum (replay.ts), so the
 *   cycle's monthly credits equal `allowance` however many machines wrote them.
 * - A tier the rate card does not list has no monthly credits (0): a grant is never guessed.
 */
import type { RateCard } from '../pricing/rate-card';
import type { PlanChange } from '../db/plan';
import type { WorkspaceSettings } from '../db/settings';
import { assertAnchorDay, cycleFor, DAY_MS } from './cycles';
import { assertTime, LedgerError } from './errors';
import { entryIds } from './ids';

/** What a timeline needs of a plan change (provenance is not part of it). */
export type PlanFact = Pick<PlanChange, 'id' | 'decidedAt' | 'tierId' | 'anchorDay'>;

export interface PlanState {
  tierId: string;
  anchorDay: number;
}

export interface TimelineCycle {
  /** Epoch ms, UTC; `end` is exclusive (the reset instant). */
  start: number;
  end: number;
  /** The anchor day whose schedule the cycle belongs to. */
  anchorDay: number;
  /** The first, shortened cycle after an anchor-day change; its allowances are prorated. */
  transition: boolean;
  /** The tier in force at the cycle start (the base grant's tier). */
  tierId: string;
  /** Upgrades decided inside the cycle, each to a tier with more credits than before it. */
  raises: { tierId: string; decidedAt: number }[];
  /** The cycle's monthly credits in millicredits: the largest of its tiers', prorated if a transition. */
  allowance: number;
}

/** A monthly grant the timeline gives (the ledger entry's defining fields). */
export interface ExpectedMonthlyGrant {
  id: string;
  tierId: string;
  amount: number;
  cycleStart: number;
  expiresAt: number;
}

export type GrantCheck = { allowed: true } | { allowed: false; reason: string };

interface Segment {
  /** Where this anchor day's schedule starts (0: since ever). */
  from: number;
  anchorDay: number;
}

interface TierStep {
  from: number;
  tierId: string;
}

/** Id of the grant that raises a cycle's allowance to `tierId`'s (an upgrade inside the cycle). */
export const monthlyRaiseId = (cycleStart: number, tierId: string) =>
  `${entryIds.monthlyGrant(cycleStart)}:to:${tierId}`;

export class PlanTimeline {
  private readonly segments: Segment[];
  private readonly steps: TierStep[];
  private readonly raises = new Map<number, { tierId: string; decidedAt: number }[]>();
  private readonly latest: { at: number; state: PlanState }[] = [];

  constructor(
    facts: readonly PlanFact[],
    fallback: PlanState,
    private readonly card: RateCard,
  ) {
    assertAnchorDay(fallback.anchorDay);
    const ordered = uniqueInOrder(facts);
    this.segments = [{ from: 0, anchorDay: fallback.anchorDay }];
    for (const fact of ordered) {
      if (fact.anchorDay === null) continue;
      assertAnchorDay(fact.anchorDay);
      const effective = this.cycleIn(fact.decidedAt).end;
      const segments = this.segments;
      while (segments.length > 1 && segments[segments.length - 1]!.from >= effective) segments.pop();
      if (segments[segments.length - 1]!.anchorDay !== fact.anchorDay) {
        segments.push({ from: effective, anchorDay: fact.anchorDay });
      }
    }
    this.steps = [{ from: 0, tierId: fallback.tierId }];
    for (const fact of ordered) {
      if (fact.tierId === null) continue;
      const cycle = this.cycleIn(fact.decidedAt);
      const raised = this.raises.get(cycle.start) ?? [];
      const allowedSoFar = Math.max(
        this.monthly(this.tierAt(cycle.start)),
        ...raised.map((r) => this.monthly(r.tierId)),
      );
      if (this.monthly(fact.tierId) > allowedSoFar) {
        raised.push({ tierId: fact.tierId, decidedAt: fact.decidedAt });
        this.raises.set(cycle.start, raised);
      }
      const steps = this.steps;
      while (steps.length > 1 && steps[steps.length - 1]!.from >= cycle.end) steps.pop();
      if (steps[steps.length - 1]!.tierId !== fact.tierId)
        steps.push({ from: cycle.end, tierId: fact.tierId });
    }
    let state: PlanState = { ...fallback };
    for (const fact of ordered) {
      state = { tierId: fact.tierId ?? state.tierId, anchorDay: fact.anchorDay ?? state.anchorDay };
      this.latest.push({ at: fact.decidedAt, state });
    }
    this.latest.unshift({ at: 0, state: { ...fallback } });
  }

  /**
   * The cycle containing `at`.
   * @throws LedgerError for a time that is not epoch milliseconds.
   */
  cycleAt(at: number): TimelineCycle {
    assertTime(at, 'at');
    const { start, end, anchorDay, transition, nominal } = this.cycleIn(at);
    const tierId = this.tierAt(start);
    const raises = (this.raises.get(start) ?? []).map((r) => ({ ...r }));
    const full = Math.max(this.monthly(tierId), ...raises.map((r) => this.monthly(r.tierId)));
    return {
      start,
      end,
      anchorDay,
      transition,
      tierId,
      raises,
      allowance: prorate(full, start, end, nominal),
    };
  }

  /** Cycles overlapping [from, to), oldest first; empty when `to <= from`. */
  cyclesBetween(from: number, to: number): TimelineCycle[] {
    assertTime(from, 'from');
    assertTime(to, 'to');
    const cycles: TimelineCycle[] = [];
    if (to <= from) return cycles;
    let cycle = this.cycleAt(from);
    for (;;) {
      cycles.push(cycle);
      if (cycle.end >= to) return cycles;
      if (cycles.length >= 12_000)
        throw new LedgerError('to', 'the span covers more than 12000 billing cycles');
      cycle = this.cycleAt(cycle.end);
    }
  }

  /** The monthly grant entries `cycle` holds: the base grant, then one per upgrade. */
  grantsFor(cycle: TimelineCycle): ExpectedMonthlyGrant[] {
    const nominal = this.cycleIn(cycle.start).nominal;
    const grant = (id: string, tierId: string): ExpectedMonthlyGrant => ({
      id,
      tierId,
      amount: prorate(this.monthly(tierId), cycle.start, cycle.end, nominal),
      cycleStart: cycle.start,
      expiresAt: cycle.end,
    });
    const grants = [grant(entryIds.monthlyGrant(cycle.start), cycle.tierId)];
    for (const raise of cycle.raises)
      grants.push(grant(monthlyRaiseId(cycle.start, raise.tierId), raise.tierId));
    return grants.filter((g) => g.amount > 0);
  }

  /** The tier and anchor day as last decided at or before `at` (what Settings shows). */
  current(at: number): PlanState {
    let found = this.latest[0]!.state;
    for (const step of this.latest) if (step.at <= at) found = step.state;
    return { ...found };
  }

  /** Monthly millicredits of a tier on this card; 0 for a tier the card does not list. */
  monthly(tierId: string): number {
    return this.card.tiers.find((t) => t.id === tierId)?.monthlyMillicredits ?? 0;
  }

  private tierAt(t: number): string {
    let tierId = this.steps[0]!.tierId;
    for (const step of this.steps) if (step.from <= t) tierId = step.tierId;
    return tierId;
  }

  /** Boundaries of the cycle containing `t`, and the nominal (unshortened) cycle for proration. */
  private cycleIn(t: number): {
    start: number;
    end: number;
    anchorDay: number;
    transition: boolean;
    nominal: { start: number; end: number };
  } {
    let i = 0;
    while (i + 1 < this.segments.length && this.segments[i + 1]!.from <= t) i++;
    const segment = this.segments[i]!;
    const anchorDay = segment.anchorDay;
    if (segment.from > 0) {
      const first = cycleFor(anchorDay, segment.from);
      if (first.start < segment.from && t < first.end) {
        return { start: segment.from, end: first.end, anchorDay, transition: true, nominal: first };
      }
    }
    const cycle = cycleFor(anchorDay, t);
    return { ...cycle, anchorDay, transition: false, nominal: cycle };
  }
}

/** One fact per id (the earliest decided copy), in (decidedAt, id) order. */
function uniqueInOrder(facts: readonly PlanFact[]): PlanFact[] {
  const byId = new Map<string, PlanFact>();
  for (const fact of facts) {
    assertTime(fact.decidedAt, 'decidedAt');
    const held = byId.get(fact.id);
    if (held === undefined || fact.decidedAt < held.decidedAt) byId.set(fact.id, fact);
  }
  return [...byId.values()].sort((a, b) =>
    a.decidedAt !== b.decidedAt ? a.decidedAt - b.decidedAt : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}

/**
 * floor(full × days / nominal days) in exact integer arithmetic. Cycle boundaries are UTC
 * midnights, so both spans are whole days.
 */
export function prorate(
  full: number,
  start: number,
  end: number,
  nominal: { start: number; end: number },
): number {
  const days = Math.round((end - start) / DAY_MS);
  const nominalDays = Math.round((nominal.end - nominal.start) / DAY_MS);
  if (days >= nominalDays) return full;
  return Number((BigInt(full) * BigInt(days)) / BigInt(nominalDays));
}

/**
 * The timeline of a team's plan changes.
 * @throws LedgerError for a fact or fallback with an anchor day outside 1–31 or a bad time.
 */
export function planTimeline(facts: readonly PlanFact[], fallback: PlanState, card: RateCard): PlanTimeline {
  return new PlanTimeline(facts, fallback, card);
}

/** The timeline of a workspace settings document (see the API note at the top). */
export function planTimelineOf(
  settings: Pick<WorkspaceSettings, 'tierId' | 'anchorDay' | 'plan'>,
  card: RateCard,
): PlanTimeline {
  return new PlanTimeline(
    settings.plan ?? [],
    { tierId: settings.tierId, anchorDay: settings.anchorDay },
    card,
  );
}

/**
 * Whether a monthly-grant ledger entry is one the timeline gives: a cycle of the timeline starts at
 * its `cycleStart` and ends at its `expiresAt`, and it is that cycle's base grant or an upgrade's
 * grant with the tier and amount the timeline says. The reason names what differs.
 */
export function checkMonthlyGrant(
  timeline: PlanTimeline,
  entry: { id: string; tierId: string; amount: number; cycleStart: number; expiresAt: number | null },
): GrantCheck {
  const cycle = timeline.cycleAt(entry.cycleStart);
  if (cycle.start !== entry.cycleStart) {
    return {
      allowed: false,
      reason: `no billing cycle starts at ${new Date(entry.cycleStart).toISOString()}`,
    };
  }
  if (entry.expiresAt !== cycle.end) {
    return { allowed: false, reason: `the cycle ends at ${new Date(cycle.end).toISOString()}` };
  }
  const expected = timeline.grantsFor(cycle).find((g) => g.id === entry.id);
  if (!expected) return { allowed: false, reason: `the plan gives no monthly grant "${entry.id}"` };
  if (expected.tierId !== entry.tierId) {
    return { allowed: false, reason: `the cycle's grant is for tier "${expected.tierId}"` };
  }
  if (expected.amount !== entry.amount) {
    return { allowed: false, reason: `the grant is ${expected.amount} millicredits, not ${entry.amount}` };
  }
  return { allowed: true };
}
