import { useState, type FormEvent } from 'react';
import type { LedgerRow } from '../../../../src-shared/api';
import { parseCredits } from '../../../../src-shared/units';
import { useLedgerActionsStore } from './ledger-actions-store';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { formatCredits, formatDateTime } from '../../lib/format';
import { NumberField } from '../../components/NumberField';
import { ReasonField } from './ReasonField';

type Scope = 'all' | 'part';

/** What of `amountText` may be refunded: millicredits, or why not (null while empty). */
function partAmount(amountText: string, refundable: number): number | string | null {
  if (!amountText.trim()) return null;
  try {
    const value = parseCredits(amountText, 'amount');
    if (value <= 0) return 'Enter more than 0 credits.';
    if (value > refundable) return `Only ${formatCredits(refundable)} credits are still refundable.`;
    return value;
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^amount: /, '') : String(e);
  }
}

/**
 * Refund one usage entry, all that is left of it or a part, with a reason; the reversal is a new
 * entry and the charge stays in the ledger.
 */
export function ReversalDialog({ row, onClose }: { row: LedgerRow | null; onClose: () => void }) {
  const reverse = useLedgerActionsStore((s) => s.reverse);
  const pending = useLedgerActionsStore((s) => s.pending);
  const error = useLedgerActionsStore((s) => s.error);
  const clearError = useLedgerActionsStore((s) => s.clearError);
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<Scope>('all');
  const [amountText, setAmountText] = useState('');
  // One id per distinct submission: a retry of the same form is recorded once; an edit is a new refund.
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());

  const took = row ? -row.amount : 0;
  const refundable = row?.refundable ?? took;
  const given = took - refundable;
  const part = scope === 'part' ? partAmount(amountText, refundable) : null;
  const amountError = typeof part === 'string' ? part : null;
  const ready = reason.trim() !== '' && (scope === 'all' ? refundable > 0 : typeof part === 'number');

  const close = () => {
    setReason('');
    setScope('all');
    setAmountText('');
    setRequestId(crypto.randomUUID());
    clearError();
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!row || !ready) return;
    const amount = scope === 'part' && typeof part === 'number' ? part : undefined;
    if (await reverse(row.id, reason.trim(), requestId, amount)) close();
  };
  const edit = (apply: () => void) => {
    apply();
    // A changed form is a different refund, not a retry of the one that may have been sent.
    setRequestId(crypto.randomUUID());
  };

  return (
    <Dialog
      open={row !== null}
      title="Reverse a charge"
      description={
        row
          ? `${row.description} on ${formatDateTime(row.occurredAt)} took ${formatCredits(took)} credits${
              given > 0 ? `; ${formatCredits(given)} already refunded` : ''
            }.`
          : undefined
      }
      onClose={close}
    >
      <form className="form" onSubmit={submit}>
        <p className="hint" data-testid="refundable">
          Still refundable: <strong>{formatCredits(refundable)} credits</strong>
        </p>
        <fieldset className="refund-scope">
          <legend>What to give back</legend>
          <label className="check">
            <input
              type="radio"
              name="reversal-scope"
              checked={scope === 'all'}
              onChange={() => edit(() => setScope('all'))}
            />{' '}
            All that is left ({formatCredits(refundable)} credits)
          </label>
          <label className="check">
            <input
              type="radio"
              name="reversal-scope"
              checked={scope === 'part'}
              onChange={() => edit(() => setScope('part'))}
            />{' '}
            Part of it
          </label>
        </fieldset>
        {scope === 'part' && (
          <NumberField
            label="Credits to give back"
            decimals
            autoComplete="off"
            value={amountText}
            onChange={(typed) => edit(() => setAmountText(typed))}
            placeholder={`up to ${formatCredits(refundable)}`}
            error={amountError}
            hint={`Credits, up to 3 decimals; at most ${formatCredits(refundable)}.`}
          />
        )}
        <ReasonField
          value={reason}
          onChange={(typed) => edit(() => setReason(typed))}
          placeholder="e.g. Duplicate event from the help desk"
        />
        <DialogActions error={error} onCancel={close}>
          <button type="submit" className="btn btn-primary" disabled={pending || !ready}>
            {pending ? 'Recording…' : 'Record reversal'}
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
