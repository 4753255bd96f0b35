import { Bar } from 'recharts';
import type { AnalyticsView } from '../../../../src-shared/api';
import { ACTION_LABELS } from '../../../../src-shared/pricing/actions';
import { toDecimalString } from '../../../../src-shared/units';
import { ChartPanel } from '../../components/ChartPanel';
import { useChartColors } from '../../components/chart-colors';
import { CreditsBarChart } from '../../components/CreditsBarChart';
import { formatCredits, formatDay, formatSignedCredits } from '../../lib/format';
import { kindsIn } from './DailyUsageChart';

/** Each billing cycle in the range next to the ones before it. */
export function CycleComparisonChart({ view }: { view: AnalyticsView }) {
  const colors = useChartColors();
  const kinds = kindsIn(view.cycles);
  const label = (c: { start: number; end: number }) => `${formatDay(c.start)} – ${formatDay(c.end - 1)}`;
  const data = view.cycles.map((c) => ({ label: label(c), ...c.byKind }));
  const last = view.cycles.at(-1);
  const previous = view.cycles.at(-2);
  const table = {
    header: ['Cycle start', 'Cycle end', 'Total credits', 'Change from previous cycle'],
    numeric: [2, 3],
    rows: view.cycles.map((c, i) => {
      const prior = view.cycles[i - 1];
      return {
        csv: [
          new Date(c.start).toISOString().slice(0, 10),
          new Date(c.end - 1).toISOString().slice(0, 10),
          toDecimalString(c.total),
          prior ? toDecimalString(c.total - prior.total) : '',
        ],
        display: [
          formatDay(c.start),
          formatDay(c.end - 1),
          formatCredits(c.total),
          prior ? formatSignedCredits(c.total - prior.total) : '—',
        ],
      };
    }),
  };
  return (
    <ChartPanel
      title="Credits per cycle"
      terms={['cycle']}
      description="Billing cycles in the range, compared with the previous ones."
      testId="chart-cycles"
      summary={
        last
          ? previous
            ? `Latest cycle ${formatCredits(last.total)} credits, ${formatSignedCredits(last.total - previous.total)} against the one before`
            : `Latest cycle ${formatCredits(last.total)} credits`
          : 'No cycles in range'
      }
      csvName="creditdesk-usage-per-cycle.csv"
      table={table}
      empty={view.cycles.every((c) => c.total === 0) ? 'No usage in these cycles' : null}
      chart={
        <CreditsBarChart data={data} height={260}>
          {kinds.map((k) => (
            <Bar
              key={k}
              dataKey={k}
              name={ACTION_LABELS[k]}
              stackId="cycle"
              fill={colors.actions[k]}
              isAnimationActive={false}
              maxBarSize={64}
            />
          ))}
        </CreditsBarChart>
      }
    />
  );
}
