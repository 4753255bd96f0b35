import { fromLedgerDoc } from '../src-shared/db/ledger-doc';
import type { WorkspaceSettings } from '../src-shared/db/settings';
import type { LedgerEntry } from '../src-shared/ledger/entry';
import { batchProblems, referencesOf, type EntryProblem } from '../src-shared/ledger/entry-rules';
import { entryIds, partialReversalPrefix } from '../src-shared/ledger/ids';
import { checkMonthlyGrant, planTimelineOf, type PlanTimeline } from '../src-shared/ledger/plan-timeline';
import { DEFAULT_RATE_CARD, parseRateCard, type RateCard } from '../src-shared/pricing';
import { HttpError } from './errors';
import type { TeamDatabase, TokenRecord } from './store/types';
import type { PushRefusal } from '../src-shared/sync/protocol';

/**
 * The endpoint's re-check of pushed ledger entries with the shared entry rules, against the team's
 * stored state: its rate cards, its settings (plan) and the entries the new ones refer to.
 */
export async function ledgerProblems(
  store: TeamDatabase,
  auth: TokenRecord,
  entries: LedgerEntry[],
  maxEntryMillicredits: number,
): Promise<EntryProblem[]> {
  if (entries.length === 0) return [];
  const { teamId } = auth;
  const { cards: versions, entries: refs } = referencesOf(entries);
  const settingsBody = (await store.find(teamId, 'settings', ['workspace'])).get('workspace');
  const settings = settingsBody ? (JSON.parse(settingsBody) as WorkspaceSettings) : null;
  if (settings) versions.add(settings.rateCardVersion);
  versions.delete(DEFAULT_RATE_CARD.version);
  const cards = new Map<string, RateCard>([[DEFAULT_RATE_CARD.version, DEFAULT_RATE_CARD]]);
  for (const [version, body] of await store.find(teamId, 'ratecards', [...versions])) {
    cards.set(version, parseRateCard((JSON.parse(body) as { card: unknown }).card));
  }
  const stored = new Map<string, LedgerEntry>();
  for (const [id, body] of await store.find(teamId, 'ledger', [...refs])) {
    stored.set(id, fromLedgerDoc(JSON.parse(body) as Record<string, unknown>));
  }
  // Every reversal of a usage counts towards what it may still give back: the full one by id,
  // the partial ones by their shared id prefix (filtered by usageId: prefixes of ids can nest).
  const reversals = new Map<string, LedgerEntry[]>();
  for (const usageId of new Set(entries.flatMap((e) => (e.kind === 'reversal' ? [e.usageId] : [])))) {
    const bodies = new Map([
      ...(await store.find(teamId, 'ledger', [entryIds.reversal(usageId)])),
      ...(await store.findPrefix(teamId, 'ledger', partialReversalPrefix(usageId))),
    ]);
    const found: LedgerEntry[] = [];
    for (const body of bodies.values()) {
      const entry = fromLedgerDoc(JSON.parse(body) as Record<string, unknown>);
      if (entry.kind === 'reversal' && entry.usageId === usageId) found.push(entry);
    }
    reversals.set(usageId, found);
  }
  const planCard = settings ? cards.get(settings.rateCardVersion) : undefined;
  let timeline: PlanTimeline | null = null;
  return batchProblems(entries, {
    scope: auth.scope,
    maxEntryMillicredits,
    card: (version) => cards.get(version),
    stored: (id) => stored.get(id),
    storedReversals: (usageId) => reversals.get(usageId) ?? [],
    monthly: (grant) => {
      // A monthly grant pushed before the plan arrived may pass once it does: worth a retry.
      if (!settings) return { reason: "the team's settings (plan) have not been synced yet", retry: true };
      if (!planCard)
        return {
          reason: `the team's rate card "${settings.rateCardVersion}" has not been synced yet`,
          retry: true,
        };
      timeline ??= planTimelineOf(settings, planCard);
      const check = checkMonthlyGrant(timeline, grant);
      return check.allowed ? null : `not what the plan timeline gives: ${check.reason}`;
    },
  });
}

/** Entry problems as push refusals, by the row's position in the push. */
export function asRefusals(problems: EntryProblem[], ids: string[]): PushRefusal[] {
  return problems.map((p) => ({
    index: ids.indexOf(p.id),
    id: p.id,
    statusCode: p.retry ? 409 : 422,
    message: p.reason,
  }));
}

/**
 * The answer to a push with refused documents: nothing of it is written. 422 when a document
 * breaks a rule (the client should set it aside), 409 when every refusal may pass later.
 */
export function refusal(collection: string, refused: PushRefusal[]): HttpError {
  const first = refused[0]!;
  const more = refused.length > 1 ? ` (and ${refused.length - 1} more)` : '';
  const retry = refused.every((r) => r.statusCode === 409);
  return new HttpError(
    retry ? 409 : 422,
    `${collection} document "${first.id}" refused: ${first.message}${more}; nothing in this push was written${retry ? '; push again once the team has synced' : ''}`,
    { refused },
  );
}
