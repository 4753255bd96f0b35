import { SYNCED_COLLECTIONS, type SyncedCollectionName } from '../src-shared/db/collections';
import { canonicalWire } from './validate';
import type { PushRow } from './protocol';

/**
 * What the master does with one pushed row, decided inside the write transaction against the
 * current master state:
 * - `write`: store the new state under a fresh checkpoint;
 * - `noop`: the master already is this state (a replayed push, or a response lost after commit);
 * - `conflict`: answer with the master state and let the client's conflict handler resolve it.
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
  return 'write';
}
