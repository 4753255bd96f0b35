import { create } from 'zustand';
import type { BundlePlanView, LedgerRow } from '../../../../src-shared/api';
import { api } from '../../api/current';
import { idle, refreshInto, type Remote } from '../../lib/remote';
import { messageOf } from '../../lib/errors';
import { formatCredits } from '../../lib/format';
import { toast } from '../../stores/toast-store';
import { onLiveEvent } from '../../stores/live-events';
import { actionRunner } from '../../stores/run-action';

/** Purchases listed on the Bundles page; older ones are in the ledger (filter: bucket bundle). */
const PURCHASES_SHOWN = 100;

interface BundlesState {
  purchases: Remote<{ total: number; rows: LedgerRow[] }>;
  plan: Remote<BundlePlanView>;
  buying: string | null;
  buyError: string | null;
  loadPurchases(): Promise<void>;
  refreshPurchases(): Promise<void>;
  /** The cheapest combination of bundles covering `neededMillicredits` (shared optimiser in main). */
  recommend(neededMillicredits: number): Promise<void>;
  clearPlan(): void;
  /**
   * Records a purchase. `requestId` names this purchase: sending it again (a retry after a lost
   * answer) records it once. Resolves true on success.
   */
  buy(bundleId: string, quantity: number, requestId: string): Promise<boolean>;
  /** Buys every line of a plan (line i under requestIds[i]), stopping at the first failure. */
  buyPlan(plan: BundlePlanView, requestIds: string[]): Promise<boolean>;
}

/** Bundle purchases, the plan recommender and the purchase command. */
export const useBundlesStore = create<BundlesState>()((set, get) => {
  const refreshPurchases = refreshInto(get, set, 'purchases', async () => {
    const page = await api().listLedger({
      filter: { kinds: ['grant'], buckets: ['bundle'] },
      sort: 'newest',
      offset: 0,
      limit: PURCHASES_SHOWN,
    });
    return { total: page.total, rows: page.rows };
  });
  const run = actionRunner(set, { busy: 'buying', error: 'buyError', idle: null });
  return {
    purchases: idle(),
    plan: idle(),
    buying: null,
    buyError: null,
    loadPurchases: async () => {
      if (get().purchases.status === 'idle') await refreshPurchases();
    },
    refreshPurchases,
    recommend: async (neededMillicredits) => {
      set({ plan: { status: 'loading', data: null, error: null } });
      try {
        set({
          plan: { status: 'ready', data: await api().recommendBundles({ neededMillicredits }), error: null },
        });
      } catch (error) {
        set({ plan: { status: 'error', data: null, error: messageOf(error) } });
      }
    },
    clearPlan: () => set({ plan: idle() }),
    buy: async (bundleId, quantity, requestId) => {
      const outcome = await run(bundleId, () => api().purchaseBundle({ bundleId, quantity, requestId }));
      if (outcome.ok) toast.success(`Bought ${formatCredits(outcome.value.amount)} credits.`);
      return outcome.ok;
    },
    buyPlan: async (plan, requestIds) => {
      const outcome = await run('plan', async () => {
        for (const [i, item] of plan.items.entries())
          await api().purchaseBundle({
            bundleId: item.bundleId,
            quantity: item.quantity,
            requestId: requestIds[i]!,
          });
      });
      if (outcome.ok) toast.success(`Bought ${formatCredits(plan.totalMillicredits)} credits.`);
      return outcome.ok;
    },
  };
});

onLiveEvent('ledgerChanged', () => {
  const bundles = useBundlesStore.getState();
  if (bundles.purchases.status !== 'idle') void bundles.refreshPurchases();
});
