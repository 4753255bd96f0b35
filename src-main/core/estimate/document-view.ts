import type { BatchEstimate } from '../documents';
import type { DocumentEstimateView } from '../../../src-shared/api/views';

/** The estimator's batch as the Estimate page shows it: one row per file, errors in their own rows. */
export function documentEstimateView(estimateId: string, batch: BatchEstimate): DocumentEstimateView {
  return {
    estimateId,
    files: batch.files.map((f) => ({
      name: f.name,
      bytes: f.bytes ?? 0,
      contentHash: f.sha256,
      chars: f.chars,
      pages: f.pages,
      millicredits: f.duplicateOf === null ? f.millicredits : 0,
      warnings: [
        ...f.warnings.map((w) => w.message),
        ...(f.duplicateOf !== null ? [`Same content as file ${f.duplicateOf + 1}; counted once.`] : []),
      ],
      error: f.problem ? `${f.problem.message} ${f.problem.hint}`.trim() : null,
      recordedAs: null,
    })),
    totals: {
      files: batch.totals.files,
      errors: batch.totals.errors,
      chars: batch.totals.chars,
      pages: batch.totals.pages,
      millicredits: batch.totals.millicredits,
    },
  };
}
