import { useId, useRef, useState } from 'react';
import { useImportStore, type ImportFormat } from './import-store';
import { useJobsStore } from '../../stores/jobs-store';
import { Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ProgressBar';
import { Icon } from '../../components/Icon';
import { formatCount } from '../../lib/format';
import { ImportFormatGuide } from './ImportFormatGuide';
import { ImportMappingStep } from './ImportMappingStep';

function ImportProgress() {
  const phase = useImportStore((s) => s.phase);
  const sent = useImportStore((s) => s.sent);
  const size = useImportStore((s) => s.size);
  const jobId = useImportStore((s) => s.jobId);
  const job = useJobsStore((s) => (jobId ? s.jobs[jobId] : undefined));
  const cancel = useImportStore((s) => s.cancel);
  const uploading = phase === 'uploading';
  const done = uploading ? sent : (job?.done ?? 0);
  const total = uploading ? size : (job?.total ?? null);
  const unit = uploading ? 'bytes' : (job?.unit ?? 'rows');
  return (
    <div className="import-progress">
      <div className="meter-label">
        <span>{uploading ? 'Uploading' : (job?.label ?? 'Importing')}</span>
        <span>
          {formatCount(done)}
          {total !== null ? ` of ${formatCount(total)}` : ''} {unit}
        </span>
      </div>
      <ProgressBar label="Import progress" value={done} max={total} />
      <button type="button" className="btn btn-ghost btn-small" onClick={cancel}>
        Cancel import
      </button>
    </div>
  );
}

function ImportOutcome() {
  const result = useImportStore((s) => s.result);
  const error = useImportStore((s) => s.error);
  const fileName = useImportStore((s) => s.fileName);
  const dismiss = useImportStore((s) => s.dismiss);
  return (
    <div className="import-outcome" data-testid="import-outcome">
      {error && (
        <p className="form-error" role="alert">
          Could not import {fileName}: {error}
        </p>
      )}
      {result && (
        <>
          <dl className="stat-row stat-row-compact">
            <div className="stat">
              <dt className="stat-label">Rows read</dt>
              <dd className="stat-value">{formatCount(result.rows)}</dd>
            </div>
            <div className="stat stat-positive">
              <dt className="stat-label">Imported</dt>
              <dd className="stat-value" data-testid="import-imported">
                {formatCount(result.imported)}
              </dd>
            </div>
            <div className="stat">
              <dt className="stat-label">Already recorded</dt>
              <dd className="stat-value">{formatCount(result.duplicates)}</dd>
            </div>
            <div className={`stat${result.conflicts ? ' stat-warning' : ''}`}>
              <dt className="stat-label">Conflicts</dt>
              <dd className="stat-value">{formatCount(result.conflicts)}</dd>
            </div>
            <div className={`stat${result.errorCount ? ' stat-negative' : ''}`}>
              <dt className="stat-label">Rows with errors</dt>
              <dd className="stat-value">{formatCount(result.errorCount)}</dd>
            </div>
          </dl>
          {result.ignoredColumns.length > 0 && (
            <p className="import-warning" data-testid="import-ignored">
              Not read (ignored): {result.ignoredColumns.join(', ')}. If one of them holds a field, import the
              file again and match it to that field.
            </p>
          )}
          {result.errors.length > 0 && (
            <section className="import-errors" aria-label="Rows with errors">
              <p>
                {result.errorCount === 1
                  ? 'This row was'
                  : `These ${formatCount(result.errorCount)} rows were`}{' '}
                skipped; fix {result.errorCount === 1 ? 'it' : 'them'} in the file and import it again (rows
                already imported are not added twice).
              </p>
              <ul data-testid="import-error-list" tabIndex={0} aria-label="Row errors">
                {result.errors.map((e) => (
                  <li key={e.line}>
                    <strong>Line {formatCount(e.line)}:</strong> {e.message}
                  </li>
                ))}
              </ul>
              {result.errorCount > result.errors.length && (
                <p>
                  …and {formatCount(result.errorCount - result.errors.length)} more rows with errors, not
                  listed.
                </p>
              )}
            </section>
          )}
        </>
      )}
      <button type="button" className="btn btn-secondary btn-small" onClick={dismiss}>
        Done
      </button>
    </div>
  );
}

/**
 * Import usage from a CSV or NDJSON file: the accepted columns and templates, then pick or drop a
 * file, match its columns, and the import runs in the background.
 */
export function ImportPanel({ onClose }: { onClose: () => void }) {
  const phase = useImportStore((s) => s.phase);
  const fileName = useImportStore((s) => s.fileName);
  const prepare = useImportStore((s) => s.prepare);
  const [format, setFormat] = useState<ImportFormat>('auto');
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const ids = { file: useId(), format: useId(), hint: useId() };
  const running = phase === 'uploading' || phase === 'importing';

  const pick = (file: File | undefined) => {
    if (file) void prepare(file, format);
  };

  return (
    <Panel
      title={fileName && phase !== 'idle' ? `Import usage: ${fileName}` : 'Import usage'}
      className="import-panel"
      actions={
        !running && (
          <button type="button" className="btn btn-icon" aria-label="Close import" onClick={onClose}>
            <Icon name="close" />
          </button>
        )
      }
    >
      {running ? (
        <ImportProgress />
      ) : phase === 'done' || phase === 'failed' ? (
        <ImportOutcome />
      ) : phase === 'mapping' ? (
        <ImportMappingStep />
      ) : (
        <>
          <div
            className={`dropzone${dragging ? ' is-dragging' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              pick(e.dataTransfer.files[0]);
            }}
          >
            <Icon name="upload" size={28} />
            <p id={ids.hint}>
              Drop a CSV or NDJSON file of usage events here, or choose one. Every row needs a time and an
              action kind; importing the same file again adds nothing.
            </p>
            <div className="dropzone-controls">
              <label htmlFor={ids.format}>Format</label>
              <select
                id={ids.format}
                className="input input-small"
                value={format}
                onChange={(e) => setFormat(e.target.value as ImportFormat)}
              >
                <option value="auto">Detect from file</option>
                <option value="csv">CSV</option>
                <option value="ndjson">NDJSON</option>
              </select>
              <input
                ref={inputRef}
                id={ids.file}
                type="file"
                accept=".csv,.ndjson,.jsonl,.json,text/csv,application/x-ndjson"
                className="visually-hidden"
                aria-label="Usage file to import"
                aria-describedby={ids.hint}
                onChange={(e) => {
                  pick(e.target.files?.[0]);
                  e.target.value = '';
                }}
              />
              <button type="button" className="btn btn-primary" onClick={() => inputRef.current?.click()}>
                Choose file…
              </button>
            </div>
          </div>
          <ImportFormatGuide />
        </>
      )}
    </Panel>
  );
}
