import type { TermKey } from './terms';
import { useId, useState, type ReactNode } from 'react';
import type { CsvValue } from '../../../src-shared/csv';
import { Panel } from './Panel';
import { CsvButton } from './CsvButton';
import { EmptyState } from './States';
import { TableHead } from './TableHead';

export interface ChartTable {
  header: string[];
  /** Each row as written to CSV (exact decimals) and as shown (locale formatted). */
  rows: { csv: CsvValue[]; display: ReactNode[] }[];
  /** Which columns are numbers (right-aligned). */
  numeric?: number[];
}

/**
 * A chart with the table behind it: the table can be shown (also the accessible alternative to the
 * picture) and exported as CSV.
 */
export function ChartPanel({
  title,
  description,
  summary,
  csvName,
  table,
  empty,
  chart,
  className,
  testId,
  terms,
}: {
  title: string;
  description?: ReactNode;
  /** One sentence with the chart's key figure, e.g. "Total 1,234 credits". */
  summary: ReactNode;
  csvName: string;
  table: ChartTable;
  /** Shown instead of the chart when there is nothing to draw. */
  empty: string | null;
  chart: ReactNode;
  className?: string;
  testId?: string;
  terms?: TermKey[];
}) {
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const numeric = new Set(table.numeric ?? []);
  return (
    <Panel
      title={title}
      description={description}
      className={className}
      terms={terms}
      actions={
        <>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            aria-expanded={showTable}
            aria-controls={tableId}
            onClick={() => setShowTable(!showTable)}
          >
            {showTable ? 'Hide table' : 'Show table'}
          </button>
          <CsvButton
            label={`Export ${title.toLowerCase()} as CSV`}
            fileName={csvName}
            header={table.header}
            rows={table.rows.map((r) => r.csv)}
          />
        </>
      }
    >
      <div data-testid={testId}>
        {empty ? (
          <EmptyState title={empty} />
        ) : (
          <figure className="chart">
            <figcaption className="chart-summary">{summary}</figcaption>
            {chart}
          </figure>
        )}
        {showTable && (
          <div className="table-scroll" id={tableId}>
            <table className="table table-compact">
              <caption className="visually-hidden">{title}</caption>
              <TableHead columns={table.header.map((label, i) => ({ label, numeric: numeric.has(i) }))} />
              <tbody>
                {table.rows.map((row, i) => (
                  <tr key={i}>
                    {row.display.map((cell, j) => (
                      <td key={j} className={numeric.has(j) ? 'num' : undefined}>
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Panel>
  );
}
