import { create } from 'zustand';
import type { ImportResult } from '../../../src-shared/api';
import { MAX_FILE_BYTES } from '../../../src-shared/api';
import { api } from '../api/bridge';
import { messageOf } from '../lib/errors';
import { fileRefFor } from '../lib/upload';
import { formatCount } from '../lib/format';
import { toast } from './toast-store';
import { useJobsStore } from './jobs-store';

export type ImportFormat = 'auto' | 'csv' | 'ndjson';

interface ImportState {
  phase: 'idle' | 'uploading' | 'importing' | 'done' | 'failed';
  fileName: string | null;
  jobId: string | null;
  /** Upload progress in bytes (browser only; Electron passes a path). */
  sent: number;
  size: number;
  result: ImportResult | null;
  error: string | null;
  start(file: File, format: ImportFormat): Promise<void>;
  cancel(): void;
  dismiss(): void;
}

let abort: AbortController | null = null;

/**
 * One usage import at a time: upload (browser), then main's import job, whose progress arrives as
 * jobProgress events. It runs in the background; the page and the frame show its progress.
 */
export const useImportStore = create<ImportState>()((set, get) => ({
  phase: 'idle',
  fileName: null,
  jobId: null,
  sent: 0,
  size: 0,
  result: null,
  error: null,
  start: async (file, format) => {
    if (get().phase === 'uploading' || get().phase === 'importing') return;
    if (file.size > MAX_FILE_BYTES) {
      set({
        phase: 'failed',
        fileName: file.name,
        error: `${file.name} is larger than ${formatCount(MAX_FILE_BYTES / 1024 / 1024)} MB; split it and import the parts.`,
      });
      return;
    }
    const jobId = crypto.randomUUID();
    abort = new AbortController();
    set({
      phase: 'uploading',
      fileName: file.name,
      jobId,
      sent: 0,
      size: file.size,
      result: null,
      error: null,
    });
    try {
      const ref = await fileRefFor(api, file, (sent) => set({ sent }), abort.signal);
      set({ phase: 'importing' });
      const result = await api.importUsage({ jobId, file: ref, format });
      set({ phase: 'done', result });
      toast.success(
        `Imported ${formatCount(result.imported)} of ${formatCount(result.rows)} rows from ${file.name}.`,
      );
    } catch (error) {
      const cancelled = error instanceof DOMException && error.name === 'AbortError';
      set({
        phase: 'failed',
        error: cancelled ? 'Import cancelled; nothing was recorded.' : messageOf(error),
      });
    } finally {
      abort = null;
    }
  },
  cancel: () => {
    abort?.abort();
    const { jobId, phase } = get();
    if (jobId && phase === 'importing') void api.cancelJob({ jobId }).catch(() => undefined);
  },
  dismiss: () => {
    const { jobId } = get();
    if (jobId) useJobsStore.getState().forget(jobId);
    set({ phase: 'idle', fileName: null, jobId: null, result: null, error: null, sent: 0, size: 0 });
  },
}));
