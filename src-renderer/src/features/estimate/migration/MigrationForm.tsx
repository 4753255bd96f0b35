import { useId, type FormEvent } from 'react';
import { PLATFORMS, useEstimateMigrationStore, type CountField, type Platform } from './migration-store';
import { inProgress } from '../estimate-shapes';
import { Panel } from '../../../components/Panel';
import { Icon } from '../../../components/Icon';
import { FieldHint } from '../../../components/FieldHint';
import { FilePicker } from '../FilePicker';
import { formatBytes } from '../format-bytes';
import { NumberField } from '../../../components/NumberField';

/** What each platform's users actually have to hand, as the counter reads it. */
const EXPORTS: Record<Platform, string> = {
  helpscout: 'Help Scout: conversations JSON (Mailbox API) or a conversations CSV.',
  zendesk: 'Zendesk: the tickets export (JSON, one ticket per line) and Help Center articles JSON.',
  intercom: 'Intercom: conversations JSON or CSV, and articles JSON.',
};

const COUNTS: { field: CountField; label: string }[] = [
  { field: 'conversations', label: 'Conversations' },
  { field: 'articles', label: 'Articles' },
  { field: 'documentPages', label: 'Document pages' },
];

function CountInput({ field, label, disabled }: { field: CountField; label: string; disabled: boolean }) {
  const value = useEstimateMigrationStore((s) => s[field]);
  const error = useEstimateMigrationStore((s) => s.fieldErrors[field]);
  const update = useEstimateMigrationStore((s) => s.update);
  return (
    <NumberField
      label={label}
      value={value}
      placeholder="0"
      disabled={disabled}
      error={error}
      onChange={(typed) => update({ [field]: typed })}
    />
  );
}

/** The help desk, its export files and/or typed counts. */
export function MigrationForm() {
  const platform = useEstimateMigrationStore((s) => s.platform);
  const files = useEstimateMigrationStore((s) => s.files);
  const filesError = useEstimateMigrationStore((s) => s.fieldErrors.files);
  const phase = useEstimateMigrationStore((s) => s.phase);
  const update = useEstimateMigrationStore((s) => s.update);
  const run = useEstimateMigrationStore((s) => s.run);
  const busy = inProgress(phase);
  const ids = { files: useId(), counts: useId() };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <Panel
      title="Help-desk migration"
      description="Conversations × 0.5 + articles × 1 + document pages × 1 credit, compared with the current balance."
    >
      <form className="form est-form" onSubmit={submit} aria-label="Migration estimate">
        <fieldset className="est-fieldset" disabled={busy}>
          <legend>Help desk</legend>
          <div className="est-platforms">
            {PLATFORMS.map((p) => (
              <label key={p.id} className="est-platform">
                <input
                  type="radio"
                  name="platform"
                  value={p.id}
                  checked={platform === p.id}
                  onChange={() => update({ platform: p.id })}
                />
                {p.name}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <span className="est-label">Export files</span>
          <div className="est-file-row">
            {files.map((file, i) => (
              <span key={`${file.name}-${i}`} className="est-chip">
                {file.name} <span className="cell-muted">{formatBytes(file.size)}</span>
                <button
                  type="button"
                  className="btn btn-icon"
                  aria-label={`Remove ${file.name}`}
                  disabled={busy}
                  onClick={() => update({ files: files.filter((_, j) => j !== i) })}
                >
                  <Icon name="close" size={14} />
                </button>
              </span>
            ))}
            <FilePicker
              label={files.length ? 'Add export files…' : 'Choose export files…'}
              inputLabel="Export files"
              accept=".json,.ndjson,.jsonl,.csv,.gz,.zip,application/json,text/csv,application/zip"
              multiple
              disabled={busy}
              describedBy={ids.files}
              onFiles={(picked) => update({ files: [...files, ...picked] })}
            />
          </div>
          <FieldHint id={ids.files} error={filesError}>
            {`${EXPORTS[platform]} ZIP archives are read as they are. Files are read as streams, so large exports are fine.`}
          </FieldHint>
        </div>
        <fieldset className="est-fieldset" disabled={busy} aria-describedby={ids.counts}>
          <legend>Counts typed in</legend>
          <p id={ids.counts} className="field-hint">
            Added to what the export files contain; leave empty what you do not know.
          </p>
          <div className="est-counts">
            {COUNTS.map((c) => (
              <CountInput key={c.field} field={c.field} label={c.label} disabled={busy} />
            ))}
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Estimate migration
          </button>
        </div>
      </form>
    </Panel>
  );
}
