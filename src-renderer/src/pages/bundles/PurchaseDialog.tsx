import { useState } from 'react';
import type { BundleView } from '../../../../src-shared/api';
import { useBundlesStore } from '../../stores/bundles-store';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { formatCredits, formatMoney } from '../../lib/format';

/** Confirms a purchase: it records money spent, so it is never one click. */
export function PurchaseDialog({
  purchase,
  currency,
  onClose,
}: {
  purchase: { bundle: BundleView; quantity: number } | null;
  currency: string;
  onClose: () => void;
}) {
  const buy = useBundlesStore((s) => s.buy);
  const buying = useBundlesStore((s) => s.buying);
  const error = useBundlesStore((s) => s.buyError);
  const p = purchase;
  // One id per purchase shown in the dialog: confirming again after a failure records it once.
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [shown, setShown] = useState(purchase);
  if (shown !== purchase) {
    setShown(purchase);
    setRequestId(crypto.randomUUID());
  }
  return (
    <Dialog
      open={p !== null}
      title="Buy credits"
      description={
        p
          ? `${p.quantity} × ${p.bundle.name}: ${formatCredits(p.bundle.millicredits * p.quantity)} credits for ${formatMoney(p.bundle.priceMinor * p.quantity, currency)}. Bundle credits never expire.`
          : undefined
      }
      onClose={onClose}
    >
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
