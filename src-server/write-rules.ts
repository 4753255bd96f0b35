import { SYNCED_COLLECTIONS, type SyncedCollectionName } from '../src-shared/db/collections';
import { referralRegresses, type Referral } from '../src-shared/db/referral';
import { planRegresses } from '../src-shared/db/plan';
import { machineNamesRegress } from '../src-shared/db/machine-names';
import type { WorkspaceSettings } from '../src-shared/db/settings';
import { canonicalWire } from './validate';
import type { PushRow } from '../src-shared/sync/protocol';

/**
 * What the master does with one pushed row, decided inside the write transaction against the
 * current master state:
 * - `write`: store the new state under a fresh checkpoint;
 * - `noop`: the master already is this state (a replayed push, or a response lost after commit);
 * - `conflict`: answer with the master state and let the client's conflict handler resolve it
 *   (also for a write that breaks the collection's merge rule: a changed fact, a referral moving back).
 */
export type WriteDecision = 'write' | 'noop' | 'conflict';

export function decideWrite(
  collection: SyncedCollectionName,
  masterBody: string | undefined,
  row: PushRow,
  newBody: string,
): WriteDecision {
  const next = row.newDocumentState;
  if (masterBody === undefined) return next._deleted ? 'noop' : 'write';
  if (masterBody === newBody) return 'noop';
  // Immutable facts: any difference under an existing id is a conflict, never an overwrite.
  if (SYNCED_COLLECTIONS[collection].merge === 'immutable') return 'conflict';
  // Synced documents are never deleted; a deletion is answered with the master so the client restores it.
  if (next._deleted) return 'conflict';
  if (!row.assumedMasterState || canonicalWire(row.assumedMasterState) !== masterBody) return 'conflict';
  // Even against the right master, a referral never moves back (paid stays paid); the client's
  // conflict handler merges forward and pushes again.
  if (
    SYNCED_COLLECTIONS[collection].merge === 'referral-monotonic' &&
    referralRegresses(JSON.parse(masterBody) as Referral, next as unknown as Referral)
  )
    return 'conflict';
  // Plan changes are a growing set: a push that drops one (an older client) would erase a tier or
  // anchor change for the whole team, so it merges on the client instead.
  if (collection === 'settings') {
    const master = JSON.parse(masterBody) as WorkspaceSettings;
    const pushed = next as unknown as WorkspaceSettings;
    if (planRegresses(master.plan ?? [], pushed.plan ?? [])) return 'conflict';
    // Machine names only move forward too: a push without a name the team holds merges on the client.
    if (machineNamesRegress(master.machineNames, pushed.machineNames)) return 'conflict';
  }
  return 'write';
}
