import { useEstimateDocumentsStore } from './documents-store';
import { inProgress } from '../estimate-shapes';
import { RunOutcome } from '../RunOutcome';
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
      {inProgress(phase) && <DocumentProgress />}
      <RunOutcome phase={phase} error={error} />
      {view && <DocumentResults view={view} />}
    </div>
  );
}
