import { create } from 'zustand';
import type { LedgerFilter } from '../../../../src-shared/api';
import { api } from '../../api/current';
import { messageOf } from '../../lib/errors';
import { downloadBlob } from '../../lib/download';
import { formatCount } from '../../lib/format';
import { toast } from '../../stores/toast-store';

interface ExportState {
  running: boolean;
  rows: number;
  /** Rows expected (the filtered total when export started), for the progress bar. */
  expected: number | null;
  error: string | null;
  start(filter: LedgerFilter, expected: number | null): Promise<void>;
  cancel(): void;
}

let cancelled = false;

/**
 * Ledger CSV export: main hands out chunks of rows with a cursor; the chunks are kept as Blob parts
 * (no giant string) and saved as one download when the cursor runs out.
 */
export const useExportStore = create<ExportState>()((set, get) => ({
  running: false,
  rows: 0,
  expected: null,
  error: null,
  start: async (filter, expected) => {
    if (get().running) return;
    cancelled = false;
    set({ running: true, rows: 0, expected, error: null });
    const parts: Blob[] = [];
    let cursor: string | null = null;
    let fileName = 'creditdesk-ledger.csv';
    try {
      do {
        const chunk = await api().exportLedgerCsv({ filter, cursor });
        if (cancelled) {
          set({ running: false });
          toast.info('Export cancelled.');
          return;
        }
        // Each chunk becomes a Blob at once: its string can be collected, and Chromium's blob store
        // keeps the bytes outside the page's heap (spilling large ones to disk).
        parts.push(new Blob([chunk.csv], { type: 'text/csv' }));
        fileName = chunk.fileName;
        cursor = chunk.nextCursor;
        set({ rows: get().rows + chunk.rows });
      } while (cursor !== null);
      downloadBlob(parts, fileName);
      set({ running: false });
      toast.success(`Exported ${formatCount(get().rows)} ledger entries to ${fileName}.`);
    } catch (error) {
      set({ running: false, error: `Export failed: ${messageOf(error)}` });
    }
  },
  cancel: () => {
    cancelled = true;
  },
}));
