import type { EstimateKind } from './estimate-tab-store';
import { toast } from '../../stores/toast-store';
import { downloadBlob } from '../../lib/download';
import { Icon } from '../../components/Icon';
import { estimateCsvFile } from './estimate-csv';

/** Downloads an estimate (on screen or saved) as CSV, built here from the result already loaded. */
export function ExportEstimateButton({
  kind,
  title,
  result,
  at,
  label,
}: {
  kind: EstimateKind;
  title: string;
  result: unknown;
  /** The estimate's date, for the file name; today for one not saved yet. */
  at?: number;
  /** Accessible name, e.g. "Export “Zendesk migration” as CSV". */
  label: string;
}) {
  return (
    <button
      type="button"
      className="btn btn-ghost btn-small"
      aria-label={label}
      onClick={() => {
        const file = estimateCsvFile(kind, title, result, at ?? Date.now());
        if (file) downloadBlob([file.csv], file.fileName);
        else toast.error('This estimate cannot be exported: its stored result is unreadable. Run it again.');
      }}
    >
      <Icon name="download" size={16} /> CSV
    </button>
  );
}
