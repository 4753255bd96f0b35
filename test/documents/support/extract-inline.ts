import { extractDocument, type ExtractOutcome } from '../../../src-main/core/documents/extract';
import { DEFAULT_LIMITS, type ExtractionLimits } from '../../../src-main/core/documents/types';

/** Runs the single-file pipeline in this thread, as a worker would. */
export function extractInline(
  bytes: Uint8Array,
  name: string,
  limits: Partial<ExtractionLimits> = {},
): Promise<ExtractOutcome> {
  return extractDocument(
    {
      input: { bytes },
      name,
      limits: { ...DEFAULT_LIMITS, ...limits },
      role: 'primary',
      pageCursor: new SharedArrayBuffer(4),
    },
    () => undefined,
  );
}

/** The final character count of an outcome, as the estimator merges it. */
export function finalChars(outcome: ExtractOutcome): number {
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.problem.code}: ${outcome.problem.message}`);
  return outcome.chars + Math.max(0, outcome.segments - 1);
}

export function problemOf(outcome: ExtractOutcome) {
  if (outcome.ok) throw new Error('expected an error outcome');
  return outcome.problem;
}
