import { useEffect } from 'react';
import { useOverviewStore } from './overview-store';
import { useSettingsStore } from '../settings/settings-store';
import { PageHeader } from '../../components/PageHeader';
import { RemoteView } from '../../components/RemoteView';
import { formatDate } from '../../lib/format';
import { OutOfCredits } from './OutOfCredits';
import { BalanceSummary } from './BalanceSummary';
import { CycleProgress } from './CycleProgress';
import { RunwayPanel } from './RunwayPanel';
import { AlertsPanel } from './AlertsPanel';

/** Balance now, by bucket, cycle progress, runway, alerts and what to do when credits are out. */
export function OverviewPage() {
  const remote = useOverviewStore((s) => s.remote);
  const load = useOverviewStore((s) => s.load);
  const refresh = useOverviewStore((s) => s.refresh);
  const loadSettings = useSettingsStore((s) => s.load);
  useEffect(() => {
    void load();
    void loadSettings();
  }, [load, loadSettings]);

  return (
    <>
      <PageHeader
        title="Overview"
        description={
          remote.data
            ? `${remote.data.cycle.tierName} tier · cycle ${formatDate(remote.data.cycle.start)} – ${formatDate(remote.data.cycle.end - 1)}`
            : 'Your workspace’s AI credits at a glance.'
        }
      />
      <RemoteView remote={remote} what="the overview" onRetry={() => void refresh()}>
        {(overview) => (
          <div className="overview-grid">
            {overview.outOfCredits && <OutOfCredits overview={overview} />}
            <BalanceSummary overview={overview} />
            <CycleProgress overview={overview} />
            <RunwayPanel overview={overview} />
            <AlertsPanel overview={overview} />
          </div>
        )}
      </RemoteView>
    </>
  );
}
