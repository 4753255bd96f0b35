import { create } from 'zustand';
import type { HostedTokenView, SyncStatusView } from '../../../../src-shared/api';
import { api } from '../../api/bridge';
import { idle, type Remote } from '../../lib/remote';
import { messageOf } from '../../lib/errors';

export type Scope = HostedTokenView['scope'];

interface SyncState {
  remote: Remote<SyncStatusView>;
  busy: 'configure' | 'sync' | 'retry' | 'hosting' | 'invite' | 'revoke' | null;
  actionError: string | null;
  /** A teammate token just created: shown once, never fetched again. */
  invite: { label: string; token: string; endpoint: string; scope: Scope } | null;
  /** Tokens of the endpoint this machine hosts. */
  tokens: Remote<HostedTokenView[]>;
  load(): Promise<void>;
  /** From the syncStatus event. */
  set(status: SyncStatusView): void;
  /** endpoint null turns sync off; token undefined keeps the stored one, null forgets it. */
  configure(endpoint: string | null, token?: string | null): Promise<boolean>;
  syncNow(): Promise<void>;
  /** Pushes the documents in "needs attention" again. */
  retryRefused(): Promise<void>;
  /** reach: loopback (this machine only) unless the user picks the LAN. */
  setHosting(enabled: boolean, reach?: 'loopback' | 'lan'): Promise<void>;
  createTeammateToken(label: string, scope: Scope): Promise<void>;
  dismissInvite(): void;
  loadTokens(): Promise<void>;
  revokeToken(id: string): Promise<void>;
}

/** Replication status shown in the frame on every page, and the sync settings' commands. */
export const useSyncStore = create<SyncState>()((set, get) => {
  const act = async (busy: SyncState['busy'], call: () => Promise<SyncStatusView>): Promise<boolean> => {
    set({ busy, actionError: null });
    try {
      const status = await call();
      set({ busy: null, remote: { status: 'ready', data: status, error: null } });
      return true;
    } catch (error) {
      set({ busy: null, actionError: messageOf(error) });
      return false;
    }
  };
  return {
    remote: idle(),
    busy: null,
    actionError: null,
    invite: null,
    tokens: idle(),
    load: async () => {
      if (get().remote.status !== 'idle') return;
      set({ remote: { status: 'loading', data: null, error: null } });
      try {
        set({ remote: { status: 'ready', data: await api.getSyncStatus({}), error: null } });
      } catch (error) {
        set({ remote: { status: 'error', data: null, error: messageOf(error) } });
      }
    },
    set: (status) => set({ remote: { status: 'ready', data: status, error: null } }),
    configure: (endpoint, token) =>
      act('configure', () => api.configureSync(token === undefined ? { endpoint } : { endpoint, token })),
    syncNow: async () => {
      await act('sync', () => api.syncNow({}));
    },
    retryRefused: async () => {
      await act('retry', () => api.retryRefusedDocuments({}));
    },
    setHosting: async (enabled, reach) => {
      await act('hosting', () => api.setHosting({ enabled, ...(reach ? { reach } : {}) }));
      if (!enabled) set({ invite: null, tokens: idle() });
      else await get().loadTokens();
    },
    createTeammateToken: async (label, scope) => {
      set({ busy: 'invite', actionError: null, invite: null });
      try {
        const { token, endpoint } = await api.createTeammateToken({ label, scope });
        set({ busy: null, invite: { label, token, endpoint, scope } });
      } catch (error) {
        set({ busy: null, actionError: messageOf(error) });
      }
      await get().loadTokens();
    },
    dismissInvite: () => set({ invite: null }),
    loadTokens: async () => {
      // Keep the list on screen while it refreshes.
      const data = get().tokens.data;
      if (!data) set({ tokens: { status: 'loading', data: null, error: null } });
      try {
        set({ tokens: { status: 'ready', data: await api.listHostedTokens({}), error: null } });
      } catch (error) {
        set({ tokens: { status: 'error', data: null, error: messageOf(error) } });
      }
    },
    revokeToken: async (id) => {
      set({ busy: 'revoke', actionError: null });
      try {
        await api.revokeHostedToken({ id });
        set({ busy: null });
      } catch (error) {
        set({ busy: null, actionError: messageOf(error) });
      }
      await get().loadTokens();
    },
  };
});
