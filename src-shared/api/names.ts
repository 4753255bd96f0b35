import type { MethodName } from './methods';
import type { NoneLeft } from './method';

/**
 * The method names as a plain list, for the preload: it must stay a small CommonJS bundle, so it
 * cannot pull in zod and the schemas (so it imports types only). The compiler checks it both ways:
 * every name is a method, and every method is named (UnlistedMethods); a test checks it again.
 */
export const PRELOAD_METHOD_NAMES = [
  // overview
  'getAppInfo',
  'getOverview',
  'getForecast',
  'getRateCard',
  'authorizeAction',
  // ledger
  'listLedger',
  'getLedgerEntry',
  'exportLedgerCsv',
  'recordUsage',
  'recordReversal',
  'recordAdjustment',
  'grantManual',
  // import
  'importUsage',
  // analytics
  'getAnalytics',
  'whatIf',
  // bundles
  'purchaseBundle',
  'recommendBundles',
  // referrals
  'listReferrals',
  'addReferral',
  'advanceReferral',
  'revokeReferralAward',
  // settings
  'getSettings',
  'updateSettings',
  'listMachines',
  'renameMachine',
  'getSetup',
  'completeSetup',
  // sync
  'getSyncStatus',
  'configureSync',
  'syncNow',
  'retryRefusedDocuments',
  'setHosting',
  'createTeammateToken',
  'listHostedTokens',
  'revokeHostedToken',
  'rotateBrowserLink',
  // jobs
  'beginUpload',
  'appendUpload',
  'cancelJob',
  // estimate
  'estimateDocuments',
  'recordTraining',
  'estimateWebsite',
  'estimateMigration',
  'saveEstimate',
  'listEstimates',
  'deleteEstimate',
] as const satisfies readonly MethodName[];

/** A method left out of the list above (unreachable from the Electron window) fails to compile here. */
export type UnlistedMethods = NoneLeft<Exclude<MethodName, (typeof PRELOAD_METHOD_NAMES)[number]>>;
