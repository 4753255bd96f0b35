import { z } from 'zod';
import { actionSchema } from '../pricing/actions';
import type { RateCardRule } from '../pricing/rate-card-rules';
import type { Bucket } from '../ledger/entry';
import { empty, method } from './method';

/** The workspace at a glance: balance, cycle, runway, alerts, the rate card and this app. */

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

export interface AuthorizeView {
  allowed: boolean;
  millicredits: number;
  message: string | null;
  resetAt: number | null;
}

export const overviewMethods = {
  getAppInfo: method<AppInfoView>()(empty),
  getOverview: method<OverviewView>()(empty),
  getForecast: method<ForecastView>()(empty),
  getRateCard: method<RateCardView>()(empty),
  authorizeAction: method<AuthorizeView>()(z.strictObject({ action: actionSchema })),
} as const;
export type OverviewMethods = typeof overviewMethods;

export interface OverviewEvents {
  balanceChanged: BalanceView;
  alertRaised: AlertView;
}
