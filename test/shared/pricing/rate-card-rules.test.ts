import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_CARD, priceAction, type Action } from '../../../src-shared/pricing';
import { rateCardRules, ruleAnchor } from '../../../src-shared/pricing/rate-card-rules';

const runs = Number(process.env.PROPERTY_RUNS ?? 100);
const card = DEFAULT_RATE_CARD;
const rules = rateCardRules(card);
const byId = new Map(rules.map((r) => [r.id, r]));

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('ai_reply' as const),
    autoDraftAll: fc.boolean(),
    conversationMessages: fc.nat(60),
  }),
  fc.record({ kind: fc.constant('ai_label' as const), labelCount: fc.nat(800) }),
  fc.constant({ kind: 'ai_prioritize' as const }),
  fc.record({
    kind: fc.constant('chatbot_message' as const),
    model: fc.constantFrom('gpt-4o-mini', 'gpt-4.1-mini'),
  }),
  fc.record({
    kind: fc.constant('chatbot_message' as const),
    model: fc.constant('gpt-4.1-mini'),
    contextTokens: fc.nat(50_000),
  }),
  fc.record({ kind: fc.constant('kb_article' as const), count: fc.integer({ min: 1, max: 50 }) }),
  fc.constant({ kind: 'website_crawl' as const, origin: 'https://example.com' }),
  fc.record({ kind: fc.constantFrom('page_scrape' as const, 'document' as const), chars: fc.nat(40_000) }),
  fc.record({ kind: fc.constant('conversation_embedding' as const), count: fc.integer({ min: 1, max: 50 }) }),
);

describe('the readable rate card', () => {
  it('lists every rule the engine prices with, at the price of one unit', () => {
    fc.assert(
      fc.property(actionArb, (action) => {
        const quote = priceAction(action, card);
        const rule = byId.get(quote.ruleId);
        expect(rule, quote.ruleId).toBeDefined();
        expect(rule!.action).toBe(action.kind);
        // Per-unit rules price a multiple of the listed price; single-action rules exactly it.
        expect(quote.millicredits % rule!.millicredits).toBe(0);
        if (!['kb_article', 'page_scrape', 'document', 'conversation_embedding'].includes(action.kind))
          expect(quote.millicredits).toBe(rule!.millicredits);
      }),
      { numRuns: runs },
    );
  });

  it('states the thresholds as the seed does', () => {
    expect(byId.get('ai_reply:auto_draft_long:10+')).toMatchObject({
      millicredits: 8000,
      when: 'Auto-draft for all on and a conversation of 10–19 messages',
    });
    expect(byId.get('ai_reply:auto_draft_long:30+')!.when).toMatch(/30 or more messages/);
    expect(byId.get('ai_label:base')).toMatchObject({
      millicredits: 1000,
      when: 'A workspace with up to 100 labels',
    });
    expect(byId.get('ai_label:many_labels:101+')!.when).toBe('A workspace with 101–250 labels');
    expect(byId.get('document:per_page')!.per).toMatch(/5,000 characters/);
    expect(byId.get('conversation_embedding:per_conversation')!.millicredits).toBe(500);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(new Set(rules.map((r) => ruleAnchor(r.id))).size).toBe(rules.length);
  });
});
