import { api } from '../api/bridge';
import { formatCredits } from '../lib/format';
import { useOverviewStore } from '../features/overview/overview-store';
import { useLedgerStore } from '../features/ledger/ledger-store';
import { useAnalyticsStore } from '../features/analytics/analytics-store';
import { useWhatIfStore } from '../features/what-if/what-if-store';
import { useBundlesStore } from '../features/bundles/bundles-store';
import { useReferralsStore } from '../features/referrals/referrals-store';
import { useSettingsStore } from '../features/settings/settings-store';
import { useSyncStore } from '../features/sync/sync-store';
import { useJobsStore } from './jobs-store';
import { useMachinesStore } from '../features/ledger/machines-store';
import { useAppInfoStore } from './app-info-store';
import { useRateCardStore } from '../features/rate-card/rate-card-store';
import { toast } from './toast-store';
import { notifyAlert } from '../lib/notify';

/** Refreshes only what some page has already shown; the rest loads fresh when its page opens. */
interface Refreshable {
  getState(): { remote: { status: string }; refresh(): Promise<void> };
}
const refreshIfLoaded = (store: Refreshable): void => {
  const state = store.getState();
  if (state.remote.status !== 'idle') void state.refresh();
};

/**
 * Feeds main's live events into the stores: the one place that listens, so every page stays current
 * whether a change was made here, by an import job, or arrived by sync from another machine.
 */
export function connectLiveEvents(): () => void {
  const off = [
    api.onBalanceChanged(() => refreshIfLoaded(useOverviewStore)),
    api.onLedgerChanged(() => {
      useLedgerStore.getState().invalidate();
      refreshIfLoaded(useOverviewStore);
      refreshIfLoaded(useAnalyticsStore);
      refreshIfLoaded(useWhatIfStore);
      refreshIfLoaded(useMachinesStore);
      const bundles = useBundlesStore.getState();
      if (bundles.purchases.status !== 'idle') void bundles.refreshPurchases();
    }),
    api.onSyncStatus((status) => useSyncStore.getState().set(status)),
    api.onJobProgress((progress) => useJobsStore.getState().update(progress)),
    api.onAlertRaised((alert) => {
      refreshIfLoaded(useOverviewStore);
      toast.info(
        `${alert.threshold}% of this cycle's monthly credits are used (${formatCredits(alert.usedMillicredits)} of ${formatCredits(alert.grantMillicredits)}).`,
      );
      void notifyAlert(alert);
    }),
    api.onSettingsChanged((settings) => {
      useSettingsStore.getState().set(settings);
      // Machine names live in the settings document: a rename (here or synced) relabels the ledger.
      useLedgerStore.getState().invalidate();
      refreshIfLoaded(useMachinesStore);
      refreshIfLoaded(useAppInfoStore);
      refreshIfLoaded(useOverviewStore);
      refreshIfLoaded(useWhatIfStore);
      refreshIfLoaded(useAnalyticsStore);
      refreshIfLoaded(useRateCardStore);
    }),
    api.onReferralsChanged(() => refreshIfLoaded(useReferralsStore)),
  ];
  return () => off.forEach((unsubscribe) => unsubscribe());
}
