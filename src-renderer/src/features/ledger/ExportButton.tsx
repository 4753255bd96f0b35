import { useLedgerStore } from './ledger-store';
import { useExportStore } from './export-store';
import { Icon } from '../../components/Icon';
import { formatCount } from '../../lib/format';

/** Exports the filtered ledger as CSV; while it runs the button cancels it. */
export function ExportButton() {
  const filter = useLedgerStore((s) => s.filter);
  const total = useLedgerStore((s) => s.total);
  const running = useExportStore((s) => s.running);
  const rows = useExportStore((s) => s.rows);
  const start = useExportStore((s) => s.start);
  const cancel = useExportStore((s) => s.cancel);
  if (running) {
    return (
      <button type="button" className="btn btn-secondary" onClick={cancel}>
        Cancel export ({formatCount(rows)} rows)
      </button>
    );
  }
  return (
    <button
      type="button"
      className="btn btn-secondary"
      disabled={total === 0}
      onClick={() => void start(filter, total)}
    >
      <Icon name="download" /> Export CSV
    </button>
  );
}
