import { create } from 'zustand';

export type EstimateKind = 'documents' | 'website' | 'migration';

interface EstimateTabState {
  tab: EstimateKind;
  setTab(tab: EstimateKind): void;
}

/** Which estimator the Estimate page shows; kept while the user visits other pages. */
export const useEstimateTabStore = create<EstimateTabState>()((set) => ({
  tab: 'documents',
  setTab: (tab) => set({ tab }),
}));
