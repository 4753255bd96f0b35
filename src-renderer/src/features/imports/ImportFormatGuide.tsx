import {
  IMPORT_COLUMNS,
  csvTemplate,
  ndjsonTemplate,
  type ImportColumn,
} from '../../../../src-shared/import/format';
import { TableHead } from '../../components/TableHead';
import { Icon } from '../../components/Icon';
import { downloadBlob } from '../../lib/download';

/** "every row", "document, page_scrape" or "optional": when a column must be filled. */
export function neededFor(column: ImportColumn): string {
  if (column.required === 'always') return 'Every row';
  if (column.required.length > 0) return `For ${column.required.join(', ')}`;
  return 'Optional';
}

/** The accepted columns with an example each, and both templates to download. */
export function ImportFormatGuide() {
  return (
    <section className="import-guide" aria-labelledby="import-guide-title">
      <div className="import-guide-head">
        <h3 id="import-guide-title">Accepted columns</h3>
        <div className="import-guide-actions">
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => downloadBlob([csvTemplate()], 'creditdesk-usage-template.csv')}
          >
            <Icon name="download" size={16} /> CSV template
          </button>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() =>
              downloadBlob([ndjsonTemplate()], 'creditdesk-usage-template.ndjson', 'application/x-ndjson')
            }
          >
            <Icon name="download" size={16} /> NDJSON template
          </button>
        </div>
      </div>
      <p className="hint">
        A CSV file with a header row, or NDJSON (one JSON object per line). Your own column names can be
        matched to these after you choose the file; other columns are ignored.
      </p>
      <table className="table table-compact import-guide-table" aria-label="Accepted columns">
        <TableHead columns={['Column', 'Needed', 'What to put there', 'Example']} />
        <tbody>
          {IMPORT_COLUMNS.map((c) => (
            <tr key={c.field}>
              <th scope="row">
                <code>{c.name}</code>
              </th>
              <td className="nowrap">{neededFor(c)}</td>
              <td>{c.what}</td>
              <td>
                <code>{c.example}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">The header and first row of the CSV template:</p>
      <pre className="import-example" data-testid="import-example">
        {csvTemplate().split('\r\n').slice(0, 2).join('\n')}
      </pre>
    </section>
  );
}
