import { findTier, type RateCard } from '../pricing';
import type { LedgerEntry, MonthlyGrant } from './entry';
import { cycleFor, cyclesBetween } from './cycles';
import { entryIds } from './ids';

/**
 * The monthly-grant rule of the plan as the settings give it today: the workspace's current tier
 * on its anchor day. Shared by the desktop (which writes the grants) and the endpoint (which checks
 * pushed ones), so both agree on what a cycle's monthly credits are.
 */
export interface PlanSettings {
  anchorDay: number;
  tierId: string;
}

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
  settings: PlanSettings,
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

/**
 * Why a monthly grant is not what the plan gives (null when it is): it must sit on a cycle of the
 * anchor day, expire with that cycle, and carry the tier's credits — or, for an upgrade's top-up
 * `grant:monthly:<cycleStart>:<tierId>`, the tier's credits less the cycle's first grant.
 */
export function monthlyGrantProblem(
  grant: MonthlyGrant,
  settings: PlanSettings,
  card: RateCard,
  entry: (id: string) => LedgerEntry | undefined,
): string | null {
  const cycle = cycleFor(settings.anchorDay, grant.cycleStart);
  if (cycle.start !== grant.cycleStart)
    return `cycleStart ${new Date(grant.cycleStart).toISOString()} is not the start of a billing cycle on anchor day ${settings.anchorDay}`;
  if (grant.occurredAt !== cycle.start || grant.expiresAt !== cycle.end)
    return `a monthly grant occurs at its cycle's start and expires at its end (${new Date(cycle.end).toISOString()})`;
  const tier = card.tiers.find((t) => t.id === grant.tierId);
  if (!tier) return `rate card ${card.version} has no tier "${grant.tierId}"`;
  if (grant.tierId !== settings.tierId)
    return `the team's plan is tier "${settings.tierId}", not "${grant.tierId}"`;
  const baseId = entryIds.monthlyGrant(cycle.start);
  if (grant.id === baseId) {
    return grant.amount === tier.monthlyMillicredits
      ? null
      : `tier "${tier.id}" gives ${tier.monthlyMillicredits} millicredits a cycle; the grant says ${grant.amount}`;
  }
  if (grant.id !== `${baseId}:${tier.id}`)
    return `a monthly grant id must be "${baseId}" or, for an upgrade, "${baseId}:${tier.id}"`;
  const base = entry(baseId);
  if (!base || base.kind !== 'grant' || base.bucket !== 'monthly')
    return `an upgrade top-up needs the cycle's grant "${baseId}" first`;
  const topUp = tier.monthlyMillicredits - base.amount;
  return grant.amount === topUp
    ? null
    : `the upgrade to "${tier.id}" adds ${topUp} millicredits to "${baseId}"; the grant says ${grant.amount}`;
}
