import { Bar } from 'recharts';
import type { RateCardView, WhatIfSide, WhatIfView } from '../../../../src-shared/api';
import { creditsValueText } from '../../lib/credit-value';
import { ACTION_KINDS, ACTION_LABELS } from '../../../../src-shared/pricing/actions';
import { Panel } from '../../components/Panel';
import { EmptyState } from '../../components/States';
import { useChartColors } from '../../components/chart-colors';
import { CreditsBarChart } from '../../components/CreditsBarChart';
import { formatCount, formatCredits, formatDate, formatSignedCredits } from '../../lib/format';
import { TableHead } from '../../components/TableHead';

function runway(side: WhatIfSide): string {
  if (side.monthlyRunwayDays === null) return 'The whole cycle';
  return `${formatCount(side.monthlyRunwayDays)} days`;
}

/** Current against proposed: credits per cycle, monthly credits, how long they last, and by action kind. */
export function WhatIfResult({ view, card }: { view: WhatIfView; card: RateCardView | null }) {
  const colors = useChartColors();
  const kinds = ACTION_KINDS.filter(
    (k) => (view.current.byKind[k] ?? 0) > 0 || (view.proposed.byKind[k] ?? 0) > 0,
  );
  const data = kinds.map((k) => ({
    label: ACTION_LABELS[k],
    current: view.current.byKind[k] ?? 0,
    proposed: view.proposed.byKind[k] ?? 0,
  }));
  const tone = view.difference > 0 ? 'negative' : view.difference < 0 ? 'positive' : 'neutral';
  const runsOutChange = view.current.monthlyRunwayDays !== view.proposed.monthlyRunwayDays;

  return (
    <div className="what-if-result">
      <Panel
        title="Difference per month"
        description={`Based on ${formatCount(view.actions)} recorded actions in the cycle ${formatDate(view.cycle.start)} – ${formatDate(view.cycle.end - 1)}, priced at the current settings and at the proposed ones.`}
      >
        {view.actions === 0 ? (
          <EmptyState title="No recorded actions to re-price">
            Usage recorded in this or the last cycle appears here; import usage on the Ledger page.
          </EmptyState>
        ) : (
          <>
            <p className={`difference difference-${tone}`} data-testid="what-if-difference">
              {view.difference === 0
                ? 'No change per month'
                : `${formatSignedCredits(view.difference)} credits per month`}
            </p>
            {view.difference !== 0 && card && (
              <p className="hint" data-testid="what-if-money">
                {view.difference > 0 ? 'Costs' : 'Saves'} {creditsValueText(view.difference, card)}.
              </p>
            )}
            <table className="table comparison">
              <TableHead
                columns={[
                  { label: 'Measure', hidden: true },
                  { label: 'Current', numeric: true },
                  { label: 'Proposed', numeric: true },
                ]}
              />
              <tbody>
                <tr>
                  <th scope="row">Credits per cycle</th>
                  <td className="num" data-testid="what-if-current">
                    {formatCredits(view.current.perCycle)}
                  </td>
                  <td className="num" data-testid="what-if-proposed">
                    {formatCredits(view.proposed.perCycle)}
                  </td>
                </tr>
                <tr>
                  <th scope="row">Monthly credits (tier)</th>
                  <td className="num">{formatCredits(view.current.monthlyMillicredits)}</td>
                  <td className="num">{formatCredits(view.proposed.monthlyMillicredits)}</td>
                </tr>
                <tr>
                  <th scope="row">Monthly credits last</th>
                  <td className="num">{runway(view.current)}</td>
                  <td className={`num${runsOutChange ? ' changed' : ''}`} data-testid="what-if-runway">
                    {runway(view.proposed)}
                  </td>
                </tr>
                <tr>
                  <th scope="row">Monthly credits run out</th>
                  <td className="num">
                    {view.current.monthlyRunsOutAt
                      ? formatDate(view.current.monthlyRunsOutAt)
                      : 'Not before the reset'}
                  </td>
                  <td className="num">
                    {view.proposed.monthlyRunsOutAt
                      ? formatDate(view.proposed.monthlyRunsOutAt)
                      : 'Not before the reset'}
                  </td>
                </tr>
              </tbody>
            </table>
          </>
        )}
      </Panel>
      {kinds.length > 0 && (
        <Panel title="By action kind">
          <figure className="chart">
            <figcaption className="chart-summary">
              Current {formatCredits(view.current.perCycle)} against proposed{' '}
              {formatCredits(view.proposed.perCycle)} credits per cycle
            </figcaption>
            <CreditsBarChart data={data} height={260}>
              <Bar
                dataKey="current"
                name="Current"
                fill={colors.chrome.muted}
                isAnimationActive={false}
                maxBarSize={40}
                radius={[4, 4, 0, 0]}
              />
              <Bar
                dataKey="proposed"
                name="Proposed"
                fill={colors.chrome.accent}
                isAnimationActive={false}
                maxBarSize={40}
                radius={[4, 4, 0, 0]}
              />
            </CreditsBarChart>
          </figure>
        </Panel>
      )}
    </div>
  );
}
