import type { RateCardView } from '../../../src-shared/api';
import { roundDiv } from '../../../src-shared/units';
import { formatMoney } from './format';

/**
 * What credits are worth in the workspace's currency, valued at the best bundle rate (the lowest
 * price per 1,000 credits on the rate card): what buying that many credits costs at best.
 * Integer arithmetic: millicredits × minor units per 1,000 credits ÷ 1,000,000.
 */
export function creditsValueMinor(millicredits: number, card: RateCardView): number | null {
  if (card.bundles.length === 0) return null;
  const best = Math.min(...card.bundles.map((b) => b.per1000CreditsMinor));
  return roundDiv(millicredits * best, 1_000_000);
}

/** "≈ $0.08 at $6.00 per 1,000 credits", or '' without bundles to value credits by. */
export function creditsValueText(millicredits: number, card: RateCardView): string {
  const minor = creditsValueMinor(Math.abs(millicredits), card);
  if (minor === null) return '';
  const best = Math.min(...card.bundles.map((b) => b.per1000CreditsMinor));
  return `≈ ${formatMoney(minor, card.currency)} at ${formatMoney(best, card.currency)} per 1,000 credits`;
}
