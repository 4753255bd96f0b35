import { DEFAULT_RATE_CARD, parseRateCard, type RateCard } from '../../src-shared/pricing';
import { fromLedgerDoc } from '../../src-shared/db/ledger-doc';
import { LedgerBook } from '../../src-shared/ledger';
import type { WorkspaceSettings } from '../../src-shared/db/settings';
import type { SyncedCollectionName } from '../../src-shared/db/collections';
import { HttpError } from '../errors';
import type { TeamDatabase } from '../store/types';

export type WorkspaceDefaults = Pick<WorkspaceSettings, 'labelCount' | 'autoDraftAll' | 'chatbotModel'>;

/** What a team that has not synced settings yet is priced with: the help page's defaults. */
export const FALLBACK_DEFAULTS: WorkspaceDefaults = {
  labelCount: 0,
  autoDraftAll: false,
  chatbotModel: 'gpt-4o-mini',
};

const PAGE = 5000;

async function readAll(store: TeamDatabase, teamId: string, collection: SyncedCollectionName) {
  const docs: Record<string, unknown>[] = [];
  for (let after = 0; ;) {
    const rows = await store.pull(teamId, collection, after, PAGE);
    for (const row of rows) docs.push(JSON.parse(row.body) as Record<string, unknown>);
    if (rows.length < PAGE) return docs;
    after = rows.at(-1)!.seq;
  }
}

export interface TeamPricing {
  settings: WorkspaceSettings | null;
  defaults: WorkspaceDefaults;
  card: RateCard;
}

/**
 * The settings and card a team prices new usage with: the card version its settings name, found
 * among the synced rate cards. A team without a choice uses the default card; a chosen card that has
 * not reached the endpoint is refused rather than guessed, because a wrong price is a billing error.
 */
export async function teamPricing(store: TeamDatabase, teamId: string): Promise<TeamPricing> {
  const doc = (await readAll(store, teamId, 'settings')).find((d) => d.id === 'workspace');
  const settings = doc ? (doc as unknown as WorkspaceSettings) : null;
  const defaults = settings
    ? {
        labelCount: settings.labelCount,
        autoDraftAll: settings.autoDraftAll,
        chatbotModel: settings.chatbotModel,
      }
    : FALLBACK_DEFAULTS;
  const version = settings?.rateCardVersion;
  if (!version || version === DEFAULT_RATE_CARD.version)
    return { settings, defaults, card: DEFAULT_RATE_CARD };
  const cardDoc = (await readAll(store, teamId, 'ratecards')).find((c) => c.id === version);
  if (!cardDoc) {
    throw new HttpError(
      409,
      `the team's rate card "${version}" has not been synced to the endpoint yet; usage cannot be priced`,
    );
  }
  return { settings, defaults, card: parseRateCard(cardDoc.card) };
}

/**
 * Each team's ledger in a LedgerBook (per-cycle snapshots), refreshed incrementally: the ledger only
 * grows and reads go in commit order from the last seq seen, so a refresh costs only what changed.
 */
export class LedgerBooks {
  private readonly teams = new Map<string, { seq: number; book: LedgerBook }>();

  async book(store: TeamDatabase, teamId: string, anchorDay: number): Promise<LedgerBook> {
    let team = this.teams.get(teamId);
    if (!team || team.book.anchorDay !== anchorDay) {
      team = { seq: 0, book: new LedgerBook({ anchorDay }) };
      this.teams.set(teamId, team);
    }
    for (;;) {
      const rows = await store.pull(teamId, 'ledger', team.seq, PAGE);
      team.book.add(rows.map((row) => fromLedgerDoc(JSON.parse(row.body) as Record<string, unknown>)));
      if (rows.length > 0) team.seq = rows.at(-1)!.seq;
      if (rows.length < PAGE) return team.book;
    }
  }
}
