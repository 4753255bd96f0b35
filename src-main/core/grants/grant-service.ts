import type { LedgerCollection } from '../ledger/ledger-collection';
import type { LedgerService } from '../ledger/ledger-service';
import type { SettingsService } from '../settings/settings-service';
import { monthlyGrantsDue } from './monthly-grants';

/**
 * Writes the monthly grants that are due: on first run, at each cycle start, after an upgrade, and
 * whenever activity lands in a cycle that has none yet (an import of last month's usage), so that
 * the balance never depends on when the app happened to be running.
 */
export class GrantService {
  private running: Promise<number> | null = null;

  constructor(
    private readonly store: LedgerCollection,
    private readonly ledger: LedgerService,
    private readonly settings: SettingsService,
    private readonly machineId: string,
    private readonly now: () => number,
  ) {}

  /** Concurrent callers share one run, so two triggers never race to write the same grant. */
  ensure(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<number> {
    const timeline = await this.settings.timeline();
    const now = this.now();
    const first = (await this.store.firstOccurredAt()) ?? now;
    const since = timeline.cycleAt(Math.min(first, now)).start;
    const held = await this.store.getMany(
      timeline
        .cyclesBetween(since, timeline.cycleAt(now).end)
        .flatMap((cycle) => timeline.grantsFor(cycle).map((g) => g.id)),
    );
    const due = monthlyGrantsDue(timeline, first, now, (id) => held.get(id), this.machineId);
    if (due.length === 0) return 0;
    const result = await this.store.append(due);
    this.ledger.accept(result.inserted);
    return result.inserted.length;
  }
}
