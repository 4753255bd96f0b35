import { randomUUID } from 'node:crypto';
import {
  authorize,
  cycleFor,
  TRY_AGAIN_LATER_MESSAGE,
  type Balance,
  type LedgerEntry,
} from '../../../src-shared/ledger';
import { completeAction } from '../../../src-shared/api/usage-request';
import { findTier, per1000Credits } from '../../../src-shared/pricing';
import { bundlePlanView } from '../estimate/bundle-plan-view';
import { ApiError } from '../../../src-shared/api/errors';
import type * as V from '../../../src-shared/api/views';
import type { LedgerFilter } from '../../../src-shared/api/methods';
import type { CreditdeskDatabase } from '../db/open-database';
import type { LedgerStore } from '../ledger/ledger-store';
import type { LedgerService } from '../ledger/ledger-service';
import type { LedgerCommands } from '../ledger/ledger-commands';
import type { GrantService } from '../grants/grant-service';
import type { SettingsService } from '../settings/settings-service';
import type { RateCards } from '../settings/rate-cards';
import type { ReferralService } from '../referrals/referral-service';
import type { AlertService } from '../alerts/alert-service';
import { uploadOwner, type Uploads } from '../files/uploads';
import type { Jobs } from '../jobs/jobs';
import type { EventBus } from '../events';
import type { SyncController } from '../sync-controller';
import type { Estimators } from '../estimate/estimators';
import { toBalanceView } from '../ledger/balance-view';
import { refundsOf, toLedgerRow } from '../ledger/ledger-rows';
import { ledgerCsvHeader, ledgerCsvLine } from '../ledger/ledger-csv';
import { MachineIndex } from '../ledger/machines';
import { nameLookup } from '../../../src-shared/db/machine-names';
import { LedgerQuery } from '../ledger/ledger-query';
import { importUsage } from '../import/import-usage';
import { analyticsView } from '../analytics/analytics-view';
import { whatIf } from '../analytics/what-if';
import type { Handlers } from './dispatcher';
import { rateCardRules } from '../../../src-shared/pricing/rate-card-rules';
import { SetupState } from '../settings/setup-state';

export interface CoreContext {
  db: CreditdeskDatabase;
  mode: 'electron' | 'web';
  version: string;
  dataDir: string;
  machineId: string;
  secretStorage: V.AppInfoView['secretStorage'];
  now: () => number;
  store: LedgerStore;
  ledger: LedgerService;
  commands: LedgerCommands;
  grants: GrantService;
  settings: SettingsService;
  rateCards: RateCards;
  referrals: ReferralService;
  alerts: AlertService;
  uploads: Uploads;
  jobs: Jobs;
  events: EventBus;
  sync: SyncController;
  estimators: Estimators;
  /** Set by the web host's CLI: the printed link, whose token the user can rotate. */
  browserLink?: { rotate(): string };
}

const EXPORT_CHUNK_ROWS = 5000;

/** Rows written by commands reach the in-memory book at once, not only via the change stream. */
async function written(ctx: CoreContext, entry: Promise<LedgerEntry>): Promise<V.LedgerRow> {
  const e = await entry;
  ctx.ledger.accept([e]);
  // Usage recorded into an earlier cycle burns that cycle's grant, which may not exist yet.
  if (e.occurredAt < cycleFor(ctx.ledger.anchorDay, ctx.now()).start) await ctx.grants.ensure();
  return toLedgerRow(e);
}

export async function overview(ctx: CoreContext): Promise<V.OverviewView> {
  const settings = await ctx.settings.get();
  const card = await ctx.settings.card();
  const now = ctx.now();
  const balance: Balance = await ctx.ledger.balance(now);
  // The plan timeline's cycle: a transition cycle after an anchor change, the upgraded allowance.
  const cycle = (await ctx.settings.timeline()).cycleAt(now);
  const tier = findTier(card, [cycle.tierId, ...cycle.raises.map((r) => r.tierId)].at(-1)!);
  // "Out of credits" is what the chatbot would say for its next message.
  const probe = authorize(completeAction({ kind: 'chatbot_message' }, settings), balance, card);
  return {
    balance: toBalanceView(balance),
    cycle: {
      start: cycle.start,
      end: cycle.end,
      tierId: tier.id,
      tierName: tier.name,
      monthlyMillicredits: cycle.allowance,
    },
    forecast: await ctx.ledger.forecast(balance, {
      anchorDay: settings.anchorDay,
      monthlyMillicredits: tier.monthlyMillicredits,
    }),
    alerts: await ctx.alerts.forCycle(cycle.start),
    outOfCredits: !probe.allowed,
    outOfCreditsMessage: probe.allowed ? null : TRY_AGAIN_LATER_MESSAGE,
    ledgerEntries: ctx.ledger.size,
  };
}

async function storagePage(
  ctx: CoreContext,
  filter: LedgerFilter,
  sort: 'newest' | 'oldest',
  offset: number,
  limit: number,
): Promise<{ total: number; entries: LedgerEntry[] }> {
  const total = await ctx.store.count(filter);
  return { total, entries: await ctx.store.page(filter, sort, offset, limit, total) };
}

export function createHandlers(ctx: CoreContext): Handlers {
  const machines = new MachineIndex();
  // Pages come from the in-memory book (see LedgerQuery); its cached matches follow the book.
  const query = new LedgerQuery();
  const setup = new SetupState(ctx.dataDir, ctx.now);
  ctx.ledger.onChange(() => query.invalidate());
  return {
    getAppInfo: async () => {
      const machineName = (await ctx.settings.machineNames())[ctx.machineId]?.name;
      return {
        version: ctx.version,
        mode: ctx.mode,
        dataDir: ctx.dataDir,
        machineId: ctx.machineId,
        ...(machineName ? { machineName } : {}),
        secretStorage: ctx.secretStorage,
      };
    },
    getOverview: async () => overview(ctx),
    getRateCard: async () => {
      const card = await ctx.settings.card();
      return {
        version: card.version,
        currency: card.currency,
        pageChars: card.pageChars,
        referralMillicredits: card.referral.millicredits,
        tiers: card.tiers.map((t) => ({
          id: t.id,
          name: t.name,
          monthlyMillicredits: t.monthlyMillicredits,
        })),
        bundles: card.bundles.map((b) => ({
          id: b.id,
          name: b.name,
          millicredits: b.millicredits,
          priceMinor: b.priceMinor,
          per1000CreditsMinor: per1000Credits(b.priceMinor, b.millicredits),
        })),
        chatbotModels: Object.keys(card.actions.chatbot_message.models),
        rules: rateCardRules(card),
      };
    },
    authorizeAction: async ({ action }) => {
      const [settings, card] = await Promise.all([ctx.settings.get(), ctx.settings.card()]);
      const result = authorize(action, await ctx.ledger.balance(ctx.now()), card, {
        anchorDay: settings.anchorDay,
      });
      return {
        allowed: result.allowed,
        millicredits: result.millicredits,
        message: result.message,
        resetAt: result.resetAt,
      };
    },

    listLedger: async ({ filter, sort, offset, limit }) => {
      // Until the whole ledger is in memory (a start from the checkpoint), pages come from storage,
      // so the Ledger page opens at once; deep offsets are slower there, which scrolling tolerates.
      // Free-text search needs the book (storage has no index for it): it waits for the load.
      const book = ctx.ledger.loaded || filter.search ? (await ctx.ledger.fullSource()).entries() : null;
      const names = nameLookup(await ctx.settings.machineNames());
      query.setMachineNames(names);
      const { total, entries } = book
        ? query.page(book, filter, sort, offset, limit)
        : await storagePage(ctx, filter, sort, offset, limit);
      const refunds = await refundsOf(ctx.store, entries);
      return {
        total,
        offset,
        rows: entries.map((e) => toLedgerRow(e, refunds.get(e.id), names)),
        totals: book ? query.totals(book, filter) : null,
      };
    },
    getLedgerEntry: async ({ id }) => {
      const entry = await ctx.store.get(id);
      if (!entry) throw new ApiError('not_found', `No ledger entry ${id}.`);
      return toLedgerRow(
        entry,
        (await refundsOf(ctx.store, [entry])).get(id),
        nameLookup(await ctx.settings.machineNames()),
      );
    },
    listMachines: async () =>
      machines.list(
        (await ctx.ledger.fullSource()).entries(),
        ctx.ledger.size,
        ctx.machineId,
        nameLookup(await ctx.settings.machineNames()),
      ),
    renameMachine: async ({ machineId, name }) => {
      const names = nameLookup(await ctx.settings.renameMachine(machineId, name));
      return machines.list((await ctx.ledger.fullSource()).entries(), ctx.ledger.size, ctx.machineId, names);
    },
    exportLedgerCsv: async ({ filter, cursor }) => {
      const offset = cursor === null ? 0 : Number(cursor);
      if (!Number.isSafeInteger(offset) || offset < 0)
        throw new ApiError('bad_request', 'cursor is not one this export handed out.');
      const names = nameLookup(await ctx.settings.machineNames());
      query.setMachineNames(names);
      const { entries } = query.page(
        (await ctx.ledger.fullSource()).entries(),
        filter,
        'oldest',
        offset,
        EXPORT_CHUNK_ROWS,
      );
      const body = entries.map((e) => ledgerCsvLine(e, names)).join('');
      return {
        csv: (offset === 0 ? ledgerCsvHeader() : '') + body,
        rows: entries.length,
        nextCursor: entries.length < EXPORT_CHUNK_ROWS ? null : String(offset + entries.length),
        fileName: `creditdesk-ledger-${new Date(ctx.now()).toISOString().slice(0, 10)}.csv`,
      };
    },
    recordUsage: ({ action, occurredAt, sourceEventId }) =>
      written(ctx, ctx.commands.recordUsage(action, occurredAt, sourceEventId)),
    recordReversal: ({ usageId, reason, amount, requestId }) =>
      written(ctx, ctx.commands.reverse(usageId, reason, amount, requestId)),
    recordAdjustment: ({ amount, reason, requestId, bucket }) =>
      written(ctx, ctx.commands.adjust(amount, reason, requestId, bucket)),
    grantManual: ({ amount, reason, requestId }) =>
      written(ctx, ctx.commands.grantManual(amount, reason, requestId)),
    importUsage: async ({ jobId, file, format, mapping }, call) => {
      const resolved = ctx.uploads.resolve(file, call);
      const result = await ctx.jobs.run(jobId, 'import', `Importing ${resolved.name}`, (job) =>
        importUsage(
          { store: ctx.store, settings: ctx.settings, machineId: ctx.machineId, now: ctx.now },
          resolved,
          format,
          mapping,
          job,
        ),
      );
      if (result.imported > 0) await ctx.grants.ensure();
      return { jobId, ...result };
    },

    getAnalytics: async ({ from, to }) =>
      analyticsView(await ctx.ledger.fullSource(), (await ctx.settings.get()).anchorDay, { from, to }),
    getForecast: async () => (await overview(ctx)).forecast,
    whatIf: async ({ settings: proposal }) => {
      const [settings, card] = await Promise.all([ctx.settings.get(), ctx.settings.card()]);
      if (proposal.tierId) findTier(card, proposal.tierId);
      if (proposal.chatbotModel && !card.actions.chatbot_message.models[proposal.chatbotModel]) {
        throw new ApiError(
          'bad_request',
          `Chatbot model "${proposal.chatbotModel}" has no price on rate card ${card.version}.`,
        );
      }
      return whatIf(await ctx.ledger.fullSource(), settings, card, proposal, ctx.now());
    },

    purchaseBundle: ({ bundleId, quantity, requestId }) =>
      written(ctx, ctx.commands.purchaseBundle(bundleId, quantity, requestId)),
    recommendBundles: async ({ neededMillicredits }) =>
      bundlePlanView(neededMillicredits, await ctx.settings.card()),

    listReferrals: () => ctx.referrals.list(),
    addReferral: ({ name, contact, requestId }) => ctx.referrals.add(name, contact, requestId),
    advanceReferral: ({ id, status }) => ctx.referrals.advance(id, status),
    revokeReferralAward: async ({ id, reason }) => {
      const { view, written: entry } = await ctx.referrals.revoke(id, reason);
      if (entry) ctx.ledger.accept([entry]);
      return view;
    },

    getSettings: async () => ctx.settings.view(),
    updateSettings: async (patch) => {
      await ctx.settings.update(patch);
      // A tier upgrade raises this cycle's grant now; the live update would do it a moment later.
      await ctx.grants.ensure();
      return ctx.settings.view();
    },
    getSetup: async () => setup.view(),
    completeSetup: async () => setup.complete(),
    getSyncStatus: async () => ctx.sync.view(),
    configureSync: ({ endpoint, token }) => ctx.sync.configure(endpoint, token),
    syncNow: () => ctx.sync.syncNow(),
    retryRefusedDocuments: () => ctx.sync.retryRefused(),
    setHosting: ({ enabled, port, reach }) => ctx.sync.setHosting(enabled, port, reach),
    rotateBrowserLink: async () => {
      if (!ctx.browserLink)
        throw new ApiError(
          'bad_request',
          'Only the browser version has a link to rotate; restart it to use one.',
        );
      return { openUrl: ctx.browserLink.rotate() };
    },
    createTeammateToken: ({ label, scope }) => ctx.sync.createTeammateToken(label, scope),
    listHostedTokens: () => ctx.sync.listHostedTokens(),
    revokeHostedToken: async ({ id }) => ({ revoked: await ctx.sync.revokeHostedToken(id) }),

    beginUpload: async ({ name, size }, call) => ({
      uploadId: ctx.uploads.begin(name, size, uploadOwner(call)),
    }),
    appendUpload: async ({ uploadId, chunk }) => ({ received: ctx.uploads.append(uploadId, chunk) }),
    cancelJob: async ({ jobId }) => ({ cancelled: ctx.jobs.cancel(jobId) }),

    estimateDocuments: ({ jobId, files }, call) =>
      ctx.estimators.documents(
        jobId,
        files.map((f) => ctx.uploads.resolve(f, call)),
      ),
    recordTraining: ({ estimateId }) => ctx.estimators.recordTraining(estimateId),
    estimateWebsite: ({ jobId, sitemap, urls, urlList, avgChars, samples }, call) =>
      ctx.estimators.website(jobId, {
        sitemap: sitemap ? ctx.uploads.resolve(sitemap, call) : undefined,
        urls,
        urlList: urlList ? ctx.uploads.resolve(urlList, call) : undefined,
        avgChars,
        samples: samples?.map((s) => ctx.uploads.resolve(s, call)),
      }),
    estimateMigration: ({ jobId, platform, files, counts }, call) =>
      ctx.estimators.migration(
        jobId,
        platform,
        files.map((f) => ctx.uploads.resolve(f, call)),
        counts,
      ),
    saveEstimate: (input) => ctx.estimators.save({ ...input, id: input.id ?? randomUUID() }),
    listEstimates: () => ctx.estimators.list(),
    deleteEstimate: async ({ id }) => ({ deleted: await ctx.estimators.remove(id) }),
  };
}
