import { Bar } from 'recharts';
import type { AnalyticsView } from '../../../../src-shared/api';
import { ACTION_KINDS, ACTION_LABELS, type ActionKind } from '../../../../src-shared/pricing/actions';
import { toDecimalString } from '../../../../src-shared/units';
import { ChartPanel } from '../../components/ChartPanel';
import { useChartColors } from '../../components/chart-colors';
import { CreditsBarChart } from '../../components/CreditsBarChart';
import { formatCredits, formatDay } from '../../lib/format';

/** Kinds that have any usage in the data, in the contract's order (stable colours and columns). */
export function kindsIn(rows: { byKind: Partial<Record<ActionKind, number>> }[]): ActionKind[] {
  return ACTION_KINDS.filter((k) => rows.some((r) => (r.byKind[k] ?? 0) !== 0));
}

/** Credits per day, stacked by action kind. */
export function DailyUsageChart({ view }: { view: AnalyticsView }) {
  const colors = useChartColors();
  const kinds = kindsIn(view.days);
  const data = view.days.map((d) => ({ label: formatDay(d.start), ...d.byKind }));
  const table = {
    header: ['Day', ...kinds.map((k) => ACTION_LABELS[k]), 'Total credits'],
    numeric: kinds.map((_, i) => i + 1).concat(kinds.length + 1),
    rows: view.days.map((d) => ({
      csv: [d.day, ...kinds.map((k) => toDecimalString(d.byKind[k] ?? 0)), toDecimalString(d.total)],
      display: [
        formatDay(d.start),
        ...kinds.map((k) => formatCredits(d.byKind[k] ?? 0)),
        formatCredits(d.total),
      ],
    })),
  };
  return (
    <ChartPanel
      title="Credits per day"
      description="Stacked by action kind."
      testId="chart-daily"
      summary={
        <>
          <span data-testid="daily-total">{formatCredits(view.total)}</span> credits over {view.days.length}{' '}
          days
        </>
      }
      csvName={`creditdesk-usage-per-day-${view.days[0]?.day ?? 'empty'}.csv`}
      table={table}
      empty={view.total === 0 ? 'No usage in this range' : null}
      className="span-all"
      chart={
        <CreditsBarChart data={data} height={300} minTickGap={16}>
          {kinds.map((k) => (
            <Bar
              key={k}
              dataKey={k}
              name={ACTION_LABELS[k]}
              stackId="usage"
              fill={colors.actions[k]}
              isAnimationActive={false}
            />
          ))}
        </CreditsBarChart>
      }
    />
  );
}
