import { api } from '../../api/current';
import { createResource } from '../../stores/resource';
import { onLiveEvent, refreshOn } from '../../stores/live-events';
import { toast } from '../../stores/toast-store';
import { formatCredits } from '../../lib/format';
import { notifyAlert } from '../../lib/notify';

/** Balance by bucket, cycle, runway, alerts and the out-of-credits state for the Overview page. */
export const useOverviewStore = createResource(() => api().getOverview({}));
refreshOn(['balanceChanged', 'ledgerChanged', 'alertRaised', 'settingsChanged'], useOverviewStore);

/** A usage alert is news on whatever page is open: a toast, and a system notification when allowed. */
onLiveEvent('alertRaised', (alert) => {
  toast.info(
    `${alert.threshold}% of this cycle's monthly credits are used (${formatCredits(alert.usedMillicredits)} of ${formatCredits(alert.grantMillicredits)}).`,
  );
  void notifyAlert(alert);
});
