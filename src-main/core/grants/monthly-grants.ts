import type { LedgerEntry, PlanTimeline } from '../../../src-shared/ledger';

/** Backfill at most this many cycles: older missing grants would have expired long ago anyway. */
export const MAX_BACKFILL_CYCLES = 36;

/**
 * The monthly grants the ledger should hold at `now` and does not: every grant the plan timeline
 * gives (the base grant of each cycle and one per upgrade inside it), for each cycle from the one of
 * the earliest known activity to the current one. Ids are the timeline's deterministic ones, so two
 * machines (or two runs) granting the same cycle write one entry, and the replay credits a cycle
 * the largest of its grants, never their sum. Past cycles are granted too, so imported past usage
 * burns its own month's credits instead of becoming an overdraft this month's credits would repay.
 * occurredAt is the cycle start, so a grant is one fact whichever machine writes it.
 */
export function monthlyGrantsDue(
  timeline: PlanTimeline,
  firstActivity: number,
  now: number,
  held: (id: string) => LedgerEntry | undefined,
  machineId: string,
): LedgerEntry[] {
  const current = timeline.cycleAt(now);
  let cycles = timeline.cyclesBetween(Math.min(firstActivity, current.start), current.end);
  if (cycles.length > MAX_BACKFILL_CYCLES) cycles = cycles.slice(-MAX_BACKFILL_CYCLES);
  const due: LedgerEntry[] = [];
  for (const cycle of cycles) {
    for (const grant of timeline.grantsFor(cycle)) {
      if (held(grant.id)) continue;
      due.push({
        id: grant.id,
        kind: 'grant',
        bucket: 'monthly',
        amount: grant.amount,
        tierId: grant.tierId,
        cycleStart: grant.cycleStart,
        expiresAt: grant.expiresAt,
        occurredAt: grant.cycleStart,
        recordedAt: now,
        machineId,
      });
    }
  }
  return due;
}
