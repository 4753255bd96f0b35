import type { DocumentEstimateView } from '../../../../../src-shared/api';
import { useEstimateDocumentsStore } from './documents-store';
import { Stat } from '../../../components/Stat';
import { formatCount, formatCredits } from '../../../lib/format';
import { EstimateResultPanel } from '../EstimateResultPanel';
import { DocumentTable } from './DocumentTable';
import { RecordTraining } from './RecordTraining';

/** The batch's totals, its rows, recording as training, saving and CSV export. */
export function DocumentResults({ view }: { view: DocumentEstimateView }) {
  const saved = useEstimateDocumentsStore((s) => s.saved);
  const snapshot = useEstimateDocumentsStore((s) => s.snapshot);
  const clear = useEstimateDocumentsStore((s) => s.clear);
  const title = snapshot()?.title ?? 'Documents';
  const { totals } = view;
  return (
    <EstimateResultPanel
      kind="documents"
      heading="Documents estimate"
      description="Characters of cleaned text; a page is 5,000 characters and each file’s last page counts whole."
      title={title}
      result={view}
      saved={saved}
      savedNote="Recording works while Creditdesk still holds the estimate; if it says otherwise, drop the files again."
      exportLabel="Export the documents estimate as CSV"
      actions={
        <button type="button" className="btn btn-ghost btn-small" onClick={clear}>
          Clear
        </button>
      }
      totalsLabel="Totals"
      saveKey={saved?.id ?? view.estimateId}
      totals={
        <>
          <Stat label="Files" value={formatCount(totals.files)} testId="total-files" />
          <Stat
            label="Unreadable"
            value={formatCount(totals.errors)}
            tone={totals.errors ? 'negative' : 'default'}
            testId="total-errors"
          />
          <Stat label="Characters" value={formatCount(totals.chars)} testId="total-chars" />
          <Stat label="Pages" value={formatCount(totals.pages)} testId="total-pages" />
          <Stat label="Credits" value={formatCredits(totals.millicredits)} testId="total-credits" />
        </>
      }
    >
      <DocumentTable view={view} />
      <RecordTraining view={view} />
    </EstimateResultPanel>
  );
}
