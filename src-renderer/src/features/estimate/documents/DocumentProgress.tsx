import type { JobProgress } from '../../../../../src-shared/api';
import { useEstimateDocumentsStore, type BatchFile } from './documents-store';
import { useJobsStore } from '../../../stores/jobs-store';
import { ProgressBar } from '../../../components/ProgressBar';
import { formatCount } from '../../../lib/format';
import { formatBytes } from '../format-bytes';

type JobFile = NonNullable<JobProgress['files']>[number];

const JOB_STATE: Record<JobFile['state'], string> = {
  queued: 'Waiting',
  running: 'Reading',
  done: 'Read',
  error: 'Could not read',
};

/** One file's line: what is happening to it and how far it got. */
function fileState(file: BatchFile, uploading: boolean, job: JobFile | undefined) {
  if (file.tooLarge) return { text: 'Too large, not sent', done: 1, total: 1, tone: 'negative' as const };
  if (file.failed) return { text: 'Not sent', done: 1, total: 1, tone: 'negative' as const };
  if (uploading) {
    const text = file.sent === 0 ? 'Waiting' : file.sent >= file.size ? 'Uploaded' : 'Uploading';
    return { text, done: file.sent, total: Math.max(file.size, 1), tone: 'accent' as const };
  }
  if (!job) return { text: 'Waiting', done: 0, total: 1, tone: 'accent' as const };
  const finished = job.state === 'done' || job.state === 'error';
  return {
    text: JOB_STATE[job.state],
    // Main reports bytes or PDF pages per file; a finished file is full whatever its unit.
    done: finished ? 1 : job.done,
    total: finished ? 1 : job.total,
    tone: job.state === 'error' ? ('negative' as const) : ('accent' as const),
  };
}

/** The batch bar and a bar per file while a batch is uploaded and read; it can be cancelled. */
export function DocumentProgress() {
  const phase = useEstimateDocumentsStore((s) => s.phase);
  const files = useEstimateDocumentsStore((s) => s.files);
  const jobId = useEstimateDocumentsStore((s) => s.jobId);
  const cancel = useEstimateDocumentsStore((s) => s.cancel);
  const job = useJobsStore((s) => (jobId ? s.jobs[jobId] : undefined));
  const uploading = phase === 'uploading';
  const sendable = files.filter((f) => !f.tooLarge);
  const done = uploading ? sendable.reduce((s, f) => s + f.sent, 0) : (job?.done ?? 0);
  const total = uploading ? sendable.reduce((s, f) => s + f.size, 0) : (job?.total ?? null);
  const text = total !== null ? `${formatBytes(done)} of ${formatBytes(total)}` : formatBytes(done);

  return (
    <section className="panel est-progress" aria-label="Estimate progress">
      <div className="meter-label">
        <span>
          {uploading
            ? `Uploading ${formatCount(sendable.length)} ${sendable.length === 1 ? 'file' : 'files'}`
            : (job?.label ?? 'Starting')}
        </span>
        <span>{text}</span>
      </div>
      <ProgressBar label="Batch progress" value={done} max={total} valueText={text} />
      <ul className="est-file-progress">
        {files.map((file, i) => {
          const state = fileState(
            file,
            uploading,
            file.jobIndex === null ? undefined : job?.files?.[file.jobIndex],
          );
          return (
            <li key={i}>
              <span className="est-file-name">{file.name}</span>
              <span className={`est-file-state${state.tone === 'negative' ? ' text-negative' : ''}`}>
                {state.text}
              </span>
              <ProgressBar
                label={`Progress of ${file.name}`}
                value={state.done}
                max={state.total}
                valueText={state.text}
                tone={state.tone}
              />
            </li>
          );
        })}
      </ul>
      <button type="button" className="btn btn-secondary btn-small" onClick={cancel}>
        Cancel estimate
      </button>
    </section>
  );
}
