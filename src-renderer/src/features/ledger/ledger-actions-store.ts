import { create } from 'zustand';
import type { LedgerRow } from '../../../../src-shared/api';
import type { Bucket } from '../../../../src-shared/ledger/entry';
import { api } from '../../api/current';
import { formatSignedCredits } from '../../lib/format';
import { toast } from '../../stores/toast-store';
import { actionRunner } from '../../stores/run-action';

interface LedgerActionsState {
  pending: boolean;
  error: string | null;
  /** Refunds one usage entry; resolves to the reversal row, or null with `error` set. */
  /** Refunds all that is still refundable (`amount` omitted) or part of it, once per `requestId`. */
  reverse(usageId: string, reason: string, requestId: string, amount?: number): Promise<LedgerRow | null>;
  /**
   * A signed manual correction in millicredits. `requestId` names one submission of the form, so a
   * retry after a lost answer records it once.
   */
  adjust(amount: number, reason: string, requestId: string, bucket?: Bucket): Promise<LedgerRow | null>;
  /** Support or migration credits in millicredits; `requestId` as for adjust. */
  grant(amount: number, reason: string, requestId: string): Promise<LedgerRow | null>;
  clearError(): void;
}

/** The ledger's corrective commands. New rows reach the table through the ledgerChanged event. */
export const useLedgerActionsStore = create<LedgerActionsState>()((set) => {
  const action = actionRunner(set, { busy: 'pending', error: 'error', idle: false });
  const run = async (call: () => Promise<LedgerRow>, done: (row: LedgerRow) => string) => {
    const outcome = await action(true, call);
    if (!outcome.ok) return null;
    toast.success(done(outcome.value));
    return outcome.value;
  };
  return {
    pending: false,
    error: null,
    reverse: (usageId, reason, requestId, amount) =>
      run(
        () =>
          api().recordReversal({ usageId, reason, requestId, ...(amount === undefined ? {} : { amount }) }),
        (row) => `Reversal recorded: ${formatSignedCredits(row.amount)} credits refunded.`,
      ),
    adjust: (amount, reason, requestId, bucket) =>
      run(
        () =>
          api().recordAdjustment({ amount, reason, requestId, ...(amount < 0 && bucket ? { bucket } : {}) }),
        (row) => `Adjustment of ${formatSignedCredits(row.amount)} credits recorded.`,
      ),
    grant: (amount, reason, requestId) =>
      run(
        () => api().grantManual({ amount, reason, requestId }),
        (row) => `Granted ${formatSignedCredits(row.amount)} credits.`,
      ),
    clearError: () => set({ error: null }),
  };
});
