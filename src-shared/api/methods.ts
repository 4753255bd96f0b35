import { z } from 'zod';
import { actionSchema, actionKindSchema } from '../pricing/actions';
import { bucketSchema, entryKindSchema } from '../ledger/entry';
import { referralStatusSchema } from '../db/referral';
import { settingsPatchSchema } from '../db/settings';
import { SCOPES } from '../ledger/entry-rules';
import { usageRequestSchema } from './usage-request';
import { fileRefSchema, UPLOAD_CHUNK_BYTES, MAX_FILE_BYTES } from './files';
import type * as V from './views';

/**
 * Every method the renderer may call: a runtime schema for the input (main validates before acting)
 * and the output type. The preload, the web-host client and the dispatcher are all generated from
 * this one table, so adding a method here is the only way to widen the renderer's reach.
 */

const millis = z.number().int().min(0).max(8_640_000_000_000_000);
const signedAmount = z
  .number()
  .int()
  .min(-Number.MAX_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER)
  .refine((n) => n !== 0, 'an amount of zero changes nothing');
const positiveAmount = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const reason = z.string().trim().min(1, 'a reason is required').max(500);
const jobId = z.string().uuid();
const id = z.string().min(1).max(300);
/** Idempotency key chosen by the caller (one per form submission): replaying the call is a no-op. */
const requestId = z.string().uuid().optional();
const empty = z.strictObject({});

export const ledgerFilterSchema = z.strictObject({
  kinds: z.array(entryKindSchema).max(4).optional(),
  actionKinds: z.array(actionKindSchema).max(20).optional(),
  buckets: z.array(bucketSchema).max(4).optional(),
  machineIds: z.array(z.string().min(1).max(64)).max(50).optional(),
  from: millis.optional(),
  /** Exclusive. */
  to: millis.optional(),
  /** Free text, case-insensitive: description, reason, entry or event id, machine. */
  search: z.string().trim().max(200).optional(),
});
export type LedgerFilter = z.infer<typeof ledgerFilterSchema>;

/** Which input column holds which field, for CSV usage imports whose headers differ from ours. */
const mappedColumn = z.string().min(1).max(100).optional();
/** Which file column each import field is read from (see src-shared/import/format.ts). */
export const importMappingSchema = z.strictObject({
  eventId: mappedColumn,
  occurredAt: mappedColumn,
  kind: mappedColumn,
  conversationMessages: mappedColumn,
  autoDraftAll: mappedColumn,
  labelCount: mappedColumn,
  model: mappedColumn,
  contextTokens: mappedColumn,
  count: mappedColumn,
  chars: mappedColumn,
  origin: mappedColumn,
});
export type ImportMapping = z.infer<typeof importMappingSchema>;

const whatIfSettings = z.strictObject({
  autoDraftAll: z.boolean().optional(),
  labelCount: z.number().int().min(0).max(1_000_000).optional(),
  chatbotModel: z.string().min(1).max(100).optional(),
  tierId: z.string().min(1).max(100).optional(),
});

const migrationCounts = z.strictObject({
  conversations: z.number().int().min(0).max(1_000_000_000),
  articles: z.number().int().min(0).max(1_000_000_000),
  documentPages: z.number().int().min(0).max(1_000_000_000),
});

interface Method<I extends z.ZodType, O> {
  input: I;
  /** Type-level only: the value is never read at run time. */
  output: O;
}
const method =
  <O>() =>
  <I extends z.ZodType>(input: I): Method<I, O> => ({ input, output: undefined as O });

export const methods = {
  // Overview and reference data
  getAppInfo: method<V.AppInfoView>()(empty),
  getOverview: method<V.OverviewView>()(empty),
  getRateCard: method<V.RateCardView>()(empty),
  authorizeAction: method<{
    allowed: boolean;
    millicredits: number;
    message: string | null;
    resetAt: number | null;
  }>()(z.strictObject({ action: actionSchema })),

  // Ledger
  listLedger: method<V.LedgerPage>()(
    z.strictObject({
      filter: ledgerFilterSchema.default({}),
      sort: z.enum(['newest', 'oldest']).default('newest'),
      offset: z.number().int().min(0).max(100_000_000).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
  ),
  getLedgerEntry: method<V.LedgerRow>()(z.strictObject({ id })),
  /** Machines that wrote entries (most entries first), for the ledger's machine filter. */
  listMachines: method<V.MachineView[]>()(empty),
  exportLedgerCsv: method<V.LedgerCsvChunk>()(
    z.strictObject({
      filter: ledgerFilterSchema.default({}),
      cursor: z.string().max(400).nullable().default(null),
    }),
  ),
  recordUsage: method<V.LedgerRow>()(
    z.strictObject({
      action: usageRequestSchema,
      occurredAt: millis.optional(),
      sourceEventId: z.string().min(1).max(200).optional(),
    }),
  ),
  recordReversal: method<V.LedgerRow>()(
    z.strictObject({
      usageId: id,
      reason,
      /** Millicredits to give back; omitted: all that is still refundable (docs/decisions.md). */
      amount: positiveAmount.optional(),
      requestId,
    }),
  ),
  recordAdjustment: method<V.LedgerRow>()(
    z.strictObject({
      amount: signedAmount,
      reason,
      requestId,
      /** The bucket a negative correction comes out of first; default manual (docs/decisions.md). */
      bucket: bucketSchema.optional(),
    }),
  ),
  grantManual: method<V.LedgerRow>()(z.strictObject({ amount: positiveAmount, reason, requestId })),
  importUsage: method<V.ImportResult>()(
    z.strictObject({
      jobId,
      file: fileRefSchema,
      format: z.enum(['csv', 'ndjson', 'auto']).default('auto'),
      mapping: importMappingSchema.default({}),
    }),
  ),

  // Analytics
  getAnalytics: method<V.AnalyticsView>()(
    z.strictObject({ from: millis, to: millis }).refine((r) => r.from < r.to, 'from must be before to'),
  ),
  getForecast: method<V.ForecastView>()(empty),
  whatIf: method<V.WhatIfView>()(z.strictObject({ settings: whatIfSettings })),

  // Bundles
  purchaseBundle: method<V.LedgerRow>()(
    z.strictObject({
      bundleId: z.string().min(1).max(100),
      quantity: z.number().int().min(1).max(1000).default(1),
      requestId,
    }),
  ),
  recommendBundles: method<V.BundlePlanView>()(z.strictObject({ neededMillicredits: positiveAmount })),

  // Referrals
  listReferrals: method<V.ReferralView[]>()(empty),
  addReferral: method<V.ReferralView>()(
    z.strictObject({
      name: z.string().trim().min(1).max(200),
      contact: z.string().trim().max(200).default(''),
      requestId,
    }),
  ),
  advanceReferral: method<V.ReferralView>()(
    z.strictObject({ id: z.string().min(1).max(100), status: referralStatusSchema }),
  ),
  /** Takes back an award made by mistake: a correction out of referral credits, once, with the reason. */
  revokeReferralAward: method<V.ReferralView>()(z.strictObject({ id: z.string().min(1).max(100), reason })),

  // Settings and sync
  getSettings: method<V.SettingsView>()(empty),
  updateSettings: method<V.SettingsView>()(settingsPatchSchema),
  /** Gives a machine (this one or a teammate's) a readable name the whole team sees after sync. */
  renameMachine: method<V.MachineView[]>()(
    z.strictObject({ machineId: z.string().min(1).max(64), name: z.string().max(1000) }),
  ),
  /** Whether this machine still needs the first-run set-up; completing it (or skipping) records that. */
  getSetup: method<V.SetupView>()(empty),
  completeSetup: method<V.SetupView>()(empty),
  getSyncStatus: method<V.SyncStatusView>()(empty),
  configureSync: method<V.SyncStatusView>()(
    z.strictObject({
      endpoint: z.string().trim().url().max(2048).nullable(),
      /** Omit to keep the stored token; null to forget it. */
      token: z.string().trim().min(8).max(512).nullable().optional(),
    }),
  ),
  syncNow: method<V.SyncStatusView>()(empty),
  /** Pushes the documents in "needs attention" again, e.g. after the endpoint was updated. */
  retryRefusedDocuments: method<V.SyncStatusView>()(empty),
  setHosting: method<V.SyncStatusView>()(
    z.strictObject({
      enabled: z.boolean(),
      /** 0: the port used last time (or a free one the first time). */
      port: z.number().int().min(0).max(65535).default(0),
      /** Teammates on the LAN can reach it only when asked for explicitly. */
      reach: z.enum(['loopback', 'lan']).default('loopback'),
    }),
  ),

  /** While this machine hosts the endpoint: a new token for a teammate's machine, shown once. */
  createTeammateToken: method<{ token: string; endpoint: string }>()(
    z.strictObject({ label: z.string().trim().min(1).max(100), scope: z.enum(SCOPES).default('admin') }),
  ),
  /** While this machine hosts the endpoint: every token of the team, never the secret. */
  listHostedTokens: method<V.HostedTokenView[]>()(empty),
  revokeHostedToken: method<{ revoked: boolean }>()(z.strictObject({ id: z.string().min(1).max(64) })),

  /** Browser version only: a new link token; every open tab must be reopened with the new link. */
  rotateBrowserLink: method<{ openUrl: string }>()(empty),

  // Files and jobs
  beginUpload: method<{ uploadId: string }>()(
    z.strictObject({ name: z.string().min(1).max(512), size: z.number().int().min(0).max(MAX_FILE_BYTES) }),
  ),
  appendUpload: method<{ received: number }>()(
    z.strictObject({
      uploadId: z.string().uuid(),
      chunk: z
        .instanceof(Uint8Array)
        .refine((c) => c.byteLength <= UPLOAD_CHUNK_BYTES, `chunks are at most ${UPLOAD_CHUNK_BYTES} bytes`),
    }),
  ),
  cancelJob: method<{ cancelled: boolean }>()(z.strictObject({ jobId })),

  // Estimators
  estimateDocuments: method<V.DocumentEstimateView>()(
    z.strictObject({ jobId, files: z.array(fileRefSchema).min(1).max(500) }),
  ),
  recordTraining: method<V.RecordTrainingResult>()(z.strictObject({ estimateId: z.string().uuid() })),
  estimateWebsite: method<V.WebsiteEstimateView>()(
    z
      .strictObject({
        jobId,
        sitemap: fileRefSchema.optional(),
        urls: z.array(z.string().max(2048)).max(100_000).optional(),
        /** A pasted list as an uploaded text file, one address per line (how the console sends it). */
        urlList: fileRefSchema.optional(),
        avgChars: z.number().int().min(1).max(10_000_000).optional(),
        samples: z.array(fileRefSchema).max(50).optional(),
      })
      .refine(
        (i) => i.sitemap || i.urlList || (i.urls && i.urls.length > 0),
        'give a sitemap file or a list of URLs',
      ),
  ),
  estimateMigration: method<V.MigrationEstimateView>()(
    z
      .strictObject({
        jobId,
        platform: z.enum(['zendesk', 'helpscout', 'intercom']),
        files: z.array(fileRefSchema).max(20).default([]),
        counts: migrationCounts.optional(),
      })
      .refine((i) => i.files.length > 0 || i.counts, 'give export files or typed counts'),
  ),
  saveEstimate: method<V.SavedEstimateView>()(
    z.strictObject({
      id: z.string().uuid().optional(),
      kind: z.enum(['documents', 'website', 'migration']),
      title: z.string().trim().min(1).max(200),
      millicredits: z.number().int().min(0),
      input: z.record(z.string(), z.unknown()),
      result: z.record(z.string(), z.unknown()),
    }),
  ),
  listEstimates: method<V.SavedEstimateView[]>()(empty),
  deleteEstimate: method<{ deleted: boolean }>()(z.strictObject({ id: z.string().uuid() })),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = Methods[M]['output'];
export const METHOD_NAMES = Object.keys(methods) as MethodName[];
