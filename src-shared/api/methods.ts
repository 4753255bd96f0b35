import type { z } from 'zod';
import { overviewMethods, type OverviewMethods } from './overview';
import { ledgerMethods, type LedgerMethods } from './ledger';
import { importMethods, type ImportMethods } from './import';
import { analyticsMethods, type AnalyticsMethods } from './analytics';
import { bundleMethods, type BundleMethods } from './bundles';
import { referralMethods, type ReferralMethods } from './referrals';
import { settingsMethods, type SettingsMethods } from './settings';
import { syncMethods, type SyncMethods } from './sync';
import { jobMethods, type JobMethods } from './jobs';
import { estimateMethods, type EstimateMethods } from './estimate';
import { mergeTables } from './method';

/**
 * Every method the renderer may call, merged from the domains' tables (src-shared/api/<domain>.ts).
 * The preload, the web-host client and the dispatcher are all generated from this one table, so
 * adding a method to a domain's table is the only way to widen the renderer's reach.
 *
 * The full contract extends every domain's table: two domains defining one name differently is a
 * compile error, `satisfies` fails when a domain's table is left out of the merge below, and the
 * merge throws at load when two tables hold the same name.
 */
export interface Methods
  extends
    OverviewMethods,
    LedgerMethods,
    ImportMethods,
    AnalyticsMethods,
    BundleMethods,
    ReferralMethods,
    SettingsMethods,
    SyncMethods,
    JobMethods,
    EstimateMethods {}

export const methods = mergeTables(
  overviewMethods,
  ledgerMethods,
  importMethods,
  analyticsMethods,
  bundleMethods,
  referralMethods,
  settingsMethods,
  syncMethods,
  jobMethods,
  estimateMethods,
) satisfies Methods;

export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = Methods[M]['output'];
export const METHOD_NAMES = Object.keys(methods) as MethodName[];
