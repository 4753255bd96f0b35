import { z } from 'zod';
import { PricingError } from './errors';
import { MAX_OPTIMISER_WINDOW_UNITS, optimiserWindowUnits } from './bundle-grain';
import { issuePath } from '../error-text';

/**
 * The rate card: every number the pricing engine uses, as versioned data. Amounts are integer
 * millicredits and prices integer minor units, so a card can be stored, synced and compared as JSON.
 */

const MAX = Number.MAX_SAFE_INTEGER;
const millicredits = z.number().int().min(0).max(MAX);
const positiveMillicredits = z.number().int().min(1).max(MAX);
const threshold = z.number().int().min(0).max(MAX);
const slug = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');

/**
 * A price that steps up with one input (conversation length, label count, context tokens).
 * `range` is the band the help page states (e.g. 8–10 credits); each step is a point inside it
 * that applies from `atLeast` upward, so the price never decreases and never exceeds the band.
 */
export const stepTableSchema = z
  .strictObject({
    range: z.strictObject({ min: millicredits, max: millicredits }),
    steps: z
      .array(z.strictObject({ atLeast: threshold, millicredits }))
      .min(1)
      .max(100),
  })
  .superRefine((table, ctx) => {
    if (table.range.min > table.range.max) {
      ctx.addIssue({ code: 'custom', path: ['range', 'max'], message: 'range max is below range min' });
    }
    table.steps.forEach((step, i) => {
      if (step.millicredits < table.range.min || step.millicredits > table.range.max) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'millicredits'],
          message: `step price ${step.millicredits} lies outside the range ${table.range.min}–${table.range.max}`,
        });
      }
      const prev = table.steps[i - 1];
      if (prev && step.atLeast <= prev.atLeast) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'atLeast'],
          message: 'thresholds must strictly increase',
        });
      }
      if (prev && step.millicredits < prev.millicredits) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'millicredits'],
          message: 'step prices must not decrease as the input grows',
        });
      }
    });
  });
export type StepTable = z.infer<typeof stepTableSchema>;

/** A base price with an optional step table that may only raise it. */
function withSteps<K extends string>(key: K) {
  return (value: { base: number } & Partial<Record<K, StepTable | undefined>>, ctx: z.RefinementCtx) => {
    const first = value[key]?.steps[0];
    if (first && first.millicredits < value.base) {
      ctx.addIssue({
        code: 'custom',
        path: [key, 'steps', 0, 'millicredits'],
        message: 'the first step must not be cheaper than the base price',
      });
    }
  };
}

export const chatbotModelRateSchema = z
  .strictObject({ base: millicredits, byContextTokens: stepTableSchema.optional() })
  .superRefine(withSteps('byContextTokens'));

export const rateCardSchema = z
  .strictObject({
    /** Recorded on every usage entry; a changed number needs a new version. */
    version: z.string().trim().min(1).max(100),
    name: z.string().max(200).optional(),
    /** ISO 4217 code of every price on the card. */
    currency: z.string().regex(/^[A-Z]{3}$/, 'use an ISO 4217 code such as "USD"'),
    /** Characters of cleaned text per billed page of a scrape or document. */
    pageChars: z.number().int().min(1).max(10_000_000),
    actions: z.strictObject({
      ai_reply: z
        .strictObject({
          base: millicredits,
          /** Applies only with "AI draft for all incoming messages"; keyed on the conversation's message count. */
          autoDraftLong: stepTableSchema,
        })
        .superRefine(withSteps('autoDraftLong')),
      ai_label: z
        .strictObject({
          base: millicredits,
          /** Keyed on the workspace's label count. */
          manyLabels: stepTableSchema,
        })
        .superRefine(withSteps('manyLabels')),
      ai_prioritize: z.strictObject({ base: millicredits }),
      chatbot_message: z.strictObject({
        models: z
          .record(slug, chatbotModelRateSchema)
          .refine((models) => Object.keys(models).length > 0, 'at least one chatbot model needs a price'),
      }),
      kb_article: z.strictObject({ perArticle: millicredits }),
      website_crawl: z.strictObject({ perSite: millicredits }),
      page_scrape: z.strictObject({ perPage: millicredits }),
      document: z.strictObject({ perPage: millicredits }),
      conversation_embedding: z.strictObject({ perConversation: millicredits }),
    }),
    referral: z.strictObject({
      millicredits: positiveMillicredits,
      /** Days after the award that referral credits expire; null means they never expire. */
      expiresAfterDays: z.number().int().min(1).max(36_500).nullable(),
    }),
    tiers: z
      .array(
        z.strictObject({ id: slug, name: z.string().min(1).max(100), monthlyMillicredits: millicredits }),
      )
      .min(1)
      .max(100),
    bundles: z
      .array(
        z.strictObject({
          id: slug,
          name: z.string().min(1).max(100),
          millicredits: positiveMillicredits,
          priceMinor: z.number().int().min(1).max(MAX),
        }),
      )
      .min(1)
      .max(50),
  })
  .superRefine((card, ctx) => {
    uniqueIds(card.tiers, 'tiers', ctx);
    uniqueIds(card.bundles, 'bundles', ctx);
    card.bundles.forEach((bundle, i) => {
      const prev = card.bundles[i - 1];
      if (!prev) return;
      if (bundle.millicredits <= prev.millicredits) {
        ctx.addIssue({
          code: 'custom',
          path: ['bundles', i, 'millicredits'],
          message: 'list bundles from smallest to largest',
        });
        return;
      }
      // Bigger must be strictly cheaper per credit: price/size < prev.price/prev.size, cross-multiplied.
      if (
        BigInt(bundle.priceMinor) * BigInt(prev.millicredits) >=
        BigInt(prev.priceMinor) * BigInt(bundle.millicredits)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['bundles', i, 'priceMinor'],
          message: `"${bundle.id}" must cost less per credit than the smaller "${prev.id}"`,
        });
      }
    });
    if (optimiserWindowUnits(card.bundles) > MAX_OPTIMISER_WINDOW_UNITS) {
      ctx.addIssue({
        code: 'custom',
        path: ['bundles'],
        message:
          'bundle sizes share too small a common divisor for exact plans; use round sizes (e.g. multiples of 100 credits)',
      });
    }
  });

function uniqueIds(items: readonly { id: string }[], path: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id))
      ctx.addIssue({ code: 'custom', path: [path, i, 'id'], message: `duplicate id "${item.id}"` });
    seen.add(item.id);
  });
}

export type RateCard = z.infer<typeof rateCardSchema>;
export type ChatbotModelRate = z.infer<typeof chatbotModelRateSchema>;
export type Tier = RateCard['tiers'][number];
export type Bundle = RateCard['bundles'][number];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Validates untrusted card data (a synced document, an imported file) and returns a frozen card.
 * Cards are frozen because the engine caches derived tables per card object.
 * @throws PricingError `invalid_rate_card` naming the first offending field.
 */
export function parseRateCard(input: unknown): RateCard {
  const result = rateCardSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
    throw new PricingError('invalid_rate_card', issuePath(issue.path, 'card'), `${issue.message}${more}`);
  }
  return deepFreeze(result.data);
}

/** The tier with this id. @throws PricingError `out_of_range` for an id the card does not list. */
export function findTier(card: RateCard, tierId: string): Tier {
  const tier = card.tiers.find((t) => t.id === tierId);
  if (!tier) {
    throw new PricingError('out_of_range', 'tierId', `rate card ${card.version} has no tier "${tierId}"`);
  }
  return tier;
}

const DAY_MS = 86_400_000;

/** When a referral awarded at `awardedAt` expires under this card: null when it never does. */
export function referralExpiresAt(card: RateCard, awardedAt: number): number | null {
  const days = card.referral.expiresAfterDays;
  return days === null ? null : awardedAt + days * DAY_MS;
}
