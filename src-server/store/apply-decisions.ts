import { SafeRangeError, type Decide, type PreparedRow, type WriteOptions, type WriteResult } from './types';

export interface DecisionInput {
  rows: PreparedRow[];
  decide: Decide;
  /** The stored body of an id as this transaction sees it (undefined: not stored). */
  masterOf: (id: string) => string | undefined;
  magnitudeOf: WriteOptions['magnitudeOf'];
  /** The team's ledger magnitude before this write (ignored without magnitudeOf). */
  magnitude: number;
  /** Stores one row the decision lets through; called in request order. */
  write: (row: PreparedRow) => void;
}

/**
 * The part of a write both databases share, run inside their transaction: each row decided against
 * its master, conflicts collected, and the team's magnitude kept within the safe integer range
 * (SafeRangeError, thrown inside the transaction, rolls the whole write back).
 */
export function applyDecisions(input: DecisionInput): { result: WriteResult; magnitude: number } {
  const { magnitudeOf } = input;
  let magnitude = input.magnitude;
  const result: WriteResult = { conflicts: [], written: [] };
  for (const row of input.rows) {
    const master = input.masterOf(row.id);
    const decision = input.decide(master, row);
    if (decision === 'conflict') result.conflicts.push(master!);
    else if (decision === 'write') {
      if (magnitudeOf) {
        magnitude += magnitudeOf(row);
        if (magnitude > Number.MAX_SAFE_INTEGER) throw new SafeRangeError(row.id);
      }
      input.write(row);
      result.written.push(row.id);
    }
  }
  return { result, magnitude };
}
