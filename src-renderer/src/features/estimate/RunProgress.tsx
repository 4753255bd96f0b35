import { useJobsStore } from '../../stores/jobs-store';
import type { RunPhase } from './estimate-shapes';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount } from '../../lib/format';
import { formatBytes } from './format-bytes';

/** Progress of a website or migration estimate: the upload (browser), then main's job; cancellable. */
export function RunProgress({
  what,
  phase,
  jobId,
  sent,
  size,
  onCancel,
}: {
  /** "Website estimate", "Migration estimate": names the bar and the cancel button. */
  what: string;
  phase: RunPhase;
  jobId: string | null;
  sent: number;
  size: number;
  onCancel: () => void;
}) {
  const job = useJobsStore((s) => (jobId ? s.jobs[jobId] : undefined));
  const uploading = phase === 'uploading';
  const done = uploading ? sent : (job?.done ?? 0);
  const total = uploading ? size : (job?.total ?? null);
  const amount = (n: number) => (uploading || job?.unit === 'bytes' ? formatBytes(n) : formatCount(n));
  const text = total !== null ? `${amount(done)} of ${amount(total)}` : amount(done);
  return (
    <div className="est-run">
      <div className="meter-label">
        <span>{uploading ? 'Uploading files' : (job?.label ?? 'Starting')}</span>
        <span>{text}</span>
      </div>
      <ProgressBar label={`${what} progress`} value={done} max={total} valueText={text} />
      <button type="button" className="btn btn-ghost btn-small" onClick={onCancel}>
        Cancel {what.toLowerCase()}
      </button>
    </div>
  );
}
