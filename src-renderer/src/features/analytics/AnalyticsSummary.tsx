import type { AnalyticsView } from '../../../../src-shared/api';
import { ACTION_KINDS, ACTION_LABELS } from '../../../../src-shared/pricing/actions';
import { roundDiv } from '../../../../src-shared/units';
import { Stat } from '../../components/Stat';
import { formatAverageCredits, formatCredits, formatDay } from '../../lib/format';

/** The range's headline figures above the charts. */
export function AnalyticsSummary({ view }: { view: AnalyticsView }) {
  const days = view.days.length;
  const busiest = view.days.reduce<(typeof view.days)[number] | null>(
    (best, d) => (!best || d.total > best.total ? d : best),
    null,
  );
  const byKind = ACTION_KINDS.map((k) => ({
    k,
    total: view.days.reduce((sum, d) => sum + (d.byKind[k] ?? 0), 0),
  })).sort((a, b) => b.total - a.total)[0];
  return (
    <dl className="stat-row stat-row-cards span-all">
      <Stat testId="range-total" label="Used in range" value={`${formatCredits(view.total)} credits`} />
      <Stat
        label="Average per day"
        value={`${formatAverageCredits(days ? roundDiv(view.total, days) : 0)} credits`}
      />
      <Stat
        label="Busiest day"
        value={busiest && busiest.total > 0 ? formatDay(busiest.start) : '—'}
        hint={busiest && busiest.total > 0 ? `${formatCredits(busiest.total)} credits` : undefined}
      />
      <Stat
        label="Largest action kind"
        value={byKind && byKind.total > 0 ? ACTION_LABELS[byKind.k] : '—'}
        hint={byKind && byKind.total > 0 ? `${formatCredits(byKind.total)} credits` : undefined}
      />
    </dl>
  );
}
