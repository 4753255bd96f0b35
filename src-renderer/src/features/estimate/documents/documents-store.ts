import { create } from 'zustand';
import type {
  DocumentEstimateView,
  DocumentRow,
  FileRef,
  RecordTrainingResult,
  SavedEstimateView,
} from '../../../../../src-shared/api';
import { api } from '../../../api/current';
import { formatCount, creditsLabel } from '../../../lib/format';
import { toast } from '../../../stores/toast-store';
import { actionRunner } from '../../../stores/run-action';
import { useJobsStore } from '../../../stores/jobs-store';
import { isTooLarge, refsOrFailures, tooLargeMessage } from '../estimate-files';
import { estimateJobs, reopenedRun } from '../estimate-run';
import {
  documentResultOf,
  inProgress,
  type EstimateSnapshot,
  type RunPhase,
  type SavedRef,
} from '../estimate-shapes';

/** The API's limit per estimateDocuments call. */
export const MAX_BATCH_FILES = 500;

/** A dropped file as the batch shows it while it is uploaded and read. */
export interface BatchFile {
  name: string;
  size: number;
  /** Bytes uploaded so far (browser only; Electron hands main the path). */
  sent: number;
  /** Refused before upload; never reaches main. */
  tooLarge: boolean;
  /** Why its upload failed (its own error row; the rest of the batch is still estimated). */
  failed: string | null;
  /** Its index in the job's per-file progress (files main reads), null when refused here. */
  jobIndex: number | null;
}

interface DocumentsState {
  phase: RunPhase;
  jobId: string | null;
  files: BatchFile[];
  /** Rows in drop order, refused files included; totals count them as errors. */
  view: DocumentEstimateView | null;
  error: string | null;
  recording: boolean;
  recorded: RecordTrainingResult | null;
  recordError: string | null;
  saved: SavedRef | null;
  start(files: readonly File[]): Promise<void>;
  cancel(): void;
  clear(): void;
  /** Records the estimate's files as training usage (idempotent by content in main). */
  record(): Promise<void>;
  showSaved(saved: SavedEstimateView): void;
  markSaved(ref: SavedRef | null): void;
  snapshot(): EstimateSnapshot | null;
}

function refusedRow(file: BatchFile): DocumentRow {
  return {
    name: file.name,
    bytes: file.size,
    contentHash: null,
    chars: 0,
    pages: 0,
    millicredits: 0,
    warnings: [],
    error: file.failed ?? tooLargeMessage(file),
    recordedAs: null,
  };
}

/** Main's rows with the files refused here put back in their drop positions. */
function mergeRows(files: BatchFile[], fromMain: DocumentEstimateView | null): DocumentEstimateView {
  const refused = files.filter((f) => f.jobIndex === null).length;
  const totals = fromMain?.totals ?? { files: 0, errors: 0, chars: 0, pages: 0, millicredits: 0 };
  return {
    estimateId: fromMain?.estimateId ?? '',
    files: files.map((f) => (f.jobIndex === null ? refusedRow(f) : fromMain!.files[f.jobIndex]!)),
    totals: { ...totals, files: totals.files + refused, errors: totals.errors + refused },
  };
}

/** The view with each newly recorded file linked to its ledger entry (ids end in the content hash). */
function withEntries(view: DocumentEstimateView, entryIds: string[]): DocumentEstimateView {
  const entryFor = (hash: string | null) =>
    hash ? (entryIds.find((id) => id.endsWith(hash)) ?? null) : null;
  return {
    ...view,
    files: view.files.map((row) =>
      row.error === null && row.recordedAs === null ? { ...row, recordedAs: entryFor(row.contentHash) } : row,
    ),
  };
}

const defaultTitle = (view: DocumentEstimateView): string =>
  view.files.length === 1
    ? `Document: ${view.files[0]!.name}`
    : `${formatCount(view.files.length)} documents`;

/**
 * The document estimator: a dropped batch is uploaded (browser) and read by main's worker pool as
 * one job, whose per-file progress arrives as jobProgress events in the jobs store.
 */
export const createEstimateDocumentsStore = () =>
  create<DocumentsState>()((set, get) => {
    const jobs = estimateJobs({
      cancelled: 'Estimate cancelled; nothing was charged. Drop the files again to start over.',
      failed: 'The files could not be estimated',
    });
    const run = actionRunner(set, { busy: 'recording', error: 'recordError', idle: false });
    return {
      phase: 'idle',
      jobId: null,
      files: [],
      view: null,
      error: null,
      recording: false,
      recorded: null,
      recordError: null,
      saved: null,

      start: async (picked) => {
        if (inProgress(get().phase) || picked.length === 0) return;
        const reset = { view: null, recorded: null, recordError: null, saved: null };
        if (picked.length > MAX_BATCH_FILES) {
          set({
            ...reset,
            phase: 'failed',
            files: [],
            error: `${formatCount(picked.length)} files is more than the ${formatCount(MAX_BATCH_FILES)} one estimate can read. Drop them in batches of up to ${formatCount(MAX_BATCH_FILES)}.`,
          });
          return;
        }
        await jobs.run(get().jobId, set, async (jobId, signal) => {
          let next = 0;
          const files: BatchFile[] = picked.map((f) => ({
            name: f.name,
            size: f.size,
            sent: 0,
            tooLarge: isTooLarge(f),
            failed: null,
            jobIndex: isTooLarge(f) ? null : next++,
          }));
          const sendable = picked.filter((f) => !isTooLarge(f));
          set({ ...reset, phase: 'uploading', jobId, files, error: null });
          const sent = await refsOrFailures(
            sendable,
            (index, sent) =>
              set({ files: get().files.map((f) => (f.jobIndex === index ? { ...f, sent } : f)) }),
            signal,
          );
          // Files whose upload failed become their own rows; main's indexes count only the files sent.
          let index = 0;
          const settled = get().files.map((f) => {
            if (f.jobIndex === null) return f;
            const result = sent[f.jobIndex]!;
            return 'failed' in result
              ? { ...f, failed: result.failed, jobIndex: null }
              : { ...f, jobIndex: index++ };
          });
          const refs = sent.filter((r): r is FileRef => !('failed' in r));
          set({ files: settled });
          let fromMain: DocumentEstimateView | null = null;
          if (refs.length > 0) {
            set({ phase: 'running' });
            fromMain = await api().estimateDocuments({ jobId, files: refs });
          }
          set({ phase: 'done', view: mergeRows(settled, fromMain) });
        });
      },

      cancel: () => jobs.cancel(get().phase, get().jobId),

      clear: () => {
        const { jobId, phase } = get();
        if (inProgress(phase)) return;
        if (jobId) useJobsStore.getState().forget(jobId);
        set({
          phase: 'idle',
          jobId: null,
          files: [],
          view: null,
          error: null,
          recorded: null,
          recordError: null,
          saved: null,
        });
      },

      record: async () => {
        const { view, recording } = get();
        if (!view?.estimateId || recording) return;
        const outcome = await run(true, () => api().recordTraining({ estimateId: view.estimateId }), {
          done: (result) => ({ recorded: result, view: withEntries(view, result.entryIds) }),
        });
        const result = outcome.ok ? outcome.value : null;
        if (result && result.recorded > 0)
          toast.success(
            `Spent ${creditsLabel(result.millicredits)}: recorded ${formatCount(result.recorded)} ${result.recorded === 1 ? 'file' : 'files'} as training.`,
          );
      },

      showSaved: (saved) => {
        if (inProgress(get().phase)) return;
        const view = documentResultOf(saved.result);
        set({ ...reopenedRun(saved, view !== null), files: [], view, recorded: null, recordError: null });
      },

      markSaved: (ref) => set({ saved: ref }),

      snapshot: () => {
        const { view, saved } = get();
        if (!view) return null;
        return {
          title: saved?.title ?? defaultTitle(view),
          millicredits: view.totals.millicredits,
          input: { files: view.files.map((f) => ({ name: f.name, bytes: f.bytes })) },
          result: { ...view },
        };
      },
    };
  });

export const useEstimateDocumentsStore = createEstimateDocumentsStore();
