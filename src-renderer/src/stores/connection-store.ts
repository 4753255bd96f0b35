import { create } from 'zustand';

/**
 * The browser's link to the web host. `disconnected`: the host is gone (stopped, restarted) and the
 * page keeps retrying; `rotated`: the link's token was replaced, so only the new link works.
 * Electron's IPC never disconnects, so it stays `connected`.
 */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'rotated';

interface ConnectionStore {
  state: ConnectionState;
  /** When the page last lost the host, for "since 12:03". */
  lostAt: number | null;
  set(state: ConnectionState): void;
}

export const useConnectionStore = create<ConnectionStore>()((set, get) => ({
  state: 'connecting',
  lostAt: null,
  set: (state) => {
    const was = get().state;
    if (state === was) return;
    set({
      state,
      lostAt: state === 'disconnected' || state === 'rotated' ? (get().lostAt ?? Date.now()) : null,
    });
  },
}));
