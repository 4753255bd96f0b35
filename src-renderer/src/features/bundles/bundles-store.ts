import { create } from 'zustand';
import type { BundlePlanView, LedgerRow } from '../../../../src-shared/api';
import { api } from '../../api/bridge';
import { coalesce, idle, type Remote } from '../../lib/remote';
import { messageOf } from '../../lib/errors';
import { formatCredits } from '../../lib/format';
import { toast } from '../../stores/toast-store';

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
  const refreshPurchases = coalesce(async () => {
    const before = get().purchases;
    if (before.status !== 'ready') set({ purchases: { status: 'loading', data: before.data, error: null } });
    try {
      const page = await api.listLedger({
        filter: { kinds: ['grant'], buckets: ['bundle'] },
        sort: 'newest',
        offset: 0,
        limit: PURCHASES_SHOWN,
      });
      set({ purchases: { status: 'ready', data: { total: page.total, rows: page.rows }, error: null } });
    } catch (error) {
      set({ purchases: { status: 'error', data: get().purchases.data, error: messageOf(error) } });
    }
  });
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
          plan: { status: 'ready', data: await api.recommendBundles({ neededMillicredits }), error: null },
        });
      } catch (error) {
        set({ plan: { status: 'error', data: null, error: messageOf(error) } });
      }
    },
    clearPlan: () => set({ plan: idle() }),
    buy: async (bundleId, quantity, requestId) => {
      set({ buying: bundleId, buyError: null });
      try {
        const row = await api.purchaseBundle({ bundleId, quantity, requestId });
        set({ buying: null });
        toast.success(`Bought ${formatCredits(row.amount)} credits.`);
        return true;
      } catch (error) {
        set({ buying: null, buyError: messageOf(error) });
        return false;
      }
    },
    buyPlan: async (plan, requestIds) => {
      set({ buying: 'plan', buyError: null });
      try {
        for (const [i, item] of plan.items.entries())
          await api.purchaseBundle({
            bundleId: item.bundleId,
            quantity: item.quantity,
            requestId: requestIds[i]!,
          });
        set({ buying: null });
        toast.success(`Bought ${formatCredits(plan.totalMillicredits)} credits.`);
        return true;
      } catch (error) {
        set({ buying: null, buyError: messageOf(error) });
        return false;
      }
    },
  };
});
