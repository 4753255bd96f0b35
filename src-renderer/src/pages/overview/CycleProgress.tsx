import type { OverviewView } from '../../../../src-shared/api';
import { Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ProgressBar';
import { daysBetween, formatCount, formatCredits, formatDate, formatShare } from '../../lib/format';

/** How far into the cycle we are, next to how much of its monthly credits are used. */
export function CycleProgress({ overview }: { overview: OverviewView }) {
  const { cycle, balance } = overview;
  const elapsed = Math.min(cycle.end, balance.at) - cycle.start;
  const length = cycle.end - cycle.start;
  const used = balance.monthly.granted - balance.monthly.remaining;
  const usedShare = balance.monthly.granted === 0 ? 0 : used / balance.monthly.granted;
  const timeShare = elapsed / length;
  const tone = usedShare >= 1 ? 'negative' : usedShare > timeShare ? 'warning' : 'positive';
  const daysLeft = Math.max(0, daysBetween(balance.at, cycle.end));
  return (
    <Panel
      title="This cycle"
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
      {usedShare > timeShare && usedShare < 1 && (
        <p className="hint hint-warning">
          Spending is ahead of the cycle: monthly credits may run out before the reset.
        </p>
      )}
    </Panel>
  );
}
