import type { SavedEstimateView } from '../../../../../src-shared/api';
import { useEstimateSavedStore } from './saved-store';
import { Dialog } from '../../../components/Dialog';
import { DialogActions } from '../../../components/DialogActions';

/** Asks before deleting a saved estimate: it is kept only on this computer. */
export function DeleteEstimateDialog({
  estimate,
  onClose,
}: {
  estimate: SavedEstimateView | null;
  onClose: () => void;
}) {
  const remove = useEstimateSavedStore((s) => s.remove);
  const deleting = useEstimateSavedStore((s) => s.deleting);
  return (
    <Dialog
      open={estimate !== null}
      title="Delete saved estimate"
      description={
        estimate
          ? `“${estimate.title}” will be removed from this computer. The ledger is not affected.`
          : undefined
      }
      onClose={onClose}
    >
      <DialogActions cancelLabel="Keep it" onCancel={onClose}>
        <button
          type="button"
          className="btn btn-primary est-danger"
          disabled={deleting !== null}
          onClick={() => {
            if (estimate) void remove(estimate.id).then((ok) => ok && onClose());
          }}
        >
          {deleting ? 'Deleting…' : 'Delete'}
        </button>
      </DialogActions>
    </Dialog>
  );
}
