import type { DocumentEstimateView } from '../../../../../src-shared/api';
import { Icon } from '../../../components/Icon';
import { formatCount, formatCredits } from '../../../lib/format';
import { TableHead } from '../../../components/TableHead';

/** One row per file in drop order; a file that could not be read gets its own error row. */
export function DocumentTable({ view }: { view: DocumentEstimateView }) {
  const { totals } = view;
  return (
    <div className="table-scroll est-doc-scroll">
      <table className="table table-compact est-doc-table" aria-label="Documents estimate">
        <TableHead
          columns={[
            'File',
            { label: 'Characters', numeric: true },
            { label: 'Pages', numeric: true },
            { label: 'Credits', numeric: true },
            'Training',
          ]}
        />
        <tbody>
          {view.files.map((row, i) =>
            row.error !== null ? (
              <tr key={i} className="est-row-error" data-testid="document-error-row">
                <th scope="row" className="est-file-cell">
                  {row.name}
                </th>
                <td colSpan={4} className="est-error-cell">
                  <span className="badge badge-negative">Error</span>
                  <span>{row.error}</span>
                </td>
              </tr>
            ) : (
              <tr key={i} data-testid="document-row">
                <th scope="row" className="est-file-cell">
                  <div className="est-file-lines">
                    <span className="est-file-name">{row.name}</span>
                    {row.warnings.map((warning) => (
                      <span key={warning} className="est-warning">
                        <Icon name="alert" size={14} />
                        {warning}
                      </span>
                    ))}
                  </div>
                </th>
                <td className="num">{formatCount(row.chars)}</td>
                <td className="num">{formatCount(row.pages)}</td>
                <td className="num">{formatCredits(row.millicredits)}</td>
                <td>
                  {row.recordedAs ? (
                    <span className="badge badge-positive est-badge">Recorded</span>
                  ) : (
                    <span className="cell-muted">Not recorded</span>
                  )}
                </td>
              </tr>
            ),
          )}
        </tbody>
        <tfoot>
          <tr data-testid="document-totals-row">
            <th scope="row">
              Total, {formatCount(totals.files)} {totals.files === 1 ? 'file' : 'files'}
            </th>
            <td className="num">{formatCount(totals.chars)}</td>
            <td className="num">{formatCount(totals.pages)}</td>
            <td className="num">{formatCredits(totals.millicredits)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
