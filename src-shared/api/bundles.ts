import { z } from 'zod';
import type { LedgerRow } from './ledger';
import { method, positiveAmount, requestId } from './method';

/** Buying credit bundles, and the cheapest set of bundles for an amount. */

export interface BundlePlanView {
  neededMillicredits: number;
  items: { bundleId: string; name: string; quantity: number; millicredits: number; priceMinor: number }[];
  totalMillicredits: number;
  totalPriceMinor: number;
  currency: string;
  per1000CreditsMinor: number;
}

export const bundleMethods = {
  purchaseBundle: method<LedgerRow>()(
    z.strictObject({
      bundleId: z.string().min(1).max(100),
      quantity: z.number().int().min(1).max(1000).default(1),
      requestId,
    }),
  ),
  recommendBundles: method<BundlePlanView>()(z.strictObject({ neededMillicredits: positiveAmount })),
} as const;
export type BundleMethods = typeof bundleMethods;
