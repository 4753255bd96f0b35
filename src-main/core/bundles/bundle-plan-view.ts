import { recommendBundles, type RateCard } from '../../../src-shared/pricing';
import type { BundlePlanView } from '../../../src-shared/api/views';

/** The cheapest bundles covering a need, as the UI shows it. */
export function bundlePlanView(neededMillicredits: number, card: RateCard): BundlePlanView {
  const plan = recommendBundles(neededMillicredits, card);
  return {
    neededMillicredits: plan.neededMillicredits,
    items: plan.items,
    totalMillicredits: plan.totalMillicredits,
    totalPriceMinor: plan.totalPriceMinor,
    currency: plan.currency,
    per1000CreditsMinor: plan.per1000CreditsMinor,
  };
}
