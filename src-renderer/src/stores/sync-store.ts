import { create } from 'zustand';
import type { SyncStatusView } from '../../../src-shared/api';
import { api } from '../api/bridge';
import { idle, type Remote } from '../lib/remote';
import { messageOf } from '../lib/errors';

interface SyncState {
  remote: Remote<SyncStatusView>;
  busy: 'configure' | 'sync' | 'hosting' | 'invite' | null;
  actionError: string | null;
  /** A teammate token just created: shown once, never fetched again. */
  invite: { label: string; token: string; endpoint: string } | null;
  load(): Promise<void>;
  /** From the syncStatus event. */
  set(status: SyncStatusView): void;
  /** endpoint null turns sync off; token undefined keeps the stored one, null forgets it. */
  configure(endpoint: string | null, token?: string | null): Promise<boolean>;
  syncNow(): Promise<void>;
  /** scope: loopback (this machine only) unless the user picks the LAN. */
  setHosting(enabled: boolean, scope?: 'loopback' | 'lan'): Promise<void>;
  createTeammateToken(label: string): Promise<void>;
  dismissInvite(): void;
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
    setHosting: async (enabled, scope) => {
      await act('hosting', () => api.setHosting({ enabled, ...(scope ? { scope } : {}) }));
      if (!enabled) set({ invite: null });
    },
    createTeammateToken: async (label) => {
      set({ busy: 'invite', actionError: null, invite: null });
      try {
        const { token, endpoint } = await api.createTeammateToken({ label });
        set({ busy: null, invite: { label, token, endpoint } });
      } catch (error) {
        set({ busy: null, actionError: messageOf(error) });
      }
    },
    dismissInvite: () => set({ invite: null }),
  };
});
