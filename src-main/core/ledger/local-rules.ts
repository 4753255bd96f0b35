import { ApiError } from '../../../src-shared/api/errors';
import type { LedgerEntry } from '../../../src-shared/ledger/entry';
import {
  batchProblems,
  DEFAULT_MAX_ENTRY_MILLICREDITS,
  referencesOf,
} from '../../../src-shared/ledger/entry-rules';
import { checkMonthlyGrant, planTimelineOf } from '../../../src-shared/ledger/plan-timeline';
import type { RateCard } from '../../../src-shared/pricing';
import type { RateCards } from '../settings/rate-cards';
import type { SettingsService } from '../settings/settings-service';
import type { LedgerCollection } from './ledger-collection';

/** Refuses, before anything is stored, entries the team endpoint would refuse (same shared rules). */
export type EntryGuard = (entries: readonly LedgerEntry[]) => Promise<void>;

export interface LocalRulesDeps {
  store: LedgerCollection;
  settings: SettingsService;
  rateCards: RateCards;
  maxEntryMillicredits?: number;
}

/**
 * The desktop's side of the entry rules: this machine writes as `admin` (it manages the team's
 * credits), against its own copy of the rate cards, plan and ledger. Entries already stored are
 * left to the store's duplicate/conflict handling.
 */
export function localEntryRules(deps: LocalRulesDeps): EntryGuard {
  return async (entries) => {
    const stored = await deps.store.getMany(entries.map((e) => e.id));
    const fresh = entries.filter((e) => !stored.has(e.id));
    if (fresh.length === 0) return;
    const versions = new Set<string>();
    const refs = new Set<string>();
    for (const entry of fresh) {
      const r = referencesOf(entry);
      for (const v of r.cards) versions.add(v);
      for (const id of r.entries) refs.add(id);
    }
    const cards = new Map<string, RateCard>();
    for (const version of versions) {
      const card = await deps.rateCards.get(version).catch(() => undefined);
      if (card) cards.set(version, card);
    }
    const referred = refs.size > 0 ? await deps.store.getMany([...refs]) : new Map<string, LedgerEntry>();
    const reversed = fresh.flatMap((e) => (e.kind === 'reversal' ? [e.usageId] : []));
    const reversals = await deps.store.reversalsOfMany(reversed);
    const needsPlan = fresh.some((e) => e.kind === 'grant' && e.bucket === 'monthly');
    const timeline = needsPlan ? planTimelineOf(await deps.settings.get(), await deps.settings.card()) : null;
    const problems = batchProblems(fresh, {
      scope: 'admin',
      maxEntryMillicredits: deps.maxEntryMillicredits ?? DEFAULT_MAX_ENTRY_MILLICREDITS,
      card: (version) => cards.get(version),
      stored: (id) => referred.get(id),
      storedReversals: (usageId) => reversals.get(usageId) ?? [],
      monthly: (grant) => {
        const check = checkMonthlyGrant(timeline!, grant);
        return check.allowed ? null : `not what the plan timeline gives: ${check.reason}`;
      },
    });
    if (problems.length > 0) {
      const first = problems[0]!;
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
      throw new ApiError('bad_request', `${first.id} was not recorded: ${first.reason}${more}.`);
    }
  };
}
