import { create } from 'zustand';
import type { WhatIfView } from '../../../../src-shared/api';
import { api } from '../../api/current';
import { refreshOn } from '../../stores/live-events';
import { coalesce, idle, type Remote } from '../../lib/remote';
import { messageOf } from '../../lib/errors';

export interface WhatIfProposal {
  autoDraftAll?: boolean;
  labelCount?: number;
  chatbotModel?: string;
  tierId?: string;
}

interface WhatIfState {
  proposal: WhatIfProposal;
  remote: Remote<WhatIfView>;
  load(): Promise<void>;
  refresh(): Promise<void>;
  /** Changes one or more proposed settings and re-prices; undefined fields mean "as now". */
  propose(patch: WhatIfProposal): void;
  reset(): void;
}

/** Re-pricing of the last cycle's recorded actions under proposed settings. */
export const useWhatIfStore = create<WhatIfState>()((set, get) => {
  const refresh = coalesce(async () => {
    const { proposal, remote } = get();
    if (remote.status !== 'ready') set({ remote: { status: 'loading', data: remote.data, error: null } });
    try {
      const view = await api().whatIf({ settings: proposal });
      if (get().proposal === proposal) set({ remote: { status: 'ready', data: view, error: null } });
    } catch (error) {
      if (get().proposal === proposal)
        set({ remote: { status: 'error', data: get().remote.data, error: messageOf(error) } });
    }
  });
  return {
    proposal: {},
    remote: idle(),
    load: async () => {
      if (get().remote.status === 'idle') await refresh();
    },
    refresh,
    propose: (patch) => {
      // An undefined field is "as now": dropped, so choosing the current value is no change at all.
      const merged = { ...get().proposal, ...patch };
      const proposal = Object.fromEntries(
        Object.entries(merged).filter(([, value]) => value !== undefined),
      ) as WhatIfProposal;
      set({ proposal });
      void refresh();
    },
    reset: () => {
      set({ proposal: {} });
      void refresh();
    },
  };
});
refreshOn(['ledgerChanged', 'settingsChanged'], useWhatIfStore);
