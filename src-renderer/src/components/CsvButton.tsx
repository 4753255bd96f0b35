import { toCsv, type CsvValue } from '../../../src-shared/csv';
import { downloadBlob } from '../lib/download';
import { Icon } from './Icon';

/** Saves the table behind a chart as CSV (built here: the data is already on screen). */
export function CsvButton({
  label,
  fileName,
  header,
  rows,
}: {
  /** Accessible name, e.g. "Export daily usage as CSV". */
  label: string;
  fileName: string;
  header: string[];
  rows: CsvValue[][];
}) {
  return (
    <button
      type="button"
      className="btn btn-ghost btn-small"
      aria-label={label}
      disabled={rows.length === 0}
      onClick={() => downloadBlob([toCsv(header, rows)], fileName)}
    >
      <Icon name="download" size={16} /> CSV
    </button>
  );
}
