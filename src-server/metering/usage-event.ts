import { z } from 'zod';
import { entryIds, crawlOrigin } from '../../src-shared/ledger/ids';
import { toLedgerDoc } from '../../src-shared/db/ledger-doc';
import { canonicalJson } from '../../src-shared/db/ledger-doc';
import { parseAction, priceAction, PricingError, type Action, type RateCard } from '../../src-shared/pricing';
import type { UsageEntry } from '../../src-shared/ledger/entry';

/** One helpdesk usage event: what ran, when, under an id the helpdesk never reuses. */
export const usageEventSchema = z.strictObject({
  eventId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'use printable ASCII without spaces'),
  occurredAt: z.number().int().min(0).max(8_640_000_000_000_000),
  action: z.unknown(),
});

export const usageBatchSchema = z.strictObject({ events: z.array(usageEventSchema).min(1) });
export type UsageEvent = z.infer<typeof usageEventSchema> & { action: Action };

export class UsageEventError extends Error {}

/** Validates and prices one event into its ledger document. */
export function usageDoc(
  raw: z.infer<typeof usageEventSchema>,
  card: RateCard,
  machineId: string,
  now: number,
): { id: string; doc: Record<string, unknown>; millicredits: number } {
  let action: Action;
  let quote;
  try {
    action = parseAction(raw.action);
    quote = priceAction(action, card);
  } catch (error) {
    if (error instanceof PricingError) throw new UsageEventError(`action: ${error.message}`);
    throw error;
  }
  // A site is charged once however many events report crawling it (ARCHITECTURE.md, deterministic ids).
  const origin = action.kind === 'website_crawl' && action.origin ? crawlOrigin(action.origin) : null;
  if (action.kind === 'website_crawl' && action.origin && !origin) {
    throw new UsageEventError('action.origin must be an http(s) URL');
  }
  const entry: UsageEntry = {
    id: origin ? entryIds.crawl(origin) : entryIds.usage(raw.eventId),
    kind: 'usage',
    amount: quote.millicredits === 0 ? 0 : -quote.millicredits,
    occurredAt: raw.occurredAt,
    recordedAt: now,
    machineId,
    action,
    actionKind: action.kind,
    ruleId: quote.ruleId,
    rateCardVersion: quote.rateCardVersion,
    explanation: quote.explanation.slice(0, 500),
    sourceEventId: raw.eventId,
    source: 'helpdesk',
  };
  return { id: entry.id, doc: { ...toLedgerDoc(entry), _deleted: false }, millicredits: quote.millicredits };
}

/**
 * Whether a stored usage document already records this event. The helpdesk resending an event is
 * a duplicate even if the rate card changed since; the same event id with other inputs is a conflict.
 */
export function sameEvent(masterBody: string, doc: Record<string, unknown>): boolean {
  const master = JSON.parse(masterBody) as Record<string, unknown>;
  if (typeof master.id === 'string' && master.id.startsWith('usage:crawl:')) return master.id === doc.id;
  return (
    master.sourceEventId === doc.sourceEventId &&
    master.occurredAt === doc.occurredAt &&
    canonicalJson(master.action) === canonicalJson(doc.action)
  );
}
