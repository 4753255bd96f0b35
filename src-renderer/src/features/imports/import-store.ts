import { create } from 'zustand';
import type { ImportMapping, ImportResult } from '../../../../src-shared/api';
import { MAX_FILE_BYTES } from '../../../../src-shared/api';
import { IMPORT_COLUMNS, resolveColumns, type ImportField } from '../../../../src-shared/import/format';
import { api } from '../../api/current';
import { messageOf } from '../../lib/errors';
import { fileRefFor } from '../../lib/upload';
import { formatCount } from '../../lib/format';
import { readFileColumns } from '../../lib/file-columns';
import { toast } from '../../stores/toast-store';
import { useJobsStore } from '../../stores/jobs-store';

export type ImportFormat = 'auto' | 'csv' | 'ndjson';

/** Which of the file's columns each field is read from; '' = not in the file. */
export type ColumnChoice = Record<ImportField, string>;

interface ImportState {
  phase: 'idle' | 'mapping' | 'uploading' | 'importing' | 'done' | 'failed';
  fileName: string | null;
  /** The chosen file while its columns are mapped. */
  file: File | null;
  format: 'csv' | 'ndjson';
  /** The file's own column names (CSV header, or keys of the first NDJSON records). */
  columns: string[];
  choice: ColumnChoice;
  jobId: string | null;
  /** Upload progress in bytes (browser only; Electron passes a path). */
  sent: number;
  size: number;
  result: ImportResult | null;
  error: string | null;
  /** Reads the file's columns and proposes a mapping; the import starts from `start`. */
  prepare(file: File, format: ImportFormat): Promise<void>;
  choose(field: ImportField, column: string): void;
  start(): Promise<void>;
  cancel(): void;
  dismiss(): void;
}

const EMPTY_CHOICE = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.field, ''])) as ColumnChoice;

/** The columns that match the format's names (or aliases) are chosen for the user. */
function proposed(columns: string[]): ColumnChoice {
  return { ...EMPTY_CHOICE, ...resolveColumns(columns, {}) };
}

/** The mapping main reads: each field with a chosen column (main finds same-named columns itself). */
export function mappingOf(choice: ColumnChoice): ImportMapping {
  const mapping: ImportMapping = {};
  for (const c of IMPORT_COLUMNS) if (choice[c.field] !== '') mapping[c.field] = choice[c.field];
  return mapping;
}

/**
 * One usage import at a time: the file's columns are mapped, then it is uploaded (browser) and
 * main's import job runs, whose progress arrives as jobProgress events. It runs in the background;
 * the page and the frame show its progress.
 */
export const createImportStore = () =>
  create<ImportState>()((set, get) => {
    let abort: AbortController | null = null;
    return {
      phase: 'idle',
      fileName: null,
      file: null,
      format: 'csv',
      columns: [],
      choice: EMPTY_CHOICE,
      jobId: null,
      sent: 0,
      size: 0,
      result: null,
      error: null,
      prepare: async (file, format) => {
        if (get().phase === 'uploading' || get().phase === 'importing') return;
        if (file.size > MAX_FILE_BYTES) {
          set({
            phase: 'failed',
            fileName: file.name,
            error: `${file.name} is larger than ${formatCount(MAX_FILE_BYTES / 1024 / 1024)} MB; split it and import the parts.`,
          });
          return;
        }
        try {
          const found = await readFileColumns(file, format === 'auto' ? undefined : format);
          set({
            phase: 'mapping',
            fileName: file.name,
            file,
            format: found.format,
            columns: found.columns,
            choice: proposed(found.columns),
            result: null,
            error: null,
          });
        } catch (error) {
          set({
            phase: 'failed',
            fileName: file.name,
            error: `The file could not be read: ${messageOf(error)}`,
          });
        }
      },
      choose: (field, column) => set({ choice: { ...get().choice, [field]: column } }),
      start: async () => {
        const { file, format, choice, phase } = get();
        if (!file || phase !== 'mapping') return;
        const jobId = crypto.randomUUID();
        abort = new AbortController();
        set({ phase: 'uploading', jobId, sent: 0, size: file.size, result: null, error: null });
        try {
          const ref = await fileRefFor(api(), file, (sent) => set({ sent }), abort.signal);
          set({ phase: 'importing' });
          const result = await api().importUsage({ jobId, file: ref, format, mapping: mappingOf(choice) });
          set({ phase: 'done', result, file: null });
          toast.success(
            `Imported ${formatCount(result.imported)} of ${formatCount(result.rows)} rows from ${file.name}.`,
          );
        } catch (error) {
          const cancelled = error instanceof DOMException && error.name === 'AbortError';
          set({
            phase: 'failed',
            file: null,
            error: cancelled ? 'Import cancelled; nothing was recorded.' : messageOf(error),
          });
        } finally {
          abort = null;
        }
      },
      cancel: () => {
        abort?.abort();
        const { jobId, phase } = get();
        if (jobId && phase === 'importing')
          void api()
            .cancelJob({ jobId })
            .catch(() => undefined);
      },
      dismiss: () => {
        const { jobId } = get();
        if (jobId) useJobsStore.getState().forget(jobId);
        set({
          phase: 'idle',
          fileName: null,
          file: null,
          columns: [],
          choice: EMPTY_CHOICE,
          jobId: null,
          result: null,
          error: null,
          sent: 0,
          size: 0,
        });
      },
    };
  });

export const useImportStore = createImportStore();
