import type { RxCollection } from 'rxdb';
import { alertId, type Alert } from '../../../src-shared/db/alert';
import type { Balance } from '../../../src-shared/ledger';
import type { AlertView } from '../../../src-shared/api/views';

export const toAlertView = (a: Alert): AlertView => ({
  id: a.id,
  cycleStart: a.cycleStart,
  threshold: a.threshold,
  triggeredAt: a.triggeredAt,
  usedMillicredits: a.usedMillicredits,
  grantMillicredits: a.grantMillicredits,
});

/**
 * Threshold alerts on the share of this cycle's monthly credits used. Each (cycle, threshold) has a
 * deterministic id, so it fires once per cycle across the whole team, however many machines see it.
 */
export class AlertService {
  constructor(
    private readonly collection: RxCollection<Alert>,
    private readonly machineId: string,
  ) {}

  /** Records alerts newly crossed by `balance`; returns the ones this call created. */
  async check(balance: Balance, thresholds: number[], now: number): Promise<Alert[]> {
    const cycle = balance.cycle;
    const granted = balance.currentMonthly.granted;
    if (!cycle || granted <= 0) return [];
    // Usage only: repaying last cycle's overdraft or a correction is not spending (issue #11).
    const used = balance.currentMonthly.used;
    // used/granted ≥ t/100, compared in integers.
    const crossed = thresholds.filter((t) => used * 100 >= t * granted);
    if (crossed.length === 0) return [];
    const ids = crossed.map((t) => alertId(cycle.start, t));
    const existing = await this.collection.findByIds(ids).exec();
    const fresh: Alert[] = crossed
      .filter((t) => !existing.has(alertId(cycle.start, t)))
      .map((t) => ({
        id: alertId(cycle.start, t),
        cycleStart: cycle.start,
        threshold: t,
        triggeredAt: now,
        usedMillicredits: used,
        grantMillicredits: granted,
        machineId: this.machineId,
      }));
    if (fresh.length === 0) return [];
    const result = await this.collection.bulkInsert(fresh);
    const failed = new Set(result.error.map((e) => e.documentId));
    return fresh.filter((a) => !failed.has(a.id));
  }

  async forCycle(cycleStart: number): Promise<AlertView[]> {
    const docs = await this.collection
      .find({ selector: { cycleStart }, sort: [{ cycleStart: 'asc' }] })
      .exec();
    return docs.map((d) => toAlertView(d.toMutableJSON() as Alert)).sort((a, b) => a.threshold - b.threshold);
  }
}
