import { z } from 'zod';

/** A count of items or characters: a non-negative safe integer. */
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * The pricing inputs of one AI action (or one batch of training items). These shapes are stored
 * on every usage entry so a price can always be explained and re-priced later.
 */
export const actionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('ai_reply'),
    autoDraftAll: z.boolean().optional(),
    conversationMessages: count.optional(),
  }),
  z.strictObject({ kind: z.literal('ai_label'), labelCount: count }),
  z.strictObject({ kind: z.literal('ai_prioritize') }),
  z.strictObject({
    kind: z.literal('chatbot_message'),
    model: z.string().min(1).max(100),
    contextTokens: count.optional(),
  }),
  z.strictObject({ kind: z.literal('kb_article'), count: count.optional() }),
  z.strictObject({ kind: z.literal('website_crawl'), origin: z.string().min(1).max(2048).optional() }),
  z.strictObject({ kind: z.literal('page_scrape'), chars: count }),
  z.strictObject({ kind: z.literal('document'), chars: count }),
  z.strictObject({ kind: z.literal('conversation_embedding'), count: count.optional() }),
]);

export type Action = z.infer<typeof actionSchema>;
export type ActionKind = Action['kind'];

export const ACTION_KINDS = [
  'ai_reply',
  'ai_label',
  'ai_prioritize',
  'chatbot_message',
  'kb_article',
  'website_crawl',
  'page_scrape',
  'document',
  'conversation_embedding',
] as const satisfies readonly ActionKind[];

export const actionKindSchema = z.enum(ACTION_KINDS);

/** People-facing names for action kinds (charts, tables, CSV headers). */
export const ACTION_LABELS: Record<ActionKind, string> = {
  ai_reply: 'AI reply / draft',
  ai_label: 'AI label',
  ai_prioritize: 'AI prioritize',
  chatbot_message: 'AI chatbot message',
  kb_article: 'Knowledge-base article',
  website_crawl: 'Website crawl',
  page_scrape: 'Page scrape',
  document: 'Document',
  conversation_embedding: 'Conversation embedding',
};
