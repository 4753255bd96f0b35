import { useEstimateWebsiteStore } from '../../../stores/estimate-website-store';
import { ErrorState } from '../../../components/States';
import { RunProgress } from '../RunProgress';
import { WebsiteForm } from './WebsiteForm';
import { WebsiteResult } from './WebsiteResult';

/** The Website tab: the inputs, the run in progress, then the estimate. */
export function WebsiteSection() {
  const phase = useEstimateWebsiteStore((s) => s.phase);
  const result = useEstimateWebsiteStore((s) => s.result);
  const error = useEstimateWebsiteStore((s) => s.error);
  const jobId = useEstimateWebsiteStore((s) => s.jobId);
  const sent = useEstimateWebsiteStore((s) => s.sent);
  const size = useEstimateWebsiteStore((s) => s.size);
  const cancel = useEstimateWebsiteStore((s) => s.cancel);
  return (
    <div className="est-section">
      <WebsiteForm />
      {(phase === 'uploading' || phase === 'running') && (
        <section className="panel" aria-label="Website estimate progress">
          <RunProgress
            what="Website estimate"
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
      {result && <WebsiteResult view={result} />}
    </div>
  );
}
