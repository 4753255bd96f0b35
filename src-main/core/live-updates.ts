import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Subscription } from 'rxjs';
import type { LedgerEntry } from '../../src-shared/ledger';
import type { ImportResult } from '../../src-shared/api/views';
import type { CoreContext } from './core-context';
import { toBalanceView } from './ledger/balance-view';
import { documentChanges } from './db/document-changes';
import { toAlertView } from './alerts/alert-service';
import { importUsage } from './import/import-usage';
import { ledgerCsvHeader, ledgerCsvLine } from './ledger/ledger-csv';

/** The services the live updates use (and the native menu's import and export). */
type LiveUpdatesDeps = Pick<
  CoreContext,
  | 'db'
  | 'store'
  | 'ledger'
  | 'grants'
  | 'settings'
  | 'referrals'
  | 'alerts'
  | 'uploads'
  | 'jobs'
  | 'events'
  | 'machineId'
  | 'now'
>;

/** Batches bursts (an import, a sync pull) into one set of events for the renderer. */
const DEBOUNCE_MS = 50;
/** How often to look for a new billing cycle while the app stays open. */
const CYCLE_CHECK_MS = 60_000;

/**
 * Keeps derived state moving: after any ledger change (local or synced) it pushes the new balance,
 * raises threshold alerts; at each cycle start it writes the monthly grant; when settings or
 * referrals change (here or on another machine) it re-tiles cycles and awards paid referrals.
 */
export class LiveUpdates {
  private subscriptions: Subscription[] = [];
  private stopLedger: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private pending: NodeJS.Timeout | null = null;
  private latestIds: string[] = [];
  private stopped = false;

  constructor(private readonly ctx: LiveUpdatesDeps) {}

  async start(): Promise<void> {
    const { ctx } = this;
    await this.ensureGrants();
    await ctx.referrals.awardPending();
    this.stopLedger = ctx.ledger.onChange((entries: LedgerEntry[]) => {
      for (const e of entries.slice(-20)) this.latestIds.push(e.id);
      this.latestIds = this.latestIds.slice(-20);
      this.schedule();
    });
    this.subscriptions.push(
      documentChanges(ctx.db.settings).subscribe(() => void this.onSettings()),
      documentChanges(ctx.db.referrals).subscribe(() => void this.onReferrals()),
    );
    this.timer = setInterval(() => {
      ctx.ledger.checkpointIfDue();
      // A decided anchor-day change takes effect at a cycle end, without a settings event.
      void ctx.settings.get().then((settings) => ctx.ledger.setAnchorDay(settings.anchorDay));
      void this.ensureGrants().then(() => this.schedule());
    }, CYCLE_CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.subscriptions) s.unsubscribe();
    this.stopLedger?.();
    if (this.timer) clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
  }

  /** Writes the monthly grants that are due (first run, a new cycle, an upgrade, past activity). */
  ensureGrants(): Promise<number> {
    return this.ctx.grants.ensure();
  }

  private schedule(): void {
    if (this.pending || this.stopped) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      void this.publish().catch((error) => console.error('[creditdesk] live update failed:', error));
    }, DEBOUNCE_MS);
  }

  private async publish(): Promise<void> {
    const { ctx } = this;
    // Entries from sync or an import may have opened a cycle without its grant.
    await this.ensureGrants();
    const now = ctx.now();
    const balance = await ctx.ledger.balance(now);
    ctx.events.emit('balanceChanged', toBalanceView(balance));
    ctx.events.emit('ledgerChanged', { entries: ctx.ledger.size, latestIds: this.latestIds });
    this.latestIds = [];
    const settings = await ctx.settings.get();
    for (const alert of await ctx.alerts.check(balance, settings.alertThresholds, now)) {
      ctx.events.emit('alertRaised', toAlertView(alert));
    }
  }

  private async onSettings(): Promise<void> {
    const settings = await this.ctx.settings.get();
    this.ctx.ledger.setAnchorDay(settings.anchorDay);
    await this.ensureGrants();
    this.ctx.events.emit('settingsChanged', await this.ctx.settings.view());
    this.schedule();
  }

  private async onReferrals(): Promise<void> {
    await this.ctx.referrals.awardPending();
    this.ctx.events.emit('referralsChanged', { count: await this.ctx.db.referrals.count().exec() });
  }

  /** The native menu's import: a file path, the same pipeline and job events as the API. */
  async importFile(path: string): Promise<ImportResult> {
    const { ctx } = this;
    const file = ctx.uploads.resolve({ path }, { transport: 'ipc' });
    const jobId = randomUUID();
    const result = await ctx.jobs.run(jobId, 'import', `Importing ${file.name}`, (job) =>
      importUsage(
        { store: ctx.store, settings: ctx.settings, machineId: ctx.machineId, now: ctx.now },
        file,
        'auto',
        {},
        job,
      ),
    );
    return { jobId, ...result };
  }

  /** Streams the whole ledger to a CSV file, oldest first, a page at a time. */
  async exportToFile(path: string): Promise<number> {
    const out = createWriteStream(path, { flags: 'w' });
    const failed = new Promise<never>((_r, reject) => out.once('error', reject));
    let rows = 0;
    const write = async (text: string) => {
      if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
    };
    await write(ledgerCsvHeader());
    for (let offset = 0; ; offset += 5000) {
      const page = await this.ctx.store.page({}, 'oldest', offset, 5000);
      for (const entry of page) await write(ledgerCsvLine(entry));
      rows += page.length;
      if (page.length < 5000) break;
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    return rows;
  }
}
