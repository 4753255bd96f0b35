import type { SyncedCollectionName } from '../../../src-shared/db/collections';

/**
 * Sync errors reach the user's status line, so each step is named in the user's words rather than
 * by the protocol route ("pull alerts", "change stream") that only a developer would recognise.
 */
const NOUNS: Record<SyncedCollectionName, string> = {
  ledger: 'ledger entries',
  referrals: 'referrals',
  settings: 'workspace settings',
  ratecards: 'rate cards',
  alerts: 'alerts',
};

export interface SyncSteps {
  fetching: string;
  sending: string;
  live: string;
  local: string;
  bootstrap: string;
}

/** What a collection holds, in the user's words ("ledger entries"). */
export const syncNoun = (collection: SyncedCollectionName): string => NOUNS[collection];

export function syncSteps(collection: SyncedCollectionName): SyncSteps {
  const noun = NOUNS[collection];
  return {
    fetching: `Fetching ${noun} from the team`,
    sending: `Sending ${noun} to the team`,
    live: `Live updates of ${noun}`,
    local: `Saving ${noun} on this machine`,
    bootstrap: `Downloading ${noun} from the team`,
  };
}
