import { ApiError } from '../../../src-shared/api/errors';
import type { SyncMethods } from '../../../src-shared/api/sync';
import type { HandlerTable } from '../api/dispatcher';
import type { SyncController } from '../sync-controller';

export interface SyncHandlerDeps {
  sync: SyncController;
  /** The web host's printed link, read at call time: the CLI sets it after the core is built. */
  browserLink: () => { rotate(): string } | undefined;
}

export function syncHandlers({ sync, browserLink }: SyncHandlerDeps): HandlerTable<keyof SyncMethods> {
  return {
    getSyncStatus: async () => sync.view(),
    configureSync: ({ endpoint, token }) => sync.configure(endpoint, token),
    syncNow: () => sync.syncNow(),
    retryRefusedDocuments: () => sync.retryRefused(),
    setHosting: ({ enabled, port, reach }) => sync.setHosting(enabled, port, reach),
    createTeammateToken: ({ label, scope }) => sync.createTeammateToken(label, scope),
    listHostedTokens: () => sync.listHostedTokens(),
    revokeHostedToken: async ({ id }) => ({ revoked: await sync.revokeHostedToken(id) }),
    rotateBrowserLink: async () => {
      const link = browserLink();
      if (!link)
        throw new ApiError(
          'bad_request',
          'Only the browser version has a link to rotate; restart it to use one.',
        );
      return { openUrl: link.rotate() };
    },
  };
}
