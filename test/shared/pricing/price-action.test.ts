import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ACTION_KINDS,
  DEFAULT_RATE_CARD,
  parseAction,
  parseRateCard,
  priceAction,
  PricingError,
  type Action,
} from '../../../src-shared/pricing';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT } from '../helpers/runs';

const price = (action: Action) => priceAction(action).millicredits;

function pricingError(fn: () => unknown): PricingError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PricingError);
    return error as PricingError;
  }
  throw new Error('expected a PricingError');
}

describe('priceAction: the help page table', () => {
  it('AI reply costs 5, and 8–10 only with auto-draft on and a long conversation', () => {
    expect(price({ kind: 'ai_reply' })).toBe(5000);
    expect(price({ kind: 'ai_reply', autoDraftAll: false, conversationMessages: 500 })).toBe(5000);
    expect(price({ kind: 'ai_reply', autoDraftAll: true })).toBe(5000);
    expect(price({ kind: 'ai_reply', autoDraftAll: true, conversationMessages: 0 })).toBe(5000);
    expect(price({ kind: 'ai_reply', autoDraftAll: true, conversationMessages: 9 })).toBe(5000);
    expect(price({ kind: 'ai_reply', autoDraftAll: true, conversationMessages: 10 })).toBe(8000);
    expect(price({ kind: 'ai_reply', autoDraftAll: true, conversationMessages: 19 })).toBe(8000);
    expect(price({ kind: 'ai_reply', autoDraftAll: true, conversationMessages: 20 })).toBe(9000);
    expect(price({ kind: 'ai_reply', autoDraftAll: true, conversationMessages: 29 })).toBe(9000);
    expect(price({ kind: 'ai_reply', autoDraftAll: true, conversationMessages: 30 })).toBe(10000);
    expect(price({ kind: 'ai_reply', autoDraftAll: true, conversationMessages: 1_000_000 })).toBe(10000);
  });

  it('AI label costs 1 up to 100 labels and 2–4 above', () => {
    expect(price({ kind: 'ai_label', labelCount: 0 })).toBe(1000);
    expect(price({ kind: 'ai_label', labelCount: 100 })).toBe(1000);
    expect(price({ kind: 'ai_label', labelCount: 101 })).toBe(2000);
    expect(price({ kind: 'ai_label', labelCount: 250 })).toBe(2000);
    expect(price({ kind: 'ai_label', labelCount: 251 })).toBe(3000);
    expect(price({ kind: 'ai_label', labelCount: 500 })).toBe(3000);
    expect(price({ kind: 'ai_label', labelCount: 501 })).toBe(4000);
    expect(price({ kind: 'ai_label', labelCount: 10 ** 9 })).toBe(4000);
  });

  it('AI prioritize costs 1', () => {
    expect(price({ kind: 'ai_prioritize' })).toBe(1000);
  });

  it('chatbot messages cost by model: gpt-4o-mini 4, gpt-4.1-mini 6–10 by context', () => {
    expect(price({ kind: 'chatbot_message', model: 'gpt-4o-mini' })).toBe(4000);
    expect(price({ kind: 'chatbot_message', model: 'gpt-4o-mini', contextTokens: 100_000 })).toBe(4000);
    expect(price({ kind: 'chatbot_message', model: 'gpt-4.1-mini' })).toBe(6000);
    expect(price({ kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: 3999 })).toBe(6000);
    expect(price({ kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: 4000 })).toBe(7000);
    expect(price({ kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: 7999 })).toBe(7000);
    expect(price({ kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: 8000 })).toBe(8000);
    expect(price({ kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: 16000 })).toBe(9000);
    expect(price({ kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: 31999 })).toBe(9000);
    expect(price({ kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: 32000 })).toBe(10000);
    expect(price({ kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: 10 ** 9 })).toBe(10000);
  });

  it('matches model names regardless of case and surrounding spaces', () => {
    expect(price({ kind: 'chatbot_message', model: ' GPT-4o-mini ' })).toBe(4000);
  });

  it('an unknown model is an error naming the model, never a free message', () => {
    const error = pricingError(() => priceAction({ kind: 'chatbot_message', model: 'gpt-9-ultra' }));
    expect(error.code).toBe('unknown_model');
    expect(error.field).toBe('model');
    expect(error.message).toContain('gpt-9-ultra');
    expect(error.message).toContain('gpt-4o-mini');
  });

  it('training: 1 per article, 1 per website once, 0.5 per conversation', () => {
    expect(price({ kind: 'kb_article' })).toBe(1000);
    expect(price({ kind: 'kb_article', count: 12 })).toBe(12000);
    expect(price({ kind: 'kb_article', count: 0 })).toBe(0);
    expect(price({ kind: 'website_crawl' })).toBe(1000);
    expect(price({ kind: 'website_crawl', origin: 'https://example.com' })).toBe(1000);
    expect(price({ kind: 'conversation_embedding' })).toBe(500);
    expect(price({ kind: 'conversation_embedding', count: 3 })).toBe(1500);
    expect(price({ kind: 'conversation_embedding', count: 0 })).toBe(0);
  });

  it('scrapes and documents cost ceil(chars / 5000) pages', () => {
    for (const kind of ['page_scrape', 'document'] as const) {
      expect(price({ kind, chars: 0 })).toBe(0);
      expect(price({ kind, chars: 1 })).toBe(1000);
      expect(price({ kind, chars: 4999 })).toBe(1000);
      expect(price({ kind, chars: 5000 })).toBe(1000);
      expect(price({ kind, chars: 5001 })).toBe(2000);
      expect(price({ kind, chars: 10000 })).toBe(2000);
      expect(price({ kind, chars: 10001 })).toBe(3000);
    }
  });

  it('returns the rule, an explanation and the card version', () => {
    const quote = priceAction({ kind: 'conversation_embedding', count: 3 });
    expect(quote).toEqual({
      millicredits: 1500,
      ruleId: 'conversation_embedding:per_conversation',
      explanation: '3 conversation embeddings × 0.5 credits = 1.5 credits',
      rateCardVersion: DEFAULT_RATE_CARD.version,
    });
    expect(priceAction({ kind: 'ai_label', labelCount: 300 }).ruleId).toBe('ai_label:many_labels:251+');
    expect(priceAction({ kind: 'document', chars: 5001 }).explanation).toContain('2 pages');
  });

  it('has a rule for every action kind', () => {
    const samples: Record<(typeof ACTION_KINDS)[number], Action> = {
      ai_reply: { kind: 'ai_reply' },
      ai_label: { kind: 'ai_label', labelCount: 1 },
      ai_prioritize: { kind: 'ai_prioritize' },
      chatbot_message: { kind: 'chatbot_message', model: 'gpt-4o-mini' },
      kb_article: { kind: 'kb_article' },
      website_crawl: { kind: 'website_crawl' },
      page_scrape: { kind: 'page_scrape', chars: 1 },
      document: { kind: 'document', chars: 1 },
      conversation_embedding: { kind: 'conversation_embedding' },
    };
    for (const kind of ACTION_KINDS) expect(price(samples[kind])).toBeGreaterThan(0);
  });

  it('prices with the card it is given', () => {
    const card = parseRateCard({
      ...structuredClone(DEFAULT_RATE_CARD),
      version: 'cheaper-2',
      actions: { ...structuredClone(DEFAULT_RATE_CARD.actions), ai_prioritize: { base: 250 } },
    });
    const quote = priceAction({ kind: 'ai_prioritize' }, card);
    expect(quote.millicredits).toBe(250);
    expect(quote.rateCardVersion).toBe('cheaper-2');
  });
});

describe('priceAction: invalid input', () => {
  it.each([
    [{ kind: 'ai_label', labelCount: -1 }, 'labelCount'],
    [{ kind: 'ai_label', labelCount: Number.NaN }, 'labelCount'],
    [{ kind: 'ai_label', labelCount: 1.5 }, 'labelCount'],
    [{ kind: 'ai_label' }, 'labelCount'],
    [{ kind: 'kb_article', count: -3 }, 'count'],
    [{ kind: 'conversation_embedding', count: Number.NaN }, 'count'],
    [{ kind: 'document', chars: -1 }, 'chars'],
    [{ kind: 'page_scrape', chars: Infinity }, 'chars'],
    [{ kind: 'ai_reply', autoDraftAll: true, conversationMessages: -2 }, 'conversationMessages'],
    [{ kind: 'ai_reply', autoDraftAll: 'yes' }, 'autoDraftAll'],
    [{ kind: 'chatbot_message', model: '' }, 'model'],
    [{ kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: -5 }, 'contextTokens'],
    [{ kind: 'chatbot_message', model: 'gpt-4o-mini', contextTokens: Number.NaN }, 'contextTokens'],
  ])('%o is rejected naming %s', (action, field) => {
    const error = pricingError(() => priceAction(action as Action));
    expect(error.code).toBe('invalid_action');
    expect(error.field).toBe(field);
  });

  it('an unknown kind is its own error', () => {
    const error = pricingError(() => priceAction({ kind: 'ai_summarize' } as unknown as Action));
    expect(error.code).toBe('unknown_kind');
    expect(error.field).toBe('kind');
  });

  it('a batch too large for safe integers is refused, not rounded', () => {
    const error = pricingError(() => priceAction({ kind: 'kb_article', count: Number.MAX_SAFE_INTEGER }));
    expect(error.code).toBe('out_of_range');
  });

  it('a non-object is refused', () => {
    expect(pricingError(() => priceAction(null as unknown as Action)).field).toBe('action');
  });
});

describe('parseAction', () => {
  it('accepts every valid shape', () => {
    expect(parseAction({ kind: 'conversation_embedding', count: 3 })).toEqual({
      kind: 'conversation_embedding',
      count: 3,
    });
  });

  it('names the field of the first problem', () => {
    expect(pricingError(() => parseAction({ kind: 'kb_article', count: -1 })).field).toBe('count');
    expect(pricingError(() => parseAction({ kind: 'document', chars: Number.NaN })).field).toBe('chars');
    expect(pricingError(() => parseAction({ kind: 'ai_prioritize', extra: 1 })).message).toContain('extra');
    const unknown = pricingError(() => parseAction({ kind: 'teleport' }));
    expect(unknown.code).toBe('unknown_kind');
    expect(unknown.field).toBe('kind');
    expect(pricingError(() => parseAction('ai_reply')).code).toBe('unknown_kind');
  });
});

describe('priceAction: properties', () => {
  it(
    'step prices never decrease as their input grows and stay inside the range',
    () => {
      const input = fc.integer({ min: 0, max: 100_000 });
      fc.assert(
        fc.property(input, input, (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const pairs: [Action, Action][] = [
            [
              { kind: 'ai_reply', autoDraftAll: true, conversationMessages: lo },
              { kind: 'ai_reply', autoDraftAll: true, conversationMessages: hi },
            ],
            [
              { kind: 'ai_label', labelCount: lo },
              { kind: 'ai_label', labelCount: hi },
            ],
            [
              { kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: lo },
              { kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: hi },
            ],
          ];
          for (const [small, large] of pairs) expect(price(small)).toBeLessThanOrEqual(price(large));
          expect(
            price({ kind: 'ai_reply', autoDraftAll: true, conversationMessages: hi }),
          ).toBeLessThanOrEqual(10000);
          expect(price({ kind: 'ai_label', labelCount: hi })).toBeLessThanOrEqual(4000);
          const chat = price({ kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: hi });
          expect(chat).toBeGreaterThanOrEqual(6000);
          expect(chat).toBeLessThanOrEqual(10000);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'batches cost count × unit and pages are ceil(chars / 5000)',
    () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 10 ** 9 }), (n) => {
          expect(price({ kind: 'conversation_embedding', count: n })).toBe(n * 500);
          expect(price({ kind: 'kb_article', count: n })).toBe(n * 1000);
          const pages = Number((BigInt(n) + 4999n) / 5000n);
          expect(price({ kind: 'document', chars: n })).toBe(pages * 1000);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
