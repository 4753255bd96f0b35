import type { BatchTotals, FileEstimate } from './types';

/** Batch totals: errors and duplicate rows are listed but add nothing to the price. */
export function summarise(rows: readonly FileEstimate[]): BatchTotals {
  const totals: BatchTotals = {
    files: rows.length,
    ok: 0,
    errors: 0,
    duplicates: 0,
    bytes: 0,
    chars: 0,
    pages: 0,
    millicredits: 0,
  };
  for (const row of rows) {
    if (row.status === 'error') {
      totals.errors++;
      continue;
    }
    totals.ok++;
    if (row.duplicateOf !== null) {
      totals.duplicates++;
      continue;
    }
    totals.bytes += row.bytes ?? 0;
    totals.chars += row.chars;
    totals.pages += row.pages;
    totals.millicredits += row.millicredits;
  }
  return totals;
}
