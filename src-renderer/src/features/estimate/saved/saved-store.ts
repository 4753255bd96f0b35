import { create } from 'zustand';
import type { SavedEstimateView } from '../../../../../src-shared/api';
import { api } from '../../../api/current';
import { idle, refreshInto, type Remote } from '../../../lib/remote';
import { actionRunner } from '../../../stores/run-action';
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
  const refresh = refreshInto(get, set, 'list', () => api().listEstimates({}));
  const run = actionRunner(set, { busy: 'saving', error: 'saveError', idle: null });
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
      const outcome = await run(
        kind,
        () =>
          api().saveEstimate({
            ...(source.saved ? { id: source.saved.id } : {}),
            kind,
            title: title.trim(),
            millicredits: snapshot.millicredits,
            input: snapshot.input,
            result: snapshot.result,
          }),
        { failed: (message) => ({ saveError: { kind, message } }) },
      );
      if (!outcome.ok) return false;
      const saved = outcome.value;
      source.markSaved(savedRefOf(saved, source.saved?.reopened ?? false));
      toast.success(`Saved the estimate “${saved.title}”.`);
      void refresh();
      return true;
    },
    remove: async (id) => {
      set({ deleting: id });
      try {
        await api().deleteEstimate({ id });
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
