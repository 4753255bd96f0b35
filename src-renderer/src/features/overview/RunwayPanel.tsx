import type { OverviewView, RunwayView } from '../../../../src-shared/api';
import { Panel } from '../../components/Panel';
import { formatAverageCredits, runsOutWords } from '../../lib/format';
import { TableHead } from '../../components/TableHead';

function Row({ label, runway, now }: { label: string; runway: RunwayView; now: number }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{formatAverageCredits(runway.ratePerDay)}</td>
      <td>{runsOutWords(runway.monthlyRunsOutAt, now, 'Last until the reset')}</td>
      <td>{runsOutWords(runway.allRunsOutAt, now, 'Not at this rate')}</td>
    </tr>
  );
}

/** When monthly credits and all credits run out at the trailing 7- and 30-day burn rates. */
export function RunwayPanel({ overview }: { overview: OverviewView }) {
  const { forecast } = overview;
  return (
    <Panel
      title="Runway"
      terms={['runway']}
      description="At the average daily spend of the last 7 and 30 days."
    >
      <table className="table">
        <TableHead
          columns={[
            'Trailing',
            { label: 'Credits per day', numeric: true },
            'Monthly credits run out',
            'All credits run out',
          ]}
        />
        <tbody>
          <Row label="7 days" runway={forecast.trailing7d} now={forecast.at} />
          <Row label="30 days" runway={forecast.trailing30d} now={forecast.at} />
        </tbody>
      </table>
    </Panel>
  );
}
