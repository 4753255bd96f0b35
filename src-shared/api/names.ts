import type { MethodName } from './methods';

/**
 * The method names as a plain list, for the preload: it must stay a small CommonJS bundle, so it
 * cannot pull in zod and the schemas. A test checks this list equals the contract's keys.
 */
export const PRELOAD_METHOD_NAMES = [
  'getAppInfo',
  'getOverview',
  'getRateCard',
  'authorizeAction',
  'listLedger',
  'getLedgerEntry',
  'exportLedgerCsv',
  'recordUsage',
  'recordReversal',
  'recordAdjustment',
  'grantManual',
  'importUsage',
  'getAnalytics',
  'getForecast',
  'whatIf',
  'purchaseBundle',
  'recommendBundles',
  'listReferrals',
  'addReferral',
  'advanceReferral',
  'getSettings',
  'updateSettings',
  'getSyncStatus',
  'configureSync',
  'syncNow',
  'setHosting',
  'beginUpload',
  'appendUpload',
  'cancelJob',
  'estimateDocuments',
  'recordTraining',
  'estimateWebsite',
  'estimateMigration',
  'saveEstimate',
  'listEstimates',
  'deleteEstimate',
] as const satisfies readonly MethodName[];
