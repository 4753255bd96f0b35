import {
  consumptionByBucket,
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
    byBucket: consumptionByBucket(source, range),
    drivers: costDrivers(source, range),
  };
}
