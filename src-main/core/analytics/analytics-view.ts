import {
  bucketConsumption,
  uniqueEntries,
  usageByCycle,
  usageByDay,
  type LedgerSource,
  type TimeRange,
} from '../../../src-shared/ledger';
import type { AnalyticsView } from '../../../src-shared/api/views';
import { costDrivers } from './cost-drivers';

/** Everything the analytics page charts for one date range, from the in-memory ledger. */
export function analyticsView(source: LedgerSource, anchorDay: number, range: TimeRange): AnalyticsView {
  const days = usageByDay(source, range).map(({ day, start, total, byKind }) => ({
    day,
    start,
    total,
    byKind,
  }));
  const cycles = usageByCycle(source, anchorDay, range).map(({ start, end, total, byKind }) => ({
    start,
    end,
    total,
    byKind,
  }));
  return {
    from: range.from,
    to: range.to,
    total: days.reduce((sum, d) => sum + d.total, 0),
    days,
    cycles,
    ...byBucket(source, range),
    drivers: costDrivers(source, range),
  };
}

/** Consumption by bucket from the replay's allocations of the range's usage (issue #11). */
function byBucket(
  source: LedgerSource,
  range: TimeRange,
): Pick<AnalyticsView, 'byBucket' | 'byBucketShares' | 'notUsage'> {
  const result = bucketConsumption(uniqueEntries(source), range.from, range.to);
  return {
    byBucket: result.byBucket,
    byBucketShares: result.sharesBasisPoints,
    notUsage: { repaid: result.repaid, corrected: result.corrected },
  };
}
