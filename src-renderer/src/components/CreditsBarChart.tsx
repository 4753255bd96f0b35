import type { ReactNode } from 'react';
import { BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { useChartColors } from './chart-colors';
import { creditsTick, creditsTooltip } from './chart-format';

/**
 * Credits as columns over labelled categories, drawn the same way on every page that has one. The
 * bars come as children: each chart picks its series, stacking and colours.
 */
export function CreditsBarChart({
  data,
  height,
  minTickGap,
  children,
}: {
  /** One object per column group: `label` for the axis, one key per bar's dataKey. */
  data: { label: string }[];
  height: number;
  /** Wider than the library's default where labels crowd (one per day). */
  minTickGap?: number;
  children: ReactNode;
}) {
  const colors = useChartColors();
  return (
    <BarChart
      data={data}
      responsive
      style={{ width: '100%', height }}
      margin={{ top: 8, right: 8, left: 8, bottom: 0 }}
    >
      <CartesianGrid vertical={false} stroke={colors.chrome.grid} />
      <XAxis
        dataKey="label"
        tick={{ fill: colors.chrome.axis, fontSize: 12 }}
        tickLine={false}
        axisLine={{ stroke: colors.chrome.grid }}
        minTickGap={minTickGap}
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
      {children}
    </BarChart>
  );
}
