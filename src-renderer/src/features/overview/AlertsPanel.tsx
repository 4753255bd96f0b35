import type { OverviewView } from '../../../../src-shared/api';
import { useSettingsStore } from '../settings/settings-store';
import { Panel } from '../../components/Panel';
import { EmptyState } from '../../components/States';
import { Icon } from '../../components/Icon';
import { formatCredits, formatDateTime } from '../../lib/format';

/** Threshold alerts raised this cycle (each threshold fires once per cycle). */
export function AlertsPanel({ overview }: { overview: OverviewView }) {
  const thresholds = useSettingsStore((s) => s.remote.data?.alertThresholds);
  const alerts = [...overview.alerts].sort((a, b) => b.threshold - a.threshold);
  return (
    <Panel title="Alerts" className="span-all">
      {alerts.length === 0 ? (
        <EmptyState title="No alerts this cycle">
          {thresholds && thresholds.length > 0
            ? `You are alerted when ${thresholds.map((t) => `${t}%`).join(', ')} of the monthly credits are used.`
            : 'No alert thresholds are set; add some in Settings.'}
        </EmptyState>
      ) : (
        <ul className="alert-list">
          {alerts.map((alert) => (
            <li key={alert.id} className={`alert-item${alert.threshold >= 100 ? ' alert-critical' : ''}`}>
              <Icon name="alert" />
              <div>
                <strong>{alert.threshold}% of the monthly credits used</strong>
                <span>
                  {formatCredits(alert.usedMillicredits)} of {formatCredits(alert.grantMillicredits)} credits
                  · {formatDateTime(alert.triggeredAt)}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
