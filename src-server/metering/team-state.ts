import { DEFAULT_RATE_CARD, parseRateCard, type RateCard } from '../../src-shared/pricing';
import { fromLedgerDoc } from '../../src-shared/db/ledger-doc';
import type { LedgerEntry } from '../../src-shared/ledger/entry';
import type { WorkspaceSettings } from '../../src-shared/db/settings';
import type { SyncedCollectionName } from '../../src-shared/db/collections';
import { HttpError } from '../errors';
import type { Store } from '../store/types';

async function readAll(store: Store, teamId: string, collection: SyncedCollectionName) {
  const docs: Record<string, unknown>[] = [];
  for (let after = 0; ;) {
    const rows = await store.pull(teamId, collection, after, 5000);
    for (const row of rows) docs.push(JSON.parse(row.body) as Record<string, unknown>);
    if (rows.length < 5000) return docs;
    after = rows.at(-1)!.seq;
  }
}

export async function teamSettings(store: Store, teamId: string): Promise<WorkspaceSettings | null> {
  const docs = await readAll(store, teamId, 'settings');
  const doc = docs.find((d) => d.id === 'workspace');
  if (!doc) return null;
  const { _deleted: _, ...settings } = doc;
  return settings as unknown as WorkspaceSettings;
}

/**
 * The card the team prices new usage with: the version its settings name, found among the synced
 * rate cards. A team that has not chosen one uses the default card; a chosen card that has not
 * reached the endpoint is refused rather than guessed, because a wrong price is a billing error.
 */
export async function teamRateCard(store: Store, teamId: string): Promise<RateCard> {
  const settings = await teamSettings(store, teamId);
  const version = settings?.rateCardVersion;
  if (!version || version === DEFAULT_RATE_CARD.version) return DEFAULT_RATE_CARD;
  const cards = await readAll(store, teamId, 'ratecards');
  const doc = cards.find((c) => c.id === version);
  if (!doc) {
    throw new HttpError(
      409,
      `the team's rate card "${version}" has not been synced to the endpoint yet; usage cannot be priced`,
    );
  }
  return parseRateCard(doc.card);
}

/**
 * An incrementally refreshed copy of each team's ledger for authorisation. The ledger only grows and
 * reads are in commit order from the last seq seen, so a refresh costs only what changed.
 */
export class LedgerCache {
  private readonly teams = new Map<string, { seq: number; entries: Map<string, LedgerEntry> }>();

  async entries(store: Store, teamId: string): Promise<LedgerEntry[]> {
    let team = this.teams.get(teamId);
    if (!team) this.teams.set(teamId, (team = { seq: 0, entries: new Map() }));
    for (;;) {
      const rows = await store.pull(teamId, 'ledger', team.seq, 5000);
      for (const row of rows) {
        const entry = fromLedgerDoc(JSON.parse(row.body) as Record<string, unknown>);
        team.entries.set(entry.id, entry);
      }
      if (rows.length > 0) team.seq = rows.at(-1)!.seq;
      if (rows.length < 5000) break;
    }
    return [...team.entries.values()];
  }
}
