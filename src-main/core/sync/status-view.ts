import type { SyncStatusView } from '../../../src-shared/api/views';
import type { SyncStatus } from './status';
import { syncNoun } from './sync-words';
import type { SyncedCollectionName } from '../../../src-shared/db/collections';

export interface StatusViewContext {
  endpoint: string | null;
  tokenSet: boolean;
  hosting: SyncStatusView['hosting'];
  needsAttention?: SyncStatusView['needsAttention'];
}

/**
 * The sync status in the shape the renderer shows (src-shared/api SyncStatusView). A refused token
 * is an error the user must act on, not a network blip, so it outranks online/offline until a
 * later exchange succeeds.
 */
export function toSyncStatusView(status: SyncStatus | null, context: StatusViewContext): SyncStatusView {
  const view = {
    endpoint: context.endpoint,
    tokenSet: context.tokenSet,
    hosting: context.hosting,
    waitingToPush: status?.pendingPush ?? 0,
    lastSyncAt: status?.lastSyncAt ?? null,
    lastError: status?.lastError?.message ?? null,
    conflicts: status?.conflicts ?? 0,
    needsAttention: context.needsAttention ?? [],
    bootstrap: status?.bootstrap
      ? {
          what: syncNoun(status.bootstrap.collection as SyncedCollectionName),
          done: status.bootstrap.done,
          total: status.bootstrap.total,
        }
      : null,
  };
  if (!status || status.state === 'stopped') return { ...view, state: 'disabled' };
  const error = status.lastError;
  const refused =
    error && (error.status === 401 || error.status === 403) && error.at >= (status.lastSyncAt ?? 0);
  return { ...view, state: refused ? 'error' : status.state };
}
