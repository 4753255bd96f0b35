import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RATE_CARD,
  findTier,
  parseRateCard,
  PricingError,
  rateCardSchema,
  referralExpiresAt,
  type RateCard,
} from '../../../src-shared/pricing';

const clone = (): RateCard => structuredClone(DEFAULT_RATE_CARD) as RateCard;

function rejection(mutate: (card: RateCard) => void): PricingError {
  const card = clone();
  mutate(card);
  try {
    parseRateCard(card);
  } catch (error) {
    expect(error).toBeInstanceOf(PricingError);
    expect((error as PricingError).code).toBe('invalid_rate_card');
    return error as PricingError;
  }
  throw new Error('expected the card to be rejected');
}

describe('DEFAULT_RATE_CARD', () => {
  it('is a valid, versioned, frozen card', () => {
    expect(rateCardSchema.safeParse(DEFAULT_RATE_CARD).success).toBe(true);
    expect(DEFAULT_RATE_CARD.version).toBe('default-1');
    expect(Object.isFrozen(DEFAULT_RATE_CARD)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RATE_CARD.bundles[0])).toBe(true);
  });

  it('reproduces the help page: 5,000-character pages, 0.5 per conversation, 2000 per referral', () => {
    expect(DEFAULT_RATE_CARD.pageChars).toBe(5000);
    expect(DEFAULT_RATE_CARD.actions.conversation_embedding.perConversation).toBe(500);
    expect(DEFAULT_RATE_CARD.referral.millicredits).toBe(2_000_000);
    expect(DEFAULT_RATE_CARD.referral.expiresAfterDays).toBeNull();
    expect(DEFAULT_RATE_CARD.actions.ai_reply.autoDraftLong.range).toEqual({ min: 8000, max: 10000 });
    expect(DEFAULT_RATE_CARD.actions.ai_label.manyLabels.range).toEqual({ min: 2000, max: 4000 });
    expect(DEFAULT_RATE_CARD.actions.chatbot_message.models['gpt-4.1-mini']?.byContextTokens?.range).toEqual({
      min: 6000,
      max: 10000,
    });
  });

  it('lists tiers with monthly credits and bundles that get cheaper per credit', () => {
    expect(DEFAULT_RATE_CARD.tiers.length).toBeGreaterThan(1);
    expect(findTier(DEFAULT_RATE_CARD, 'pro').monthlyMillicredits).toBe(15_000_000);
    const bundles = DEFAULT_RATE_CARD.bundles;
    for (let i = 1; i < bundles.length; i++) {
      const [a, b] = [bundles[i - 1]!, bundles[i]!];
      expect(BigInt(b.priceMinor) * BigInt(a.millicredits)).toBeLessThan(
        BigInt(a.priceMinor) * BigInt(b.millicredits),
      );
    }
  });
});

describe('rate card validation', () => {
  it('rejects bundles that are not cheaper per credit as they grow', () => {
    const error = rejection((card) => {
      card.bundles[1] = { ...card.bundles[1]!, priceMinor: 5000 };
    });
    expect(error.field).toBe('bundles.1.priceMinor');
    expect(error.message).toContain('less per credit');
  });

  it('rejects bundles out of size order and duplicate ids', () => {
    expect(rejection((card) => card.bundles.reverse()).field).toMatch(/^bundles\.1\./);
    expect(
      rejection((card) => {
        card.tiers[1] = { ...card.tiers[1]!, id: card.tiers[0]!.id };
      }).field,
    ).toBe('tiers.1.id');
  });

  it('rejects decreasing steps, unsorted thresholds and steps outside the range', () => {
    expect(
      rejection((card) => {
        card.actions.ai_label.manyLabels.steps[2] = { atLeast: 501, millicredits: 2500 };
      }).field,
    ).toBe('actions.ai_label.manyLabels.steps.2.millicredits');
    expect(
      rejection((card) => {
        card.actions.ai_reply.autoDraftLong.steps[1] = { atLeast: 5, millicredits: 9000 };
      }).field,
    ).toBe('actions.ai_reply.autoDraftLong.steps.1.atLeast');
    expect(
      rejection((card) => {
        card.actions.ai_reply.autoDraftLong.steps[2] = { atLeast: 30, millicredits: 11000 };
      }).field,
    ).toBe('actions.ai_reply.autoDraftLong.steps.2.millicredits');
    expect(
      rejection((card) => {
        card.actions.ai_reply.base = 9000;
      }).field,
    ).toBe('actions.ai_reply.autoDraftLong.steps.0.millicredits');
  });

  it('rejects fractional or negative numbers and missing versions', () => {
    expect(rejection((card) => (card.actions.kb_article.perArticle = 0.5)).field).toBe(
      'actions.kb_article.perArticle',
    );
    expect(rejection((card) => (card.pageChars = -1)).field).toBe('pageChars');
    expect(rejection((card) => (card.version = ' ')).field).toBe('version');
    expect(rejection((card) => (card.currency = 'usd')).field).toBe('currency');
  });

  it('rejects a card without any chatbot model', () => {
    expect(rejection((card) => (card.actions.chatbot_message.models = {})).field).toBe(
      'actions.chatbot_message.models',
    );
  });

  it('rejects bundle sizes too fine-grained for an exact plan', () => {
    const error = rejection((card) => {
      card.bundles = [
        { id: 'a', name: 'A', millicredits: 1_000_001, priceMinor: 1_000_000 },
        { id: 'b', name: 'B', millicredits: 99_999_999, priceMinor: 1_000_001 },
      ];
    });
    expect(error.field).toBe('bundles');
  });
});

describe('referral expiry', () => {
  it('is null by default and counts days when the card sets it', () => {
    expect(referralExpiresAt(DEFAULT_RATE_CARD, 1000)).toBeNull();
    const card = parseRateCard({ ...clone(), referral: { millicredits: 2_000_000, expiresAfterDays: 90 } });
    expect(referralExpiresAt(card, 0)).toBe(90 * 86_400_000);
  });

  it('names an unknown tier', () => {
    expect(() => findTier(DEFAULT_RATE_CARD, 'gold')).toThrow(/gold/);
  });
});
