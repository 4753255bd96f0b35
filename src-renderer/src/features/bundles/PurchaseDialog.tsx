import { useEffect, useState } from 'react';
import type { BundlePlanView, BundleView } from '../../../../src-shared/api';
import { api } from '../../api/current';
import { useBundlesStore } from './bundles-store';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { formatCount, formatCredits, formatMoney } from '../../lib/format';

type Purchase = { bundle: BundleView; quantity: number };

/**
 * The cheapest bundles for the same credits (shared optimiser in main), when they cost less than
 * the purchase as typed; null while unknown or when the purchase is already the cheapest.
 */
function useCheaperPlan(p: Purchase | null): BundlePlanView | null {
  const [found, setFound] = useState<{ for: Purchase; plan: BundlePlanView | null } | null>(null);
  useEffect(() => {
    if (!p) return;
    let live = true;
    api()
      .recommendBundles({ neededMillicredits: p.bundle.millicredits * p.quantity })
      .then((plan) => live && setFound({ for: p, plan }))
      // The offer is a help, not the purchase: without it the dialog still works.
      .catch(() => live && setFound({ for: p, plan: null }));
    return () => {
      live = false;
    };
  }, [p]);
  const plan = found?.for === p ? found.plan : null;
  return plan && p && plan.totalPriceMinor < p.bundle.priceMinor * p.quantity ? plan : null;
}

const planWords = (plan: BundlePlanView): string =>
  plan.items.map((i) => `${formatCount(i.quantity)} × ${i.name}`).join(' + ');

/** Confirms a purchase: it records money spent, so it is never one click. */
export function PurchaseDialog({
  purchase,
  currency,
  onClose,
}: {
  purchase: Purchase | null;
  currency: string;
  onClose: () => void;
}) {
  const buy = useBundlesStore((s) => s.buy);
  const buyPlan = useBundlesStore((s) => s.buyPlan);
  const buying = useBundlesStore((s) => s.buying);
  const error = useBundlesStore((s) => s.buyError);
  const p = purchase;
  // One id per purchase shown in the dialog: confirming again after a failure records it once.
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [shown, setShown] = useState(purchase);
  const cheaper = useCheaperPlan(p);
  const [planIds, setPlanIds] = useState<{ plan: BundlePlanView | null; ids: string[] }>({
    plan: null,
    ids: [],
  });
  if (shown !== purchase) {
    setShown(purchase);
    setRequestId(crypto.randomUUID());
  }
  if (cheaper && planIds.plan !== cheaper)
    setPlanIds({ plan: cheaper, ids: cheaper.items.map(() => crypto.randomUUID()) });
  const price = p ? p.bundle.priceMinor * p.quantity : 0;
  return (
    <Dialog
      open={p !== null}
      title="Buy credits"
      description={
        p
          ? `${formatCount(p.quantity)} × ${p.bundle.name}: ${formatCredits(p.bundle.millicredits * p.quantity)} credits for ${formatMoney(price, currency)}. Bundle credits never expire.`
          : undefined
      }
      onClose={onClose}
    >
      {cheaper && (
        <div className="callout callout-positive" role="status" data-testid="cheaper-plan">
          <p>
            <strong>
              {planWords(cheaper)} gives {formatCredits(cheaper.totalMillicredits)} credits for{' '}
              {formatMoney(cheaper.totalPriceMinor, cheaper.currency)}
            </strong>
            , {formatMoney(price - cheaper.totalPriceMinor, cheaper.currency)} less.
          </p>
          <button
            type="button"
            className="btn btn-secondary"
            disabled={buying !== null}
            onClick={async () => {
              if (await buyPlan(cheaper, planIds.ids)) onClose();
            }}
          >
            Buy the cheaper plan for {formatMoney(cheaper.totalPriceMinor, cheaper.currency)}
          </button>
        </div>
      )}
      <DialogActions error={error} onCancel={onClose}>
        <button
          type="button"
          className="btn btn-primary"
          disabled={buying !== null}
          onClick={async () => {
            if (p && (await buy(p.bundle.id, p.quantity, requestId))) onClose();
          }}
        >
          {buying ? 'Recording…' : 'Confirm purchase'}
        </button>
      </DialogActions>
    </Dialog>
  );
}
