import { useId, type FormEvent } from 'react';
import { IMPORT_COLUMNS, ignoredColumns } from '../../../../src-shared/import/format';
import { mappingOf, useImportStore } from './import-store';
import { TableHead } from '../../components/TableHead';
import { formatCount } from '../../lib/format';
import { neededFor } from './ImportFormatGuide';

/** Which of the file's columns holds each field; unknown columns are named before anything is read. */
export function ImportMappingStep() {
  const fileName = useImportStore((s) => s.fileName);
  const format = useImportStore((s) => s.format);
  const columns = useImportStore((s) => s.columns);
  const choice = useImportStore((s) => s.choice);
  const choose = useImportStore((s) => s.choose);
  const start = useImportStore((s) => s.start);
  const dismiss = useImportStore((s) => s.dismiss);
  const ids = { missing: useId(), ignored: useId() };
  const missing = IMPORT_COLUMNS.filter((c) => c.required === 'always' && choice[c.field] === '');
  const ignored = ignoredColumns(columns, mappingOf(choice));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (missing.length === 0) void start();
  };

  return (
    <form className="import-mapping" aria-label="Match your columns" onSubmit={submit}>
      <p>
        <strong>{fileName}</strong> is {format === 'csv' ? 'a CSV file' : 'an NDJSON file'} with{' '}
        {formatCount(columns.length)} {columns.length === 1 ? 'column' : 'columns'}. Choose which of your
        columns holds each field; columns named like ours are already chosen.
      </p>
      <table className="table table-compact" aria-label="Column mapping">
        <TableHead columns={['Field', 'Needed', 'Your column', 'Example']} />
        <tbody>
          {IMPORT_COLUMNS.map((c) => (
            <tr key={c.field}>
              <th scope="row">
                <code>{c.name}</code>
              </th>
              <td className="nowrap">{neededFor(c)}</td>
              <td>
                <select
                  className="input input-small"
                  aria-label={`Your column for ${c.name}`}
                  value={choice[c.field]}
                  aria-invalid={c.required === 'always' && choice[c.field] === ''}
                  onChange={(e) => choose(c.field, e.target.value)}
                >
                  <option value="">— not in the file —</option>
                  {columns.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <code>{c.example}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {ignored.length > 0 && (
        <p className="import-warning" id={ids.ignored} role="status" data-testid="import-ignored">
          {ignored.length === 1 ? 'This column is' : 'These columns are'} not read and will be ignored:{' '}
          {ignored.join(', ')}. Match {ignored.length === 1 ? 'it' : 'them'} to a field above if{' '}
          {ignored.length === 1 ? 'it holds' : 'they hold'} one.
        </p>
      )}
      {missing.length > 0 && (
        <p className="form-error" id={ids.missing} role="alert">
          Choose the {missing.length === 1 ? 'column' : 'columns'} for{' '}
          {missing.map((c) => c.name).join(' and ')}: every row needs {missing.length === 1 ? 'it' : 'them'}.
        </p>
      )}
      <div className="import-mapping-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={missing.length > 0}
          aria-describedby={missing.length > 0 ? ids.missing : undefined}
        >
          Import {fileName}
        </button>
        <button type="button" className="btn btn-secondary" onClick={dismiss}>
          Choose another file
        </button>
      </div>
    </form>
  );
}
