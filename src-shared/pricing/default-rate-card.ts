import { parseRateCard, type RateCard } from './rate-card';

/**
 * The help page's price table as a rate card. The points chosen inside each range, the tiers and
 * the bundle prices are not on the help page: they are example figures (see docs/decisions.md,
 * "Pricing") that a workspace replaces by publishing a new card version.
 */
export const DEFAULT_RATE_CARD: RateCard = parseRateCard({
  version: 'default-1',
  name: 'Help-center rates with example tiers and bundles',
  currency: 'USD',
  pageChars: 5000,
  actions: {
    ai_reply: {
      base: 5000,
      autoDraftLong: {
        range: { min: 8000, max: 10000 },
        steps: [
          { atLeast: 10, millicredits: 8000 },
          { atLeast: 20, millicredits: 9000 },
          { atLeast: 30, millicredits: 10000 },
        ],
      },
    },
    ai_label: {
      base: 1000,
      manyLabels: {
        range: { min: 2000, max: 4000 },
        steps: [
          { atLeast: 101, millicredits: 2000 },
          { atLeast: 251, millicredits: 3000 },
          { atLeast: 501, millicredits: 4000 },
        ],
      },
    },
    ai_prioritize: { base: 1000 },
    chatbot_message: {
      models: {
        'gpt-4o-mini': { base: 4000 },
        'gpt-4.1-mini': {
          base: 6000,
          byContextTokens: {
            range: { min: 6000, max: 10000 },
            steps: [
              { atLeast: 4000, millicredits: 7000 },
              { atLeast: 8000, millicredits: 8000 },
              { atLeast: 16000, millicredits: 9000 },
              { atLeast: 32000, millicredits: 10000 },
            ],
          },
        },
      },
    },
    kb_article: { perArticle: 1000 },
    website_crawl: { perSite: 1000 },
    page_scrape: { perPage: 1000 },
    document: { perPage: 1000 },
    conversation_embedding: { perConversation: 500 },
  },
  referral: { millicredits: 2_000_000, expiresAfterDays: null },
  tiers: [
    { id: 'starter', name: 'Starter', monthlyMillicredits: 1_000_000 },
    { id: 'plus', name: 'Plus', monthlyMillicredits: 5_000_000 },
    { id: 'pro', name: 'Pro', monthlyMillicredits: 15_000_000 },
    { id: 'enterprise', name: 'Enterprise', monthlyMillicredits: 50_000_000 },
  ],
  bundles: [
    { id: 'b1k', name: '1,000 credits', millicredits: 1_000_000, priceMinor: 1000 },
    { id: 'b5k', name: '5,000 credits', millicredits: 5_000_000, priceMinor: 4500 },
    { id: 'b10k', name: '10,000 credits', millicredits: 10_000_000, priceMinor: 8000 },
    { id: 'b50k', name: '50,000 credits', millicredits: 50_000_000, priceMinor: 35000 },
    { id: 'b100k', name: '100,000 credits', millicredits: 100_000_000, priceMinor: 60000 },
  ],
});
