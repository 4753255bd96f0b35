import { useEstimateMigrationStore } from '../../../stores/estimate-migration-store';
import { ErrorState } from '../../../components/States';
import { RunProgress } from '../RunProgress';
import { MigrationForm } from './MigrationForm';
import { MigrationResult } from './MigrationResult';

/** The Migration tab: the inputs, the count in progress, then the estimate. */
export function MigrationSection() {
  const phase = useEstimateMigrationStore((s) => s.phase);
  const result = useEstimateMigrationStore((s) => s.result);
  const error = useEstimateMigrationStore((s) => s.error);
  const jobId = useEstimateMigrationStore((s) => s.jobId);
  const sent = useEstimateMigrationStore((s) => s.sent);
  const size = useEstimateMigrationStore((s) => s.size);
  const cancel = useEstimateMigrationStore((s) => s.cancel);
  return (
    <div className="est-section">
      <MigrationForm />
      {(phase === 'uploading' || phase === 'running') && (
        <section className="panel" aria-label="Migration estimate progress">
          <RunProgress
            what="Migration estimate"
            phase={phase}
            jobId={jobId}
            sent={sent}
            size={size}
            onCancel={cancel}
          />
        </section>
      )}
      {phase === 'failed' && error && <ErrorState title="Estimate failed" message={error} />}
      {phase === 'cancelled' && error && (
        <p className="est-banner" role="status">
          {error}
        </p>
      )}
      {result && <MigrationResult view={result} />}
    </div>
  );
}
