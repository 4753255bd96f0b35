import { cyclesBetween, cycleFor, entryIds, type LedgerEntry } from '../../../src-shared/ledger';
import { findTier, type RateCard } from '../../../src-shared/pricing';
import type { WorkspaceSettings } from '../../../src-shared/db/settings';

/** Backfill at most this many cycles: older missing grants would have expired long ago anyway. */
export const MAX_BACKFILL_CYCLES = 36;

/**
 * The monthly grants the ledger should hold at `now`: one per cycle from the cycle of the earliest
 * known activity to the current one, each under its deterministic id `grant:monthly:<cycleStart>`
 * so two machines (or two runs) granting the same cycle write one entry. Past cycles are granted
 * too, so imported past usage burns its own month's credits instead of becoming an overdraft that
 * this month's credits would repay.
 *
 * An upgrade inside a cycle adds the difference as a second monthly lot for that cycle,
 * `grant:monthly:<cycleStart>:<tierId>`, expiring with it ("upgrade to get more credits now").
 */
export function monthlyGrantsDue(
  settings: Pick<WorkspaceSettings, 'anchorDay' | 'tierId'>,
  card: RateCard,
  firstActivity: number,
  now: number,
  held: (id: string) => LedgerEntry | undefined,
  machineId: string,
): LedgerEntry[] {
  const tier = findTier(card, settings.tierId);
  const current = cycleFor(settings.anchorDay, now);
  let cycles = cyclesBetween(settings.anchorDay, Math.min(firstActivity, current.start), current.end);
  if (cycles.length > MAX_BACKFILL_CYCLES) cycles = cycles.slice(-MAX_BACKFILL_CYCLES);
  const due: LedgerEntry[] = [];
  for (const cycle of cycles) {
    const baseId = entryIds.monthlyGrant(cycle.start);
    const base = held(baseId);
    const grant = (id: string, amount: number): LedgerEntry => ({
      id,
      kind: 'grant',
      bucket: 'monthly',
      amount,
      tierId: tier.id,
      cycleStart: cycle.start,
      expiresAt: cycle.end,
      occurredAt: cycle.start,
      recordedAt: now,
      machineId,
    });
    if (!base) {
      if (tier.monthlyMillicredits > 0) due.push(grant(baseId, tier.monthlyMillicredits));
      continue;
    }
    if (cycle.start !== current.start || base.kind !== 'grant' || base.bucket !== 'monthly') continue;
    const topUpId = `${baseId}:${tier.id}`;
    const topUp = tier.monthlyMillicredits - base.amount;
    if (base.tierId !== tier.id && topUp > 0 && !held(topUpId)) {
      // occurredAt is the cycle start so the top-up is one fact whichever machine writes it.
      due.push(grant(topUpId, topUp));
    }
  }
  return due;
}
