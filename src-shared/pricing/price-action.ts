import { toDecimalString } from '../units';
import type { Action } from './actions';
import { describeValue, PricingError } from './errors';
import type { RateCard, StepTable } from './rate-card';
import { DEFAULT_RATE_CARD } from './default-rate-card';
import { pagesForChars } from './text';

/** The price of one action and how it was reached; stored on the usage entry it produces. */
export interface PriceQuote {
  /** Integer millicredits, ≥ 0. */
  millicredits: number;
  /** Stable id of the rule that set the price, e.g. `ai_label:many_labels:101+`. */
  ruleId: string;
  /** One sentence for people: what was counted and how it became this price. */
  explanation: string;
  rateCardVersion: string;
}

interface CompiledSteps {
  thresholds: number[];
  prices: number[];
  ruleIds: string[];
}

interface CompiledModel {
  base: number;
  baseRule: string;
  steps: CompiledSteps | null;
}

/**
 * What priceAction needs from a card, with rule ids and lookups prepared once per card so the
 * hot path allocates nothing but its result and explanation.
 */
interface CompiledCard {
  version: string;
  card: RateCard;
  replyLong: CompiledSteps;
  labels: CompiledSteps;
  models: Map<string, CompiledModel>;
  modelList: string;
}

const compiledCards = new WeakMap<RateCard, CompiledCard>();

function compileSteps(table: StepTable, rulePrefix: string): CompiledSteps {
  return {
    thresholds: table.steps.map((s) => s.atLeast),
    prices: table.steps.map((s) => s.millicredits),
    ruleIds: table.steps.map((s) => `${rulePrefix}:${s.atLeast}+`),
  };
}

function compile(card: RateCard): CompiledCard {
  let compiled = compiledCards.get(card);
  if (compiled) return compiled;
  const models = new Map<string, CompiledModel>();
  for (const [model, rate] of Object.entries(card.actions.chatbot_message.models)) {
    models.set(model, {
      base: rate.base,
      baseRule: `chatbot_message:${model}:base`,
      steps: rate.byContextTokens
        ? compileSteps(rate.byContextTokens, `chatbot_message:${model}:context`)
        : null,
    });
  }
  compiled = {
    version: card.version,
    card,
    replyLong: compileSteps(card.actions.ai_reply.autoDraftLong, 'ai_reply:auto_draft_long'),
    labels: compileSteps(card.actions.ai_label.manyLabels, 'ai_label:many_labels'),
    models,
    modelList: [...models.keys()].join(', '),
  };
  compiledCards.set(card, compiled);
  return compiled;
}

/** Index of the last step whose threshold the input reaches, or −1 when it reaches none. */
function stepIndex(steps: CompiledSteps, input: number): number {
  const t = steps.thresholds;
  for (let i = t.length - 1; i >= 0; i--) if (input >= t[i]!) return i;
  return -1;
}

function credits(millicredits: number): string {
  return millicredits === 1000 ? '1 credit' : `${toDecimalString(millicredits)} credits`;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new PricingError(
      'invalid_action',
      field,
      `expected a non-negative whole number, got ${describeValue(value)}`,
    );
  }
  return value;
}

function optionalCount(value: unknown, field: string, fallback: number): number {
  return value === undefined ? fallback : count(value, field);
}

function times(n: number, each: number, field: string): number {
  const total = n * each;
  if (!Number.isSafeInteger(total)) {
    throw new PricingError('out_of_range', field, `${n} × ${each} millicredits is too large to price`);
  }
  return total;
}

function quote(millicredits: number, ruleId: string, explanation: string, version: string): PriceQuote {
  return { millicredits, ruleId, explanation, rateCardVersion: version };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Prices one AI action (or one batch of training items) with a rate card.
 *
 * Pure and allocation-light: it runs for every usage event on the server and in bulk imports.
 * Fields other than the ones the action's kind prices are ignored here; validate untrusted input
 * with {@link parseAction} first.
 *
 * @throws PricingError — `unknown_kind` (field `kind`), `unknown_model` (field `model`),
 *   `invalid_action` for negative, fractional or NaN counts (field named), `out_of_range` when
 *   a batch is too large to price in safe integers.
 */
export function priceAction(action: Action, card: RateCard = DEFAULT_RATE_CARD): PriceQuote {
  if (action === null || typeof action !== 'object') {
    throw new PricingError(
      'invalid_action',
      'action',
      `expected an action object, got ${describeValue(action)}`,
    );
  }
  const c = compile(card);
  const v = c.version;
  const rates = card.actions;
  switch (action.kind) {
    case 'ai_reply': {
      const auto = action.autoDraftAll;
      if (auto !== undefined && typeof auto !== 'boolean') {
        throw new PricingError(
          'invalid_action',
          'autoDraftAll',
          `expected true or false, got ${describeValue(auto)}`,
        );
      }
      const messages = action.conversationMessages;
      const base = rates.ai_reply.base;
      if (messages === undefined) {
        return quote(base, 'ai_reply:base', `AI reply: ${credits(base)}`, v);
      }
      const n = count(messages, 'conversationMessages');
      if (auto !== true) {
        return quote(base, 'ai_reply:base', `AI reply, auto-draft off: ${credits(base)}`, v);
      }
      const i = stepIndex(c.replyLong, n);
      if (i < 0) {
        return quote(
          base,
          'ai_reply:base',
          `AI reply, auto-draft on, ${plural(n, 'message', 'messages')} (long from ${c.replyLong.thresholds[0]}): ${credits(base)}`,
          v,
        );
      }
      const price = c.replyLong.prices[i]!;
      return quote(
        price,
        c.replyLong.ruleIds[i]!,
        `AI reply, auto-draft on, long conversation of ${n} messages (${c.replyLong.thresholds[i]}+): ${credits(price)}`,
        v,
      );
    }
    case 'ai_label': {
      const n = count(action.labelCount, 'labelCount');
      const i = stepIndex(c.labels, n);
      if (i < 0) {
        const base = rates.ai_label.base;
        return quote(base, 'ai_label:base', `AI label, ${plural(n, 'label', 'labels')}: ${credits(base)}`, v);
      }
      const price = c.labels.prices[i]!;
      return quote(
        price,
        c.labels.ruleIds[i]!,
        `AI label, ${n} labels (${c.labels.thresholds[i]}+): ${credits(price)}`,
        v,
      );
    }
    case 'ai_prioritize': {
      const base = rates.ai_prioritize.base;
      return quote(base, 'ai_prioritize:base', `AI prioritize ticket: ${credits(base)}`, v);
    }
    case 'chatbot_message': {
      const name = action.model;
      if (typeof name !== 'string' || name.length === 0) {
        throw new PricingError(
          'invalid_action',
          'model',
          `expected a model name, got ${describeValue(name)}`,
        );
      }
      const model = c.models.get(name) ?? c.models.get(name.trim().toLowerCase());
      if (!model) {
        throw new PricingError(
          'unknown_model',
          'model',
          `rate card ${v} has no price for chatbot model ${describeValue(name)} (priced: ${c.modelList})`,
        );
      }
      const tokens = action.contextTokens;
      if (tokens === undefined || model.steps === null) {
        if (tokens !== undefined) count(tokens, 'contextTokens');
        return quote(model.base, model.baseRule, `Chatbot message on ${name}: ${credits(model.base)}`, v);
      }
      const n = count(tokens, 'contextTokens');
      const i = stepIndex(model.steps, n);
      if (i < 0) {
        return quote(
          model.base,
          model.baseRule,
          `Chatbot message on ${name}, ${n} context tokens: ${credits(model.base)}`,
          v,
        );
      }
      const price = model.steps.prices[i]!;
      return quote(
        price,
        model.steps.ruleIds[i]!,
        `Chatbot message on ${name}, ${n} context tokens (${model.steps.thresholds[i]}+): ${credits(price)}`,
        v,
      );
    }
    case 'kb_article': {
      const n = optionalCount(action.count, 'count', 1);
      const each = rates.kb_article.perArticle;
      const total = times(n, each, 'count');
      return quote(
        total,
        'kb_article:per_article',
        `${plural(n, 'knowledge-base article', 'knowledge-base articles')} × ${credits(each)} = ${credits(total)}`,
        v,
      );
    }
    case 'website_crawl': {
      const each = rates.website_crawl.perSite;
      return quote(
        each,
        'website_crawl:per_site',
        `Website crawl, charged once per site: ${credits(each)}`,
        v,
      );
    }
    case 'page_scrape':
    case 'document': {
      const chars = count(action.chars, 'chars');
      const pages = pagesForChars(chars, card.pageChars);
      const each = action.kind === 'document' ? rates.document.perPage : rates.page_scrape.perPage;
      const total = times(pages, each, 'chars');
      const what = action.kind === 'document' ? 'Document' : 'Scraped page';
      return quote(
        total,
        `${action.kind}:per_page`,
        `${what}: ${plural(chars, 'character', 'characters')} = ${plural(pages, 'page', 'pages')} of ${card.pageChars} × ${credits(each)} = ${credits(total)}`,
        v,
      );
    }
    case 'conversation_embedding': {
      const n = optionalCount(action.count, 'count', 1);
      const each = rates.conversation_embedding.perConversation;
      const total = times(n, each, 'count');
      return quote(
        total,
        'conversation_embedding:per_conversation',
        `${plural(n, 'conversation embedding', 'conversation embeddings')} × ${credits(each)} = ${credits(total)}`,
        v,
      );
    }
    default: {
      const kind: unknown = (action as { kind?: unknown }).kind;
      throw new PricingError(
        'unknown_kind',
        'kind',
        `no pricing rule for action kind ${describeValue(kind)}`,
      );
    }
  }
}
