import { create } from 'zustand';
import type { BundlePlanView, LedgerRow } from '../../../src-shared/api';
import { api } from '../api/bridge';
import { coalesce, idle, type Remote } from '../lib/remote';
import { messageOf } from '../lib/errors';
import { formatCredits } from '../lib/format';
import { toast } from './toast-store';

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
  /** Records a purchase; `key` names the button that is busy. Resolves true on success. */
  buy(bundleId: string, quantity: number, key?: string): Promise<boolean>;
  /** Buys every line of a recommended plan, each once, stopping at the first failure. */
  buyPlan(plan: BundlePlanView): Promise<boolean>;
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
  const buyOne = async (bundleId: string, quantity: number): Promise<LedgerRow> =>
    // One request id per click: a retried or doubled call records the purchase once.
    api.purchaseBundle({ bundleId, quantity, requestId: crypto.randomUUID() });
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
    buy: async (bundleId, quantity, key = bundleId) => {
      set({ buying: key, buyError: null });
      try {
        const row = await buyOne(bundleId, quantity);
        set({ buying: null });
        toast.success(`Bought ${formatCredits(row.amount)} credits.`);
        return true;
      } catch (error) {
        set({ buying: null, buyError: messageOf(error) });
        return false;
      }
    },
    buyPlan: async (plan) => {
      set({ buying: 'plan', buyError: null });
      try {
        for (const item of plan.items) await buyOne(item.bundleId, item.quantity);
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
