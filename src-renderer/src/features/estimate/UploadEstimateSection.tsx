import type { ReactNode } from 'react';
import type { UploadRun } from './estimate-run';
import { inProgress } from './estimate-shapes';
import { RunProgress } from './RunProgress';
import { RunOutcome } from './RunOutcome';

/** An estimator tab whose files are uploaded and counted: the form, the run in progress, then the estimate. */
export function UploadEstimateSection<R>({
  useRun,
  what,
  form,
  renderResult,
}: {
  /** The estimator's store hook. */
  useRun: <T>(selector: (state: UploadRun<R> & { cancel(): void }) => T) => T;
  /** "Website estimate", "Migration estimate": names the progress region, bar and cancel button. */
  what: string;
  form: ReactNode;
  renderResult: (result: R) => ReactNode;
}) {
  const phase = useRun((s) => s.phase);
  const result = useRun((s) => s.result);
  const error = useRun((s) => s.error);
  const jobId = useRun((s) => s.jobId);
  const sent = useRun((s) => s.sent);
  const size = useRun((s) => s.size);
  const cancel = useRun((s) => s.cancel);
  return (
    <div className="est-section">
      {form}
      {inProgress(phase) && (
        <section className="panel" aria-label={`${what} progress`}>
          <RunProgress what={what} phase={phase} jobId={jobId} sent={sent} size={size} onCancel={cancel} />
        </section>
      )}
      <RunOutcome phase={phase} error={error} />
      {result && renderResult(result)}
    </div>
  );
}
