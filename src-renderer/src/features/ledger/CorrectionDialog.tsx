import { useId, useState, type FormEvent } from 'react';
import { parseCredits } from '../../../../src-shared/units';
import type { Bucket } from '../../../../src-shared/ledger/entry';
import { useLedgerActionsStore } from './ledger-actions-store';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { formatSignedCredits } from '../../lib/format';
import { NumberField } from '../../components/NumberField';
import { ReasonField } from './ReasonField';

export type CorrectionMode = 'adjustment' | 'grant';

const COPY: Record<
  CorrectionMode,
  { title: string; description: string; amountHint: string; submit: string }
> = {
  adjustment: {
    title: 'Record an adjustment',
    description: 'A manual correction of the balance. Use a minus sign to take credits away.',
    amountHint: 'Credits, e.g. 25 or -12.5 (up to 3 decimals).',
    submit: 'Record adjustment',
  },
  grant: {
    title: 'Grant credits',
    description: 'Support or migration credits added to the balance.',
    amountHint: 'Credits to add, e.g. 500 (up to 3 decimals).',
    submit: 'Grant credits',
  },
};

/** Adjustment (±) or manual grant (+), each with a required reason. */
export function CorrectionDialog({ mode, onClose }: { mode: CorrectionMode | null; onClose: () => void }) {
  const adjust = useLedgerActionsStore((s) => s.adjust);
  const grant = useLedgerActionsStore((s) => s.grant);
  const pending = useLedgerActionsStore((s) => s.pending);
  const error = useLedgerActionsStore((s) => s.error);
  const clearError = useLedgerActionsStore((s) => s.clearError);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  // A correction is not usage: by default it comes out of manual credits (docs/decisions.md).
  const [bucket, setBucket] = useState<Bucket>('manual');
  // One id per distinct submission: a retry of the same form is recorded once; an edit is a new fact.
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const ids = { bucket: useId() };
  const copy = COPY[mode ?? 'adjustment'];

  let parsed: number | null = null;
  let amountError: string | null = null;
  if (amount.trim()) {
    try {
      parsed = parseCredits(amount, 'amount');
      if (parsed === 0) amountError = 'An amount of zero changes nothing.';
      else if (mode === 'grant' && parsed < 0)
        amountError = 'A grant adds credits; use an adjustment to take some away.';
    } catch (e) {
      amountError = e instanceof Error ? e.message.replace(/^amount: /, '') : String(e);
    }
  }

  const close = () => {
    setAmount('');
    setReason('');
    setRequestId(crypto.randomUUID());
    clearError();
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (parsed === null || amountError || !reason.trim()) return;
    const done =
      mode === 'grant'
        ? await grant(parsed, reason.trim(), requestId)
        : await adjust(parsed, reason.trim(), requestId, bucket);
    if (done) close();
  };

  return (
    <Dialog open={mode !== null} title={copy.title} description={copy.description} onClose={close}>
      <form className="form" onSubmit={submit}>
        <NumberField
          label="Amount (credits)"
          decimals
          autoComplete="off"
          required
          value={amount}
          onChange={(typed) => {
            setAmount(typed);
            setRequestId(crypto.randomUUID());
          }}
          error={amountError}
          hint={parsed !== null ? `${formatSignedCredits(parsed)} credits` : copy.amountHint}
        />
        {mode === 'adjustment' && parsed !== null && parsed < 0 && (
          <div className="field">
            <label htmlFor={ids.bucket}>Take it out of</label>
            <select
              id={ids.bucket}
              className="input"
              value={bucket}
              onChange={(e) => {
                setBucket(e.target.value as Bucket);
                setRequestId(crypto.randomUUID());
              }}
            >
              <option value="manual">Manual credits (default)</option>
              <option value="referral">Referral credits</option>
              <option value="bundle">Bundle credits</option>
              <option value="monthly">This cycle’s monthly credits</option>
            </select>
          </div>
        )}
        <ReasonField
          value={reason}
          onChange={(typed) => {
            setReason(typed);
            setRequestId(crypto.randomUUID());
          }}
        />
        <DialogActions error={error} onCancel={close}>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={pending || parsed === null || amountError !== null || !reason.trim()}
          >
            {pending ? 'Recording…' : copy.submit}
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
