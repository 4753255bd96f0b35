import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { AnalyticsView } from '../../../../src-shared/api';
import { ACTION_KINDS, ACTION_LABELS, type ActionKind } from '../../../../src-shared/pricing/actions';
import { toDecimalString } from '../../../../src-shared/units';
import { ChartPanel } from '../../components/ChartPanel';
import { useChartColors } from '../../components/chart-colors';
import { formatCredits, formatDay } from '../../lib/format';
import { creditsTick, creditsTooltip } from './chart-format';

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
        <BarChart
          data={data}
          responsive
          style={{ width: '100%', height: 300 }}
          margin={{ top: 8, right: 8, left: 8, bottom: 0 }}
        >
          <CartesianGrid vertical={false} stroke={colors.chrome.grid} />
          <XAxis
            dataKey="label"
            tick={{ fill: colors.chrome.axis, fontSize: 12 }}
            tickLine={false}
            axisLine={{ stroke: colors.chrome.grid }}
            minTickGap={16}
          />
          <YAxis
            allowDecimals={false}
            tickFormatter={creditsTick}
            tick={{ fill: colors.chrome.axis, fontSize: 12 }}
            tickLine={false}
            axisLine={false}
            width={64}
          />
          <Tooltip
            formatter={creditsTooltip}
            cursor={{ fill: colors.chrome.cursor }}
            wrapperClassName="chart-tooltip"
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
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
        </BarChart>
      }
    />
  );
}
