import { useEstimateDocumentsStore } from '../../../stores/estimate-documents-store';
import { ErrorState } from '../../../components/States';
import { DocumentDropZone } from './DocumentDropZone';
import { DocumentProgress } from './DocumentProgress';
import { DocumentResults } from './DocumentResults';

/** The Documents tab: drop zone, the batch in progress, then its estimate. */
export function DocumentsSection() {
  const phase = useEstimateDocumentsStore((s) => s.phase);
  const view = useEstimateDocumentsStore((s) => s.view);
  const error = useEstimateDocumentsStore((s) => s.error);
  return (
    <div className="est-section">
      <DocumentDropZone />
      {(phase === 'uploading' || phase === 'running') && <DocumentProgress />}
      {phase === 'failed' && error && <ErrorState title="Estimate failed" message={error} />}
      {phase === 'cancelled' && error && (
        <p className="est-banner" role="status">
          {error}
        </p>
      )}
      {view && <DocumentResults view={view} />}
    </div>
  );
}
