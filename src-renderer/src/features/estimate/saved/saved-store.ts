import { create } from 'zustand';
import type { SavedEstimateView } from '../../../../../src-shared/api';
import { api } from '../../../api/bridge';
import { coalesce, idle, type Remote } from '../../../lib/remote';
import { messageOf } from '../../../lib/errors';
import { toast } from '../../../stores/toast-store';
import { useEstimateTabStore, type EstimateKind } from '../estimate-tab-store';
import { useEstimateDocumentsStore } from '../documents/documents-store';
import { useEstimateWebsiteStore } from '../website/website-store';
import { useEstimateMigrationStore } from '../migration/migration-store';
import { savedRefOf } from '../estimate-shapes';

interface SavedState {
  list: Remote<SavedEstimateView[]>;
  /** The estimator whose result is being saved. */
  saving: EstimateKind | null;
  saveError: { kind: EstimateKind; message: string } | null;
  deleting: string | null;
  load(): Promise<void>;
  refresh(): Promise<void>;
  /** Saves the result on screen in that estimator, under a title; again under the same id once saved. */
  save(kind: EstimateKind, title: string): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  /** Shows a saved estimate's stored result in its estimator. */
  open(saved: SavedEstimateView): void;
}

const estimator = (kind: EstimateKind) =>
  kind === 'documents'
    ? useEstimateDocumentsStore.getState()
    : kind === 'website'
      ? useEstimateWebsiteStore.getState()
      : useEstimateMigrationStore.getState();

/** Saved estimates: the list beside the estimators, and saving, re-opening and deleting them. */
export const useEstimateSavedStore = create<SavedState>()((set, get) => {
  const refresh = coalesce(async () => {
    const before = get().list;
    if (before.status !== 'ready') set({ list: { status: 'loading', data: before.data, error: null } });
    try {
      set({ list: { status: 'ready', data: await api.listEstimates({}), error: null } });
    } catch (error) {
      set({ list: { status: 'error', data: get().list.data, error: messageOf(error) } });
    }
  });
  return {
    list: idle(),
    saving: null,
    saveError: null,
    deleting: null,
    load: async () => {
      if (get().list.status === 'idle') await refresh();
    },
    refresh,
    save: async (kind, title) => {
      const source = estimator(kind);
      const snapshot = source.snapshot();
      if (!snapshot || get().saving) return false;
      set({ saving: kind, saveError: null });
      try {
        const saved = await api.saveEstimate({
          ...(source.saved ? { id: source.saved.id } : {}),
          kind,
          title: title.trim(),
          millicredits: snapshot.millicredits,
          input: snapshot.input,
          result: snapshot.result,
        });
        source.markSaved(savedRefOf(saved, source.saved?.reopened ?? false));
        set({ saving: null });
        toast.success(`Saved the estimate “${saved.title}”.`);
        void refresh();
        return true;
      } catch (error) {
        set({ saving: null, saveError: { kind, message: messageOf(error) } });
        return false;
      }
    },
    remove: async (id) => {
      set({ deleting: id });
      try {
        await api.deleteEstimate({ id });
        for (const kind of ['documents', 'website', 'migration'] as const) {
          const source = estimator(kind);
          // The result stays on screen; saving it again makes a new saved estimate.
          if (source.saved?.id === id) source.markSaved(null);
        }
        set({ deleting: null });
        toast.success('Deleted the saved estimate.');
        await refresh();
        return true;
      } catch (error) {
        set({ deleting: null });
        toast.error(`Could not delete the estimate: ${messageOf(error)}`);
        return false;
      }
    },
    open: (saved) => {
      useEstimateTabStore.getState().setTab(saved.kind);
      set({ saveError: null });
      estimator(saved.kind).showSaved(saved);
    },
  };
});
