import type { ActionKind } from './actions';
import type { RateCard, StepTable } from './rate-card';

/** One pricing rule of a rate card as people read it; `id` is the ruleId usage entries record. */
export interface RateCardRule {
  id: string;
  action: ActionKind;
  /** When the rule applies, in words. */
  when: string;
  millicredits: number;
  /** What the price is for: "each", "per page of 5,000 characters"... */
  per: string;
}

const n = (value: number): string => value.toLocaleString('en-US');

/** Base then step rules of a stepped price, with the range each step covers. */
function stepped(
  action: ActionKind,
  ids: { base: string; step: string },
  base: number,
  table: StepTable,
  baseWhen: (first: number) => string,
  stepWhen: (from: number, to: number | null) => string,
): RateCardRule[] {
  const steps = table.steps;
  return [
    { id: ids.base, action, when: baseWhen(steps[0]!.atLeast), millicredits: base, per: 'each' },
    ...steps.map((s, i) => ({
      id: `${ids.step}:${s.atLeast}+`,
      action,
      when: stepWhen(s.atLeast, steps[i + 1] ? steps[i + 1]!.atLeast - 1 : null),
      millicredits: s.millicredits,
      per: 'each',
    })),
  ];
}

const range = (from: number, to: number | null, unit: string) =>
  to === null ? `${n(from)} or more ${unit}` : `${n(from)}–${n(to)} ${unit}`;

/**
 * Every rule of a rate card with its price and thresholds, in the ids the pricing engine records
 * (price-action.ts), so a ledger entry's `ruleId` finds its rule here.
 */
export function rateCardRules(card: RateCard): RateCardRule[] {
  const a = card.actions;
  const pageWords = `per page of ${n(card.pageChars)} characters (a partial page counts whole)`;
  const rules: RateCardRule[] = [
    ...stepped(
      'ai_reply',
      { base: 'ai_reply:base', step: 'ai_reply:auto_draft_long' },
      a.ai_reply.base,
      a.ai_reply.autoDraftLong,
      (first) => `Auto-draft for all incoming messages off, or a conversation under ${n(first)} messages`,
      (from, to) => `Auto-draft for all on and a conversation of ${range(from, to, 'messages')}`,
    ),
    ...stepped(
      'ai_label',
      { base: 'ai_label:base', step: 'ai_label:many_labels' },
      a.ai_label.base,
      a.ai_label.manyLabels,
      (first) => `A workspace with up to ${n(first - 1)} labels`,
      (from, to) => `A workspace with ${range(from, to, 'labels')}`,
    ),
    {
      id: 'ai_prioritize:base',
      action: 'ai_prioritize',
      when: 'Every ticket',
      millicredits: a.ai_prioritize.base,
      per: 'each',
    },
  ];
  for (const [model, rate] of Object.entries(a.chatbot_message.models)) {
    if (rate.byContextTokens) {
      rules.push(
        ...stepped(
          'chatbot_message',
          { base: `chatbot_message:${model}:base`, step: `chatbot_message:${model}:context` },
          rate.base,
          rate.byContextTokens,
          (first) => `On ${model}, under ${n(first)} context tokens (or not given)`,
          (from, to) => `On ${model}, ${range(from, to, 'context tokens')}`,
        ),
      );
    } else {
      rules.push({
        id: `chatbot_message:${model}:base`,
        action: 'chatbot_message',
        when: `On ${model}`,
        millicredits: rate.base,
        per: 'each message',
      });
    }
  }
  rules.push(
    {
      id: 'kb_article:per_article',
      action: 'kb_article',
      when: 'Training on a knowledge-base article',
      millicredits: a.kb_article.perArticle,
      per: 'per article',
    },
    {
      id: 'website_crawl:per_site',
      action: 'website_crawl',
      when: 'Crawling a website',
      millicredits: a.website_crawl.perSite,
      per: 'per site, charged once',
    },
    {
      id: 'page_scrape:per_page',
      action: 'page_scrape',
      when: 'Training on a scraped page',
      millicredits: a.page_scrape.perPage,
      per: pageWords,
    },
    {
      id: 'document:per_page',
      action: 'document',
      when: 'Training on a document (PDF, TXT, HTML, DOC/DOCX)',
      millicredits: a.document.perPage,
      per: pageWords,
    },
    {
      id: 'conversation_embedding:per_conversation',
      action: 'conversation_embedding',
      when: 'Embedding a conversation or ticket',
      millicredits: a.conversation_embedding.perConversation,
      per: 'per conversation',
    },
  );
  return rules;
}

/** An HTML id for a rule's row, so a ledger entry can link straight to it. */
export const ruleAnchor = (ruleId: string): string => `rule-${ruleId.replace(/[^a-zA-Z0-9_-]+/g, '-')}`;
