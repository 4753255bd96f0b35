import { z } from 'zod';
import { toLedgerDoc, canonicalJson } from '../../src-shared/db/ledger-doc';
import { usageRequestSchema, type UsageRequest } from '../../src-shared/api/usage-request';
import { PricingError, type RateCard } from '../../src-shared/pricing';
import { usageEntryFor } from '../../src-shared/ledger/usage-entry';
import type { WorkspaceDefaults } from './team-state';
import type { TokenRecord } from '../store/types';
import { stampEntry } from '../provenance';

/** One helpdesk usage event: what ran, when, under an id the helpdesk never reuses. */
export const usageEventSchema = z.strictObject({
  eventId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'use printable ASCII without spaces'),
  occurredAt: z.number().int().min(0).max(8_640_000_000_000_000),
  /** Workspace-dependent inputs (label count, auto-draft, model) may be left out: settings fill them. */
  action: usageRequestSchema,
});

export const usageBatchSchema = z.strictObject({ events: z.array(usageEventSchema).min(1) });
export type UsageEvent = z.infer<typeof usageEventSchema>;

export class UsageEventError extends Error {}

/** Prices a usage request with the team's card, turning pricing failures into a caller error. */
export function priced<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof PricingError) throw new UsageEventError(`action: ${error.message}`);
    throw error;
  }
}

/** The ledger document a helpdesk event becomes (deterministic id: `usage:<eventId>` or `usage:crawl:<origin>`). */
export function usageDoc(
  event: UsageEvent,
  settings: WorkspaceDefaults,
  card: RateCard,
  machineId: string,
  now: number,
  auth: TokenRecord,
): { id: string; doc: Record<string, unknown>; millicredits: number } {
  const entry = priced(() =>
    usageEntryFor(
      {
        sourceEventId: event.eventId,
        occurredAt: event.occurredAt,
        request: event.action as UsageRequest,
        source: 'helpdesk',
      },
      settings,
      card,
      { machineId, recordedAt: now },
    ),
  );
  return {
    id: entry.id,
    doc: { ...toLedgerDoc(stampEntry(entry, auth)), _deleted: false },
    millicredits: -entry.amount,
  };
}

/**
 * Whether a stored usage document already records this event, and what it charged. The same event
 * id with other inputs, or with another amount (a rate-card change since, or an entry someone else
 * wrote under the helpdesk's future event id), is a conflict. A site crawl is charged once,
 * whichever event reported it.
 */
export function sameEvent(
  masterBody: string,
  doc: Record<string, unknown>,
): { same: boolean; storedMillicredits: number } {
  const master = JSON.parse(masterBody) as Record<string, unknown>;
  const storedMillicredits = typeof master.amount === 'number' ? -master.amount : 0;
  if (typeof master.id === 'string' && master.id.startsWith('usage:crawl:'))
    return { same: master.id === doc.id && master.kind === 'usage', storedMillicredits };
  const same =
    master.kind === 'usage' &&
    master.sourceEventId === doc.sourceEventId &&
    master.occurredAt === doc.occurredAt &&
    master.amount === doc.amount &&
    canonicalJson(master.action) === canonicalJson(doc.action);
  return { same, storedMillicredits };
}
