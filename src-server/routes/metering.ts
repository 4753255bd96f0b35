import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { badRequest, HttpError } from '../errors';
import type { AppContext } from '../app-context';
import { usageBatchSchema, usageDoc, sameEvent, UsageEventError } from '../metering/usage-event';
import { LedgerBooks, teamPricing } from '../metering/team-state';
import { decideAuthorization } from '../metering/authorize';
import { canonicalWire } from '../validate';
import { SafeRangeError, type PreparedRow } from '../store/types';
import type { WireDoc } from '../../src-shared/sync/protocol';
import { describeIssues } from '../../src-shared/error-text';

export type UsageStatus = 'recorded' | 'duplicate' | 'conflict';
export interface UsageResult {
  eventId: string;
  entryId: string;
  status: UsageStatus;
  millicredits: number;
  message?: string;
}

const authorizeSchema = z.strictObject({
  action: z.unknown().refine((a) => a !== undefined, 'an action is required'),
  /** Defaults to the server's clock; lets the helpdesk ask about the moment the action ran. */
  at: z.number().int().min(0).max(8_640_000_000_000_000).optional(),
});

export function registerMeteringRoutes(app: FastifyInstance, context: AppContext): void {
  const { store, limits, machineId } = context;
  const books = new LedgerBooks();

  app.post('/v1/usage', async (request) => {
    const parsed = usageBatchSchema.safeParse(request.body);
    if (!parsed.success) throw badRequest(`usage batch: ${describeIssues(parsed.error.issues, 'body')}`);
    const { events } = parsed.data;
    if (events.length > limits.usageEvents) {
      throw new HttpError(
        413,
        `a usage batch may carry at most ${limits.usageEvents} events; this one has ${events.length}`,
      );
    }
    const { auth } = request;
    const { teamId } = auth;
    const pricing = await teamPricing(store, teamId);
    const now = Date.now();
    const seenEvents = new Set<string>();
    const byEntry = new Map<string, { row: PreparedRow; results: UsageResult[] }>();
    const results: UsageResult[] = events.map((event, i) => {
      if (seenEvents.has(event.eventId))
        throw badRequest(`events[${i}].eventId "${event.eventId}" appears twice in the batch`);
      seenEvents.add(event.eventId);
      let priced;
      try {
        priced = usageDoc(event, pricing.defaults, pricing.card, machineId, now, auth);
      } catch (error) {
        if (error instanceof UsageEventError) throw badRequest(`events[${i}].${error.message}`);
        throw error;
      }
      const result: UsageResult = {
        eventId: event.eventId,
        entryId: priced.id,
        status: 'recorded',
        millicredits: priced.millicredits,
      };
      // Two events crawling one site in the same batch are one charge: the first records it.
      const same = byEntry.get(priced.id);
      if (same) {
        result.status = 'duplicate';
        same.results.push(result);
      } else {
        const doc = priced.doc as WireDoc;
        byEntry.set(priced.id, {
          row: { id: priced.id, body: canonicalWire(doc), row: { newDocumentState: doc } },
          results: [result],
        });
      }
      return result;
    });

    const rows = [...byEntry.values()].map((v) => v.row);
    const outcome = new Map<string, { status: UsageStatus; stored: number }>();
    let written;
    try {
      written = await store.write(
        teamId,
        'ledger',
        rows,
        (master, row) => {
          if (master === undefined) return 'write';
          const verdict = sameEvent(master, row.row.newDocumentState);
          outcome.set(row.id, {
            status: verdict.same ? 'duplicate' : 'conflict',
            stored: verdict.storedMillicredits,
          });
          return verdict.same ? 'noop' : 'conflict';
        },
        { magnitudeOf: (row) => Math.abs(row.row.newDocumentState.amount as number) },
      );
    } catch (error) {
      if (error instanceof SafeRangeError) throw new HttpError(422, error.message);
      throw error;
    }
    const stored = new Set(written.written);
    for (const [entryId, { results: group }] of byEntry) {
      const first = group[0]!;
      if (stored.has(entryId)) continue;
      const known = outcome.get(entryId);
      first.status = known?.status ?? 'duplicate';
      // The answer names what is stored, never the amount this request would have charged.
      if (known) for (const result of group) result.millicredits = known.stored;
      if (first.status === 'conflict') {
        first.message = `event id "${first.eventId}" was already recorded with a different action, time or amount (${known?.stored ?? 0} millicredits stored); nothing was changed`;
      }
    }
    return { results };
  });

  app.post('/v1/authorize', async (request) => {
    const parsed = authorizeSchema.safeParse(request.body);
    if (!parsed.success) throw badRequest(`authorize: ${describeIssues(parsed.error.issues, 'body')}`);
    const { teamId } = request.auth;
    const pricing = await teamPricing(store, teamId);
    const book = await books.book(store, teamId, pricing.settings?.anchorDay ?? 1);
    try {
      return decideAuthorization(book, parsed.data.action, pricing, parsed.data.at ?? Date.now());
    } catch (error) {
      if (error instanceof UsageEventError) throw badRequest(`authorize: ${error.message}`);
      throw error;
    }
  });
}
