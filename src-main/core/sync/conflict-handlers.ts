import type { RxConflictHandler, WithDeleted } from 'rxdb';
import {
  SYNCED_COLLECTIONS,
  type LedgerDoc,
  type SyncedCollectionName,
} from '../../../src-shared/db/collections';
import { canonicalJson, ledgerPayloadKey } from '../../../src-shared/db/ledger-doc';
import { mergeReferrals, type Referral } from '../../../src-shared/db/referral';
import { mergeSettings, type WorkspaceSettings } from '../../../src-shared/db/settings';
import { sameReplicatedState } from './deep-equal';

/** A conflict the user should hear about: the team already holds a different fact under this id. */
export interface ReportedConflict {
  collection: SyncedCollectionName;
  id: string;
  /** What this machine had written; it has been replaced by the server's version. */
  local: Record<string, unknown>;
  server: Record<string, unknown>;
  at: number;
}

type Doc = WithDeleted<Record<string, unknown>>;

/** Exact equality of the replicated fields, so provenance differences are replaced too. */
export const sameDocument = (a: Doc, b: Doc) => sameReplicatedState(a, b);

/** Whether two versions of an immutable document state different facts (provenance aside). */
export function differentFact(collection: SyncedCollectionName, local: Doc, server: Doc): boolean {
  if (local._deleted) return false;
  if (collection === 'ledger') {
    return (
      ledgerPayloadKey(local as unknown as LedgerDoc) !== ledgerPayloadKey(server as unknown as LedgerDoc)
    );
  }
  if (collection === 'ratecards') return canonicalJson(local.card) !== canonicalJson(server.card);
  // An alert is "fired once per cycle": another machine firing it first is the same fact.
  return false;
}

/**
 * The replication conflict handler of a synced collection, from its `merge` rule in
 * SYNCED_COLLECTIONS. Every resolution is deterministic, so all machines settle on one version.
 */
export function conflictHandlerFor(
  collection: SyncedCollectionName,
  onReport: (conflict: ReportedConflict) => void = () => {},
): RxConflictHandler<Record<string, unknown>> {
  const merge = SYNCED_COLLECTIONS[collection].merge;
  return {
    isEqual: (a, b) => sameDocument(a as Doc, b as Doc),
    resolve: async ({ realMasterState, newDocumentState }) => {
      const server = realMasterState as Doc;
      const local = newDocumentState as Doc;
      // Synced documents are never deleted; a local deletion yields to the team's copy.
      if (merge === 'immutable' || local._deleted || server._deleted) {
        if (merge === 'immutable' && differentFact(collection, local, server)) {
          onReport({ collection, id: String(server.id), local, server, at: Date.now() });
        }
        return server;
      }
      if (merge === 'referral-monotonic') {
        return {
          ...mergeReferrals(server as unknown as Referral, local as unknown as Referral),
          _deleted: false,
        } as unknown as Doc;
      }
      return {
        ...mergeSettings(server as unknown as WorkspaceSettings, local as unknown as WorkspaceSettings),
        _deleted: false,
      } as unknown as Doc;
    },
  };
}
