import { create } from 'zustand';
import type { HostedTokenView, SyncStatusView } from '../../../../src-shared/api';
import { api } from '../../api/current';
import { idle, type Remote } from '../../lib/remote';
import { messageOf } from '../../lib/errors';
import { onLiveEvent } from '../../stores/live-events';
import { actionRunner } from '../../stores/run-action';

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
export const createSyncStore = () =>
  create<SyncState>()((set, get) => {
    const run = actionRunner(set, { busy: 'busy', error: 'actionError', idle: null });
    const act = async (busy: SyncState['busy'], call: () => Promise<SyncStatusView>): Promise<boolean> => {
      const outcome = await run(busy, call, {
        done: (status) => ({ remote: { status: 'ready', data: status, error: null } }),
      });
      return outcome.ok;
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
          set({ remote: { status: 'ready', data: await api().getSyncStatus({}), error: null } });
        } catch (error) {
          set({ remote: { status: 'error', data: null, error: messageOf(error) } });
        }
      },
      set: (status) => set({ remote: { status: 'ready', data: status, error: null } }),
      configure: (endpoint, token) =>
        act('configure', () => api().configureSync(token === undefined ? { endpoint } : { endpoint, token })),
      syncNow: async () => {
        await act('sync', () => api().syncNow({}));
      },
      retryRefused: async () => {
        await act('retry', () => api().retryRefusedDocuments({}));
      },
      setHosting: async (enabled, reach) => {
        await act('hosting', () => api().setHosting({ enabled, ...(reach ? { reach } : {}) }));
        if (!enabled) set({ invite: null, tokens: idle() });
        else await get().loadTokens();
      },
      createTeammateToken: async (label, scope) => {
        set({ invite: null });
        await run('invite', () => api().createTeammateToken({ label, scope }), {
          done: ({ token, endpoint }) => ({ invite: { label, token, endpoint, scope } }),
        });
        await get().loadTokens();
      },
      dismissInvite: () => set({ invite: null }),
      loadTokens: async () => {
        // Keep the list on screen while it refreshes.
        const data = get().tokens.data;
        if (!data) set({ tokens: { status: 'loading', data: null, error: null } });
        try {
          set({ tokens: { status: 'ready', data: await api().listHostedTokens({}), error: null } });
        } catch (error) {
          set({ tokens: { status: 'error', data: null, error: messageOf(error) } });
        }
      },
      revokeToken: async (id) => {
        await run('revoke', () => api().revokeHostedToken({ id }));
        await get().loadTokens();
      },
    };
  });

export const useSyncStore = createSyncStore();
onLiveEvent('syncStatus', (status) => useSyncStore.getState().set(status));
