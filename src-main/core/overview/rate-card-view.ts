import { per1000Credits, type RateCard } from '../../../src-shared/pricing';
import { rateCardRules } from '../../../src-shared/pricing/rate-card-rules';
import type { RateCardView } from '../../../src-shared/api/views';

export function rateCardView(card: RateCard): RateCardView {
  return {
    version: card.version,
    currency: card.currency,
    pageChars: card.pageChars,
    referralMillicredits: card.referral.millicredits,
    tiers: card.tiers.map((t) => ({
      id: t.id,
      name: t.name,
      monthlyMillicredits: t.monthlyMillicredits,
    })),
    bundles: card.bundles.map((b) => ({
      id: b.id,
      name: b.name,
      millicredits: b.millicredits,
      priceMinor: b.priceMinor,
      per1000CreditsMinor: per1000Credits(b.priceMinor, b.millicredits),
    })),
    chatbotModels: Object.keys(card.actions.chatbot_message.models),
    rules: rateCardRules(card),
  };
}
