import type { OverviewView } from '../../../../src-shared/api';
import { Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ProgressBar';
import { daysBetween, formatCount, formatCredits, formatDate, formatShare } from '../../lib/format';

/**
 * How far into the cycle we are, next to how much of its monthly credits usage took. Repaying last
 * cycle's overdraft and corrections also take monthly credits; they are shown apart, never as usage.
 * The "ahead of the cycle" warning is the forecast's own answer (the Runway table's 7-day row), so
 * the two cannot disagree.
 */
export function CycleProgress({ overview }: { overview: OverviewView }) {
  const { cycle, balance, forecast } = overview;
  const elapsed = Math.min(cycle.end, balance.at) - cycle.start;
  const length = cycle.end - cycle.start;
  const used = balance.monthly.used ?? balance.monthly.granted - balance.monthly.remaining;
  const repaid = balance.monthly.repaid ?? 0;
  const corrected = balance.monthly.corrected ?? 0;
  const runsOutAt = forecast.trailing7d.monthlyRunsOutAt;
  const ahead = runsOutAt !== null && balance.monthly.remaining > 0;
  const tone =
    balance.monthly.remaining === 0 && balance.monthly.granted > 0
      ? 'negative'
      : ahead
        ? 'warning'
        : 'positive';
  const daysLeft = Math.max(0, daysBetween(balance.at, cycle.end));
  return (
    <Panel
      title="This cycle"
      terms={['cycle']}
      description={`${formatDate(cycle.start)} – ${formatDate(cycle.end - 1)} · resets ${formatDate(cycle.end)}`}
    >
      <div className="meter">
        <div className="meter-label">
          <span>Time elapsed</span>
          <span>
            {formatShare(elapsed, length)} · {formatCount(daysLeft)} {daysLeft === 1 ? 'day' : 'days'} left
          </span>
        </div>
        <ProgressBar
          label="Cycle time elapsed"
          value={elapsed}
          max={length}
          valueText={formatShare(elapsed, length)}
        />
      </div>
      <div className="meter">
        <div className="meter-label">
          <span>Monthly credits used</span>
          <span data-testid="monthly-used">
            {formatCredits(used)} of {formatCredits(balance.monthly.granted)}
          </span>
        </div>
        <ProgressBar
          label="Monthly credits used"
          value={used}
          max={balance.monthly.granted}
          tone={tone}
          valueText={`${formatCredits(used)} of ${formatCredits(balance.monthly.granted)} credits`}
        />
      </div>
      {(repaid > 0 || corrected > 0) && (
        <p className="hint" data-testid="monthly-other">
          {repaid > 0 && (
            <>Repaid from this cycle: {formatCredits(repaid)} credits (last cycle’s overdraft). </>
          )}
          {corrected > 0 && <>Corrections: {formatCredits(corrected)} credits.</>}
        </p>
      )}
      {ahead && (
        <p className="hint hint-warning" data-testid="ahead-warning">
          Spending is ahead of the cycle: at the last 7 days’ rate, monthly credits run out on{' '}
          {formatDate(runsOutAt)}, before the reset on {formatDate(cycle.end)}.
        </p>
      )}
    </Panel>
  );
}
