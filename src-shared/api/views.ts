import type { RateCardRule } from '../pricing/rate-card-rules';
import type { ActionKind, Action } from '../pricing/actions';
import type { Bucket, EntryKind } from '../ledger/entry';
import type { ReferralStatus } from '../db/referral';

/**
 * The shapes main returns to the renderer. Plain JSON, amounts in integer millicredits, times in
 * epoch milliseconds (UTC). They are views for the UI, decoupled from storage documents.
 */

export interface BalanceView {
  at: number;
  /** Signed: negative when overdrawn. */
  total: number;
  overdraft: number;
  monthly: {
    remaining: number;
    granted: number;
    expiresAt: number | null;
    /** Taken by usage this cycle (net of refunds). */
    used?: number;
    /** Taken to repay last cycle's overdraft. */
    repaid?: number;
    /** Taken by corrections. */
    corrected?: number;
  };
  referral: number;
  bundle: number;
  manual: number;
  consumedByBucket: Record<Bucket | 'overdraft', number>;
  expired: number;
}

export interface CycleView {
  start: number;
  /** Exclusive: the reset moment. */
  end: number;
  tierId: string;
  tierName: string;
  monthlyMillicredits: number;
}

export interface RunwayView {
  /** Trailing burn rate in millicredits per day. */
  ratePerDay: number;
  monthlyRunsOutAt: number | null;
  allRunsOutAt: number | null;
}

export interface ForecastView {
  at: number;
  trailing7d: RunwayView;
  trailing30d: RunwayView;
}

export interface AlertView {
  id: string;
  cycleStart: number;
  threshold: number;
  triggeredAt: number;
  usedMillicredits: number;
  grantMillicredits: number;
}

export interface OverviewView {
  balance: BalanceView;
  cycle: CycleView;
  forecast: ForecastView;
  alerts: AlertView[];
  /** True when an AI action would be refused now; the chatbot tells users to try again later. */
  outOfCredits: boolean;
  outOfCreditsMessage: string | null;
  ledgerEntries: number;
}

export interface LedgerRow {
  id: string;
  kind: EntryKind;
  bucket: Bucket | '';
  actionKind: ActionKind | '';
  amount: number;
  occurredAt: number;
  recordedAt: number;
  machineId: string;
  /** The machine's readable name from Settings; absent while nobody has named it. */
  machineName?: string;
  /** The endpoint token that stored the entry (stamped by the endpoint); absent until synced. */
  recordedBy?: { tokenId: string; label: string };
  /** One line for people: "AI reply / draft", "Bundle 10,000 credits ×1", "Referral: Acme". */
  description: string;
  explanation?: string;
  ruleId?: string;
  rateCardVersion?: string;
  action?: Action;
  reason?: string;
  usageId?: string;
  /** For usage rows: the reversal that completed its refund (nothing left to give back), if any. */
  reversedBy?: string | null;
  /** For usage rows: every reversal of it, full or partial, oldest first. */
  refunds?: { id: string; amount: number; occurredAt: number; reason: string }[];
  /** For usage rows: millicredits that may still be given back. */
  refundable?: number;
  source?: string;
  priceMinor?: number;
  currency?: string;
  /** For bundle grants: which bundle and how many of it. */
  bundleId?: string;
  quantity?: number;
}

export interface LedgerPage {
  total: number;
  offset: number;
  rows: LedgerRow[];
  /** Credits in and out over every entry the filter matches; null until the ledger is loaded. */
  totals?: LedgerTotals | null;
}

export interface LedgerTotals {
  /** Sum of the positive amounts (grants, reversals, positive adjustments), millicredits. */
  inMillicredits: number;
  /** Sum of the negative amounts as a negative number, millicredits. */
  outMillicredits: number;
}

/** A machine that wrote ledger entries, for the ledger's machine filter. */
export interface MachineView {
  machineId: string;
  /** The readable name given in Settings; absent while nobody has named it. */
  name?: string;
  entries: number;
  /** True for the machine this app runs on. */
  current: boolean;
}

export interface LedgerCsvChunk {
  csv: string;
  rows: number;
  /** Pass back to get the next chunk; null when done. */
  nextCursor: string | null;
  fileName: string;
}

export interface DayUsage {
  day: string;
  start: number;
  total: number;
  byKind: Partial<Record<ActionKind, number>>;
}

export interface CycleUsage {
  start: number;
  end: number;
  total: number;
  byKind: Partial<Record<ActionKind, number>>;
}

export interface CostDriver {
  id: string;
  label: string;
  millicredits: number;
  /** Share of the period's usage in per-mille (0–1000), an integer so no float reaches the UI. */
  perMille: number;
  detail: string;
}

export interface AnalyticsView {
  from: number;
  to: number;
  total: number;
  days: DayUsage[];
  cycles: CycleUsage[];
  /**
   * Which credits paid for the range's usage (the replay's allocations, net of reversals); sums to
   * `total`. `overdraft` is usage no credit covered ("not covered"), never negative.
   */
  byBucket: Record<Bucket | 'overdraft', number>;
  /** Shares of `total` per bucket in hundredths of a percent, summing to 10,000 (0s without usage). */
  byBucketShares?: Record<Bucket | 'overdraft', number>;
  /** Not usage, shown apart: credits in the range that repaid an overdraft, and taken by corrections. */
  notUsage?: { repaid: number; corrected: number };
  drivers: CostDriver[];
}

export interface WhatIfSide {
  perCycle: number;
  byKind: Partial<Record<ActionKind, number>>;
  monthlyMillicredits: number;
  /** Days the cycle's monthly credits last at this rate (null: they last the whole cycle). */
  monthlyRunwayDays: number | null;
  monthlyRunsOutAt: number | null;
}

export interface WhatIfView {
  cycle: { start: number; end: number };
  actions: number;
  current: WhatIfSide;
  proposed: WhatIfSide;
  /** proposed − current, millicredits per cycle. */
  difference: number;
}

export interface TierView {
  id: string;
  name: string;
  monthlyMillicredits: number;
}

export interface BundleView {
  id: string;
  name: string;
  millicredits: number;
  priceMinor: number;
  /** Price of 1,000 credits in minor units, rounded to the nearest unit (display only). */
  per1000CreditsMinor: number;
}

export interface RateCardView {
  version: string;
  currency: string;
  pageChars: number;
  referralMillicredits: number;
  tiers: TierView[];
  bundles: BundleView[];
  chatbotModels: string[];
  /** Every pricing rule with its price and thresholds; a usage entry's ruleId is one of these ids. */
  rules: RateCardRule[];
}

export interface BundlePlanView {
  neededMillicredits: number;
  items: { bundleId: string; name: string; quantity: number; millicredits: number; priceMinor: number }[];
  totalMillicredits: number;
  totalPriceMinor: number;
  currency: string;
  per1000CreditsMinor: number;
}

export interface ReferralView {
  id: string;
  name: string;
  contact: string;
  status: ReferralStatus;
  invitedAt: number;
  signedUpAt: number | null;
  paidAt: number | null;
  awarded: boolean;
  awardedMillicredits: number;
  /** What identifies the referred workspace (one award each): `domain:acme.com`, `email:…`, `name:…`. */
  workspaceKey?: string;
  /** An award taken back: the reason given and when. */
  revoked?: { reason: string; at: number } | null;
  /** Set when an add found the workspace already in the pipeline: nothing was added, this is that one. */
  duplicateWarning?: string | null;
}

export interface SettingsView {
  tierId: string;
  anchorDay: number;
  labelCount: number;
  autoDraftAll: boolean;
  chatbotModel: string;
  alertThresholds: number[];
  rateCardVersion: string;
  /** Plan changes decided but not in effect yet, in words (an anchor day waits for the cycle's end). */
  scheduled?: string[];
}

export interface SyncStatusView {
  state: 'disabled' | 'connecting' | 'online' | 'offline' | 'error';
  endpoint: string | null;
  tokenSet: boolean;
  waitingToPush: number;
  lastSyncAt: number | null;
  lastError: string | null;
  conflicts: number;
  hosting: {
    running: boolean;
    url: string | null;
    error: string | null;
    /** loopback: this machine only (the default); lan: every interface, for teammates. */
    reach?: 'loopback' | 'lan';
  };
  /** Documents the endpoint refused: kept on this machine, not on the team's endpoint. Oldest first. */
  needsAttention: NeedsAttentionView[];
  /** A first download from the team's snapshot under way ("ledger entries", 40,000 of 1,000,000). */
  bootstrap?: { what: string; done: number; total: number } | null;
}

/** One refused document in the sync panel's "needs attention" list. */
export interface NeedsAttentionView {
  collection: string;
  id: string;
  /** What the document is, in words ("Adjustment of 0 credits"). */
  summary: string;
  /** The endpoint's reason, in its words. */
  reason: string;
  /** What the user can do about it. */
  advice: string;
  statusCode: number;
  refusedAt: number;
}

/** A token of the endpoint this machine hosts (the secret is never kept, only shown at creation). */
export interface HostedTokenView {
  id: string;
  label: string;
  scope: 'admin' | 'viewer' | 'metering';
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /** The token this machine itself syncs with: revoking it stops this machine's sync. */
  own: boolean;
}

export interface AppInfoView {
  version: string;
  mode: 'electron' | 'web';
  dataDir: string;
  machineId: string;
  /** This machine's readable name from Settings; absent while nobody has named it. */
  machineName?: string;
  /** Where the sync token is kept: the OS keychain, or a weaker store that the UI must name. */
  secretStorage: 'keychain' | 'basic_text' | 'file';
}

export type JobKind = 'import' | 'documents' | 'website' | 'migration' | 'export';

export interface JobProgress {
  jobId: string;
  kind: JobKind;
  phase: 'running' | 'done' | 'failed' | 'cancelled';
  done: number;
  total: number | null;
  unit: 'bytes' | 'rows' | 'files' | 'pages';
  label: string;
  files?: {
    name: string;
    done: number;
    total: number | null;
    state: 'queued' | 'running' | 'done' | 'error';
  }[];
}

export interface ImportResult {
  jobId: string;
  rows: number;
  imported: number;
  duplicates: number;
  conflicts: number;
  errors: { line: number; message: string }[];
  /** Errors beyond the listed ones are counted, not listed. */
  errorCount: number;
  /** The file's columns no field was read from (mapped or named as the format says). */
  ignoredColumns: string[];
}

export interface DocumentRow {
  name: string;
  bytes: number;
  contentHash: string | null;
  chars: number;
  pages: number;
  millicredits: number;
  warnings: string[];
  error: string | null;
  /** Set once recorded as training: the ledger entry id. */
  recordedAs: string | null;
}

export interface DocumentEstimateView {
  estimateId: string;
  files: DocumentRow[];
  totals: { files: number; errors: number; chars: number; pages: number; millicredits: number };
}

export interface RecordTrainingResult {
  recorded: number;
  alreadyRecorded: number;
  millicredits: number;
  entryIds: string[];
}

export interface RangeEstimate {
  min: number;
  expected: number;
  max: number;
}

export interface WebsiteEstimateView {
  sites: { origin: string; pages: number }[];
  pages: number;
  crawlMillicredits: number;
  pageMillicredits: RangeEstimate;
  totalMillicredits: RangeEstimate;
  avgChars: RangeEstimate;
  notes: string[];
}

export interface MigrationEstimateView {
  platform: 'zendesk' | 'helpscout' | 'intercom';
  conversations: number;
  articles: number;
  skipped: number;
  chars: number;
  documentPages: number;
  breakdown: { conversations: number; articles: number; documents: number };
  millicredits: number;
  balance: number;
  shortfall: number;
  plan: BundlePlanView | null;
  warnings: string[];
  /** `switchTo`: the platform the file looks like when another one was chosen. */
  errors: {
    file: string;
    line: number | null;
    message: string;
    switchTo?: MigrationEstimateView['platform'];
  }[];
}

export interface SavedEstimateView {
  id: string;
  kind: 'documents' | 'website' | 'migration';
  title: string;
  createdAt: number;
  updatedAt: number;
  millicredits: number;
  input: Record<string, unknown>;
  result: Record<string, unknown>;
}

/** The first-run set-up on this machine. */
export interface SetupView {
  needed: boolean;
  completedAt: number | null;
}
