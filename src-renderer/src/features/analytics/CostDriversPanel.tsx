import type { AnalyticsView } from '../../../../src-shared/api';
import { toDecimalString } from '../../../../src-shared/units';
import { Panel } from '../../components/Panel';
import { CsvButton } from '../../components/CsvButton';
import { EmptyState } from '../../components/States';
import { formatCredits, formatShare } from '../../lib/format';
import { TableHead } from '../../components/TableHead';
import { topDrivers } from './top-drivers';

/** What the credits went on, with the settings that make actions dearer called out. */
export function CostDriversPanel({ view }: { view: AnalyticsView }) {
  const drivers = topDrivers(view.drivers, 10);
  return (
    <Panel
      className="span-all"
      title="Top cost drivers"
      description="Auto-draft on long conversations, label counts above 100 and chatbot models are listed on their own."
      actions={
        <CsvButton
          label="Export top cost drivers as CSV"
          fileName="creditdesk-cost-drivers.csv"
          header={['Driver', 'Credits', 'Share (per mille)', 'Detail']}
          rows={view.drivers.map((d) => [d.label, toDecimalString(d.millicredits), d.perMille, d.detail])}
        />
      }
    >
      {drivers.length === 0 ? (
        <EmptyState title="No usage in this range" />
      ) : (
        <table className="table drivers" data-testid="drivers">
          <TableHead columns={['Driver', { label: 'Credits', numeric: true }, 'Share']} />
          <tbody>
            {drivers.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  <span className="driver-label">{d.label}</span>
                  <span className="driver-detail">{d.detail}</span>
                </th>
                <td className="num">{formatCredits(d.millicredits)}</td>
                <td className="share-cell">
                  <span className="share-bar" aria-hidden="true">
                    <span style={{ width: `${d.perMille / 10}%` }} />
                  </span>
                  <span className="share-text">{formatShare(d.perMille, 1000)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
