import { useImportStore } from '../features/imports/import-store';
import { useExportStore } from '../features/ledger/export-store';
import { useJobsStore } from '../stores/jobs-store';
import { ProgressBar } from '../components/ProgressBar';
import { formatCount } from '../lib/format';
import { hrefFor } from './router';

/** Long jobs keep running while the user moves between pages; the frame shows them everywhere. */
export function BackgroundJobs() {
  const importPhase = useImportStore((s) => s.phase);
  const importName = useImportStore((s) => s.fileName);
  const jobId = useImportStore((s) => s.jobId);
  const job = useJobsStore((s) => (jobId ? s.jobs[jobId] : undefined));
  const exporting = useExportStore((s) => s.running);
  const exported = useExportStore((s) => s.rows);
  const expected = useExportStore((s) => s.expected);

  const importing = importPhase === 'uploading' || importPhase === 'importing';
  if (!importing && !exporting) return null;
  return (
    <div className="jobs-bar">
      {importing && (
        <a className="job-chip" href={hrefFor('ledger')}>
          <span>Importing {importName}</span>
          <ProgressBar label={`Import of ${importName}`} value={job?.done ?? 0} max={job?.total ?? null} />
        </a>
      )}
      {exporting && (
        <a className="job-chip" href={hrefFor('ledger')}>
          <span>Exporting {formatCount(exported)} rows</span>
          <ProgressBar label="Ledger export" value={exported} max={expected} />
        </a>
      )}
    </div>
  );
}
