import { useEffect } from 'react';
import { useAnalyticsStore } from './analytics-store';
import { PageHeader } from '../../components/PageHeader';
import { RemoteView } from '../../components/RemoteView';
import { formatDate } from '../../lib/format';
import { DateRangePicker } from './DateRangePicker';
import { AnalyticsSummary } from './AnalyticsSummary';
import { DailyUsageChart } from './DailyUsageChart';
import { CycleComparisonChart } from './CycleComparisonChart';
import { BucketChart } from './BucketChart';
import { CostDriversPanel } from './CostDriversPanel';

/** Where the credits went: per day, per cycle, by bucket and by cost driver, for a date range. */
export function AnalyticsPage() {
  const remote = useAnalyticsStore((s) => s.remote);
  const range = useAnalyticsStore((s) => s.range);
  const load = useAnalyticsStore((s) => s.load);
  const refresh = useAnalyticsStore((s) => s.refresh);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <PageHeader
        title="Usage analytics"
        description={`${formatDate(range.from)} – ${formatDate(range.to - 1)} (UTC days)`}
        actions={<DateRangePicker />}
      />
      <RemoteView remote={remote} what="usage analytics" onRetry={() => void refresh()}>
        {(view) => (
          <div className="analytics-grid" aria-busy={remote.status === 'loading'}>
            <AnalyticsSummary view={view} />
            <DailyUsageChart view={view} />
            <CycleComparisonChart view={view} />
            <BucketChart view={view} />
            <CostDriversPanel view={view} />
          </div>
        )}
      </RemoteView>
    </>
  );
}
