import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { AnalyticsView } from '../../../../src-shared/api';
import { toDecimalString } from '../../../../src-shared/units';
import { ChartPanel } from '../../components/ChartPanel';
import { TermHelp } from '../../components/TermHelp';
import { useChartColors } from '../../components/chart-colors';
import { formatCredits, formatShare } from '../../lib/format';
import { creditsTick, creditsTooltip } from '../../components/chart-format';

const BUCKETS = [
  { key: 'monthly', label: 'Monthly' },
  { key: 'referral', label: 'Referral' },
  { key: 'bundle', label: 'Bundle' },
  { key: 'manual', label: 'Manual' },
  { key: 'overdraft', label: 'Not covered (overdraft)' },
] as const;

/** "12.5" from hundredths of a percent, exactly (integers only). */
const basisPoints = (bp: number) =>
  `${Math.floor(bp / 100)}${
    bp % 100 === 0
      ? ''
      : `.${String(bp % 100)
          .padStart(2, '0')
          .replace(/0$/, '')}`
  }`;

/**
 * Which credits paid for the range's usage: the replay's own allocations, net of reversals, so the
 * bars add up to the usage in the range; what no credit covered is its own bar. Overdraft
 * repayments and corrections took credits too but are not usage: they are listed apart, outside the shares.
 */
export function BucketChart({ view }: { view: AnalyticsView }) {
  const colors = useChartColors();
  const total = BUCKETS.reduce((sum, b) => sum + view.byBucket[b.key], 0);
  const data = BUCKETS.map((b) => ({ label: b.label, key: b.key, value: view.byBucket[b.key] }));
  const share = (key: (typeof BUCKETS)[number]['key'], value: number) =>
    view.byBucketShares ? `${basisPoints(view.byBucketShares[key])} %` : formatShare(value, total);
  const repaid = view.notUsage?.repaid ?? 0;
  const corrected = view.notUsage?.corrected ?? 0;
  const notUsageRows = [
    { label: 'Not usage: repaid overdraft', value: repaid },
    { label: 'Not usage: corrections', value: corrected },
  ].filter((r) => r.value > 0);
  const table = {
    header: ['Bucket', 'Credits', 'Share (%)'],
    numeric: [1, 2],
    rows: [
      ...data.map((d) => ({
        csv: [
          d.label,
          toDecimalString(d.value),
          view.byBucketShares ? basisPoints(view.byBucketShares[d.key]) : '0',
        ],
        display: [d.label, formatCredits(d.value), share(d.key, d.value)],
      })),
      // Shown apart and outside the shares: these took credits but are not usage.
      ...notUsageRows.map((r) => ({
        csv: [r.label, toDecimalString(r.value), ''],
        display: [r.label, formatCredits(r.value), '—'],
      })),
    ],
  };
  return (
    <ChartPanel
      title="Consumption by bucket"
      terms={['bucket']}
      description={
        <>
          Which credits paid for the usage in this range, net of refunds. Corrections and overdraft repayments
          are not usage.
          <TermHelp term="overdraft" />
        </>
      }
      testId="chart-buckets"
      summary={
        notUsageRows.length === 0
          ? `${formatCredits(total)} credits consumed`
          : `${formatCredits(total)} credits consumed · not usage: ${notUsageRows
              .map((r) => `${formatCredits(r.value)} ${r.label.replace('Not usage: ', '')}`)
              .join(', ')}`
      }
      csvName="creditdesk-consumption-by-bucket.csv"
      table={table}
      empty={total === 0 ? 'Nothing consumed in this range' : null}
      chart={
        <BarChart
          data={data}
          layout="vertical"
          responsive
          style={{ width: '100%', height: 220 }}
          margin={{ top: 4, right: 16, left: 8, bottom: 0 }}
        >
          <CartesianGrid horizontal={false} stroke={colors.chrome.grid} />
          <XAxis
            type="number"
            allowDecimals={false}
            tickFormatter={creditsTick}
            tick={{ fill: colors.chrome.axis, fontSize: 12 }}
            axisLine={false}
            tickLine={false}
          />
          <YAxis
            type="category"
            dataKey="label"
            tick={{ fill: colors.chrome.axis, fontSize: 12 }}
            axisLine={false}
            tickLine={false}
            width={150}
          />
          <Tooltip
            formatter={creditsTooltip}
            cursor={{ fill: colors.chrome.cursor }}
            wrapperClassName="chart-tooltip"
          />
          <Bar dataKey="value" name="Credits" isAnimationActive={false} radius={[0, 4, 4, 0]} maxBarSize={28}>
            {data.map((d) => (
              <Cell key={d.key} fill={colors.buckets[d.key]} />
            ))}
          </Bar>
        </BarChart>
      }
    />
  );
}
