import { useState } from 'react';
import type { DocumentEstimateView, RecordTrainingResult } from '../../../../../src-shared/api';
import { Dialog } from '../../../components/Dialog';
import { DialogActions } from '../../../components/DialogActions';
import { useEstimateDocumentsStore } from './documents-store';
import { creditsLabel, formatCount } from '../../../lib/format';

const files = (n: number) => `${formatCount(n)} ${n === 1 ? 'file' : 'files'}`;

function outcomeText(result: RecordTrainingResult): string {
  if (result.recorded === 0)
    return `Nothing new to record: ${files(result.alreadyRecorded)} ${result.alreadyRecorded === 1 ? 'was' : 'were'} already recorded as training, so the ledger is unchanged.`;
  const again = result.alreadyRecorded
    ? ` ${files(result.alreadyRecorded)} ${result.alreadyRecorded === 1 ? 'was' : 'were'} already recorded and not charged again.`
    : '';
  return `Recorded ${files(result.recorded)} as training: ${creditsLabel(result.millicredits)} spent.${again}`;
}

/** "Record as training": turns the estimate into ledger usage, once per file content. */
export function RecordTraining({ view }: { view: DocumentEstimateView }) {
  const recording = useEstimateDocumentsStore((s) => s.recording);
  const recorded = useEstimateDocumentsStore((s) => s.recorded);
  const error = useEstimateDocumentsStore((s) => s.recordError);
  const record = useEstimateDocumentsStore((s) => s.record);
  const readable = view.files.filter((f) => f.error === null);
  const pending = readable.filter((f) => f.recordedAs === null);
  const pendingCredits = pending.reduce((s, f) => s + f.millicredits, 0);
  const canRecord = view.estimateId !== '' && readable.length > 0;
  // Spending credits is never one click, like a purchase; with nothing new to charge there is no cost to confirm.
  const [confirming, setConfirming] = useState(false);

  return (
    <div className="est-record">
      <div className="est-record-row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!canRecord || recording}
          onClick={() => (pending.length > 0 ? setConfirming(true) : void record())}
        >
          {recording ? 'Recording…' : 'Record as training'}
        </button>
        <p className="hint">
          {readable.length === 0
            ? 'No file could be read, so there is nothing to record.'
            : pending.length === 0
              ? 'Every readable file is already recorded as training; recording again adds nothing.'
              : `Adds ${creditsLabel(pendingCredits)} of usage for ${files(pending.length)} not yet recorded. Each file’s content is charged once, however often it is dropped.`}
        </p>
      </div>
      <Dialog
        open={confirming}
        title="Record as training?"
        description={`This spends ${creditsLabel(pendingCredits)} from the balance for ${files(pending.length)}, recorded in the ledger as training usage. Each file's content is charged once.`}
        onClose={() => setConfirming(false)}
      >
        <DialogActions onCancel={() => setConfirming(false)}>
          <button
            type="button"
            className="btn btn-primary"
            disabled={recording}
            onClick={() => {
              setConfirming(false);
              void record();
            }}
          >
            Spend {creditsLabel(pendingCredits)}
          </button>
        </DialogActions>
      </Dialog>
      {recorded && (
        <p className="est-outcome" role="status" data-testid="record-outcome">
          {outcomeText(recorded)}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          Could not record the training: {error}
        </p>
      )}
    </div>
  );
}
