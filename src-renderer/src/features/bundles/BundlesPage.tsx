import { useEffect, useState } from 'react';
import type { BundleView } from '../../../../src-shared/api';
import { useRateCardStore } from '../rate-card/rate-card-store';
import { useBundlesStore } from './bundles-store';
import { useOverviewStore } from '../overview/overview-store';
import { PageHeader } from '../../components/PageHeader';
import { RemoteView } from '../../components/RemoteView';
import { BundleBalances } from './BundleBalances';
import { PriceList } from './PriceList';
import { BundlePlanner } from './BundlePlanner';
import { PurchasesPanel } from './PurchasesPanel';
import { PurchaseDialog } from './PurchaseDialog';

/** The price list, purchases, the non-expiring balance and the cheapest plan for a need. */
export function BundlesPage() {
  const card = useRateCardStore((s) => s.remote);
  const loadCard = useRateCardStore((s) => s.load);
  const refreshCard = useRateCardStore((s) => s.refresh);
  const loadPurchases = useBundlesStore((s) => s.loadPurchases);
  const loadOverview = useOverviewStore((s) => s.load);
  const [buying, setBuying] = useState<{ bundle: BundleView; quantity: number } | null>(null);
  useEffect(() => {
    void loadCard();
    void loadPurchases();
    void loadOverview();
  }, [loadCard, loadPurchases, loadOverview]);

  return (
    <>
      <PageHeader
        title="Bundles"
        description="Bundle credits never expire; larger bundles cost less per credit."
      />
      <BundleBalances />
      <RemoteView remote={card} what="the price list" onRetry={() => void refreshCard()}>
        {(rateCard) => (
          <div className="bundles-grid">
            <PriceList card={rateCard} onBuy={(bundle, quantity) => setBuying({ bundle, quantity })} />
            <BundlePlanner />
            <PurchasesPanel card={rateCard} />
            <PurchaseDialog purchase={buying} currency={rateCard.currency} onClose={() => setBuying(null)} />
          </div>
        )}
      </RemoteView>
    </>
  );
}
