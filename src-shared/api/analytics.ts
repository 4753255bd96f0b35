import { z } from 'zod';
import type { ActionKind } from '../pricing/actions';
import type { Bucket } from '../ledger/entry';
import { method, millis } from './method';

/** Usage over a range (days, cycles, buckets, cost drivers) and the what-if of other settings. */

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

const whatIfSettings = z.strictObject({
  autoDraftAll: z.boolean().optional(),
  labelCount: z.number().int().min(0).max(1_000_000).optional(),
  chatbotModel: z.string().min(1).max(100).optional(),
  tierId: z.string().min(1).max(100).optional(),
});

export const analyticsMethods = {
  getAnalytics: method<AnalyticsView>()(
    z.strictObject({ from: millis, to: millis }).refine((r) => r.from < r.to, 'from must be before to'),
  ),
  whatIf: method<WhatIfView>()(z.strictObject({ settings: whatIfSettings })),
} as const;
export type AnalyticsMethods = typeof analyticsMethods;
