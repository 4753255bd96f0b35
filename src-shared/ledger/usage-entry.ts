import { completeAction, type UsageRequest } from '../api/usage-request';
import type { SettingsView } from '../api/views';
import { priceAction, type RateCard } from '../pricing';
import type { UsageEntry } from './entry';
import { crawlOrigin, entryIds } from './ids';

export interface UsageFact {
  /** Unique id of the event at its source (helpdesk event id, import row id, a fresh uuid). */
  sourceEventId: string;
  occurredAt: number;
  request: UsageRequest;
  source: UsageEntry['source'];
}

export interface Recorder {
  machineId: string;
  recordedAt: number;
}

/**
 * Turns one usage fact into its ledger entry: completes the action from the workspace settings,
 * prices it with the card, and picks the deterministic id (a website crawl is charged once per
 * site, so its id is the site's origin). Shared by the desktop app, imports and the endpoint.
 */
export function usageEntryFor(
  fact: UsageFact,
  settings: Pick<SettingsView, 'labelCount' | 'autoDraftAll' | 'chatbotModel'>,
  card: RateCard,
  recorder: Recorder,
): UsageEntry {
  const action = completeAction(fact.request, settings);
  const quote = priceAction(action, card);
  let id = entryIds.usage(fact.sourceEventId);
  let sourceEventId = fact.sourceEventId;
  if (action.kind === 'website_crawl' && action.origin) {
    const origin = crawlOrigin(action.origin);
    if (origin) {
      id = entryIds.crawl(origin);
      sourceEventId = `crawl:${origin}`;
      action.origin = origin;
    }
  }
  return {
    id,
    kind: 'usage',
    amount: quote.millicredits === 0 ? 0 : -quote.millicredits,
    action,
    actionKind: action.kind,
    ruleId: quote.ruleId,
    rateCardVersion: quote.rateCardVersion,
    explanation: quote.explanation.slice(0, 500),
    sourceEventId,
    source: fact.source,
    occurredAt: fact.occurredAt,
    recordedAt: recorder.recordedAt,
    machineId: recorder.machineId,
  };
}

/**
 * A site's crawl is charged once, ever: a later crawl of the same site is the same charge already
 * made, whatever its time, not a conflicting fact.
 */
export const isChargedOncePerSite = (id: string): boolean => id.startsWith(entryIds.crawl(''));
