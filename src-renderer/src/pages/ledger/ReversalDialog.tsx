import { useId, useState, type FormEvent } from 'react';
import type { LedgerRow } from '../../../../src-shared/api';
import { useLedgerActionsStore } from '../../stores/ledger-actions-store';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { formatCredits, formatDateTime } from '../../lib/format';

/** Refund one usage entry with a reason; the reversal is a new entry, the charge stays in the ledger. */
export function ReversalDialog({ row, onClose }: { row: LedgerRow | null; onClose: () => void }) {
  const reverse = useLedgerActionsStore((s) => s.reverse);
  const pending = useLedgerActionsStore((s) => s.pending);
  const error = useLedgerActionsStore((s) => s.error);
  const clearError = useLedgerActionsStore((s) => s.clearError);
  const [reason, setReason] = useState('');
  const reasonId = useId();

  const close = () => {
    setReason('');
    clearError();
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!row || !reason.trim()) return;
    if (await reverse(row.id, reason.trim())) close();
  };

  return (
    <Dialog
      open={row !== null}
      title="Reverse a charge"
      description={
        row
          ? `${row.description} on ${formatDateTime(row.occurredAt)}: ${formatCredits(-row.amount)} credits go back to the balance.`
          : undefined
      }
      onClose={close}
    >
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={reasonId}>Reason</label>
          <textarea
            id={reasonId}
            className="input"
            rows={3}
            maxLength={500}
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. Duplicate event from the help desk"
          />
        </div>
        <DialogActions error={error} onCancel={close}>
          <button type="submit" className="btn btn-primary" disabled={pending || !reason.trim()}>
            {pending ? 'Recording…' : 'Record reversal'}
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
